"""Steps of the outgoing stories the tests tell: a draft by the specialist of agency A, its review
by the default chain, signing by the leader, numbering and issuance by the clerk."""

from edesk.outbound import services as outbound
from edesk.outbound.models import Outgoing, RecipientKind
from tests.conftest import Cast, make_pdf, upload


def draft_data(cast: Cast, **overrides) -> outbound.DraftData:
    fields = {
        "doc_type": "quyet_dinh",
        "subject": "Quyết định phê duyệt kế hoạch chuyển đổi số năm 2026",
        "drafting_unit_id": cast.unit_a1.pk,
        "signer_id": cast.leader_a.pk,
        "authority": "KT.",
        "authority_for": "GIÁM ĐỐC",
        "recipients": [
            outbound.RecipientSpec(kind=RecipientKind.AGENCY, org_id=cast.agency_b.pk),
            outbound.RecipientSpec(kind=RecipientKind.UNIT, org_id=cast.unit_a2.pk),
            outbound.RecipientSpec(kind=RecipientKind.PERSON, user_id=cast.spec_a2.pk),
            outbound.RecipientSpec(kind=RecipientKind.EXTERNAL, external_name="Bộ Tài chính"),
        ],
    }
    fields.update(overrides)
    return outbound.DraftData(**fields)


def draft(cast: Cast, *, pdf: bytes | None = None, author=None, **overrides) -> Outgoing:
    data = draft_data(cast, **overrides)
    file = None if data.secrecy else upload(pdf or make_pdf("Dự thảo quyết định"), "du-thao.pdf")
    return outbound.draft_create(actor=author or cast.spec_a, agency=cast.agency_a, data=data, file=file)


def approved(cast: Cast, outgoing: Outgoing) -> Outgoing:
    """Through the default chain: unit head (content) → clerk (format) → signer."""
    outgoing = outbound.draft_submit(actor=outgoing.author, outgoing=outgoing)
    for reviewer in (cast.head_a, cast.clerk_a, cast.leader_a):
        outgoing = outbound.review_approve(actor=reviewer, outgoing=outgoing, comment="Đồng ý.")
    return outgoing


def signed(cast: Cast, signable_pdf, person_credential, **overrides) -> Outgoing:
    person_credential(cast.leader_a)
    pdf = signable_pdf(cast.leader_a.full_name, notation="QĐ-STC")
    outgoing = approved(cast, draft(cast, pdf=pdf, **overrides))
    return outbound.outgoing_sign(actor=cast.leader_a, outgoing=outgoing, pin="123456")
