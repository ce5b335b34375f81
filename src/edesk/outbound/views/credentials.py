"""The signing credential page (/van-ban-di/chu-ky-so/): a person's certificates and signature
image, registering a USB token for remote signing or a key in the server's PKCS#11 token/HSM; for
agency administrators, the agency's seal credential (PKCS#12 or PKCS#11) and seal image. Every
write goes through edesk.signing.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm
from edesk.core import storage
from edesk.core.errors import NotFound, UserError
from edesk.orgs.models import Organization
from edesk.outbound.forms import (
    CredentialForm,
    ImageForm,
    Pkcs11Form,
    RemoteCertificateForm,
    image_upload,
)
from edesk.signing import services as signing
from edesk.signing.models import Credential

MAX_P12_BYTES = 1024 * 1024


def _admin_agencies(user) -> list[Organization]:
    actor = actor_for(user)
    return list(
        Organization.objects.filter(pk__in=actor.agencies_with(Perm.ORG_ADMIN), active=True).order_by("name")
    )


def _forms(data=None, files=None, *, action: str = ""):
    def bound(name):
        return (data, files) if action == name else (None, None)

    return {
        "p12": CredentialForm(*bound("p12"), prefix="p12"),
        "image": ImageForm(*bound("image"), prefix="image"),
        "remote": RemoteCertificateForm(*bound("remote")),
        "p11": Pkcs11Form(*bound("p11"), prefix="p11"),
        "agency_p12": CredentialForm(*bound("agency_p12"), prefix="agency_p12"),
        "agency_p11": Pkcs11Form(*bound("agency_p11"), prefix="agency_p11", agency=True),
        "agency_image": ImageForm(*bound("agency_image"), prefix="agency_image"),
    }


def _run(request, action: str, form, agencies: list[Organization]) -> str:
    """Call the service for `action` with the valid `form`; returns the success message."""
    user = request.user
    if action == "remote":
        signing.credential_register_remote(
            actor=user, user=user, certificate_pem=form.cleaned_data["certificate"]
        )
        return _("Đã đăng ký chứng thư số của USB token.")
    if action in ("p12", "agency_p12"):
        agency = _agency(request, agencies) if action == "agency_p12" else None
        signing.credential_import_pkcs12(
            actor=user,
            user=None if agency else user,
            agency=agency,
            data=form.cleaned_data["p12file"].read(MAX_P12_BYTES),
            pin=form.cleaned_data["pin"],
            image=image_upload(form),
            image_width_mm=form.cleaned_data["image_width_mm"],
            keep_pin=agency is not None,
        )
        return _("Đã thêm chứng thư số.")
    if action in ("p11", "agency_p11"):
        _register_pkcs11(user, form, _agency(request, agencies) if action == "agency_p11" else None)
        return _("Đã đăng ký khóa trong thiết bị ký số (PKCS#11).")
    owner = {"agency": _agency(request, agencies)} if action == "agency_image" else {"user": user}
    credential = Credential.objects.filter(active=True, **owner).order_by("-not_after", "-pk").first()
    if credential is None:
        raise UserError(_("Chưa có chứng thư số để gắn ảnh; hãy thêm chứng thư số trước."))
    image = image_upload(form)
    assert image is not None  # the image form requires its file
    signing.credential_set_image(
        actor=user,
        credential=credential,
        image=image,
        width_mm=form.cleaned_data["image_width_mm"],
    )
    return _("Đã cập nhật ảnh.")


def _register_pkcs11(user, form: Pkcs11Form, agency: Organization | None) -> None:
    data = form.cleaned_data
    signing.credential_register_pkcs11(
        actor=user,
        user=None if agency else user,
        agency=agency,
        token_label=data["token_label"],
        key_label=data["key_label"],
        certificate_pem=data["certificate"],
        chain=data["chain"],
        pin=data.get("pin") if agency else None,
        image=image_upload(form),
        image_width_mm=data["image_width_mm"],
    )


def _agency(request, agencies: list[Organization]) -> Organization:
    wanted = request.POST.get("agency", "")
    agency = next((a for a in agencies if str(a.public_id) == wanted), None)
    if agency is None:
        raise NotFound()
    return agency


@login_required
@require_http_methods(["GET", "POST"])
def credentials(request):
    agencies = _admin_agencies(request.user)
    action = request.POST.get("action", "")
    forms = _forms(request.POST, request.FILES, action=action)
    if request.method == "POST":
        if action not in forms or (action.startswith("agency_") and not agencies):
            raise NotFound()
        form = forms[action]
        if form.is_valid():
            try:
                message = _run(request, action, form, agencies)
            except UserError as exc:
                if exc.status == 404:
                    raise
                form.add_error(None, exc.message)
            else:
                messages.success(request, message)
                return redirect("outbound:credentials")
    own = Credential.objects.filter(user=request.user).order_by("-active", "-not_after")
    seals = (
        Credential.objects.filter(agency__in=agencies)
        .select_related("agency")
        .order_by("-active", "-not_after")
    )
    context = {"forms": forms, "own": list(own), "agencies": agencies, "seals": list(seals), "action": action}
    return render(request, "outbound/credentials.html", context)


@login_required
@require_GET
def credential_image(request, credential_id):
    credential = Credential.objects.filter(public_id=credential_id).first()
    if credential is None or credential.image_id is None:
        raise NotFound()
    mine = credential.user_id == request.user.pk
    admin = credential.agency_id in actor_for(request.user).agencies_with(Perm.ORG_ADMIN)
    if not (mine or admin):
        raise NotFound()
    response = HttpResponse(storage.read_blob(credential.image_id), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
