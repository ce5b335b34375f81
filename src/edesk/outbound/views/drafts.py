"""The draft form: a new draft (optionally a reply to an incoming document) and editing one."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from edesk.accounts.context import actor_for
from edesk.accounts.models import User
from edesk.accounts.roles import Perm
from edesk.core.errors import NotFound, UserError
from edesk.inbound.access import access_agency, access_incoming
from edesk.inbound.selectors import leaders_of
from edesk.orgs.models import Organization
from edesk.outbound import convert, services
from edesk.outbound.access import access_outgoing, available_actions
from edesk.outbound.forms import Choices, DraftForm
from edesk.outbound.models import Outgoing, RecipientKind


def draft_choices(user, agency: Organization) -> Choices:
    """What the form offers for `agency`: the author's own units there, its leaders as signers,
    the other agencies of the system, its units and its people."""
    own = [p.org_id for p in actor_for(user).posts if p.agency_id == agency.pk]
    units = Organization.objects.filter(pk__in=own, active=True).order_by("path")
    people = (
        User.objects.filter(memberships__agency_id=agency.pk, memberships__active=True, is_active=True)
        .distinct()
        .order_by("full_name")
    )
    return Choices(
        units=units,
        leaders=leaders_of(agency.pk),
        agencies=Organization.objects.filter(is_agency=True, active=True)
        .exclude(pk=agency.pk)
        .order_by("name"),
        own_units=Organization.objects.filter(agency_id=agency.pk, active=True)
        .exclude(pk=agency.pk)
        .order_by("path"),
        people=people,
    )


def _reply_to(request, form: DraftForm, raw: str | None):
    """The incoming document answered, from `?reply_to=` or the form's hidden field."""
    if not raw:
        return None
    incoming = access_incoming(request.user, str(raw))
    form.reply_to_id = incoming.pk
    return incoming


def _reply_initial(incoming) -> dict:
    initial: dict[str, object] = {"doc_type": "cong_van", "reply_to": str(incoming.public_id)}
    # The subject is the document's own text (Vietnamese), whatever language the page is in.
    with translation.override(settings.LANGUAGE_CODE):
        initial["subject"] = _("V/v trả lời văn bản số %(code)s của %(issuer)s") % {
            "code": incoming.number_notation or "…",
            "issuer": incoming.issuer_name,
        }
    if incoming.issuer_id:
        initial["agencies"] = [str(incoming.issuer.public_id)]
    return initial


def _replaces(request, form: DraftForm, raw) -> Outgoing | None:
    """The issued document the draft replaces, from `?replaces=` or the form's hidden field; one
    the person may not see is NotFound (that it is issued and of the agency, the service checks)."""
    if not raw:
        return None
    replaced = access_outgoing(request.user, str(raw))
    form.replaces_id = replaced.pk
    return replaced


def _replace_initial(replaced: Outgoing, choices) -> dict:
    """A replacing document is of the same form (Decree 30 Art. 18.3): its metadata and recipients
    start as the replaced one's; the drafting unit only when it is one of the author's."""
    initial = {k: v for k, v in _edit_initial(replaced).items() if k not in ("description", "reply_due")}
    if replaced.drafting_unit not in choices.units:
        del initial["drafting_unit"]
    initial["replaces"] = str(replaced.public_id)
    return initial


