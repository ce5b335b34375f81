"""Forms of the workflow actions on the document page, and which of them a person is offered.

Forms validate input and turn choices into the ids the services take; they do not act, and the
services check everything again under their locks. Choices carry public ids, so database ids stay
on the server. Which forms appear follows what the services will accept: the transition table, the
person's permissions in the document's agency, and the parts of the work they hold.
"""

from dataclasses import dataclass, field
from datetime import date
from itertools import zip_longest
from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from edesk.accounts.context import actor_for
from edesk.accounts.models import Membership, User
from edesk.accounts.roles import Perm
from edesk.documents.services import Upload
from edesk.inbound import selectors
from edesk.inbound.models import Assignment, AssignmentRole, Incoming
from edesk.inbound.services import AssignmentSpec
from edesk.inbound.transitions import allowed_actions
from edesk.orgs.models import Organization

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ROWS = 6
ROW_FIELDS = ("role", "target", "due_date")
NOTE_MAX = 2000
DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "maxlength": 10, "autocomplete": "off"}


class DateInput(forms.DateInput):
    """A text box in dd/mm/yyyy, as on the registration form: a native date picker shows the
    computer's locale (mm/dd/yyyy on an English Windows), which misleads more than it helps."""

    def __init__(self, attrs=None):
        super().__init__(attrs={**DATE_ATTRS, **(attrs or {})}, format="%d/%m/%Y")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data if item]
        return [one(data, initial)] if data else []


def _note(label, *, required: bool, message: "StrOrPromise" = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message} if message else None,
    )


def _people_choices(people: list[User], prompt) -> list[tuple[str, str]]:
    return [("", prompt)] + [(str(u.public_id), u.get_full_name()) for u in people]


def _offer(form: forms.Form, name: str, choices: list) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class PresentForm(forms.Form):
    leader = forms.ChoiceField(
        label=_("Lãnh đạo nhận trình"), error_messages={"required": _("Hãy chọn lãnh đạo.")}
    )

    def __init__(self, data=None, *, leaders: list[User], current: User | None = None):
        initial = {"leader": str(current.public_id)} if current is not None else None
        super().__init__(data, initial=initial, auto_id="id_present_%s")
        self._ids = {str(u.public_id): u.pk for u in leaders}
        _offer(self, "leader", _people_choices(leaders, _("— Chọn lãnh đạo —")))

    def clean_leader(self) -> int:
        return self._ids[self.cleaned_data["leader"]]


class ReturnForm(forms.Form):
    reason = _note(_("Lý do trả lại"), required=True, message=_("Hãy ghi lý do trả lại."))

    def __init__(self, data=None):
        super().__init__(data, auto_id="id_return_%s")


@dataclass
class Targets:
    """The units and people of one agency a leader may assign, keyed "o:<uuid>" and "u:<uuid>"."""

    units: list[tuple[str, str]] = field(default_factory=list)
    people: list[tuple[str, str]] = field(default_factory=list)
    ids: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)  # key → (user, org)

    def choices(self) -> list:
        return [
            ("", _("— Chưa chọn —")),
            (_("Đơn vị"), self.units),
            (_("Cá nhân"), self.people),
        ]

    def key_for(self, *, user_id: int | None, org_id: int | None) -> str:
        wanted = (user_id, None) if user_id else (None, org_id)
        return next((key for key, ids in self.ids.items() if ids == wanted), "")


def direction_targets(agency_id: int) -> Targets:
    """Units (in tree order, indented by depth) and people (by name, with their first post)."""
    targets = Targets()
    units = list(
        Organization.objects.filter(agency_id=agency_id, active=True).exclude(pk=agency_id).order_by("path")
    )
    top = min((u.depth for u in units), default=0)
    for unit in units:
        key = f"o:{unit.public_id}"
        targets.units.append((key, "\u00a0\u00a0" * (unit.depth - top) + unit.name))
        targets.ids[key] = (None, unit.pk)
    posts = (
        Membership.objects.filter(agency_id=agency_id, active=True, user__is_active=True, org__active=True)
        .select_related("user", "org")
        .order_by("user__full_name", "-is_primary", "id")
    )
    for post in posts:
        key = f"u:{post.user.public_id}"
        if key not in targets.ids:
            label = ", ".join(p for p in (post.title, post.org.name) if p)
            targets.people.append((key, f"{post.user.get_full_name()} — {label}"))
            targets.ids[key] = (post.user_id, None)
    return targets


class AssignmentRowForm(forms.Form):
    """One row of the direction table. Every row posts the same three names, so rows can be added
    in the browser by copying one; the rows are read back in order."""

    role = forms.ChoiceField(label=_("Vai trò"), choices=AssignmentRole.choices)
    target = forms.ChoiceField(label=_("Đơn vị hoặc cá nhân"), required=False)
    due_date = forms.DateField(label=_("Hạn xử lý"), required=False, widget=DateInput)

    def __init__(self, data=None, *, targets: Targets, initial=None):
        super().__init__(data, initial=initial, auto_id=False)
        _offer(self, "target", targets.choices())

    @property
    def is_blank(self) -> bool:
        return self.is_bound and not self.data.get("target")


