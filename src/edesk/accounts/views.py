"""Account pages: log-in and log-out, the person's posts, password change and API tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from edesk.accounts import services
from edesk.accounts.forms import LoginForm, PasswordChangeForm, TokenCreateForm, TokenRevokeForm
from edesk.accounts.models import ApiToken, Membership
from edesk.core.errors import UserError


def _next_url(request) -> str:
    """Where to go after log-in: `next` only when it stays on this site, so the log-in page
    cannot be used to send a person to a look-alike page elsewhere."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request):
    next_url = _next_url(request)
    if request.user.is_authenticated and request.method == "GET":
        return redirect(next_url)
    form = LoginForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            user = authenticate(request, **form.cleaned_data)
        except services.LockedOut as exc:
            user, error = None, exc.message
        if user is not None:
            # login() gives the session a new key, so a key planted before log-in is worthless after.
            login(request, user)
            return redirect(next_url)
        error = error or _("Tên đăng nhập hoặc mật khẩu không đúng.")
    return render(request, "accounts/login.html", {"form": form, "error": error, "next": next_url})


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("Bạn đã đăng xuất."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
def profile(request):
    # The person's own posts, agency included, for the kiêm nhiệm overview: no gatekeeper needed.
    posts = (
        Membership.objects.filter(user=request.user, active=True, org__active=True)
        .select_related("org", "agency")
        .order_by("-is_primary", "agency__path", "org__path")
    )
    return render(request, "accounts/profile.html", {"posts": posts})


@sensitive_post_parameters("old_password", "new_password", "new_password2")
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                actor=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except UserError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            # Without this the new password hash would end the session the person is using.
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Đã đổi mật khẩu. Các mã truy cập API cũ đã bị thu hồi."))
            return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def tokens(request):
    create_form, new_key = TokenCreateForm(), None
    if request.method == "POST" and request.POST.get("action") == "revoke":
        revoke_form = TokenRevokeForm(request.POST)
        if revoke_form.is_valid():
            services.token_revoke(actor=request.user, token_id=revoke_form.cleaned_data["token_id"])
            messages.success(request, _("Đã thu hồi mã truy cập."))
        return redirect("accounts:tokens")
    if request.method == "POST":
        create_form = TokenCreateForm(request.POST)
        if create_form.is_valid():
            # Shown in this response only: the key is not stored, so a reload cannot show it again.
            new_key = services.token_create(actor=request.user, name=create_form.cleaned_data["name"])
            create_form = TokenCreateForm()
    rows = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    context = {"form": create_form, "new_key": new_key, "tokens": rows, "now": timezone.now()}
    return render(request, "accounts/tokens.html", context)
