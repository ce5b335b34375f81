"""REST API v1: API tokens, the signed-in person, and the organisation directory."""

from typing import cast

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from edesk.accounts import services
from edesk.accounts.api_auth import TokenAuthentication
from edesk.accounts.context import actor_for
from edesk.accounts.models import ApiToken
from edesk.accounts.roles import Role
from edesk.core.api_errors import VietnameseErrors, error_responses, parse
from edesk.core.errors import UserError
from edesk.core.pagination import keyset_page, next_page_url, page_envelope
from edesk.core.text import fold
from edesk.orgs.models import Organization

# drf-spectacular types tags as str, but it resolves lazy strings when it renders the schema, so the
# tag is named in the language the schema is asked for.
TAG_ACCOUNTS = cast(str, pgettext_lazy("API tag", "Tài khoản"))
TAG_ORGS = cast(str, pgettext_lazy("API tag", "Cơ quan, đơn vị"))


class TokenScheme(OpenApiAuthenticationExtension):
    """Describes `Authorization: Token <key>` in the OpenAPI schema."""

    target_class = "edesk.accounts.api_auth.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=self.target.keyword
        )


class InvalidCredentials(UserError):
    code = "invalid_credentials"
    default_message = _("Tên đăng nhập hoặc mật khẩu không đúng.")


LOGIN_ERRORS = {
    400: [(_("Sai mật khẩu"), {"detail": InvalidCredentials.default_message, "code": "invalid_credentials"})],
    403: [
        (
            _("Tài khoản bị khóa"),
            {
                "detail": _("Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần; thử lại sau 14:30."),
                "code": "locked",
            },
        )
    ],
}

DIRECTORY_ERRORS = {
    400: [(_("Con trỏ trang sai"), {"detail": _("Tham số phân trang không hợp lệ."), "code": "bad_cursor"})]
}


# --- serializers ---------------------------------------------------------------------------------


class TokenRequestSerializer(VietnameseErrors, serializers.Serializer):
    username = serializers.CharField(label=_("Tên đăng nhập"), max_length=150)
    password = serializers.CharField(label=_("Mật khẩu"), max_length=128, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text=_("Gửi trong tiêu đề `Authorization: Token <token>`; chỉ hiện một lần.")
    )
    expires_at = serializers.DateTimeField()


class MembershipSerializer(serializers.Serializer):
    org = serializers.IntegerField(source="org_id")
    org_name = serializers.CharField()
    agency = serializers.IntegerField(source="agency_id")
    role = serializers.ChoiceField(choices=Role.choices)
    role_label = serializers.SerializerMethodField()
    title = serializers.CharField()

    def get_role_label(self, post) -> str:
        return str(Role(post.role).label)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    public_id = serializers.UUIDField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    memberships = MembershipSerializer(many=True)


class OrgListParamsSerializer(VietnameseErrors, serializers.Serializer):
    q = serializers.CharField(
        label=_("Từ khóa"),
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=_("Lọc theo tên, tên viết tắt hoặc mã định danh (không phân biệt dấu)."),
    )
    cursor = serializers.CharField(label=_("Con trỏ trang"), required=False, max_length=500)
    page_size = serializers.IntegerField(
        label=_("Số dòng mỗi trang"), required=False, min_value=1, max_value=500
    )


class OrgSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    public_id = serializers.UUIDField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    code = serializers.CharField(allow_null=True, help_text=_("Mã định danh (ví dụ 000.00.00.H57)."))
    is_agency = serializers.BooleanField()
    # The metaclass moves declared fields off the class, so this never shadows Field.parent at run time.
    parent = serializers.IntegerField(source="parent_id", allow_null=True)  # type: ignore[assignment]
    agency = serializers.IntegerField(source="agency_id", allow_null=True)


# --- views ---------------------------------------------------------------------------------------


class TokenView(APIView):
    """Log in for the API (POST) and log out by revoking the token in use (DELETE)."""

    parser_classes = [JSONParser]

    def get_authenticators(self):
        # Logging in must work whatever stale token the client still sends; logging out is only
        # meaningful for the token the request itself carries.
        if getattr(self.request, "method", None) == "POST":
            return []
        return [TokenAuthentication()]

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(
        operation_id="auth_token_create",
        summary=_("Đăng nhập, nhận mã truy cập API"),
        tags=[TAG_ACCOUNTS],
        auth=[],
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, **error_responses(400, 403, examples=LOGIN_ERRORS)},
    )
    def post(self, request):
        params = parse(TokenRequestSerializer, request.data)
        user = authenticate(request, username=params["username"], password=params["password"])
        if user is None:
            raise InvalidCredentials()
        key = services.token_create(actor=user, name="API")
        expires_at = ApiToken.objects.filter(key_hash=ApiToken.hash_key(key)).values_list(
            "expires_at", flat=True
        )[0]
        return Response(TokenSerializer({"token": key, "expires_at": expires_at}).data)

    @extend_schema(
        operation_id="auth_token_revoke",
        summary=_("Thu hồi mã truy cập đang dùng"),
        tags=[TAG_ACCOUNTS],
        request=None,
        responses={204: None, **error_responses(401)},
    )
    def delete(self, request):
        services.token_revoke(actor=request.user, token_id=request.auth.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    @extend_schema(
        operation_id="me",
        summary=_("Người đang đăng nhập và các chức vụ (kiêm nhiệm)"),
        tags=[TAG_ACCOUNTS],
        responses={200: MeSerializer, **error_responses(401)},
    )
    def get(self, request):
        user = request.user
        return Response(
            MeSerializer(
                {
                    "id": user.pk,
                    "public_id": user.public_id,
                    "username": user.username,
                    "full_name": user.full_name,
                    "memberships": actor_for(user).posts,
                }
            ).data
        )


class OrgListView(APIView):
    @extend_schema(
        operation_id="orgs_list",
        summary=_("Danh bạ cơ quan, đơn vị (cây tổ chức)"),
        description=_(
            "Mọi cơ quan, đơn vị đang hoạt động, theo thứ tự của cây. Dữ liệu danh bạ công khai "
            "với mọi người dùng đã đăng nhập."
        ),
        tags=[TAG_ORGS],
        parameters=[OrgListParamsSerializer],
        responses={200: page_envelope(OrgSerializer), **error_responses(400, 401, examples=DIRECTORY_ERRORS)},
    )
    def get(self, request):
        params = parse(OrgListParamsSerializer, request.query_params.dict())
        size = params.get("page_size") or settings.EDESK_PAGE_SIZE
        page = keyset_page(
            _active_orgs(params.get("q", "")), order=("path",), cursor=params.get("cursor"), size=size
        )
        return Response(
            {
                "results": OrgSerializer(page.items, many=True).data,
                "next": next_page_url(request, "cursor", page.next_cursor),
            }
        )


def _active_orgs(q: str):
    orgs = Organization.objects.filter(active=True)
    needle = fold(q)
    if not needle:
        return orgs
    # Diacritic-insensitive matching needs the folded form, which neither SQLite nor PostgreSQL
    # (without unaccent) computes; the directory is a few thousand rows, so it is folded here.
    rows = orgs.values_list("pk", "name", "short_name", "code")
    ids = [pk for pk, name, short, code in rows if needle in fold(f"{name} {short} {code or ''}")]
    return orgs.filter(pk__in=ids)
