"""The electronic desk page: tiles, queues, urgent first, deadlines, htmx fragments, paging, queries."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from edesk.inbound.models import Assignment
from edesk.inbound.selectors import Queue
from tests.conftest import direct_to_unit, register

pytestmark = pytest.mark.django_db

DESK = reverse("inbound:desk")


def paper(cast, **overrides):
    """A document received on paper: no file, so tests that need many stay fast."""
    return register(cast, channel="post", files=[], **overrides)


def _tile(html: str, label: str) -> str:
    match = re.search(r'<a class="tile[^"]*"[^>]*>\s*<strong>\d+</strong>\s*' + re.escape(label), html)
    assert match, label
    return match.group(0)


def test_clerk_sees_documents_waiting_to_be_presented(client, cast):
    first = paper(cast, subject="Kế hoạch cải cách hành chính năm 2026")
    paper(cast, subject="Báo cáo tình hình kinh tế - xã hội quý I")
    client.force_login(cast.clerk_a)
    html = client.get(DESK).content.decode()
    assert "<strong>2</strong>" in _tile(html, "Chờ trình")
    assert 'aria-current="true"' in _tile(html, "Chờ trình")
    assert reverse("inbound:detail", args=[first.public_id]) in html
    assert "Kế hoạch cải cách hành chính năm 2026" in html and "UBND thành phố Huế" in html


def test_unit_head_sees_the_lead_assignment_with_who_gave_it(client, cast):
    doc = paper(cast)
    direct_to_unit(cast, doc)
    client.force_login(cast.head_a)
    html = client.get(DESK).content.decode()
    assert "<strong>1</strong>" in _tile(html, "Cần xử lý")
    assert "Xử lý chính" in html and "Nguyễn Văn Phương" in html
    assert doc.subject in html


def test_information_copy_lands_in_its_own_queue(client, cast):
    doc = paper(cast)
    direct_to_unit(cast, doc)
    client.force_login(cast.spec_a2)
    html = client.get(DESK, {"q": Queue.FOR_INFO}).content.decode()
    assert "Nhận để biết" in html and doc.subject in html
    assert "Không có văn bản nào trong mục này." in client.get(DESK).content.decode()


def test_overdue_tile_turns_red_and_rows_are_marked(client, cast):
    doc = paper(cast)
    direct_to_unit(cast, doc)
    Assignment.objects.filter(incoming=doc).update(due_date=timezone.localdate() - timedelta(days=3))
    client.force_login(cast.head_a)
    html = client.get(DESK).content.decode()
    assert "tile-alert" in _tile(html, "Quá hạn")
    assert "tile-alert" not in _tile(html, "Cần xử lý")
    assert "badge-overdue" in html


def test_due_soon_is_marked(client, cast):
    paper(cast, due_date=timezone.localdate() + timedelta(days=1))
    client.force_login(cast.clerk_a)
    assert "badge-due_soon" in client.get(DESK).content.decode()


def test_urgent_documents_come_first(client, cast):
    paper(cast, subject="Văn bản thường gửi trước")
    paper(cast, subject="Công điện hỏa tốc phòng chống bão", urgency=3)
    client.force_login(cast.clerk_a)
    html = client.get(DESK).content.decode()
    assert html.index("Công điện hỏa tốc phòng chống bão") < html.index("Văn bản thường gửi trước")
    assert "badge-urgency-3" in html


def test_person_without_posts_gets_an_explanation(client, cast):
    client.force_login(cast.outsider)
    response = client.get(DESK)
    assert response.status_code == 200
    assert "chưa được giao chức vụ" in response.content.decode()


def test_unknown_queue_falls_back_to_the_first(client, cast):
    paper(cast)
    client.force_login(cast.clerk_a)
    html = client.get(DESK, {"q": "khong-co"}).content.decode()
    assert 'aria-current="true"' in _tile(html, "Chờ trình")


def test_htmx_tile_switch_returns_only_the_queue(client, cast):
    doc = paper(cast)
    direct_to_unit(cast, doc)
    client.force_login(cast.head_a)
    response = client.get(DESK, {"q": Queue.IN_PROGRESS}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and '<nav class="tiles"' in html
    assert 'aria-current="true"' in _tile(html, "Đang xử lý")
    assert "HX-Request" in response["Vary"]


def test_more_link_pages_with_and_without_htmx(client, cast, settings):
    settings.EDESK_PAGE_SIZE = 2
    for n in range(3):
        paper(cast, subject=f"Văn bản thứ {n + 1} cần trình")
    client.force_login(cast.clerk_a)
    html = client.get(DESK).content.decode()
    more = re.search(r'href="([^"]*cursor=[^"]+)"', html).group(1).replace("&amp;", "&")
    assert html.count("cần trình</a>") == 2
    page_two = client.get(more).content.decode()
    assert page_two.count("cần trình</a>") == 1 and "<html" in page_two
    fragment = client.get(more, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith("<tr") and "<thead" not in fragment
    assert fragment.count("cần trình</a>") == 1 and "Xem tiếp" not in fragment


def test_a_forged_cursor_is_a_readable_error(client, cast):
    client.force_login(cast.clerk_a)
    response = client.get(DESK, {"cursor": "%%%"})
    assert response.status_code == 400
    assert "Tham số phân trang không hợp lệ." in response.content.decode()


def _desk_queries(client, params=None) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(DESK, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_clerk_desk_costs_the_same_queries_for_5_and_40_documents(client, cast):
    for _ in range(5):
        paper(cast)
    client.force_login(cast.clerk_a)
    few, html = _desk_queries(client)
    assert html.count('class="subject"') == 5
    for _ in range(35):
        paper(cast)
    many, html = _desk_queries(client)
    assert html.count('class="subject"') == 40
    assert few == many


def test_assignment_desk_costs_the_same_queries_for_5_and_40_documents(client, cast):
    for _ in range(5):
        direct_to_unit(cast, paper(cast))
    client.force_login(cast.head_a)
    few, html = _desk_queries(client)
    assert html.count('class="subject"') == 5
    for _ in range(35):
        direct_to_unit(cast, paper(cast))
    many, html = _desk_queries(client)
    assert html.count('class="subject"') == 40
    assert few == many
