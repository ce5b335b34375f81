"""Writes to the organisation tree."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.db.models.functions import Length

from edesk.audit import events
from edesk.core.errors import UserError
from edesk.orgs.models import Organization, validate_org_code

PATH_STEP = 4


def _check_code(code: str | None, *, exclude_id: int | None = None) -> str | None:
    if not code:
        return None
    try:
        validate_org_code(code)
    except ValidationError as exc:
        raise UserError(exc.messages[0], code="org_code", field="code") from exc
    clash = Organization.objects.filter(code=code)
    if exclude_id:
        clash = clash.exclude(pk=exclude_id)
    if clash.exists():
        raise UserError(
            f"Mã định danh {code} đã được dùng cho cơ quan khác.", code="org_code_taken", field="code"
        )
    return code


@transaction.atomic
def org_create(
    *,
    actor,
    name: str,
    short_name: str,
    parent: Organization | None = None,
    is_agency: bool = False,
    code: str | None = None,
    sort_order: int = 0,
    address: str = "",
) -> Organization:
    """Add a node under `parent` (or a new root). A root is always an agency."""
    from edesk.accounts.access import require_admin

    require_admin(actor, parent)
    code = _check_code(code)
    if parent is None:
        is_agency = True
        siblings = Organization.objects.filter(parent__isnull=True)
        prefix = ""
    else:
        parent = Organization.objects.select_for_update().get(pk=parent.pk)
        siblings = Organization.objects.filter(parent=parent)
        prefix = parent.path
    last = siblings.aggregate(m=Max("path"))["m"]
    index = int(last[-PATH_STEP - 1 : -1]) + 1 if last else 1
    org = Organization(
        parent=parent,
        name=name.strip(),
        short_name=short_name.strip(),
        code=code,
        is_agency=is_agency,
        sort_order=sort_order,
        address=address,
        path=f"{prefix}{index:0{PATH_STEP}d}.",
        depth=0 if parent is None else parent.depth + 1,
    )
    if not is_agency and parent is not None:
        org.agency_id = parent.agency_id
    org.save()
    if is_agency:
        org.agency = org
        org.save(update_fields=["agency"])
    events.record(actor, "org.create", org, agency_id=org.agency_id, data={"name": org.name, "code": code})
    return org


@transaction.atomic
def org_update(
    *, actor, org: Organization, name: str, short_name: str, code: str | None, active: bool
) -> Organization:
    from edesk.accounts.access import require_admin

    require_admin(actor, org)
    org = Organization.objects.select_for_update().get(pk=org.pk)
    org.code = _check_code(code, exclude_id=org.pk)
    org.name = name.strip()
    org.short_name = short_name.strip()
    org.active = active
    org.save(update_fields=["code", "name", "short_name", "active", "updated_at"])
    events.record(
        actor, "org.update", org, agency_id=org.agency_id, data={"name": org.name, "code": org.code}
    )
    return org


def subtree(org: Organization):
    """The node and everything under it."""
    return Organization.objects.filter(path__startswith=org.path)


def ancestors(org: Organization):
    paths = [org.path[: i + PATH_STEP + 1] for i in range(0, len(org.path), PATH_STEP + 1)]
    return Organization.objects.filter(path__in=paths).order_by(Length("path"), F("sort_order"))
