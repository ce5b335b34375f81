"""One search box over subject, number/notation, issuer and the text inside the files, as clerks
type it on old keyboards: without diacritics, in any case, half a word at a time — and never
showing a document the searcher may not open."""

import pytest
from django.db import connection

from edesk.documents.models import TextStatus
from edesk.inbound import selectors
from edesk.inbound import services as inbound
from edesk.inbound.models import Assignment
from tests.conftest import direct_to_unit, make_pdf, register, upload

pytestmark = pytest.mark.django_db


def paper(cast, **fields):
    """A paper arrival: metadata only, so no file text can make a match the test did not intend."""
    return register(cast, channel="post", files=[], **fields)


def found(user, q: str) -> list[int]:
    rows, _more = selectors.search(user, q)
    return [doc.pk for doc in rows]


@pytest.fixture
def corpus(cast):
    return {
        "decision": paper(
            cast,
            doc_type="quyet_dinh",
            code_number="125",
            code_notation="QĐ-UBND",
            subject="Quyết định ban hành Kế hoạch chuyển đổi số tỉnh năm 2026",
        ),
        "plan": paper(
            cast,
            doc_type="ke_hoach",
            code_number="48",
            code_notation="KH-STTTT",
            subject="Kế hoạch tổ chức Ngày hội Đề án 06 tại các xã",
        ),
        "budget": paper(
            cast,
            code_number="301",
            code_notation="STC-NS",
            subject="V/v lập dự toán ngân sách năm 2027",
            issuer_name="Bộ Tài chính",
        ),
    }


def test_words_without_diacritics_find_the_vietnamese_subject(cast, corpus):
    assert found(cast.clerk_a, "quyet dinh chuyen doi so") == [corpus["decision"].pk]
    assert found(cast.clerk_a, "de an 06") == [corpus["plan"].pk]


def test_case_and_diacritics_do_not_matter(cast, corpus):
    for q in ("QUYẾT ĐỊNH Chuyển Đổi Số", "Quyet Dinh CHUYEN doi so", "quyết định chuyển đổi số"):
        assert found(cast.clerk_a, q) == [corpus["decision"].pk], q


def test_every_word_must_match(cast, corpus):
    assert found(cast.clerk_a, "chuyen doi so ngan sach") == []
    assert found(cast.clerk_a, "bo tai chinh du toan") == [corpus["budget"].pk]


def test_last_word_matches_as_a_prefix_while_typing(cast, corpus):
    decision = corpus["decision"].pk
    assert found(cast.clerk_a, "chuyen doi s") == [decision]
    assert found(cast.clerk_a, "quyet dinh chuy") == [decision]
    # Only the word being typed is a prefix: "chuy" alone inside the query does not stand for "chuyen".
    assert found(cast.clerk_a, "chuy doi so") == []


def test_exact_number_and_notation_ranks_first_among_several_matches(cast, corpus):
    # Newer documents that mention 125/QĐ-UBND, one of them twice, would outrank it on text alone.
    mentions = [
        paper(
            cast,
            code_number="126",
            code_notation="QĐ-UBND",
            subject="Sửa đổi Quyết định 125/QĐ-UBND; bãi bỏ Điều 3 Quyết định 125/QĐ-UBND",
        ),
        paper(
            cast,
            code_number="77",
            code_notation="UBND-VX",
            subject="V/v thực hiện Quyết định số 125/QĐ-UBND về chuyển đổi số",
        ),
    ]
    for q in ("125/QĐ-UBND", " 125 / QĐ-UBND "):
        rows = found(cast.clerk_a, q)
        assert rows[0] == corpus["decision"].pk, q
        assert set(rows) == {corpus["decision"].pk, *(m.pk for m in mentions)}, q


def test_exact_hit_ranks_first_when_typed_without_diacritics(cast, corpus):
    paper(cast, code_number="77", code_notation="UBND-VX", subject="V/v thực hiện Quyết định số 125/QĐ-UBND")
    assert found(cast.clerk_a, "125/qd-ubnd")[0] == corpus["decision"].pk


def test_number_typed_without_the_decree_30_zero_finds_the_padded_one(cast, corpus):
    # Decree 30 pads numbers below 10 ("05"); a clerk reading it aloud types "5".
    padded = paper(
        cast, doc_type="quyet_dinh", code_number="05", code_notation="QĐ-UBND", subject="Quyết định phê duyệt"
    )
    assert found(cast.clerk_a, "5/QĐ-UBND")[:1] == [padded.pk]


