"""The review chain: default steps, configured chains, approve / return / resubmit, who may act."""

import pytest

from edesk.accounts.roles import Role
from edesk.audit.models import AuditEvent
from edesk.core.errors import Conflict, Forbidden, NotFound, UserError
from edesk.outbound import review
from edesk.outbound import services as outbound
from edesk.outbound.models import ReviewAction, ReviewEvent, State, StepKind
from tests.outbound.story import draft


def test_the_default_chain_runs_unit_head_clerk_signer(cast):
    outgoing = outbound.draft_submit(actor=cast.spec_a, outgoing=draft(cast), comment="Kính trình")
    assert outgoing.state == State.IN_REVIEW and outgoing.chain is None and outgoing.step_order == 1
    expected = [(1, cast.head_a), (2, cast.clerk_a), (3, cast.leader_a)]
    for order, reviewer in expected:
        step = review.current_step(outgoing)
        assert step.order == order
        assert list(review.step_actors(outgoing, step)) == [reviewer]
        outgoing = outbound.review_approve(actor=reviewer, outgoing=outgoing, comment="Đồng ý")
    assert outgoing.state == State.APPROVED and outgoing.approved_at is not None
    actions = list(ReviewEvent.objects.filter(outgoing=outgoing).values_list("action", "step_kind"))
    assert actions == [
        (ReviewAction.SUBMIT, ""),
        (ReviewAction.APPROVE, StepKind.CONTENT),
        (ReviewAction.APPROVE, StepKind.FORMAT),
        (ReviewAction.APPROVE, StepKind.SIGN),
    ]
    assert AuditEvent.objects.filter(action="outgoing.approve", object_id=str(outgoing.pk)).count() == 3


def test_only_the_current_steps_actor_may_act(cast):
    outgoing = outbound.draft_submit(actor=cast.spec_a, outgoing=draft(cast))
    for stranger in (cast.clerk_a, cast.leader_a, cast.spec_a):
        with pytest.raises(Forbidden):
            outbound.review_approve(actor=stranger, outgoing=outgoing)
    with pytest.raises(Forbidden):
        outbound.review_return(actor=cast.clerk_a, outgoing=outgoing, comment="Sai thể thức")


def test_return_needs_a_comment_and_goes_back_to_the_author(cast):
    outgoing = outbound.draft_submit(actor=cast.spec_a, outgoing=draft(cast))
    outgoing = outbound.review_approve(actor=cast.head_a, outgoing=outgoing)
    with pytest.raises(UserError) as err:
        outbound.review_return(actor=cast.clerk_a, outgoing=outgoing, comment="  ")
    assert err.value.code == "required"
    outgoing = outbound.review_return(
        actor=cast.clerk_a, outgoing=outgoing, comment="Sai thể thức phần nơi nhận"
    )
    assert outgoing.state == State.RETURNED and outgoing.step_order is None
    event = ReviewEvent.objects.filter(outgoing=outgoing).last()
    assert (event.action, event.comment, event.actor) == (
        ReviewAction.RETURN,
        "Sai thể thức phần nơi nhận",
        cast.clerk_a,
    )
    # The author fixes it and resubmits: the chain starts again from step 1, history kept.
    outbound.draft_upload_version(actor=cast.spec_a, outgoing=outgoing, file=_pdf())
    outgoing = outbound.draft_submit(actor=cast.spec_a, outgoing=outgoing)
    assert outgoing.step_order == 1
    assert ReviewEvent.objects.filter(outgoing=outgoing).count() == 4


def _pdf():
    from tests.conftest import make_pdf, upload

    return upload(make_pdf("Bản sửa"))


def test_a_stale_approval_is_a_conflict(cast):
    outgoing = outbound.draft_submit(actor=cast.spec_a, outgoing=draft(cast))
    seen = outgoing
    outbound.review_approve(actor=cast.head_a, outgoing=outgoing)
    with pytest.raises(Conflict):
        outbound.review_approve(actor=cast.head_a, outgoing=seen)


