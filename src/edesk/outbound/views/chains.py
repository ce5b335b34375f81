"""Review chain settings (/van-ban-di/quy-trinh/): an agency administrator sets, per document type,
the ordered steps a draft goes through (a role or a person, and what the step checks)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from edesk.accounts.models import User
from edesk.accounts.roles import Perm
from edesk.core.errors import UserError
from edesk.documents.doctypes import DocType
from edesk.inbound.access import access_agency
from edesk.outbound import services
from edesk.outbound.forms import StepForm
from edesk.outbound.models import ReviewChain, ReviewStep
from edesk.outbound.review import DEFAULT_STEPS, StepSpec

ROWS = 6


def _people(agency) -> list[User]:
    return list(
        User.objects.filter(memberships__agency_id=agency.pk, memberships__active=True, is_active=True)
        .distinct()
        .order_by("full_name")
    )


def _current_steps(agency, doc_type: str) -> list[dict]:
    chain = ReviewChain.objects.filter(agency=agency, doc_type=doc_type, active=True).first()
    if chain is None:
        return [{"kind": s.kind, "role": s.role} for s in DEFAULT_STEPS] if not doc_type else []
    steps = ReviewStep.objects.filter(chain=chain).select_related("user")
    return [{"kind": s.kind, "role": s.role, "user": str(s.user.public_id) if s.user else ""} for s in steps]


@login_required
@require_http_methods(["GET", "POST"])
def chains(request):
    agency = access_agency(request.user, Perm.ORG_ADMIN, request.GET.get("agency"))
    doc_type = request.GET.get("loai", "")
    if doc_type and doc_type not in DocType.values:
        doc_type = ""
    people = _people(agency)
    if request.method == "POST":
        rows = [StepForm(request.POST, people=people, prefix=f"s{i}") for i in range(ROWS)]
    else:
        initial = _current_steps(agency, doc_type)
        rows = [
            StepForm(people=people, prefix=f"s{i}", initial=initial[i] if i < len(initial) else None)
            for i in range(ROWS)
        ]
    error = None
    if request.method == "POST":
        used = [row for row in rows if not row.is_blank]
        if all(row.is_valid() for row in used):
            steps = [
                StepSpec(
                    order=i + 1,
                    kind=row.cleaned_data["kind"],
                    role="" if row.cleaned_data["user"] else row.cleaned_data["role"],
                    user_id=row.people.get(row.cleaned_data["user"]),
                )
                for i, row in enumerate(used)
            ]
            try:
                services.review_chain_set(actor=request.user, agency=agency, doc_type=doc_type, steps=steps)
            except UserError as exc:
                if exc.status not in (400, 409):
                    raise
                error = exc.message
            else:
                messages.success(request, _("Đã lưu quy trình duyệt."))
                return redirect(f"{request.path}?loai={doc_type}")
        else:
            error = _("Có bước chưa hợp lệ; xem các ô được đánh dấu.")
    configured = ReviewChain.objects.filter(agency=agency, active=True).values_list("doc_type", flat=True)
    context = {
        "agency": agency,
        "doc_type": doc_type,
        "doc_types": DocType.choices,
        "configured": set(configured),
        "rows": rows,
        "error": error,
    }
    return render(request, "outbound/chains.html", context)
