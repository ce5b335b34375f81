"""Who sees an outgoing document (personas × documents), and which buttons each one gets."""

import pytest

from edesk.core.errors import NotFound
from edesk.outbound import services as outbound
from edesk.outbound.access import access_outgoing, available_actions, outgoing_visible_to
from edesk.outbound.models import State
from tests.outbound.story import approved, draft

PERSONAS = (
    "clerk_a",
    "leader_a",
    "head_a",
    "spec_a",
    "spec_a2",
    "clerk_b",
    "leader_b",
    "spec_b",
    "outsider",
    "admin",
)


def _seen(cast, outgoing) -> set[str]:
    return {
        name for name in PERSONAS if outgoing_visible_to(getattr(cast, name)).filter(pk=outgoing.pk).exists()
    }


def test_a_draft_is_seen_by_its_author_and_the_agencys_clerks_and_leaders(cast):
    assert _seen(cast, draft(cast)) == {"spec_a", "clerk_a", "leader_a"}


def test_a_draft_in_review_is_seen_by_the_current_reviewer(cast):
    outgoing = outbound.draft_submit(actor=cast.spec_a, outgoing=draft(cast))
    assert _seen(cast, outgoing) == {"spec_a", "clerk_a", "leader_a", "head_a"}
    outgoing = outbound.review_approve(actor=cast.head_a, outgoing=outgoing)
    # A past reviewer keeps seeing it.
    assert "head_a" in _seen(cast, outgoing)


def test_an_issued_document_is_seen_by_its_internal_recipients(cast):
    outgoing = approved(cast, draft(cast, secrecy=1))
    public = approved(cast, draft(cast))
    from edesk.outbound.models import Outgoing

    # The delivery itself is the services' (tested elsewhere); here the rows are marked delivered.
    Outgoing.objects.filter(pk=public.pk).update(state=State.ISSUED)
    from django.utils import timezone

    public.recipients.update(delivered_at=timezone.now())
    outgoing.recipients.update(delivered_at=timezone.now())
    assert _seen(cast, public) == {"spec_a", "clerk_a", "leader_a", "head_a", "spec_a2"}
    # Secret: author, signer, clerks, leaders and its reviewers only, never recipients for information.
    assert _seen(cast, outgoing) == {"spec_a", "clerk_a", "leader_a", "head_a"}


def test_nobody_outside_the_agency_opens_it(cast):
    outgoing = draft(cast)
    for name in ("clerk_b", "leader_b", "spec_b", "outsider", "admin"):
        with pytest.raises(NotFound):
            access_outgoing(getattr(cast, name), str(outgoing.public_id))
    with pytest.raises(NotFound):
        access_outgoing(cast.spec_a, "not-a-uuid")


def test_buttons_follow_the_state_and_the_person(cast):
    outgoing = draft(cast)
    assert available_actions(cast.spec_a, outgoing) == {"edit", "upload", "submit"}
    assert available_actions(cast.clerk_a, outgoing) == set()
    outgoing = outbound.draft_submit(actor=cast.spec_a, outgoing=outgoing)
    assert available_actions(cast.head_a, outgoing) == {"approve", "return"}
    assert available_actions(cast.clerk_a, outgoing) == set()
    outgoing = approved(cast, draft(cast))
    assert available_actions(cast.leader_a, outgoing) == {"sign"}
    assert available_actions(cast.clerk_a, outgoing) == set()
    secret = approved(cast, draft(cast, secrecy=1))
    assert available_actions(cast.leader_a, secret) == set()
    assert available_actions(cast.clerk_a, secret) == {"number"}


def test_queue_counts(cast, django_assert_max_num_queries):
    from edesk.outbound.selectors import outgoing_queue_counts

    outbound.draft_submit(actor=cast.spec_a, outgoing=draft(cast))
    draft(cast)
    assert outgoing_queue_counts(cast.spec_a)["my_drafts"] == 1
    with django_assert_max_num_queries(8):
        counts = outgoing_queue_counts(cast.head_a)
    assert counts["to_review"] == 1 and counts["to_sign"] == 0
    assert outgoing_queue_counts(cast.clerk_a)["to_review"] == 0
