"""Gatekeepers for administration: who may manage the tree and accounts."""

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm
from edesk.core.errors import Forbidden


def can_admin(user, org=None) -> bool:
    """System admins manage everything; an agency admin manages their own agency's subtree."""
    if user is None or not user.is_authenticated:
        return False
    actor = actor_for(user)
    if actor.is_system_admin:
        return True
    if org is None:
        return False
    return org.agency_id in actor.agencies_with(Perm.ORG_ADMIN)


def require_admin(user, org=None) -> None:
    if user is None:
        return  # system actions (migrations, seeding) have no user
    if not can_admin(user, org):
        raise Forbidden()


def can_admin_account(user, person) -> bool:
    """Account-wide changes (password, lock, name) reach every post the person holds, so an agency
    admin may make them only for someone who works in their agencies and nowhere else — never for a
    system administrator, whose account would hand over every agency."""
    if user is None or not user.is_authenticated:
        return False
    actor = actor_for(user)
    if actor.is_system_admin:
        return True
    if person.is_system_admin:
        return False
    from edesk.accounts.models import Membership

    mine = actor.agencies_with(Perm.ORG_ADMIN)
    posts = list(Membership.objects.filter(user_id=person.pk).values_list("agency_id", "active"))
    return any(agency in mine for agency, _ in posts) and all(
        agency in mine for agency, active in posts if active
    )


def require_account_admin(user, person) -> None:
    if user is None:
        return  # system actions have no user
    if not can_admin_account(user, person):
        raise Forbidden()
