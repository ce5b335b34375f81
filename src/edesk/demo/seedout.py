"""The demo's outgoing documents, told through the outbound and inbound services in time order.

Each plan (outplans) becomes steps at moments of the past weeks: create and upload, submit, the
review steps (a return and a fixed version for some), the leader's signature with the PIN, the
clerk's numbering (number, date and the agency's seal) and issuance, the receivers' clerks opening
and registering, and one recall. The steps join the incoming stories' timeline (seeddocs), so the
receivers' registers number what arrived in the order it arrived.

Signing needs a certificate valid at the moment the step runs: steps from the signature on are
moved, when earlier, into the time since the demo's certificates became valid (`floor`), keeping
their order.
"""

import io
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from django.utils import timezone

from edesk.accounts.models import User
from edesk.core.enums import Secrecy
from edesk.demo import outdrafts
from edesk.demo import vocabulary as vocab
from edesk.demo.outplans import End, OutPlan
from edesk.demo.seeddocs import Step, office_hours
from edesk.demo.seedplans import AgencyStaff
from edesk.documents.doctypes import parse_doc_type
from edesk.documents.services import Upload
from edesk.inbound import services as inbound
from edesk.inbound.access import incoming_visible_to
from edesk.inbound.models import Incoming, Received
from edesk.inbound.models import State as InState
from edesk.inbound.services.received import prefill
from edesk.orgs.models import Organization
from edesk.outbound import convert, numbering
from edesk.outbound import services as outbound
from edesk.outbound.models import Outgoing, RecipientKind
from edesk.signing.devsetup import DEMO_PIN

RETURN_COMMENTS = (
    "Đề nghị bổ sung căn cứ pháp lý và số liệu năm trước để so sánh; rà soát lại phần Nơi nhận.",
    "Nội dung mục 2 chưa rõ trách nhiệm của từng đơn vị; đề nghị viết lại cụ thể, có thời hạn.",
    "Thể thức chưa đúng Nghị định 30: thiếu dòng trích yếu, phần Nơi nhận chưa có Lưu: VT.",
    "Đề nghị lấy thêm ý kiến của Phòng Tổng hợp trước khi trình.",
)
# What each reviewer writes on approving, by step: content, format, the signer's.
APPROVE_COMMENTS = (
    ("", "Đồng ý nội dung.", "Nhất trí, trình lãnh đạo ký."),
    ("", "Đã kiểm tra thể thức.", "Thể thức đúng Nghị định 30."),
    ("", "", "Đồng ý ban hành."),
)
RECALL_REASON = (
    "Văn bản có sai sót về số liệu tại mục 2; cơ quan sẽ ban hành văn bản thay thế (Điều 18 "
    "Nghị định 30/2020/NĐ-CP)."
)
_ITEMS = ("Chi thường xuyên", "Chi đầu tư phát triển", "Kinh phí sự nghiệp", "Dự phòng ngân sách")