def test_submit_needs_a_file_and_a_signer(cast):
    outgoing = draft(cast, signer_id=None)
    with pytest.raises(UserError) as err:
        outbound.draft_submit(actor=cast.spec_a, outgoing=outgoing)
    assert err.value.code == "no_signer"
    data = outbound.DraftData(doc_type="cong_van", subject="Công văn", drafting_unit_id=cast.unit_a1.pk)
    data.signer_id = cast.leader_a.pk
    bare = outbound.draft_create(actor=cast.spec_a, agency=cast.agency_a, data=data)
    with pytest.raises(UserError) as err:
        outbound.draft_submit(actor=cast.spec_a, outgoing=bare)
    assert err.value.code == "no_version"


def test_only_the_author_submits_and_not_twice(cast):
    outgoing = draft(cast)
    with pytest.raises(NotFound):
        outbound.draft_submit(actor=cast.head_a, outgoing=outgoing)  # not his to see before it is submitted
    with pytest.raises(Forbidden):
        outbound.draft_submit(actor=cast.clerk_a, outgoing=outgoing)
    outgoing = outbound.draft_submit(actor=cast.spec_a, outgoing=outgoing)
    with pytest.raises(Conflict):
        outbound.draft_submit(actor=cast.spec_a, outgoing=outgoing)
    with pytest.raises(Conflict):
        outbound.draft_update(actor=cast.spec_a, outgoing=outgoing, data=None)


def test_a_configured_chain_for_a_type(cast):
    steps = [
        review.StepSpec(1, StepKind.CONTENT, user_id=cast.spec_a2.pk),
        review.StepSpec(2, StepKind.SIGN, Role.LEADER),
    ]
    outbound.review_chain_set(actor=cast.admin, agency=cast.agency_a, doc_type="quyet_dinh", steps=steps)
    outgoing = outbound.draft_submit(actor=cast.spec_a, outgoing=draft(cast))
    assert outgoing.chain is not None and outgoing.step_order == 1
    with pytest.raises(NotFound):  # not a step of this chain: he does not even see the draft
        outbound.review_approve(actor=cast.head_a, outgoing=outgoing)
    with pytest.raises(Forbidden):
        outbound.review_approve(actor=cast.leader_a, outgoing=outgoing)
    outgoing = outbound.review_approve(actor=cast.spec_a2, outgoing=outgoing)
    outgoing = outbound.review_approve(actor=cast.leader_a, outgoing=outgoing)
    assert outgoing.state == State.APPROVED
    # Another type still follows the default steps.
    other = outbound.draft_submit(actor=cast.spec_a, outgoing=draft(cast, doc_type="cong_van"))
    assert other.chain is None


def test_chain_configuration_is_checked(cast):
    step = review.StepSpec(1, StepKind.CONTENT, Role.UNIT_HEAD)
    with pytest.raises(Forbidden):
        outbound.review_chain_set(actor=cast.clerk_a, agency=cast.agency_a, doc_type="", steps=[step])
    with pytest.raises(UserError) as err:
        outbound.review_chain_set(actor=cast.admin, agency=cast.agency_a, doc_type="", steps=[])
    assert err.value.code == "no_steps"
    outsider_step = review.StepSpec(1, StepKind.CONTENT, user_id=cast.spec_b.pk)
    with pytest.raises(UserError) as err:
        outbound.review_chain_set(actor=cast.admin, agency=cast.agency_a, doc_type="", steps=[outsider_step])
    assert err.value.code == "step_outside"
    chain = outbound.review_chain_set(actor=cast.admin, agency=cast.agency_a, doc_type="", steps=[step])
    outbound.draft_submit(actor=cast.spec_a, outgoing=draft(cast))
    with pytest.raises(Conflict):
        outbound.review_chain_set(actor=cast.admin, agency=cast.agency_a, doc_type="", steps=[step])
    assert chain.steps.count() == 1


def test_a_step_nobody_can_take_refuses_the_submission(cast):
    from edesk.accounts.models import Membership

    Membership.objects.filter(user=cast.head_a).update(active=False)
    with pytest.raises(UserError) as err:
        outbound.draft_submit(actor=cast.spec_a, outgoing=draft(cast))
    assert err.value.code == "step_without_actor"
