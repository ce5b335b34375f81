"""The audit log page: who did what, when, from where — filtered, newest first, keyset-paginated.

Actors, agencies and objects of a page are loaded in one query per kind, so the page costs the same
for 10 rows as for 50. Objects are named only by what an administrator may already see: an
organisation's or person's name, never a document's subject (a secret document's subject must not
leak through its audit trail); documents get a link that goes through their own gatekeeper.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edesk.accounts.roles import Role
from edesk.audit.access import audit_agencies_for, audit_agency_ids, events_visible_to
from edesk.audit.events import ACTION_LABELS, actor_shown
from edesk.core.pagination import keyset_page


@dataclass(frozen=True)
class ObjectKind:
    model: str  # "app_label.ModelName", resolved lazily: the audit app sits below the apps it records
    label: Any
    url_name: str
    name_field: str | None  # None: shown without a name (a document's subject may be secret)


# Keyed by object_type as recorded (the model's name).
OBJECT_TYPES: dict[str, ObjectKind] = {
    "incoming": ObjectKind("inbound.Incoming", _("Văn bản đến"), "inbound:detail", None),
    "organization": ObjectKind("orgs.Organization", _("Cơ quan, đơn vị"), "orgs:org_detail", "name"),
    "user": ObjectKind("accounts.User", _("Người dùng"), "orgs:person_detail", "full_name"),
}
DATA_LABELS = {
    "name": _("Tên"),
    "code": _("Mã định danh"),
    "active": _("Đang hoạt động"),
    "username": _("Tên đăng nhập"),
    "full_name": _("Họ và tên"),
    "email": _("Thư điện tử"),
    "phone": _("Điện thoại"),
    "role": _("Vai trò"),
    "org": _("Đơn vị"),
    "user": _("Cá nhân"),
    "leader": _("Lãnh đạo"),
    "title": _("Chức vụ"),
    "reason": _("Lý do"),
    "note": _("Ý kiến"),
    "to": _("Giao cho"),
    "due": _("Hạn xử lý"),
    "cancelled": _("Phần việc bị hủy"),
    "assignment": _("Phần việc"),
    "child": _("Phần việc mới"),
    "chain": _("Các cấp hoàn thành"),
    "document_completed": _("Văn bản hoàn thành"),
    "read": _("Đã xem phần việc"),
    "register": _("Sổ"),
    "arrival_number": _("Số đến"),
    "files": _("Tệp (mã băm)"),
    "duplicate_of": _("Trùng với văn bản"),
    "until": _("Đến"),
    "prefix": _("Mã bắt đầu bằng"),
    "book": _("Sổ"),
    "year": _("Năm"),
    "fmt": _("Định dạng"),
}
# Details are listed in this order whatever order the database keeps (PostgreSQL's jsonb sorts keys).
KEY_ORDER = {key: index for index, key in enumerate(DATA_LABELS)}
# Keys whose value is the database id of a person or a unit: shown by name.
USER_KEYS = frozenset({"leader", "user"})
ORG_KEYS = frozenset({"org"})
SYSTEM_CHAIN = "0"


class DayInput(forms.DateInput):
    """A dd/mm/yyyy text box, as on the register pages: a native date picker would follow the
    computer's locale (mm/dd/yyyy on an English Windows)."""

    def __init__(self):
        attrs = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "maxlength": 10, "autocomplete": "off"}
        super().__init__(attrs=attrs, format="%d/%m/%Y")


