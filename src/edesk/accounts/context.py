"""What a person may do, computed once per request from their memberships."""

from dataclasses import dataclass, field
from functools import cached_property

from edesk.accounts.roles import ROLE_PERMS, Perm, Role


@dataclass(frozen=True)
class Post:
    org_id: int
    agency_id: int
    role: str
    title: str
    org_name: str


@dataclass
class Actor:
    """The memberships of one user, with the derived sets every gatekeeper asks about."""

    user_id: int
    is_system_admin: bool
    posts: list[Post] = field(default_factory=list)

    @cached_property
    def agency_ids(self) -> frozenset[int]:
        return frozenset(p.agency_id for p in self.posts)

    @cached_property
    def org_ids(self) -> frozenset[int]:
        return frozenset(p.org_id for p in self.posts)

    def agencies_with(self, perm: str) -> frozenset[int]:
        return frozenset(p.agency_id for p in self.posts if perm in ROLE_PERMS[p.role])

    def orgs_with(self, perm: str) -> frozenset[int]:
        return frozenset(p.org_id for p in self.posts if perm in ROLE_PERMS[p.role])

    def has(self, perm: str, *, agency_id: int | None = None) -> bool:
        return any(perm in ROLE_PERMS[p.role] and agency_id in (None, p.agency_id) for p in self.posts)

    @cached_property
    def headed_org_ids(self) -> frozenset[int]:
        """Units this person heads: assignments to the unit land on their desk."""
        return frozenset(p.org_id for p in self.posts if p.role in (Role.UNIT_HEAD, Role.LEADER))

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(p.role for p in self.posts)


def actor_for(user) -> Actor:
    """Load (and cache on the user object) the actor's posts: one query per request."""
    cached = getattr(user, "_edesk_actor", None)
    if cached is not None:
        return cached
    from edesk.accounts.models import Membership

    rows = (
        Membership.objects.filter(user_id=user.pk, active=True, org__active=True)
        .select_related("org")
        .order_by("-is_primary", "id")
    )
    actor = Actor(
        user_id=user.pk,
        is_system_admin=bool(getattr(user, "is_system_admin", False)),
        posts=[Post(m.org_id, m.agency_id, m.role, m.title, m.org.name) for m in rows],
    )
    user._edesk_actor = actor
    return actor


__all__ = ["Actor", "Perm", "Post", "Role", "actor_for"]