def test_text_inside_the_pdf_is_found_once_extracted(cast, django_capture_on_commit_callbacks):
    body = "Đề nghị bố trí kinh phí sửa chữa trụ sở làm việc của Phòng Ngân sách"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        doc = register(cast, subject="V/v đề nghị của đơn vị", files=[upload(make_pdf(body), "de-nghi.pdf")])
    # After the commit: the text extraction task and the signature check of the PDF.
    assert len(callbacks) == 2
    attachment = doc.attachments.get()
    assert attachment.text_status == TextStatus.DONE
    assert "sửa chữa trụ sở" in attachment.text
    assert "trụ sở" not in doc.subject
    assert found(cast.clerk_a, "sua chua tru so") == [doc.pk]


def test_text_is_not_searchable_before_extraction_ran(cast):
    doc = register(
        cast, subject="V/v đề nghị của đơn vị", files=[upload(make_pdf("Kinh phí sửa chữa trụ sở"))]
    )
    assert doc.attachments.get().text_status == TextStatus.PENDING
    assert found(cast.clerk_a, "sua chua tru so") == []
    assert found(cast.clerk_a, "de nghi cua don vi") == [doc.pk]


def test_nobody_finds_what_they_may_not_see(cast, corpus):
    everything = "quyet dinh chuyen doi so"
    assert found(cast.leader_a, everything) == [corpus["decision"].pk]
    for outsider in (cast.leader_b, cast.clerk_b, cast.spec_b, cast.head_b, cast.outsider, cast.admin):
        assert found(outsider, everything) == [], outsider.username
        assert found(outsider, "125/QĐ-UBND") == [], outsider.username


def test_specialist_finds_only_documents_given_to_them(cast, corpus):
    mine, units_only = corpus["decision"], corpus["budget"]
    direct_to_unit(cast, mine)
    direct_to_unit(cast, units_only)
    lead = Assignment.objects.get(incoming=mine, role="lead", parent=None)
    inbound.assignment_delegate(actor=cast.head_a, assignment=lead, user_id=cast.spec_a.pk, note="Chị xử lý")
    assert found(cast.spec_a, "quyet dinh chuyen doi so") == [mine.pk]
    assert found(cast.spec_a, "du toan ngan sach") == []
    assert sorted(found(cast.head_a, "nam")) == sorted([mine.pk, units_only.pk])
    assert found(cast.spec_a2, "du toan ngan sach") == [units_only.pk]  # "for information" counts


def test_register_list_search_box_uses_the_same_rules(cast, corpus):
    page = selectors.register_list(cast.clerk_a, selectors.RegisterFilters(q="ke hoach chuyen"))
    assert [doc.pk for doc in page.items] == [corpus["decision"].pk]
    page = selectors.register_list(cast.leader_b, selectors.RegisterFilters(q="ke hoach chuyen"))
    assert page.items == []


def test_empty_or_punctuation_only_query_finds_nothing(cast, corpus):
    assert found(cast.clerk_a, "") == []
    assert found(cast.clerk_a, " /-, ") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL catalog")
def test_postgres_has_a_generated_tsvector_with_a_gin_index_the_search_uses(cast, corpus):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT format_type(atttypid, atttypmod), attgenerated FROM pg_attribute "
            "WHERE attrelid = 'documents_document'::regclass AND attname = 'search_vector'"
        )
        assert cursor.fetchall() == [("tsvector", "s")]
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'documents_document' "
            "AND indexname = 'documents_document_search_gin'"
        )
        (definition,) = cursor.fetchone()
        assert "USING gin (search_vector)" in definition
        # With three rows a sequential scan is cheaper; forbid it to see that the text condition the
        # search builds can be served by the index. (Which index the whole permission-filtered query
        # starts from depends on the statistics of the moment; docs/benchmarks.md shows the plans.)
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM documents_document WHERE search_vector @@ to_tsquery('simple', %s)",
            [selectors.search_query._pg_tsquery(selectors.search_query.terms("chuyen doi so"))],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "documents_document_search_gin" in plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite schema")
def test_sqlite_keeps_an_fts5_table_in_step_with_the_documents(cast, corpus):
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_fts'")
        (definition,) = cursor.fetchone()
        assert "fts5" in definition.lower()
        cursor.execute("SELECT rowid, body FROM search_fts ORDER BY rowid")
        rows = dict(cursor.fetchall())
    assert set(rows) == {doc.pk for doc in corpus.values()}
    assert "quyet dinh ban hanh ke hoach chuyen doi so" in rows[corpus["decision"].pk]