class EventFilterForm(forms.Form):
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DayInput())
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DayInput())
    actor = forms.CharField(label=_("Người thực hiện (tên đăng nhập)"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Thao tác"), required=False)
    object_type = forms.ChoiceField(label=_("Loại đối tượng"), required=False)
    object_id = forms.UUIDField(label=_("Mã đối tượng"), required=False)
    agency = forms.ChoiceField(label=_("Cơ quan"), required=False)

    def __init__(self, *args, agencies: QuerySet, include_system: bool, **kwargs):
        super().__init__(*args, **kwargs)
        actions = sorted(ACTION_LABELS.items(), key=lambda item: str(item[1]))
        cast(forms.ChoiceField, self.fields["action"]).choices = [("", _("Tất cả")), *actions]
        kinds = [(k, v.label) for k, v in OBJECT_TYPES.items()]
        cast(forms.ChoiceField, self.fields["object_type"]).choices = [("", _("Tất cả")), *kinds]
        self.agency_ids = {str(a.public_id): a.pk for a in agencies}
        system = [(SYSTEM_CHAIN, _("Hệ thống (chung)"))] if include_system else []
        choices = [(str(a.public_id), a.name) for a in agencies]
        cast(forms.ChoiceField, self.fields["agency"]).choices = [("", _("Tất cả")), *system, *choices]

    def clean(self):
        data = super().clean()
        if data.get("object_id") and not data.get("object_type"):
            self.add_error("object_type", _("Chọn loại đối tượng cho mã đối tượng."))
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Ngày kết thúc trước ngày bắt đầu."))
        return data


@dataclass
class EventRow:
    id: int
    at: datetime
    actor: str
    username: str
    action: str
    label: str
    object_type: str
    object_name: str
    object_url: str
    agency: str
    ip: str | None
    details: list[tuple[str, str]]


@login_required
def event_list(request):
    events = events_visible_to(request.user)
    agencies = audit_agencies_for(request.user)
    form = EventFilterForm(
        request.GET or None, agencies=agencies, include_system=audit_agency_ids(request.user) is None
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = keyset_page(
        _filtered(events, data, form.agency_ids),
        order=("-id",),
        cursor=request.GET.get("cursor"),
        size=settings.EDESK_PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("cursor", None)
    context = {"form": form, "rows": _rows(page.items), "page": page, "query": query.urlencode()}
    return render(request, "audit/event_list.html", context)


def _filtered(qs: QuerySet, data: dict, agency_ids: dict[str, int]) -> QuerySet:
    tz = timezone.get_current_timezone()
    if day := data.get("date_from"):
        qs = qs.filter(at__gte=datetime.combine(day, time.min, tzinfo=tz))
    if day := data.get("date_to"):
        qs = qs.filter(at__lt=datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz))
    if username := data.get("actor", "").strip().lower():
        users = apps.get_model("accounts", "User").objects.filter(username=username)
        qs = qs.filter(actor_id__in=users.values("pk"))
    if action := data.get("action"):
        qs = qs.filter(action=action)
    if object_type := data.get("object_type"):
        qs = qs.filter(object_type=object_type)
        if public_id := data.get("object_id"):
            qs = qs.filter(object_id__in=_object_pks(object_type, public_id))
    if agency := data.get("agency"):
        qs = (
            qs.filter(agency_id__isnull=True)
            if agency == SYSTEM_CHAIN
            else qs.filter(agency_id=agency_ids[agency])
        )
    return qs


def _object_pks(object_type: str, public_id: uuid.UUID) -> list[str]:
    model = apps.get_model(OBJECT_TYPES[object_type].model)
    return [str(pk) for pk in model.objects.filter(public_id=public_id).values_list("pk", flat=True)]


def _rows(items: list) -> list[EventRow]:
    users = apps.get_model("accounts", "User").objects.filter(
        pk__in={e.actor_id for e in items if e.actor_id}
    )
    usernames = dict(users.values_list("pk", "username"))
    agencies = apps.get_model("orgs", "Organization").objects.filter(pk__in={e.agency_id for e in items})
    agency_names = dict(agencies.values_list("pk", "name"))
    objects = _objects(items)
    describer = _Describer(items)
    rows = []
    for e in items:
        name, url = objects.get((e.object_type, e.object_id), ("", ""))
        kind = OBJECT_TYPES.get(e.object_type)
        rows.append(
            EventRow(
                id=e.pk,
                at=e.at,
                actor=actor_shown(e.actor_id, e.actor_label),
                username=usernames.get(e.actor_id, ""),
                action=e.action,
                label=str(ACTION_LABELS.get(e.action, e.action)),
                object_type=str(kind.label) if kind else e.object_type,
                object_name=name,
                object_url=url,
                agency=agency_names.get(e.agency_id, "") if e.agency_id else str(_("Hệ thống (chung)")),
                ip=e.ip,
                details=describer.details(e.data),
            )
        )
    return rows


def _objects(items: list) -> dict[tuple[str, str], tuple[str, str]]:
    """(object_type, object_id) → (name, URL) for the page's objects: one query per object type."""
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for object_type, kind in OBJECT_TYPES.items():
        ids = {e.object_id for e in items if e.object_type == object_type and e.object_id.isdigit()}
        if not ids:
            continue
        rows = apps.get_model(kind.model).objects.filter(pk__in=ids)
        for pk, public_id, name in rows.values_list("pk", "public_id", kind.name_field or "pk"):
            label = str(name) if kind.name_field else ""
            found[(object_type, str(pk))] = (label, reverse(kind.url_name, args=[public_id]))
    return found


class _Describer:
    """Turns events' data into (label, text) pairs, naming the people and units they refer to by
    id: one query for each kind over the whole page."""

    def __init__(self, items: list):
        users: set[int] = set()
        orgs: set[int] = set()
        for item in items:
            _collect(item.data, users, orgs)
        user_model, org_model = apps.get_model("accounts.User"), apps.get_model("orgs.Organization")
        self.users = (
            dict(user_model.objects.filter(pk__in=users).values_list("pk", "full_name")) if users else {}
        )
        self.orgs = dict(org_model.objects.filter(pk__in=orgs).values_list("pk", "name")) if orgs else {}
        # Assignment roles belong to inbound, which sits above this app: read lazily, for labels only.
        from edesk.inbound.models import AssignmentRole

        self.roles = {**dict(Role.choices), **dict(AssignmentRole.choices)}

    def details(self, data: Any) -> list[tuple[str, str]]:
        if not isinstance(data, dict):
            return [("", self.text(data))] if data else []
        return [(str(DATA_LABELS.get(key, key)), self.text(value, key)) for key, value in _ordered(data)]

    def text(self, value: Any, key: str = "") -> str:
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, bool):
            return str(_("Có") if value else _("Không"))
        if isinstance(value, int) and key in USER_KEYS | ORG_KEYS:
            return (self.users if key in USER_KEYS else self.orgs).get(value, f"#{value}")
        if key == "role":
            return str(self.roles.get(value, value))
        if key == "files" and isinstance(value, list):
            return ", ".join(f"{str(sha)[:12]}…" for sha in value)
        if isinstance(value, list):
            return "; ".join(self.text(item, key) for item in value)
        if isinstance(value, dict):
            parts = [(k, v) for k, v in _ordered(value) if v not in (None, "")]
            return ", ".join(f"{DATA_LABELS.get(k, k)}: {self.text(v, k)}" for k, v in parts)
        if isinstance(value, str):
            return _when(value)
        return str(value)


def _ordered(data: dict) -> list[tuple[str, Any]]:
    return sorted(data.items(), key=lambda item: KEY_ORDER.get(item[0], len(KEY_ORDER)))


def _collect(value: Any, users: set[int], orgs: set[int], key: str = "") -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _collect(v, users, orgs, k)
    elif isinstance(value, list):
        for v in value:
            _collect(v, users, orgs, key)
    elif isinstance(value, int) and not isinstance(value, bool):
        if key in USER_KEYS:
            users.add(value)
        elif key in ORG_KEYS:
            orgs.add(value)


def _when(value: str) -> str:
    """ISO dates and times (as json stores them) in the dd/mm/yyyy the users read."""
    try:
        if len(value) == 10 and value[4] == "-":
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        if len(value) >= 19 and value[10] == "T":
            return timezone.localtime(datetime.fromisoformat(value)).strftime("%d/%m/%Y %H:%M:%S")
    except ValueError:
        return value  # not a date after all: shown as written
    return value