class OutStory:
    """The steps of one outgoing plan, each a call to one service."""

    def __init__(self, plan: OutPlan, rng: random.Random):
        self.plan, self.rng = plan, rng

    def _fresh(self) -> Outgoing:
        # Review actions refuse a stale copy (another reviewer may have acted): read it anew.
        return Outgoing.objects.get(pk=self.plan.doc.pk)

    def _reply_target(self, author: User, agency: AgencyStaff) -> Incoming | None:
        return (
            incoming_visible_to(author)
            .filter(agency_id=agency.org.pk, secrecy=Secrecy.NONE, arrival_at__lt=timezone.now())
            .exclude(state__in=(InState.RECALLED, InState.REGISTERED))
            .filter(replies__isnull=True)
            .order_by("-arrival_at")
            .first()
        )

    def _recipients(self, answered: Incoming | None) -> tuple[list[outbound.RecipientSpec], list[str]]:
        p = self.plan
        specs = [outbound.RecipientSpec(RecipientKind.AGENCY, org_id=a.org.pk) for a in p.agencies]
        lines = [a.org.name for a in p.agencies]
        own = {p.drafters.staff.org.pk, *(a.org.pk for a in p.agencies)}
        if answered is not None and answered.issuer_id not in own:
            issuer = answered.issuer_id
            in_system = (
                issuer is not None
                and Organization.objects.filter(pk=issuer, is_agency=True, active=True).exists()
            )
            if in_system:
                specs.insert(0, outbound.RecipientSpec(RecipientKind.AGENCY, org_id=answered.issuer_id))
            else:
                specs.insert(
                    0, outbound.RecipientSpec(RecipientKind.EXTERNAL, external_name=answered.issuer_name)
                )
            lines.insert(0, answered.issuer_name)
        specs += [outbound.RecipientSpec(RecipientKind.UNIT, org_id=u.pk) for u in p.units]
        lines += [f"{u.name} (để biết)" for u in p.units]
        specs += [outbound.RecipientSpec(RecipientKind.PERSON, user_id=u.pk) for u in p.people]
        lines += [f"Đồng chí {u.full_name} (để biết)" for u in p.people]
        specs += [outbound.RecipientSpec(RecipientKind.EXTERNAL, external_name=n) for n in p.external]
        lines += list(p.external)
        short = p.drafters.unit.short_name if p.drafters.unit.pk != p.drafters.staff.org.pk else "VP"
        return specs, [*lines, f"Lưu: VT, {short}"]

    def create(self) -> None:
        p, rng = self.plan, self.rng
        agency = p.drafters.staff.org
        year = timezone.localdate().year
        answered = self._reply_target(p.author, p.drafters.staff) if p.reply else None
        if answered is not None:
            subject = (
                f"V/v trả lời Văn bản số {answered.number_notation} ngày "
                f"{answered.issued_date:%d/%m/%Y} của {answered.issuer_name}"
            )
        else:
            subject = vocab.subject(rng, p.doc_type, year=year)
        specs, lines = self._recipients(answered)
        data = outbound.DraftData(
            doc_type=parse_doc_type(p.doc_type).value,
            subject=subject,
            drafting_unit_id=p.drafters.unit.pk,
            signer_id=p.drafters.signer.pk,
            authority=p.drafters.authority,
            authority_for=p.drafters.authority_for,
            urgency=p.urgency,
            issued_amount=len(lines) + 1,
            reply_to_id=answered.pk if answered else None,
            reply_due=timezone.localdate() + timedelta(days=15) if p.doc_type == "Công văn" else None,
            recipients_text="\n".join(f"- {line};" for line in lines),
            recipients=specs,
        )
        p.outgoing = outbound.draft_create(actor=p.author, agency=agency, data=data)
        self._upload(lines, comment="Dự thảo lần 1.")
        if p.appendix:
            rows = [(item, f"{rng.randint(120, 9800):,}".replace(",", "."), "triệu đồng") for item in _ITEMS]
            pdf = outdrafts.appendix_pdf("Phụ lục", subject, rows)
            files = [Upload("phu-luc-01.pdf", io.BytesIO(pdf), len(pdf))]
            outbound.draft_set_appendices(actor=p.author, outgoing=self._fresh(), files=files)
        if p.docx and convert.available():
            self._upload_docx(lines)

    def _upload(self, lines: list[str], *, comment: str) -> None:
        p = self.plan
        doc = self._fresh()
        staff = p.drafters.staff
        superior = "UBND thành phố Huế" if staff.key != "ubnd" else ""
        year = timezone.localdate().year
        body = outdrafts.draft_body(self.rng, doc.subject, p.doc_type, year, lines)
        pdf = outdrafts.draft_letter(
            issuer=staff.org.name,
            superior=superior,
            notation=numbering.notation_for(doc),
            place=numbering.place_name(staff.org),
            year=year,
            doc_type_label=p.doc_type,
            subject=doc.subject,
            body=body,
            signer_position=doc.signer_position,
            signer_name=doc.signer_name,
            urgency=p.urgency,
        )
        name = f"du-thao-{doc.pk}.pdf"
        outbound.draft_upload_version(
            actor=p.author, outgoing=doc, file=Upload(name, io.BytesIO(pdf), len(pdf)), comment=comment
        )

    def _upload_docx(self, lines: list[str]) -> None:
        p = self.plan
        doc = self._fresh()
        year = timezone.localdate().year
        body = outdrafts.draft_body(self.rng, doc.subject, p.doc_type, year, lines)
        data = outdrafts.draft_docx(
            issuer=p.drafters.staff.org.name,
            notation=numbering.notation_for(doc),
            place=numbering.place_name(p.drafters.staff.org),
            year=year,
            title=p.doc_type,
            subject=doc.subject,
            body=body,
        )
        outbound.draft_upload_version(
            actor=p.author,
            outgoing=doc,
            file=Upload(f"du-thao-{doc.pk}.docx", io.BytesIO(data), len(data)),
            comment="Bản Word đã sửa theo góp ý trao đổi của phòng.",
        )

    def submit(self) -> None:
        outbound.draft_submit(actor=self.plan.author, outgoing=self._fresh(), comment="Kính trình.")

    def give_back(self) -> None:
        comment = self.rng.choice(RETURN_COMMENTS)
        outbound.review_return(actor=self.plan.drafters.content, outgoing=self._fresh(), comment=comment)

    def fix(self) -> None:
        lines = [
            line.removeprefix("- ").removesuffix(";") for line in self._fresh().recipients_text.splitlines()
        ]
        self._upload(lines, comment="Đã sửa theo ý kiến của lãnh đạo phòng.")

    def approve(self, reviewer: User, step: int) -> None:
        comment = self.rng.choice(APPROVE_COMMENTS[step])
        outbound.review_approve(actor=reviewer, outgoing=self._fresh(), comment=comment)

    def sign(self) -> None:
        outbound.outgoing_sign(actor=self.plan.drafters.signer, outgoing=self._fresh(), pin=DEMO_PIN)

    def number(self) -> None:
        outbound.outgoing_number(actor=self.plan.drafters.clerk, outgoing=self._fresh())

    def issue(self) -> None:
        outbound.outgoing_issue(actor=self.plan.drafters.clerk, outgoing=self._fresh())

    def _received(self, receiver: AgencyStaff) -> Received:
        return Received.objects.get(agency=receiver.org, document_id=self.plan.doc.pk)

    def open(self, receiver: AgencyStaff) -> None:
        inbound.received_open(actor=receiver.clerk, received=self._received(receiver))

    def register(self, receiver: AgencyStaff) -> None:
        received = self._received(receiver)
        inbound.received_register(actor=receiver.clerk, received=received, data=prefill(received))

    def read(self, reader: User) -> None:
        outbound.recipient_open(actor=reader, outgoing=self._fresh())

    def recall(self) -> None:
        outbound.outgoing_recall(actor=self.plan.drafters.clerk, outgoing=self._fresh(), reason=RECALL_REASON)


