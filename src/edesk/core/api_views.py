"""The pieces every API module's views share: parsers, file downloads, pages of results, the
Idempotency-Key, the schema of a per-document action and the agency a request acts for.

The base classes carry no docstring on purpose: drf-spectacular takes an operation's description
from the first docstring in the view's classes, so an app that wants one writes it on its own
subclass.
"""

from django.http import FileResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from edesk.accounts.context import actor_for
from edesk.core import storage
from edesk.core.api_errors import error_responses
from edesk.core.errors import Forbidden, UserError
from edesk.core.pagination import next_page_url
from edesk.orgs.models import Organization

IDEMPOTENCY_PARAM = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=gettext_lazy(
        "Mã do ứng dụng tạo (tối đa 64 ký tự); gửi lại cùng mã trả về văn bản đã vào sổ (200), "
        "không cấp số mới."
    ),
)
MAX_REQUEST_KEY = 64


class JsonView(APIView):
    parser_classes = [JSONParser]


class UploadView(APIView):
    parser_classes = [MultiPartParser, JSONParser]


class FileView(APIView):
    def perform_content_negotiation(self, request, force=False):
        # A download client may send `Accept: application/pdf`: the body is the file whatever it
        # asked for, and errors are JSON.
        return super().perform_content_negotiation(request, force=True)


def file_response(sha256: str, name: str, content_type: str) -> FileResponse:
    return FileResponse(
        storage.open_blob(sha256), as_attachment=True, filename=name, content_type=content_type
    )


def page_response(request, serializer_class, page, *, param: str = "cursor", next_value=None) -> Response:
    return Response(
        {
            "results": serializer_class(page, many=True, context={"request": request}).data,
            "next": next_page_url(request, param, next_value),
        }
    )


def created_response(body) -> Response:
    """201 with the new resource's address in Location; `body` has it as "url"."""
    return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})


def request_key(request, params: dict) -> str | None:
    key = (request.headers.get("Idempotency-Key") or params.get("request_key") or "").strip()
    if len(key) > MAX_REQUEST_KEY:
        raise UserError(
            gettext_lazy("Idempotency-Key dài quá 64 ký tự."), code="max_length", field="Idempotency-Key"
        )
    return key or None


def id_param(name: str, description: str | Promise) -> OpenApiParameter:
    """The path parameter naming one document: its database id or public_id."""
    return OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.PATH, description=description)


def action_schema(
    operation_id: str,
    summary: str | Promise,
    *,
    tag: str,
    parameter: OpenApiParameter,
    request,
    response,
    examples: dict | None = None,
    code: int = 200,
):
    """The schema of a POST that acts on one object and answers with it (or with what it made)."""
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        tags=[tag],
        parameters=[parameter],
        request=request,
        responses={code: response, **error_responses(400, 401, 403, 404, 409, examples=examples)},
    )


def acting_agency(
    user,
    agency_id: int | None,
    *,
    perm: str,
    refused: str | Promise,
    ambiguous: str | Promise,
    unknown: str | Promise,
) -> Organization:
    """The agency a request acts for: the one asked for, or the only one where `user` holds `perm`.

    `refused` (nowhere held), `ambiguous` (held in several) and `unknown` (no such active agency)
    are the endpoint's own messages. Whether the person may act there is the service's check.
    """
    if agency_id is None:
        held = actor_for(user).agencies_with(perm)
        if not held:
            raise Forbidden(refused)
        if len(held) > 1:
            raise UserError(ambiguous, code="agency_required", field="agency")
        agency_id = next(iter(held))
    agency = Organization.objects.filter(pk=agency_id, is_agency=True, active=True).first()
    if agency is None:
        raise UserError(unknown, code="unknown_agency", field="agency")
    return agency
