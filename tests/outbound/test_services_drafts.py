"""Drafts and their versions: creating, editing, uploading, appendices, and what is refused."""

import io
import zipfile

import pytest

from edesk.core.errors import Forbidden, UserError
from edesk.documents.models import Attachment, AttachmentKind
from edesk.outbound import convert
from edesk.outbound import services as outbound
from edesk.outbound.models import DraftVersion, Outgoing, Recipient, State
from tests.conftest import make_pdf, register, upload
from tests.outbound.story import draft, draft_data


def test_a_specialist_drafts_with_a_first_version(cast):
    outgoing = draft(cast)
    assert outgoing.state == State.DRAFT
    assert outgoing.owner == cast.agency_a and outgoing.issuer_name == "Sở Tài chính"
    assert outgoing.signer_name == "Nguyễn Văn Phương" and outgoing.signer_position == "Giám đốc"
    version = outgoing.current_version
    assert version.number == 1 and version.author == cast.spec_a and version.pdf_id == version.source_id
    assert outgoing.page_amount == 1
    assert Recipient.objects.filter(outgoing=outgoing).count() == 4


def test_every_upload_is_a_new_version(cast):
    outgoing = draft(cast)
    v2 = outbound.draft_upload_version(
        actor=cast.spec_a, outgoing=outgoing, file=upload(make_pdf("Bản sửa", pages=2)), comment="Sửa điều 2"
    )
    assert v2.number == 2 and v2.comment == "Sửa điều 2" and v2.page_count == 2
    outgoing.refresh_from_db()
    assert outgoing.current_version == v2 and outgoing.page_amount == 2
    assert list(DraftVersion.objects.filter(outgoing=outgoing).values_list("number", flat=True)) == [1, 2]


def test_only_the_author_edits_and_uploads(cast):
    outgoing = draft(cast)
    with pytest.raises(Forbidden):
        outbound.draft_upload_version(actor=cast.clerk_a, outgoing=outgoing, file=upload(make_pdf()))
    with pytest.raises(Forbidden):
        outbound.draft_update(actor=cast.clerk_a, outgoing=outgoing, data=draft_data(cast))


def test_update_replaces_metadata_and_recipients(cast):
    outgoing = draft(cast)
    data = draft_data(cast, subject="Quyết định sửa đổi", recipients=[], doc_type="cong_van")
    outgoing = outbound.draft_update(actor=cast.spec_a, outgoing=outgoing, data=data)
    assert outgoing.subject == "Quyết định sửa đổi" and outgoing.doc_type == "cong_van"
    assert not Recipient.objects.filter(outgoing=outgoing).exists()


def test_a_reply_links_the_incoming_document(cast):
    incoming = register(cast)
    outgoing = draft(cast, author=cast.clerk_a, reply_to_id=incoming.pk)
    assert outgoing.reply_to == incoming
    # The specialist was not assigned it: the link is refused.
    with pytest.raises(UserError) as err:
        draft(cast, reply_to_id=incoming.pk)
    assert err.value.code == "reply_to"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"doc_type": "thong_tu"}, "doc_type"),
        ({"subject": "  "}, "required"),
        ({"subject": "x" * 501}, "too_long"),
        ({"description": "x" * 501}, "too_long"),
        ({"urgency": 9}, "urgency"),
        ({"secrecy": 9}, "secrecy"),
        ({"authority": "XX."}, "authority"),
        ({"issued_amount": 0}, "issued_amount"),
        ({"signer_id": "head"}, "not_a_leader"),
        ({"signer_id": "leader_b"}, "not_a_leader"),
        ({"drafting_unit_id": "unit_b1"}, "unit_outside"),
        ({"replaces_id": -1}, "replaces"),
    ],
)
def test_metadata_is_checked(cast, overrides, code):
    people = {"head": cast.head_a.pk, "leader_b": cast.leader_b.pk, "unit_b1": cast.unit_b1.pk}
    overrides = {
        k: people.get(v, v) if isinstance(v, str) and v in people else v for k, v in overrides.items()
    }
    with pytest.raises(UserError) as err:
        draft(cast, **overrides)
    assert err.value.code == code
    assert not Outgoing.objects.exists()