def _column(data, name: str) -> list[str]:
    return data.getlist(name) if hasattr(data, "getlist") else list(data.get(name) or [])


class DirectionForm(forms.Form):
    """The leader's direction (or re-assignment): a note and up to any number of assignment rows.
    A row without a target is ignored; "exactly one lead" is the service's rule and message."""

    note = _note(_("Ý kiến chỉ đạo"), required=False)

    def __init__(self, data=None, *, targets: Targets, default_due: date | None, note: str = "", parts=()):
        super().__init__(data, initial={"note": note}, auto_id="id_direct_%s")
        self.targets = targets
        self.specs: list[AssignmentSpec] = []
        blank = {"role": AssignmentRole.CO, "due_date": default_due}
        self.blank_row = AssignmentRowForm(targets=targets, initial=blank)
        if data is not None:
            columns = [_column(data, name) for name in ROW_FIELDS]
            self.rows = [
                AssignmentRowForm(dict(zip(ROW_FIELDS, values, strict=True)), targets=targets)
                for values in zip_longest(*columns, fillvalue="")
            ]
            return
        initial = [
            {
                "role": p.role,
                "target": targets.key_for(user_id=p.target_user_id, org_id=p.target_org_id),
                "due_date": p.due_date,
            }
            for p in parts
        ]
        while len(initial) < ROWS:
            initial.append(
                {"role": AssignmentRole.LEAD, "due_date": default_due} if not initial else dict(blank)
            )
        self.rows = [AssignmentRowForm(targets=targets, initial=row) for row in initial]

    def clean(self):
        cleaned = super().clean()
        invalid = False
        for row in self.rows:
            if row.is_blank:
                continue
            if not row.is_valid():
                invalid = True
                continue
            user_id, org_id = self.targets.ids[row.cleaned_data["target"]]
            role = row.cleaned_data["role"]
            # A for-information part has nothing to finish, so it carries no deadline.
            due = None if role == AssignmentRole.INFO else row.cleaned_data["due_date"]
            self.specs.append(AssignmentSpec(role=role, user_id=user_id, org_id=org_id, due_date=due))
        if invalid:
            raise forms.ValidationError(_("Có dòng phân công chưa hợp lệ; xem các ô được đánh dấu."))
        return cleaned


class DelegateForm(forms.Form):
    user = forms.ChoiceField(label=_("Giao cho cán bộ"), error_messages={"required": _("Hãy chọn cán bộ.")})
    note = _note(_("Ý kiến giao việc"), required=False, rows=2)
    due_date = forms.DateField(
        label=_("Hạn xử lý"),
        required=False,
        widget=DateInput,
        help_text=_("Để trống: giữ hạn của phần việc."),
    )

    def __init__(self, data=None, *, people: list[User], key: str):
        super().__init__(data, auto_id=f"id_{key}_delegate_%s")
        self._ids = {str(u.public_id): u.pk for u in people}
        _offer(self, "user", _people_choices(people, _("— Chọn cán bộ —")))

    def clean_user(self) -> int:
        return self._ids[self.cleaned_data["user"]]


