"""The search page: diacritics optional, exact number/notation first, nothing from other agencies."""

import re

import pytest
from django.urls import reverse

from edesk.documents import services as documents
from edesk.documents.models import Attachment
from tests.conftest import make_pdf, register, upload

pytestmark = pytest.mark.django_db

SEARCH = reverse("inbound:search")


def paper(cast, **overrides):
    return register(cast, channel="post", files=[], **overrides)


def _subjects(html: str) -> list[str]:
    return re.findall(r'<p class="subject">\s*<a href="[^"]+">([^<]+)</a>', html)


def test_words_without_diacritics_find_the_vietnamese_subject(client, cast):
    paper(cast, subject="Kế hoạch chuyển đổi số năm 2026")
    paper(cast, subject="Báo cáo công tác cán bộ")
    client.force_login(cast.clerk_a)
    html = client.get(SEARCH, {"q": "chuyen doi so"}).content.decode()
    assert _subjects(html) == ["Kế hoạch chuyển đổi số năm 2026"]
    assert "Số đến 1" in html and "UBND thành phố Huế" in html


def test_exact_number_and_notation_comes_first(client, cast):
    paper(cast, subject="Quyết định 125 về việc giao dự toán", code_number="12", code_notation="QĐ-UBND")
    paper(cast, subject="Quyết định phê duyệt đề án", code_number="125", code_notation="QĐ-UBND")
    paper(cast, subject="Về việc góp ý dự thảo 125 theo QĐ-UBND", code_number="7", code_notation="UBND-VX")
    client.force_login(cast.clerk_a)
    subjects = _subjects(client.get(SEARCH, {"q": "125/QĐ-UBND"}).content.decode())
    assert subjects[0] == "Quyết định phê duyệt đề án"
    assert len(subjects) == 3


def test_searcher_never_sees_another_agencys_documents(client, cast):
    paper(cast, subject="Kế hoạch chuyển đổi số của Sở Tài chính")
    paper(cast, clerk=cast.clerk_b, agency=cast.agency_b, subject="Kế hoạch chuyển đổi số của Sở Nội vụ")
    client.force_login(cast.leader_b)
    assert _subjects(client.get(SEARCH, {"q": "chuyển đổi số"}).content.decode()) == [
        "Kế hoạch chuyển đổi số của Sở Nội vụ"
    ]


def test_snippet_shows_the_match_in_the_file_text(client, cast):
    doc = register(
        cast, subject="Công văn gửi các sở", files=[upload(make_pdf("Thực hiện tiết kiệm năng lượng"))]
    )
    documents.attachment_extract_text(Attachment.objects.get(document=doc).pk)
    client.force_login(cast.clerk_a)
    html = client.get(SEARCH, {"q": "tiet kiem"}).content.decode()
    assert _subjects(html) == ["Công văn gửi các sở"]
    assert "<mark>tiết</mark> kiệm năng lượng" in html


def test_pages_of_twenty(client, cast):
    for n in range(23):
        paper(cast, subject=f"Báo cáo tuần số {n + 1}")
    client.force_login(cast.clerk_a)
    first = client.get(SEARCH, {"q": "bao cao tuan"}).content.decode()
    assert len(_subjects(first)) == 20 and "Trang sau" in first and "Trang trước" not in first
    second = client.get(SEARCH, {"q": "bao cao tuan", "offset": "20"}).content.decode()
    assert len(_subjects(second)) == 3 and "Trang trước" in second and "Trang sau" not in second
    assert set(_subjects(first)).isdisjoint(_subjects(second))


def test_empty_or_odd_input_is_harmless(client, cast):
    paper(cast)
    client.force_login(cast.clerk_a)
    assert _subjects(client.get(SEARCH).content.decode()) == []
    odd = client.get(SEARCH, {"q": "!!! ''", "offset": "-5"})
    assert odd.status_code == 200 and "Không tìm thấy văn bản nào" in odd.content.decode()
    assert client.get(SEARCH, {"q": "chuyen", "offset": "abc"}).status_code == 200


def test_secret_documents_show_no_file_links(client, cast):
    paper(cast, subject="Văn bản mật về chuyển đổi số", secrecy=1)
    client.force_login(cast.clerk_a)
    html = client.get(SEARCH, {"q": "chuyen doi so"}).content.decode()
    assert "badge-secret" in html and "/tep/" not in html