Chain = list[tuple[float, Callable[[], None], bool]]  # (hours after the previous step, step, needs a key)


def _chain(plan: OutPlan, story: OutStory, rng: random.Random) -> Chain:
    d = plan.drafters
    chain: Chain = [(0.0, story.create, False)]
    if plan.end == End.DRAFT:
        return chain
    chain.append((rng.uniform(1, 5), story.submit, False))
    if plan.end == End.RETURNED or plan.returned_once:
        chain.append((rng.uniform(2, 20), story.give_back, False))
        if plan.end == End.RETURNED:
            return chain
        chain += [(rng.uniform(4, 30), story.fix, False), (rng.uniform(0.2, 2), story.submit, False)]
    if plan.end == End.AT_CONTENT:
        return chain
    chain.append((rng.uniform(2, 20), partial(story.approve, d.content, 0), False))
    if plan.end == End.AT_FORMAT:
        return chain
    chain.append((rng.uniform(1, 8), partial(story.approve, d.clerk, 1), False))
    chain.append((rng.uniform(2, 24), partial(story.approve, d.signer, 2), False))
    if plan.end == End.APPROVED:
        return chain
    chain.append((rng.uniform(0.5, 6), story.sign, True))
    if plan.end == End.SIGNED:
        return chain
    chain.append((rng.uniform(0.5, 4), story.number, True))
    if plan.end == End.NUMBERED:
        return chain
    chain.append((rng.uniform(0.1, 1), story.issue, True))
    for receiver in plan.opened_by:
        chain.append((rng.uniform(0.2, 3), partial(story.open, receiver), True))
    for receiver in plan.registered_by:
        chain.append((rng.uniform(0.2, 3), partial(story.register, receiver), True))
    for reader in plan.people:
        chain.append((rng.uniform(0.5, 6), partial(story.read, reader), True))
    if plan.end == End.RECALLED:
        chain.append((rng.uniform(2, 10), story.recall, True))
    return chain


def _moments(
    plan: OutPlan, chain: Chain, rng: random.Random, floor: datetime, limit: datetime
) -> list[datetime]:
    """The steps' moments in working hours; from the signature on, not before `floor` (squeezed
    into the time between it and `limit` when the plan would put them earlier or later). Those
    still waiting for a number or for issuance were signed or numbered last."""
    at, total = [], 0.0
    for gap, _, _ in chain:
        total += gap
        at.append(plan.start + timedelta(hours=total))
    keyed = [i for i, (_, _, needs_key) in enumerate(chain) if needs_key]
    if keyed:
        first = keyed[0]
        share = rng.uniform(0.7, 0.85) if plan.end in (End.SIGNED, End.NUMBERED) else rng.uniform(0.0, 0.6)
        start = max(at[first], floor + (limit - floor) * share, at[first - 1])
        tail = [gap for gap, _, _ in chain[first + 1 :]]
        span = sum(tail)
        scale = min(1.0, (limit - start).total_seconds() / 3600 / span) if span else 1.0
        at[first:], when = [start], start
        for gap in tail:
            when += timedelta(hours=gap * scale)
            at.append(when)
    at = office_hours([min(m, limit) for m in at], limit)
    for i in range(1, len(at)):
        # Steps moved to the same opening hour still take their reader a few minutes each.
        if at[i] <= at[i - 1]:
            at[i] = min(at[i - 1] + timedelta(minutes=rng.randint(4, 35)), limit)
    return at


def outgoing_steps(
    rng: random.Random, plans: list[OutPlan], *, floor: datetime, limit: datetime, first_index: int
) -> list[Step]:
    """The steps of every plan at their moments, for seeddocs' time-ordered run."""
    steps: list[Step] = []
    for offset, plan in enumerate(plans):
        story = OutStory(plan, rng)
        chain = _chain(plan, story, rng)
        moments = _moments(plan, chain, rng, floor, limit)
        for k, (when, (_, fn, _)) in enumerate(zip(moments, chain, strict=True)):
            steps.append((when, first_index + offset, k, fn))
    return steps
