"""The review chain of a draft: which steps, which one it waits at, and who may act on it.

An agency configures a chain per document type (ReviewChain with a doc_type) and a default one
(blank doc_type); without either the draft follows DEFAULT_STEPS: the head of the drafting unit
checks the content, the agency's clerk the format, and the chosen signer approves it for signing.

A step names a person, or a role resolved for the draft:
- UNIT_HEAD: the heads (unit heads, or leaders posted in it) of the draft's drafting unit;
- LEADER: the draft's signer, or every leader of the agency while no signer is chosen;
- any other role (CLERK, SPECIALIST…): the people holding it in the agency.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from edesk.accounts.context import actor_for
from edesk.accounts.models import Membership
from edesk.accounts.roles import Role
from edesk.outbound.models import Outgoing, ReviewChain, ReviewStep, State, StepKind

HEAD_ROLES = (Role.UNIT_HEAD, Role.LEADER)


@dataclass(frozen=True)
class StepSpec:
    order: int
    kind: str
    role: str = ""
    user_id: int | None = None


DEFAULT_STEPS: tuple[StepSpec, ...] = (
    StepSpec(1, StepKind.CONTENT, Role.UNIT_HEAD),
    StepSpec(2, StepKind.FORMAT, Role.CLERK),
    StepSpec(3, StepKind.SIGN, Role.LEADER),
)


def chain_for(agency_id: int, doc_type: str) -> ReviewChain | None:
    """The agency's active chain for `doc_type`, else its default chain, else None (DEFAULT_STEPS)."""
    chains = {
        c.doc_type: c
        for c in ReviewChain.objects.filter(agency_id=agency_id, active=True, doc_type__in=[doc_type, ""])
    }
    return chains.get(doc_type) or chains.get("")


def steps_of(outgoing: Outgoing) -> list[StepSpec]:
    """The steps of the chain the draft was submitted under (DEFAULT_STEPS when none)."""
    if outgoing.chain_id is None:
        return list(DEFAULT_STEPS)
    return [
        StepSpec(s.order, s.kind, s.role, s.user_id)
        for s in ReviewStep.objects.filter(chain_id=outgoing.chain_id)
    ]


def current_step(outgoing: Outgoing) -> StepSpec | None:
    """The step the draft waits at, None unless it is in review."""
    if outgoing.state != State.IN_REVIEW or outgoing.step_order is None:
        return None
    return next((s for s in steps_of(outgoing) if s.order == outgoing.step_order), None)


def step_actors(outgoing: Outgoing, step: StepSpec) -> QuerySet:
    """The people who may approve or return the draft at `step`."""
    users = get_user_model().objects.filter(is_active=True)
    if step.user_id is not None:
        return users.filter(pk=step.user_id)
    posts = Membership.objects.filter(active=True, org__active=True)
    if step.role == Role.UNIT_HEAD:
        posts = posts.filter(org_id=outgoing.drafting_unit_id, role__in=HEAD_ROLES)
    elif step.role == Role.LEADER and outgoing.signer_id is not None:
        return users.filter(pk=outgoing.signer_id)
    else:
        posts = posts.filter(agency_id=outgoing.owner_id, role=step.role)
    return users.filter(pk__in=posts.values("user_id"))


def is_step_actor(user, outgoing: Outgoing, step: StepSpec | None) -> bool:
    return step is not None and step_actors(outgoing, step).filter(pk=user.pk).exists()


def _role_condition(actor, role: str) -> Q:
    """On Outgoing: the drafts for which a step held by `role` resolves to `actor`'s user."""
    if role == Role.UNIT_HEAD:
        heads = {p.org_id for p in actor.posts if p.role in HEAD_ROLES}
        return Q(drafting_unit_id__in=heads)
    agencies = {p.agency_id for p in actor.posts if p.role == role}
    if role == Role.LEADER:
        return Q(signer_id=actor.user_id) | Q(signer__isnull=True, owner_id__in=agencies)
    return Q(owner_id__in=agencies)


def current_actor_condition(user) -> Q:
    """On Outgoing: drafts in review whose current step `user` may act on (the to-review queue and
    the review path of the access rules), as one condition the database evaluates."""
    actor = actor_for(user)
    at_step = ReviewStep.objects.filter(chain_id=OuterRef("chain_id"), order=OuterRef("step_order"))
    condition = Q(Exists(at_step.filter(user_id=user.pk)))
    roles = {p.role for p in actor.posts}
    for role in roles:
        by_role = Q(Exists(at_step.filter(user__isnull=True, role=role))) & _role_condition(actor, role)
        defaults = [s.order for s in DEFAULT_STEPS if s.role == role]
        default = Q(chain__isnull=True, step_order__in=defaults) & _role_condition(actor, role)
        condition |= by_role | default
    return Q(state=State.IN_REVIEW) & condition
