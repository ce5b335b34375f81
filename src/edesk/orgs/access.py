"""Gatekeepers of the administration pages: which organisations and which people an admin manages.

System admins manage everything. An agency admin (a post with Perm.ORG_ADMIN) manages the nodes
whose agency is theirs and the people who hold or held a post there — the same rule the services
enforce through `accounts.access.can_admin`. Anyone else gets the same 404 as for a missing id.
"""

import uuid

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from edesk.accounts.access import can_admin_account
from edesk.accounts.context import actor_for
from edesk.accounts.models import Membership, User
from edesk.accounts.roles import Perm
from edesk.core.errors import Forbidden, NotFound
from edesk.orgs.models import Organization

ORG_ACTIONS = frozenset({"view", "update", "add_child"})
# Actions on a person's account as a whole (not on one post): see accounts.access.can_admin_account.
ACCOUNT_ACTIONS = frozenset({"update", "deactivate", "reactivate", "unlock", "reset_password"})
PERSON_ACTIONS = ACCOUNT_ACTIONS | {"view", "add_post", "end_post"}


def admin_agency_ids(user) -> frozenset[int] | None:
    """The agencies `user` administers; None means all of them (a system admin)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    actor = actor_for(user)
    if actor.is_system_admin:
        return None
    return actor.agencies_with(Perm.ORG_ADMIN)


def is_admin(user) -> bool:
    return admin_agency_ids(user) != frozenset()


def orgs_visible_to_admin(user) -> QuerySet[Organization]:
    agencies = admin_agency_ids(user)
    if agencies is None:
        return Organization.objects.all()
    return Organization.objects.filter(agency_id__in=agencies)


def access_org(user, public_id, *, action: str) -> Organization:
    """The organisation `user` may `action` (view, update, add_child), or NotFound."""
    if action not in ORG_ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    org = (
        orgs_visible_to_admin(user).select_related("agency").filter(public_id=public_uuid(public_id)).first()
    )
    if org is None:
        raise NotFound()
    if action == "add_child" and not org.active:
        raise Forbidden(_("Đơn vị đã ngừng hoạt động: không thêm được đơn vị trực thuộc."))
    return org


def people_visible_to_admin(user) -> QuerySet[User]:
    agencies = admin_agency_ids(user)
    if agencies is None:
        return User.objects.all()
    posts = Membership.objects.filter(user_id=OuterRef("pk"), agency_id__in=agencies)
    return User.objects.filter(Exists(posts))


def access_person(user, public_id, *, action: str) -> User:
    """The person whose account or posts `user` may `action`, or NotFound; Forbidden when the
    person is visible but the change reaches beyond the admin's agencies."""
    if action not in PERSON_ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    person = people_visible_to_admin(user).filter(public_id=public_uuid(public_id)).first()
    if person is None:
        raise NotFound()
    if action in ACCOUNT_ACTIONS and not can_admin_account(user, person):
        raise Forbidden()
    return person


def public_uuid(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as exc:
        raise NotFound() from exc
