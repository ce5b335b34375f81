"""Who may read the audit log: system admins everything, an agency admin (Perm.AUDIT_VIEW) the
events of their agencies' chains, anyone else nothing (the page answers 404)."""

from django.db.models import QuerySet

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm
from edesk.audit.models import AuditEvent
from edesk.core.errors import NotFound
from edesk.orgs.models import Organization


def audit_agency_ids(user) -> frozenset[int] | None:
    """The agencies whose events `user` may read; None means every chain (a system admin)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    actor = actor_for(user)
    if actor.is_system_admin:
        return None
    return actor.agencies_with(Perm.AUDIT_VIEW)


def events_visible_to(user) -> QuerySet[AuditEvent]:
    """The events `user` may read; NotFound for someone who may read none."""
    agencies = audit_agency_ids(user)
    if agencies is None:
        return AuditEvent.objects.all()
    if not agencies:
        raise NotFound()
    return AuditEvent.objects.filter(agency_id__in=agencies)


def audit_agencies_for(user) -> QuerySet[Organization]:
    """The agencies offered in the page's agency filter."""
    agencies = audit_agency_ids(user)
    qs = Organization.objects.filter(is_agency=True)
    return (qs if agencies is None else qs.filter(pk__in=agencies)).order_by("path")
