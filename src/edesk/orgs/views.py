"""Administration pages: the organisation tree and the people who hold posts in it.

Every page starts at a gatekeeper in orgs.access (404 for anyone who is not an administrator of
what they ask for) and every change goes through orgs.services or accounts.services.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from edesk.accounts import services as accounts
from edesk.accounts.access import can_admin_account
from edesk.accounts.admin_forms import PasswordResetForm, PersonCreateForm, PersonForm, PostForm
from edesk.accounts.models import Membership
from edesk.core.errors import NotFound, UserError
from edesk.core.pagination import keyset_page
from edesk.orgs import services
from edesk.orgs.access import (
    access_org,
    access_person,
    admin_agency_ids,
    is_admin,
    orgs_visible_to_admin,
    people_visible_to_admin,
    public_uuid,
)
from edesk.orgs.forms import OrgCreateForm, OrgForm, PeopleFilterForm
from edesk.orgs.models import Organization


@login_required
def tree(request):
    _require_admin(request.user)
    q = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "orgs/tree.html",
        {
            "nodes": _tree_nodes(request.user, q),
            "q": q,
            "is_system_admin": admin_agency_ids(request.user) is None,
        },
    )


@login_required
def org_create(request):
    _require_admin(request.user)
    parent = _parent(request)
    system_admin = admin_agency_ids(request.user) is None
    form = OrgCreateForm(request.POST or None, allow_agency=system_admin and parent is not None)
    if request.method == "POST" and form.is_valid():
        org = _apply(
            form, lambda: services.org_create(actor=request.user, parent=parent, **form.cleaned_data)
        )
        if org is not None:
            messages.success(request, _("Đã thêm “%(name)s”.") % {"name": org.name})
            return redirect("orgs:org_detail", public_id=org.public_id)
    return render(request, "orgs/org_form.html", {"form": form, "parent": parent})


@login_required
def org_detail(request, public_id):
    org = access_org(request.user, public_id, action="update" if request.method == "POST" else "view")
    locked = org.is_agency and admin_agency_ids(request.user) is not None
    initial = {"name": org.name, "short_name": org.short_name, "code": org.code or "", "active": org.active}
    form = OrgForm(request.POST or None, initial=initial, agency_fields_locked=locked)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(form, lambda: services.org_update(actor=request.user, org=org, **form.cleaned_data))
    ):
        messages.success(request, _("Đã lưu thay đổi."))
        return redirect("orgs:org_detail", public_id=org.public_id)
    return render(request, "orgs/org_detail.html", _org_context(request.user, org, form))


@login_required
def people(request):
    _require_admin(request.user)
    form = PeopleFilterForm(request.GET or None, orgs=orgs_visible_to_admin(request.user))
    page = keyset_page(
        _people_query(request.user, form),
        order=("full_name", "id"),
        cursor=request.GET.get("cursor"),
        size=settings.EDESK_PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("cursor", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "now": timezone.now()}
    return render(request, "orgs/people.html", context)


@login_required
def person_create(request):
    _require_admin(request.user)
    system_admin = admin_agency_ids(request.user) is None
    visible = orgs_visible_to_admin(request.user).filter(active=True)
    form = PersonCreateForm(
        request.POST or None,
        orgs=visible,
        org_required=not system_admin,
        initial={"org": request.GET.get("org")},
    )
    if request.method == "POST" and form.is_valid():
        person = _apply(form, lambda: accounts.person_create(actor=request.user, **form.cleaned_data))
        if person is not None:
            messages.success(request, _("Đã thêm người dùng %(name)s.") % {"name": person.full_name})
            return redirect("orgs:person_detail", public_id=person.public_id)
    return render(request, "orgs/person_form.html", {"form": form})


@login_required
def person_detail(request, public_id):
    action = request.POST.get("action", "") if request.method == "POST" else "view"
    if action != "view" and action not in _PERSON_ACTIONS:
        raise UserError(_("Thao tác không hợp lệ."))
    person = access_person(request.user, public_id, action=action)
    bound: dict[str, Any] = {}
    if action != "view":
        form = _PERSON_ACTIONS[action](request, person)
        if form is None:
            return redirect("orgs:person_detail", public_id=person.public_id)
        bound[action] = form
    return render(request, "orgs/person_detail.html", _person_context(request.user, person, bound))


# Person actions: each returns None when done (a message is queued) or the bound form to show again.


def _person_update(request, person):
    form = PersonForm(request.POST)
    if form.is_valid() and _apply(
        form, lambda: accounts.person_update(actor=request.user, person=person, **form.cleaned_data)
    ):
        messages.success(request, _("Đã lưu thông tin người dùng."))
        return None
    return form


def _person_add_post(request, person):
    form = PostForm(request.POST, orgs=orgs_visible_to_admin(request.user).filter(active=True))
    if not form.is_valid():
        return form
    first = not person.memberships.filter(active=True).exists()
    if _apply(
        form,
        lambda: accounts.membership_add(
            actor=request.user, user=person, is_primary=first, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Đã giao chức vụ."))
        return None
    return form


def _person_end_post(request, person):
    org_id = public_uuid(request.POST.get("org", ""))
    post = person.memberships.filter(active=True, role=request.POST.get("role", ""), org__public_id=org_id)
    post = post.select_related("org").first()
    if post is None:
        raise NotFound()
    accounts.membership_end(actor=request.user, membership=post)
    messages.success(request, _("Đã thôi chức vụ tại %(org)s.") % {"org": post.org.name})
    return None


def _person_set_active(active: bool) -> Callable:
    def handle(request, person):
        accounts.person_set_active(actor=request.user, person=person, active=active)
        messages.success(request, _("Đã mở lại tài khoản.") if active else _("Đã khóa tài khoản."))
        return None

    return handle


def _person_unlock(request, person):
    accounts.person_unlock(actor=request.user, person=person)
    messages.success(request, _("Đã mở khóa đăng nhập."))
    return None


def _person_reset_password(request, person):
    form = PasswordResetForm(request.POST)
    if form.is_valid() and _apply(
        form,
        lambda: accounts.person_password_reset(
            actor=request.user, person=person, new_password=form.cleaned_data["new_password"]
        ),
    ):
        messages.success(request, _("Đã đặt mật khẩu mới; các phiên đăng nhập cũ đã kết thúc."))
        return None
    return form


_PERSON_ACTIONS: dict[str, Callable] = {
    "update": _person_update,
    "add_post": _person_add_post,
    "end_post": _person_end_post,
    "deactivate": _person_set_active(False),
    "reactivate": _person_set_active(True),
    "unlock": _person_unlock,
    "reset_password": _person_reset_password,
}


# Helpers


def _require_admin(user) -> None:
    if not is_admin(user):
        raise NotFound()


def _apply(form, call: Callable[[], Any]) -> Any:
    """Run a service; a UserError about one of the form's fields goes back onto that field (so the
    admin keeps what they typed), anything else propagates to the error middleware. Returns the
    service's result, True for a service that returns nothing, or None on a field error."""
    try:
        result = call()
    except UserError as exc:
        if exc.field not in form.fields or exc.status != 400:
            raise
        form.add_error(exc.field, exc.message)
        return None
    return True if result is None else result