class ProgressForm(forms.Form):
    note = _note(_("Nội dung tiến độ"), required=True, message=_("Hãy ghi nội dung tiến độ."))
    attachments = MultipleFileField(
        label=_("Tệp kèm theo"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg,.tif,.tiff"}),
        help_text=_("PDF, Word, Excel hoặc ảnh; có thể chọn nhiều tệp."),
    )

    def __init__(self, data=None, files=None, *, key: str, secret: bool):
        super().__init__(data, files, auto_id=f"id_{key}_progress_%s")
        if secret:
            # Secret documents keep no files on the system, progress files included.
            del self.fields["attachments"]

    def uploads(self) -> list[Upload]:
        return [
            Upload(name=f.name, fileobj=f, size=f.size) for f in self.cleaned_data.get("attachments") or []
        ]


class CompleteForm(forms.Form):
    note = _note(_("Kết quả xử lý"), required=True, message=_("Hãy ghi kết quả xử lý."))

    def __init__(self, data=None, *, key: str):
        super().__init__(data, auto_id=f"id_{key}_complete_%s")


def part_key(assignment: Assignment) -> str:
    return f"p{assignment.public_id.hex[:8]}"


def present_form(incoming: Incoming, data=None) -> PresentForm:
    return PresentForm(
        data, leaders=list(selectors.leaders_of(incoming.agency_id)), current=incoming.presented_to
    )


def direction_form(incoming: Incoming, data=None, *, targets: Targets | None = None) -> DirectionForm:
    return DirectionForm(
        data, targets=targets or direction_targets(incoming.agency_id), default_due=incoming.due_date
    )


def reassign_form(incoming: Incoming, data=None, *, targets: Targets | None = None) -> DirectionForm:
    # The open top-level parts are what a re-assignment replaces, so the form starts from them.
    parts = [a for a in incoming.assignments.all() if a.parent_id is None and a.is_open]
    return DirectionForm(
        data,
        targets=targets or direction_targets(incoming.agency_id),
        default_due=incoming.due_date,
        note=incoming.direction_note,
        parts=parts,
    )


def delegate_people(user, assignments: list[Assignment]) -> dict[int, list[User]]:
    """For each part, the people it may be passed to: its unit's members (or, for a part named to
    a person, the members of the units they head), never the holder themselves."""
    headed = sorted(actor_for(user).headed_org_ids)
    units_of = {a.pk: [a.target_org_id] if a.target_org_id else headed for a in assignments}
    wanted = {org for orgs in units_of.values() for org in orgs}
    posts = Membership.objects.filter(org_id__in=wanted, active=True, user__is_active=True)
    by_org: dict[int, list[User]] = {}
    for post in posts.select_related("user").order_by("user__full_name", "id"):
        if post.user_id != user.pk:
            by_org.setdefault(post.org_id, []).append(post.user)
    return {
        pk: sorted(
            {person.pk: person for org in orgs for person in by_org.get(org, [])}.values(),
            key=lambda person: person.get_full_name(),
        )
        for pk, orgs in units_of.items()
    }


@dataclass
class PartPanel:
    assignment: Assignment
    key: str
    mark: str | None = None
    delegated_to: User | None = None  # the person holding the part passed down, if any
    delegate: DelegateForm | None = None
    progress: ProgressForm | None = None
    complete: CompleteForm | None = None


@dataclass
class Bound:
    """A submitted form to show again in place of the empty one (with its errors)."""

    action: str
    form: forms.Form
    part: int | None = None


@dataclass
class ActionPanel:
    present: PresentForm | None = None
    direct: DirectionForm | None = None
    send_back: ReturnForm | None = None
    reassign: DirectionForm | None = None
    parts: list[PartPanel] = field(default_factory=list)
    placed: bool = False

    def __bool__(self) -> bool:
        return bool(self.present or self.direct or self.send_back or self.reassign or self.parts)


def action_panel(user, incoming: Incoming, *, bound: Bound | None = None) -> ActionPanel:
    """The forms `user` may use on `incoming` (loaded by selectors.document_detail)."""
    panel = ActionPanel()

    def pick(action: str, make, part: int | None = None):
        if bound is not None and bound.action == action and bound.part == part:
            panel.placed = True
            return bound.form
        return make()

    actor = actor_for(user)
    actions = allowed_actions(incoming.state)
    agency = incoming.agency_id
    if "present" in actions and actor.has(Perm.INCOMING_PRESENT, agency_id=agency):
        panel.present = pick("present", lambda: present_form(incoming))
    if actor.has(Perm.INCOMING_DIRECT, agency_id=agency) and actions & {"direct", "reassign"}:
        targets = direction_targets(agency)
        if "direct" in actions:
            panel.direct = pick("direct", lambda: direction_form(incoming, targets=targets))
        if "reassign" in actions:
            panel.reassign = pick("reassign", lambda: reassign_form(incoming, targets=targets))
    if "return" in actions and actor.has(Perm.INCOMING_RETURN, agency_id=agency):
        panel.send_back = pick("return", ReturnForm)
    panel.parts = _parts(user, incoming, pick)
    return panel


def _parts(user, incoming: Incoming, pick) -> list[PartPanel]:
    actor = actor_for(user)
    loaded = {a.pk: a for a in incoming.assignments.all()}
    held = [
        loaded[a.pk]
        for a in selectors.held_assignments(user, incoming)
        if a.pk in loaded and a.role != AssignmentRole.INFO
    ]
    can_delegate = actor.has(Perm.ASSIGNMENT_DELEGATE, agency_id=incoming.agency_id)
    can_handle = actor.has(Perm.ASSIGNMENT_HANDLE, agency_id=incoming.agency_id)
    people = delegate_people(user, held) if can_delegate and held else {}
    parts = []
    for a in held:
        key = part_key(a)
        passed = next((c for c in loaded.values() if c.parent_id == a.pk and c.is_open), None)
        part = PartPanel(a, key, selectors.deadline_mark(a.due_date), passed.target_user if passed else None)
        if people.get(a.pk):
            part.delegate = pick(
                "delegate", lambda a=a, key=key: DelegateForm(people=people[a.pk], key=key), a.pk
            )
        if can_handle:
            part.progress = pick(
                "progress", lambda key=key: ProgressForm(key=key, secret=incoming.is_secret), a.pk
            )
            part.complete = pick("complete", lambda key=key: CompleteForm(key=key), a.pk)
        if part.delegate or part.progress or part.complete:
            parts.append(part)
    return parts
