"""Gatekeepers for incoming documents and assignments.

Who sees an incoming document of agency A:
- A's clerks and leaders: every document of A, secret ones included (they register and direct them);
- the leader it was presented to;
- a person it was assigned or delegated to, by name;
- the heads of a unit it was assigned to, but for a secret document only when named personally.
Nobody outside A sees it through any other path. Missing and forbidden both answer NotFound.
"""

from django.db.models import Q, QuerySet

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm
from edesk.core.enums import Secrecy
from edesk.core.errors import Forbidden, NotFound
from edesk.inbound.models import Assignment, Incoming


def _assigned_ids(user) -> QuerySet:
    return Assignment.objects.filter(target_user_id=user.pk).values("incoming_id")


def _unit_assigned_ids(headed_org_ids) -> QuerySet:
    return Assignment.objects.filter(target_org_id__in=headed_org_ids, secrecy=Secrecy.NONE).values(
        "incoming_id"
    )


def incoming_visibility(user) -> Q:
    """The condition (on Incoming) for what `user` may see; an empty match for anonymous users."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    actor = actor_for(user)
    condition = Q(presented_to_id=user.pk) | Q(pk__in=_assigned_ids(user))
    whole_agency = actor.agencies_with(Perm.INCOMING_VIEW_ALL)
    if whole_agency:
        condition |= Q(agency_id__in=whole_agency)
    if actor.headed_org_ids:
        condition |= Q(pk__in=_unit_assigned_ids(actor.headed_org_ids))
    return condition


def incoming_visible_to(user) -> QuerySet[Incoming]:
    return Incoming.objects.filter(incoming_visibility(user))


def access_incoming(user, incoming_id, *, action: str = "view", for_update: bool = False) -> Incoming:
    """The document `incoming_id` (a public UUID or a database id) if `user` may see it.

    `action` beyond "view" is checked by the services against the transition table; here it only
    chooses whether to lock the row.
    """
    qs = incoming_visible_to(user)
    if for_update:
        qs = qs.select_for_update(of=("self",))
    key = "public_id" if isinstance(incoming_id, str) and "-" in incoming_id else "pk"
    try:
        return qs.get(**{key: incoming_id})
    except (Incoming.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    except Exception as exc:  # noqa: BLE001 - malformed UUIDs raise ValidationError
        if exc.__class__.__name__ == "ValidationError":
            raise NotFound() from exc
        raise


def assignment_holders_q(user) -> Q:
    """Assignments on `user`'s desk: named to them, or to a unit they head (not yet passed down)."""
    actor = actor_for(user)
    condition = Q(target_user_id=user.pk)
    if actor.headed_org_ids:
        condition |= Q(target_org_id__in=actor.headed_org_ids, target_user__isnull=True)
    return condition


def assignments_visible_to(user) -> QuerySet[Assignment]:
    if user is None or not user.is_authenticated:
        return Assignment.objects.none()
    return Assignment.objects.filter(incoming__in=incoming_visible_to(user).values("pk"))


def access_assignment(user, assignment_id, *, action: str = "view", for_update: bool = False) -> Assignment:
    """An assignment `user` holds (for acting on it) or may see (for viewing it)."""
    if user is None or not user.is_authenticated:
        raise NotFound()
    qs = Assignment.objects.select_related("incoming")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    key = "public_id" if isinstance(assignment_id, str) and "-" in assignment_id else "pk"
    try:
        assignment = qs.get(**{key: assignment_id})
    except Exception as exc:  # noqa: BLE001 - DoesNotExist, bad ids and malformed UUIDs alike
        raise NotFound() from exc
    if not incoming_visible_to(user).filter(pk=assignment.incoming_id).exists():
        raise NotFound()
    if (
        action != "view"
        and not Assignment.objects.filter(assignment_holders_q(user), pk=assignment.pk).exists()
    ):
        raise Forbidden("Phần việc này không được giao cho bạn.")
    return assignment
