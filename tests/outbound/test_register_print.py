"""The outgoing register list and its print (Decree 30 App. IV columns) as PDF and XLSX."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from edesk.audit.models import AuditEvent
from edesk.documents.models import Register
from edesk.outbound import services as outbound
from tests.outbound.story import approved, draft

pytestmark = pytest.mark.django_db
LIST = reverse("outbound:register_list")


def issued_secret(cast, n: int):
    """Secret documents are numbered without files or signatures: the cheapest way to fill a register.
    Here they are numbered in the secret register, so these tests use documents made public after."""
    docs = []
    for i in range(n):
        doc = approved(cast, draft(cast, subject=f"Văn bản mật số {i}", secrecy=1))
        docs.append(outbound.outgoing_number(actor=cast.clerk_a, outgoing=doc))
    return docs


def test_register_lists_newest_number_first(client, cast):
    issued_secret(cast, 3)
    client.force_login(cast.clerk_a)
    html = client.get(LIST).content.decode()
    assert html.index("03/") < html.index("02/") < html.index("01/")
    assert "Sổ văn bản đi" in html


@pytest.mark.parametrize("who", ["spec_a", "head_a", "outsider"])
def test_register_is_404_for_people_without_the_whole_view(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(LIST).status_code == 404


def test_register_of_another_agency_is_404(client, cast):
    issued_secret(cast, 1)
    register = Register.objects.get(agency=cast.agency_a)
    client.force_login(cast.clerk_b)
    assert client.get(LIST + f"?so={register.pk}").status_code == 404
    assert client.get(reverse("outbound:register_print", args=[register.pk, "pdf"])).status_code == 404


def _list_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_register_list_costs_the_same_queries_for_1_and_many(client, cast):
    issued_secret(cast, 1)
    client.force_login(cast.clerk_a)
    client.get(LIST)
    one, html = _list_queries(client)
    assert html.count('class="subject"') == 1
    issued_secret(cast, 8)
    many, html = _list_queries(client)
    assert html.count('class="subject"') == 9
    assert one == many


def test_print_pdf_and_xlsx_in_appendix_iv_columns(client, cast):
    issued_secret(cast, 2)
    register = Register.objects.get(agency=cast.agency_a)
    client.force_login(cast.clerk_a)
    pdf = client.get(reverse("outbound:register_print", args=[register.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("outbound:register_print", args=[register.pk, "xlsx"]))
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    text = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
    for header in ("Số, ký hiệu văn bản", "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản"):
        assert header in text
    assert "Văn bản mật số 0" in text and "Phòng Ngân sách" in text
    assert AuditEvent.objects.filter(action="register.print").count() == 2


def test_print_costs_the_same_queries_for_2_and_12(client, cast):
    issued_secret(cast, 2)
    register = Register.objects.get(agency=cast.agency_a)
    client.force_login(cast.clerk_a)
    url = reverse("outbound:register_print", args=[register.pk, "xlsx"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    issued_secret(cast, 10)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)


def test_unknown_format_is_404(client, cast):
    issued_secret(cast, 1)
    register = Register.objects.get(agency=cast.agency_a)
    client.force_login(cast.clerk_a)
    assert client.get(f"/van-ban-di/so/{register.pk}/in.doc").status_code == 404