@pytest.mark.parametrize(
    ("spec", "code"),
    [
        (outbound.RecipientSpec(kind="agency", org_id="unit_b1"), "recipient_agency"),
        (outbound.RecipientSpec(kind="agency", org_id="agency_a"), "recipient_agency"),
        (outbound.RecipientSpec(kind="unit", org_id="unit_b1"), "recipient_outside"),
        (outbound.RecipientSpec(kind="person", user_id="spec_b"), "recipient_outside"),
        (outbound.RecipientSpec(kind="external", external_name=" "), "required"),
        (outbound.RecipientSpec(kind="fax"), "recipient_kind"),
    ],
)
def test_recipients_are_checked(cast, spec, code):
    ids = {"unit_b1": cast.unit_b1.pk, "agency_a": cast.agency_a.pk, "spec_b": cast.spec_b.pk}
    spec.org_id = ids.get(spec.org_id, spec.org_id)
    spec.user_id = ids.get(spec.user_id, spec.user_id)
    with pytest.raises(UserError) as err:
        draft(cast, recipients=[spec])
    assert err.value.code == code


def test_outsiders_cannot_draft_for_the_agency(cast):
    with pytest.raises(Forbidden):
        draft(cast, author=cast.spec_b)
    with pytest.raises(Forbidden):
        draft(cast, author=cast.outsider)


def test_request_key_returns_the_first_draft(cast):
    first = draft(cast, request_key="abc")
    again = draft(cast, request_key="abc")
    assert again.pk == first.pk and Outgoing.objects.count() == 1


def test_secret_drafts_have_no_files(cast):
    outgoing = draft(cast, secrecy=1)
    assert outgoing.current_version is None
    with pytest.raises(UserError) as err:
        outbound.draft_upload_version(actor=cast.spec_a, outgoing=outgoing, file=upload(make_pdf()))
    assert err.value.code == "secret_file"
    with pytest.raises(UserError) as err:
        outbound.draft_create(
            actor=cast.spec_a, agency=cast.agency_a, data=draft_data(cast, secrecy=1), file=upload(make_pdf())
        )
    assert err.value.code == "secret_file"


def test_a_draft_with_files_cannot_become_secret(cast):
    outgoing = draft(cast)
    with pytest.raises(UserError) as err:
        outbound.draft_update(actor=cast.spec_a, outgoing=outgoing, data=draft_data(cast, secrecy=1))
    assert err.value.code == "secret_file"


def test_appendices_replace_the_previous_ones(cast):
    outgoing = draft(cast)
    outbound.draft_set_appendices(
        actor=cast.spec_a, outgoing=outgoing, files=[upload(make_pdf("PL1"), "pl1.pdf")]
    )
    attachments = outbound.draft_set_appendices(
        actor=cast.spec_a,
        outgoing=outgoing,
        files=[upload(make_pdf("PL A"), "pla.pdf"), upload(make_pdf("PL B"), "plb.pdf")],
    )
    assert [a.name for a in attachments] == ["pla.pdf", "plb.pdf"]
    names = Attachment.objects.filter(document=outgoing, kind=AttachmentKind.APPENDIX).values_list(
        "name", flat=True
    )
    assert sorted(names) == ["pla.pdf", "plb.pdf"]


def test_an_appendix_must_be_a_document(cast):
    outgoing = draft(cast)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    with pytest.raises(UserError) as err:
        outbound.draft_set_appendices(actor=cast.spec_a, outgoing=outgoing, files=[upload(png, "anh.png")])
    assert err.value.code in ("draft_file_type", "file_type")


@pytest.fixture
def no_soffice(settings):
    settings.EDESK_SOFFICE = "/nonexistent/soffice"


def docx_bytes(text: str) -> bytes:
    """A minimal Word document: the three parts a DOCX needs, written with zipfile."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
        ),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return buf.getvalue()


def test_docx_is_refused_when_conversion_is_unavailable(cast, no_soffice):
    assert not convert.available()
    outgoing = draft(cast)
    data = docx_bytes("Dự thảo công văn")
    with pytest.raises(UserError) as err:
        outbound.draft_upload_version(actor=cast.spec_a, outgoing=outgoing, file=upload(data, "du-thao.docx"))
    assert err.value.code == "conversion_unavailable" and "PDF" in err.value.message
    assert DraftVersion.objects.filter(outgoing=outgoing).count() == 1


@pytest.mark.skipif(not convert.available(), reason="LibreOffice (soffice) is not installed here")
def test_docx_is_converted_with_libreoffice(cast):
    outgoing = draft(cast)
    data = docx_bytes("Dự thảo công văn về việc chuyển đổi số")
    version = outbound.draft_upload_version(
        actor=cast.spec_a, outgoing=outgoing, file=upload(data, "du-thao.docx")
    )
    assert version.source_id != version.pdf_id
    assert version.source_name == "du-thao.docx" and version.page_count == 1
    from edesk.core import storage
    from edesk.documents import pdf

    assert "chuyển đổi số" in pdf.extract_text(storage.read_blob(version.pdf_id))
