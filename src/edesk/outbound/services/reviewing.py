"""Submitting a draft up its review chain, approving or returning it at each step, and the
agencies' chain configuration.

Every function locks the draft first; an action decided on a stale page (another reviewer acted
meanwhile) is refused with 409, never applied to the step the draft has since moved to.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from edesk.accounts.context import actor_for
from edesk.accounts.models import Membership
from edesk.accounts.roles import Perm, Role
from edesk.audit import events
from edesk.core.errors import Conflict, Forbidden, UserError
from edesk.core.text import squash
from edesk.documents.doctypes import DocType
from edesk.orgs.models import Organization
from edesk.outbound import review
from edesk.outbound.access import access_outgoing
from edesk.outbound.models import (
    Outgoing,
    ReviewAction,
    ReviewChain,
    ReviewEvent,
    ReviewStep,
    State,
    StepKind,
)
from edesk.outbound.transitions import refusal, transition_for

MAX_COMMENT = 4000


def _event(outgoing: Outgoing, action: str, actor, step: review.StepSpec | None, comment: str) -> None:
    ReviewEvent.objects.create(
        outgoing=outgoing,
        action=action,
        step_order=step.order if step else None,
        step_kind=step.kind if step else "",
        actor=actor,
        version_id=outgoing.current_version_id,
        comment=comment,
        created_at=timezone.now(),
    )


def _locked(actor, outgoing: Outgoing, action: str) -> Outgoing:
    """The draft locked; 409 when it moved since `outgoing` was read (another reviewer acted)."""
    locked = access_outgoing(actor, outgoing.pk, for_update=True)
    if outgoing.state and (locked.state, locked.step_order) != (outgoing.state, outgoing.step_order):
        raise Conflict(refusal(locked.state, action) if locked.state != State.IN_REVIEW else None)
    transition_for(locked.state, action)
    return locked


def _save(outgoing: Outgoing, **fields) -> None:
    fields["moved_at"] = timezone.now()
    for name, value in fields.items():
        setattr(outgoing, name, value)
    outgoing.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def draft_submit(*, actor, outgoing: Outgoing, comment: str = "") -> Outgoing:
    """The author sends the draft (again, after a return) to the first step of the agency's chain."""
    outgoing = access_outgoing(actor, outgoing.pk, for_update=True)
    transition = transition_for(outgoing.state, "submit")
    if outgoing.author_id != actor.pk or not actor_for(actor).has(
        Perm.OUTGOING_DRAFT, agency_id=outgoing.owner_id
    ):
        raise Forbidden(_("Chỉ người soạn thảo được trình dự thảo."))
    if outgoing.current_version_id is None and not outgoing.is_secret:
        raise UserError(_("Hãy tải lên tệp dự thảo trước khi trình."), code="no_version", field="file")
    if outgoing.signer_id is None:
        raise UserError(_("Hãy chọn người ký trước khi trình."), code="no_signer", field="signer")
    chain = review.chain_for(outgoing.owner_id, outgoing.doc_type)
    outgoing.chain = chain
    steps = review.steps_of(outgoing)
    for step in steps:
        if not review.step_actors(outgoing, step).exists():
            raise UserError(
                _("Bước “%(step)s” của quy trình duyệt chưa có người thực hiện; hãy báo quản trị cơ quan.")
                % {"step": StepKind(step.kind).label},
                code="step_without_actor",
            )
    _save(outgoing, state=transition.next_state, chain=chain, step_order=steps[0].order, approved_at=None)
    comment = squash(comment)[:MAX_COMMENT]
    _event(outgoing, ReviewAction.SUBMIT, actor, None, comment)
    events.record(
        actor,
        "outgoing.submit",
        outgoing,
        agency_id=outgoing.owner_id,
        data={"chain": chain.pk if chain else None, "version": outgoing.current_version_id},
    )
    return outgoing


def _acting_step(actor, outgoing: Outgoing) -> review.StepSpec:
    step = review.current_step(outgoing)
    if not review.is_step_actor(actor, outgoing, step):
        raise Forbidden(_("Bạn không phải người duyệt ở bước này của dự thảo."))
    assert step is not None
    return step


