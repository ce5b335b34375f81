"""Recording that a register was printed: registers list every entry, so each print is audited."""

from django.db import transaction

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm
from edesk.audit import events
from edesk.core.errors import NotFound
from edesk.orgs.models import Organization


@transaction.atomic
def register_print_record(*, actor, agency: Organization, book: str, year: int, fmt: str) -> None:
    """Write the "register.print" audit event for `actor` printing `agency`'s `book` of `year`."""
    if not actor_for(actor).has(Perm.REGISTER_PRINT, agency_id=agency.pk):
        raise NotFound()
    events.record(
        actor, "register.print", agency, agency_id=agency.pk, data={"book": book, "year": year, "fmt": fmt}
    )