def _parent(request):
    """The node a new one goes under (`?parent=`); only a system admin may add a root agency."""
    public_id = request.GET.get("parent")
    if not public_id:
        if admin_agency_ids(request.user) is not None:
            raise NotFound()
        return None
    return access_org(request.user, public_id, action="add_child")


@dataclass
class TreeRow:
    node: Organization
    indent: int  # depth below the shallowest node shown


def _tree_nodes(user, q: str) -> list[TreeRow]:
    # One query whatever the size of the tree: member counts come from the same GROUP BY.
    nodes = orgs_visible_to_admin(user).annotate(
        members=Count("memberships__user", filter=Q(memberships__active=True), distinct=True)
    )
    if q:
        nodes = nodes.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q))
    rows = list(nodes.order_by("path"))
    top = min((row.depth for row in rows), default=0)
    return [TreeRow(node=row, indent=row.depth - top) for row in rows]


def _org_context(user, org, form) -> dict:
    agencies = admin_agency_ids(user)
    trail = list(services.ancestors(org).exclude(pk=org.pk))
    for node in trail:
        node.visible = agencies is None or node.agency_id in agencies
    children = list(
        org.children.annotate(
            members=Count("memberships__user", filter=Q(memberships__active=True), distinct=True)
        ).order_by("path")
    )
    posts = list(org.memberships.select_related("user").order_by("-active", "role", "user__full_name"))
    return {"org": org, "form": form, "trail": trail, "children": children, "posts": posts}


def _people_query(user, form):
    qs = people_visible_to_admin(user).prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(active=True)
            .select_related("org")
            .order_by("-is_primary", "id"),
            to_attr="posts",
        )
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if q := data.get("q", "").strip():
        qs = qs.filter(Q(full_name__icontains=q) | Q(username__icontains=q.lower()))
    if org := data.get("org"):
        within = Membership.objects.filter(
            user_id=OuterRef("pk"), active=True, org__path__startswith=org.path
        )
        qs = qs.filter(Exists(within))
    if status := data.get("status"):
        qs = qs.filter(is_active=status == "active")
    return qs


def _person_context(user, person, bound: dict) -> dict:
    agencies = admin_agency_ids(user)
    posts = list(person.memberships.select_related("org").order_by("-active", "-is_primary", "id"))
    for post in posts:
        post.can_end = post.active and (agencies is None or post.agency_id in agencies)
    orgs = orgs_visible_to_admin(user).filter(active=True)
    return {
        "person": person,
        "posts": posts,
        "manage_account": can_admin_account(user, person),
        "locked": bool(person.locked_until and person.locked_until > timezone.now()),
        "person_form": bound.get("update")
        or PersonForm(initial={"full_name": person.full_name, "email": person.email, "phone": person.phone}),
        "post_form": bound.get("add_post") or PostForm(orgs=orgs),
        "password_form": bound.get("reset_password") or PasswordResetForm(),
        "open_form": next(iter(bound), ""),
        "now": timezone.now(),
    }
