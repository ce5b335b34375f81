"""The incoming register page: Decree 30 columns, filters, the secret register, paging, queries."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from edesk.inbound.models import Incoming
from tests.conftest import register

pytestmark = pytest.mark.django_db

LIST = reverse("inbound:register_list")
COLUMNS = (
    "Số đến",
    "Ngày đến",
    "Số, ký hiệu",
    "Ngày VB",
    "Cơ quan ban hành",
    "Trích yếu",
    "Hạn xử lý",
    "Trạng thái",
)


def paper(cast, **overrides):
    return register(cast, channel="post", files=[], **overrides)


def _subjects(html: str) -> list[str]:
    return re.findall(r'<td class="subject">\s*<a href="[^"]+">([^<]+)</a>', html)


def test_register_shows_the_decree_30_columns_newest_first(client, cast):
    paper(cast, subject="Công văn thứ nhất", code_number="01")
    paper(cast, subject="Công văn thứ hai", code_number="02")
    client.force_login(cast.clerk_a)
    html = client.get(LIST).content.decode()
    for column in COLUMNS:
        assert f">{column}</th>" in html
    assert _subjects(html) == ["Công văn thứ hai", "Công văn thứ nhất"]
    assert "02/UBND-VX" in html
    assert timezone.localdate().strftime("%d/%m/%Y") in html


def test_secret_documents_only_in_the_secret_register(client, cast):
    paper(cast, subject="Văn bản thường")
    paper(cast, subject="Văn bản mật về quốc phòng", secrecy=1)
    client.force_login(cast.clerk_a)
    assert _subjects(client.get(LIST).content.decode()) == ["Văn bản thường"]
    secret = client.get(LIST, {"mat": "1"}).content.decode()
    assert _subjects(secret) == ["Văn bản mật về quốc phòng"]
    assert "Sổ đăng ký văn bản đến mật" in secret and "badge-secret" in secret


@pytest.mark.parametrize("person", ["spec_a", "head_a", "outsider"])
def test_secret_register_is_hidden_from_those_not_allowed(client, cast, person):
    paper(cast, secrecy=1)
    client.force_login(getattr(cast, person))
    assert client.get(LIST, {"mat": "1"}).status_code == 404
    assert client.get(LIST, {"mat": "1", "date_from": "not-a-date"}).status_code == 404


def test_other_agencies_documents_never_appear(client, cast):
    paper(cast, subject="Văn bản của Sở Tài chính")
    client.force_login(cast.leader_b)
    assert _subjects(client.get(LIST).content.decode()) == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "chuyen doi so"}, ["V/v chuyển đổi số"]),
        ({"doc_type": "quyet_dinh"}, ["Quyết định khen thưởng"]),
        ({"issuer": "nội vụ"}, ["Quyết định khen thưởng"]),
        ({"urgency": "2"}, ["Giấy mời họp gấp"]),
        ({"state": "registered"}, ["Giấy mời họp gấp", "Quyết định khen thưởng", "V/v chuyển đổi số"]),
        ({"overdue": "on"}, []),
        ({"year": str(timezone.localdate().year - 1)}, []),
    ],
)
def test_filters_narrow_the_register(client, cast, params, expected):
    paper(cast, subject="V/v chuyển đổi số")
    paper(cast, subject="Quyết định khen thưởng", doc_type="quyet_dinh", issuer_name="Bộ Nội vụ")
    paper(cast, subject="Giấy mời họp gấp", doc_type="giay_moi", urgency=2, due_date=None)
    client.force_login(cast.clerk_a)
    assert _subjects(client.get(LIST, params).content.decode()) == expected


def test_date_and_deadline_filters(client, cast):
    today = timezone.localdate()
    paper(cast, subject="Hạn gần", due_date=today + timedelta(days=3))
    paper(cast, subject="Hạn xa", due_date=today + timedelta(days=30))
    client.force_login(cast.clerk_a)
    due = client.get(LIST, {"due_before": (today + timedelta(days=5)).isoformat()}).content.decode()
    assert _subjects(due) == ["Hạn gần"]
    window = {"date_from": today.strftime("%d/%m/%Y"), "date_to": today.isoformat()}
    assert len(_subjects(client.get(LIST, window).content.decode())) == 2
    tomorrow = {"date_from": (today + timedelta(days=1)).isoformat()}
    assert _subjects(client.get(LIST, tomorrow).content.decode()) == []


def test_reversed_dates_are_an_error_next_to_the_field(client, cast):
    paper(cast)
    client.force_login(cast.clerk_a)
    html = client.get(LIST, {"date_from": "10/03/2026", "date_to": "01/03/2026"}).content.decode()
    assert "Ngày kết thúc phải sau ngày bắt đầu." in html and _subjects(html) == []


def test_overdue_filter_finds_open_documents_past_their_deadline(client, cast):
    doc = paper(cast, subject="Quá hạn rồi")
    Incoming.objects.filter(pk=doc.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    paper(cast, subject="Còn hạn")
    client.force_login(cast.clerk_a)
    html = client.get(LIST, {"overdue": "on"}).content.decode()
    assert _subjects(html) == ["Quá hạn rồi"] and "badge-overdue" in html


def test_print_buttons_only_for_clerks_and_leaders(client, cast):
    client.force_login(cast.clerk_a)
    year = timezone.localdate().year
    html = client.get(LIST).content.decode()
    assert reverse("inbound:register_print", args=[year, "den", "pdf"]) in html
    assert reverse("inbound:register_print", args=[year, "theo-doi", "xlsx"]) in html
    assert (
        reverse("inbound:register_print", args=[year, "den-mat", "pdf"])
        in client.get(LIST, {"mat": "1"}).content.decode()
    )
    client.force_login(cast.spec_a)
    assert "/so/in/" not in client.get(LIST).content.decode()


def test_more_link_keeps_the_filters(client, cast, settings):
    settings.EDESK_PAGE_SIZE = 2
    for n in range(3):
        paper(cast, subject=f"Công văn số {n + 1}", doc_type="cong_van")
    paper(cast, subject="Một quyết định", doc_type="quyet_dinh")
    client.force_login(cast.clerk_a)
    html = client.get(LIST, {"doc_type": "cong_van"}).content.decode()
    assert _subjects(html) == ["Công văn số 3", "Công văn số 2"]
    more = re.search(r'href="\?([^"]*cursor=[^"]+)"', html).group(1).replace("&amp;", "&")
    assert "doc_type=cong_van" in more
    fragment = client.get(f"{LIST}?{more}", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith("<tr") and _subjects(fragment) == ["Công văn số 1"]


def _list_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(_subjects(response.content.decode()))


def test_register_costs_the_same_queries_for_5_and_40_entries(client, cast):
    for _ in range(5):
        paper(cast)
    client.force_login(cast.clerk_a)
    few, shown = _list_queries(client)
    assert shown == 5
    for _ in range(35):
        paper(cast)
    many, shown = _list_queries(client)
    assert shown == 40
    assert few == many
