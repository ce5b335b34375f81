"""The outgoing desk: queues with counts for each person, urgent first, "Xem tiếp", constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from edesk.outbound import services as outbound
from tests.outbound.story import draft

pytestmark = pytest.mark.django_db
DESK = reverse("outbound:desk")


def test_specialist_sees_own_drafts_with_the_new_draft_button(client, cast):
    doc = draft(cast)
    client.force_login(cast.spec_a)
    html = client.get(DESK).content.decode()
    assert "Dự thảo của tôi" in html and doc.subject in html
    assert reverse("outbound:create") in html
    assert "Chờ cấp số" not in html  # not a clerk


def test_submitted_draft_waits_for_the_unit_head_and_shows_in_the_menu(client, cast):
    doc = outbound.draft_submit(actor=cast.spec_a, outgoing=draft(cast))
    client.force_login(cast.head_a)
    html = client.get(DESK + "?q=to_review").content.decode()
    assert doc.subject in html and "Chờ tôi duyệt" in html
    assert 'class="count count-alert">1<' in html  # the menu entry's count
    client.force_login(cast.clerk_a)
    assert doc.subject not in client.get(DESK + "?q=to_review").content.decode()


def test_clerk_has_the_numbering_queues(client, cast):
    client.force_login(cast.clerk_a)
    html = client.get(DESK).content.decode()
    for label in ("Chờ cấp số", "Chờ phát hành", "Sổ văn bản đi", "Gửi đến tôi để biết"):
        assert label in html


def test_outsider_sees_an_explanation(client, cast):
    client.force_login(cast.outsider)
    response = client.get(DESK)
    assert response.status_code == 200
    assert "chưa được giao chức vụ" in response.content.decode()
    assert 'href="/van-ban-di/"' not in response.content.decode()  # no menu entry either


def test_urgent_drafts_come_first(client, cast):
    draft(cast, subject="Công văn thường số một")
    draft(cast, subject="Công văn hỏa tốc", urgency=3)
    draft(cast, subject="Công văn thường số hai")
    client.force_login(cast.spec_a)
    html = client.get(DESK).content.decode()
    assert (
        html.index("Công văn hỏa tốc")
        < html.index("Công văn thường số hai")
        < html.index("Công văn thường số một")
    )


def test_more_rows_with_htmx(client, cast, settings):
    settings.EDESK_PAGE_SIZE = 2
    for i in range(3):
        draft(cast, subject=f"Dự thảo thứ {i}")
    client.force_login(cast.spec_a)
    html = client.get(DESK).content.decode()
    assert "Xem tiếp" in html and html.count('class="subject"') == 2
    more = html.split('hx-get="')[-1].split('"')[0].replace("&amp;", "&")
    rows = client.get(more, HTTP_HX_REQUEST="true").content.decode()
    assert rows.count('class="subject"') == 1 and "<html" not in rows


def _desk_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DESK)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_desk_costs_the_same_queries_for_1_and_many_rows(client, cast):
    draft(cast)
    client.force_login(cast.spec_a)
    client.get(DESK)
    one, html = _desk_queries(client)
    assert html.count('class="subject"') == 1
    for i in range(12):
        draft(cast, subject=f"Dự thảo số {i}")
    many, html = _desk_queries(client)
    assert html.count('class="subject"') == 13
    assert one == many