def _create_initial(request, choices, replaces: Outgoing | None) -> dict:
    initial: dict = {}
    if request.method == "GET" and replaces is not None:
        initial = _replace_initial(replaces, choices)
    elif request.method == "GET" and request.GET.get("reply_to"):
        initial = _reply_initial(access_incoming(request.user, request.GET["reply_to"]))
    if len(choices.units) == 1:
        initial["drafting_unit"] = str(choices.units[0].public_id)
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    replaces_raw = request.POST.get("replaces") or request.GET.get("replaces")
    replaces = access_outgoing(request.user, str(replaces_raw)) if replaces_raw else None
    # A replacement is drafted in the agency of the document it replaces.
    agency = access_agency(
        request.user,
        Perm.OUTGOING_DRAFT,
        str(replaces.owner.public_id) if replaces else request.GET.get("agency"),
    )
    choices = draft_choices(request.user, agency)
    form = DraftForm(
        request.POST or None,
        request.FILES or None,
        choices=choices,
        with_files=True,
        initial=_create_initial(request, choices, replaces),
    )
    form.replaces_id = replaces.pk if replaces else None
    reply_raw = request.POST.get("reply_to") or request.GET.get("reply_to") or form.initial.get("reply_to")
    reply_to = _reply_to(request, form, reply_raw)
    if form.is_bound and form.is_valid():
        try:
            with transaction.atomic():
                doc = services.draft_create(
                    actor=request.user,
                    agency=agency,
                    data=form.draft_data(),
                    file=form.draft_file(),
                    comment=form.cleaned_data.get("comment") or "",
                )
                if form.appendices():
                    services.draft_set_appendices(actor=request.user, outgoing=doc, files=form.appendices())
        except UserError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Đã lưu dự thảo."))
            return redirect("outbound:detail", public_id=doc.public_id)
    return _page(request, form, agency=agency, reply_to=reply_to, replaces=replaces, doc=None)


def _edit_initial(doc: Outgoing) -> dict:
    recipients = list(doc.recipients.select_related("org", "user"))

    def keys(kind):
        return [
            str((r.user if kind == RecipientKind.PERSON else r.org).public_id)
            for r in recipients
            if r.kind == kind
        ]

    return {
        "doc_type": doc.doc_type,
        "subject": doc.subject,
        "drafting_unit": str(doc.drafting_unit.public_id),
        "signer": str(doc.signer.public_id) if doc.signer else "",
        "authority": doc.authority,
        "authority_for": doc.authority_for,
        "urgency": doc.urgency,
        "secrecy": doc.secrecy,
        "issued_amount": doc.issued_amount,
        "reply_due": doc.reply_due,
        "agencies": keys(RecipientKind.AGENCY),
        "units": keys(RecipientKind.UNIT),
        "people": keys(RecipientKind.PERSON),
        "external": "\n".join(r.external_name for r in recipients if r.kind == RecipientKind.EXTERNAL),
        "recipients_text": doc.recipients_text,
        "description": doc.description,
        "reply_to": str(doc.reply_to.public_id) if doc.reply_to else "",
        "replaces": str(doc.replaces.public_id) if doc.replaces else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, public_id):
    doc = access_outgoing(request.user, str(public_id))
    if "edit" not in available_actions(request.user, doc):
        raise NotFound()
    choices = draft_choices(request.user, doc.owner)
    if doc.drafting_unit not in choices.units:
        choices.units.append(doc.drafting_unit)
    form = DraftForm(
        request.POST or None,
        request.FILES or None,
        choices=choices,
        with_files=False,
        initial=_edit_initial(doc),
    )
    reply_to = _reply_to(
        request,
        form,
        request.POST.get("reply_to") if form.is_bound else (doc.reply_to and doc.reply_to.public_id),
    )
    replaces = _replaces(
        request,
        form,
        request.POST.get("replaces") if form.is_bound else (doc.replaces and doc.replaces.public_id),
    )
    if form.is_bound and form.is_valid():
        try:
            with transaction.atomic():
                services.draft_update(actor=request.user, outgoing=doc, data=form.draft_data())
                if form.appendices():
                    services.draft_set_appendices(actor=request.user, outgoing=doc, files=form.appendices())
        except UserError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Đã lưu thay đổi của dự thảo."))
            return redirect("outbound:detail", public_id=doc.public_id)
    return _page(request, form, agency=doc.owner, reply_to=reply_to, replaces=replaces, doc=doc)


def _page(request, form: DraftForm, *, agency, reply_to, replaces, doc):
    context = {
        "form": form,
        "agency": agency,
        "reply_to": reply_to,
        "replaces": replaces,
        "doc": doc,
        "can_convert": convert.available(),
        "files_lost": form.is_bound and bool(request.FILES),
    }
    return render(request, "outbound/draft_form.html", context)