@transaction.atomic
def review_approve(*, actor, outgoing: Outgoing, comment: str = "") -> Outgoing:
    """The current step's actor agrees: the draft moves to the next step, or after the last one it
    is approved and waits for its signer."""
    outgoing = _locked(actor, outgoing, "approve")
    step = _acting_step(actor, outgoing)
    later = [s for s in review.steps_of(outgoing) if s.order > step.order]
    if later:
        _save(outgoing, step_order=later[0].order)
    else:
        _save(outgoing, state=State.APPROVED, step_order=None, approved_at=timezone.now())
    comment = squash(comment)[:MAX_COMMENT]
    _event(outgoing, ReviewAction.APPROVE, actor, step, comment)
    events.record(
        actor,
        "outgoing.approve",
        outgoing,
        agency_id=outgoing.owner_id,
        data={"step": step.order, "kind": step.kind, "comment": comment},
    )
    return outgoing


@transaction.atomic
def review_return(*, actor, outgoing: Outgoing, comment: str) -> Outgoing:
    """The current step's actor sends the draft back to its author with what to fix."""
    comment = squash(comment)[:MAX_COMMENT]
    if not comment:
        raise UserError(_("Hãy ghi ý kiến: cần sửa gì trong dự thảo."), code="required", field="comment")
    outgoing = _locked(actor, outgoing, "return")
    step = _acting_step(actor, outgoing)
    _save(outgoing, state=State.RETURNED, step_order=None)
    _event(outgoing, ReviewAction.RETURN, actor, step, comment)
    events.record(
        actor,
        "outgoing.return",
        outgoing,
        agency_id=outgoing.owner_id,
        data={"step": step.order, "kind": step.kind, "comment": comment},
    )
    return outgoing


def _check_steps(agency: Organization, steps: list[review.StepSpec]) -> None:
    if not steps:
        raise UserError(_("Quy trình duyệt phải có ít nhất một bước."), code="no_steps", field="steps")
    for step in steps:
        if step.kind not in StepKind.values:
            raise UserError(_("Loại bước duyệt không hợp lệ."), code="step_kind", field="steps")
        if (step.user_id is None) == (not step.role):
            raise UserError(_("Mỗi bước chọn một vai trò hoặc một người."), code="step_actor", field="steps")
        if step.role and step.role not in (Role.UNIT_HEAD, Role.CLERK, Role.LEADER, Role.SPECIALIST):
            raise UserError(_("Vai trò của bước duyệt không hợp lệ."), code="step_role", field="steps")
        if (
            step.user_id is not None
            and not Membership.objects.filter(user_id=step.user_id, agency_id=agency.pk, active=True).exists()
        ):
            raise UserError(
                _("Người thực hiện bước duyệt không thuộc cơ quan."), code="step_outside", field="steps"
            )


@transaction.atomic
def review_chain_set(
    *, actor, agency: Organization, doc_type: str, steps: list[review.StepSpec]
) -> ReviewChain:
    """An administrator of `agency` sets its review chain for `doc_type` ("" = every type without
    its own). Refused while a draft is in review under the chain: its steps would shift under it."""
    who = actor_for(actor)
    if not (who.is_system_admin or who.has(Perm.ORG_ADMIN, agency_id=agency.pk)):
        raise Forbidden()
    if doc_type and doc_type not in DocType.values:
        raise UserError(_("Loại văn bản không hợp lệ."), code="doc_type", field="doc_type")
    _check_steps(agency, steps)
    # The name is stored, so it is written in the installation's language, not the admin's.
    with translation.override(settings.LANGUAGE_CODE):
        label = DocType(doc_type).label if doc_type else _("mọi loại văn bản")
        name = _("Quy trình duyệt: %(t)s") % {"t": label}
    chain, _created = ReviewChain.objects.select_for_update().get_or_create(
        agency=agency, doc_type=doc_type, defaults={"name": name}
    )
    if Outgoing.objects.filter(chain=chain, state=State.IN_REVIEW).exists():
        in_use = _("Đang có dự thảo trình duyệt theo quy trình này; hãy đổi quy trình sau khi duyệt xong.")
        raise Conflict(in_use, code="chain_in_use")
    ReviewStep.objects.filter(chain=chain).delete()
    ReviewStep.objects.bulk_create(
        ReviewStep(chain=chain, order=i + 1, kind=s.kind, role=s.role, user_id=s.user_id)
        for i, s in enumerate(steps)
    )
    if not chain.active:
        chain.active = True
        chain.save(update_fields=["active", "updated_at"])
    events.record(
        actor,
        "outgoing.chain_set",
        chain,
        agency_id=agency.pk,
        data={"doc_type": doc_type, "steps": [[s.kind, s.role, s.user_id] for s in steps]},
    )
    return chain
