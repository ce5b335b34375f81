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
