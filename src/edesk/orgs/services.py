"""Writes to the organisation tree."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from edesk.audit import events
from edesk.core.errors import Forbidden, UserError
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
            _("Mã định danh %(code)s đã được dùng cho cơ quan khác.") % {"code": code},
            code="org_code_taken",
            field="code",
        )
    return code


def _check_names(name: str, short_name: str) -> tuple[str, str]:
    name, short_name = name.strip(), short_name.strip()
    if not name:
        raise UserError(_("Chưa nhập tên cơ quan, đơn vị."), code="org_name", field="name")
    if not short_name:
        raise UserError(_("Chưa nhập tên viết tắt."), code="org_short_name", field="short_name")
    return name, short_name


def _is_system_admin(actor) -> bool:
    from edesk.accounts.context import actor_for

    return actor is None or actor_for(actor).is_system_admin


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
    # An agency has its own seal, clerk and registers: creating one is the province's decision, and
    # an agency admin could not administer it afterwards anyway (it is its own agency).
    if is_agency and not _is_system_admin(actor):
        raise Forbidden(_("Chỉ quản trị hệ thống được thêm cơ quan có con dấu, văn thư riêng."))
    if parent is not None and not parent.active:
        raise UserError(_("Đơn vị cấp trên đã ngừng hoạt động."), code="org_parent_inactive", field="parent")
    name, short_name = _check_names(name, short_name)
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
        name=name,
        short_name=short_name,
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
    """Rename a node, correct its identifier code, or close (reopen) it."""
    from edesk.accounts.access import require_admin

    require_admin(actor, org)
    org = Organization.objects.select_for_update().get(pk=org.pk)
    code = code or None
    # An agency's code routes documents exchanged with other systems, and closing it closes its
    # admin's own access: both are the province's decision.
    if org.is_agency and (code != org.code or active != org.active) and not _is_system_admin(actor):
        raise Forbidden(_("Chỉ quản trị hệ thống được đổi mã định danh hoặc trạng thái của cơ quan."))
    if not active and org.active and org.children.filter(active=True).exists():
        raise UserError(
            _("Còn đơn vị trực thuộc đang hoạt động: hãy cho các đơn vị đó ngừng hoạt động trước."),
            code="org_has_children",
            field="active",
        )
    org.code = _check_code(code, exclude_id=org.pk)
    org.name, org.short_name = _check_names(name, short_name)
    org.active = active
    org.save(update_fields=["code", "name", "short_name", "active", "updated_at"])
    events.record(
        actor,
        "org.update",
        org,
        agency_id=org.agency_id,
        data={"name": org.name, "code": org.code, "active": org.active},
    )
    return org


def subtree(org: Organization):
    """The node and everything under it."""
    return Organization.objects.filter(path__startswith=org.path)


def ancestors(org: Organization):
    paths = [org.path[: i + PATH_STEP + 1] for i in range(0, len(org.path), PATH_STEP + 1)]
    return Organization.objects.filter(path__in=paths).order_by(Length("path"), F("sort_order"))
