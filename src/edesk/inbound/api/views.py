"""REST API v1 endpoints for incoming documents: register, list, read, files and the workflow.

Each view parses its input with a serializer, passes the id through a gatekeeper of access.py,
calls one service or selector, and answers with an output serializer. Errors are UserErrors, which
edesk.core.api_errors turns into JSON.
"""

from typing import cast

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, pgettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from edesk.accounts.roles import Perm
from edesk.core import api_views
from edesk.core.api_errors import error_responses, parse
from edesk.core.api_views import (
    IDEMPOTENCY_PARAM,
    UploadView,
    acting_agency,
    action_schema,
    created_response,
    file_response,
    id_param,
    page_response,
    request_key,
)
from edesk.core.pagination import page_envelope
from edesk.inbound import selectors
from edesk.inbound import services as inbound
from edesk.inbound.access import access_assignment, access_attachment, access_incoming, access_note_file
from edesk.inbound.api import examples, inputs, outputs
from edesk.inbound.models import Incoming
from edesk.orgs.models import Organization

# drf-spectacular types tags as str, but it resolves lazy strings when it renders the schema, so the
# tag is named in the language the schema is asked for.
TAG = cast(str, pgettext_lazy("API tag", "Văn bản đến"))
TAG_ASSIGNMENTS = cast(str, pgettext_lazy("API tag", "Phần việc"))
ID_PARAM = id_param("incoming_id", gettext_lazy("Id trong cơ sở dữ liệu hoặc public_id (UUID) của văn bản."))
ASSIGNMENT_ID_PARAM = id_param(
    "assignment_id", gettext_lazy("Id trong cơ sở dữ liệu hoặc public_id (UUID) của phần việc.")
)


# The docstrings of these two subclasses are the schema's description of every operation that
# has none of its own (drf-spectacular reads the view's classes), so they stay here, not in core.
class JsonView(api_views.JsonView):
    """Bodies are JSON; endpoints that take files accept multipart/form-data as well."""


def document_response(request, incoming: Incoming, **kwargs) -> Response:
    """The full representation of `incoming`, loaded in a fixed number of queries."""
    detail = selectors.document_detail(incoming)
    return Response(outputs.IncomingSerializer(detail, context={"request": request}).data, **kwargs)


def assignment_response(request, assignment_id: int, **kwargs) -> Response:
    """An assignment a service just wrote, re-read with what the output shows."""
    assignment = selectors.assignment_detail(assignment_id)
    return Response(outputs.AssignmentSerializer(assignment, context={"request": request}).data, **kwargs)


def registering_agency(user, agency_id: int | None) -> Organization:
    """The agency whose register the entry goes into: the one asked for, or the only one the clerk
    serves. Whether the person may register there is the service's check."""
    return acting_agency(
        user,
        agency_id,
        perm=Perm.INCOMING_REGISTER,
        refused=gettext_lazy("Chỉ văn thư của cơ quan được vào sổ văn bản đến."),
        ambiguous=gettext_lazy("Bạn là văn thư của nhiều cơ quan; hãy chọn cơ quan vào sổ."),
        unknown=gettext_lazy("Cơ quan vào sổ không có trong hệ thống."),
    )


def registered_response(request, result) -> Response:
    """The incoming entry a registration made (201) or found by its Idempotency-Key (200), with
    the earlier entries it may duplicate."""
    detail = selectors.document_detail(result.incoming)
    context = {"request": request, "duplicates": result.duplicates}
    body = outputs.IncomingRegisteredSerializer(detail, context=context).data
    return created_response(body) if result.created else Response(body)


class IncomingCollectionView(UploadView):
    @extend_schema(
        operation_id="incoming_list",
        summary=gettext_lazy("Sổ văn bản đến (lọc, phân trang)"),
        description=gettext_lazy(
            "Mới đến trước. Phân trang theo con trỏ: đi theo địa chỉ `next` cho tới khi null."
        ),
        tags=[TAG],
        parameters=[inputs.IncomingListParamsSerializer],
        responses={
            200: page_envelope(outputs.IncomingSummarySerializer),
            **error_responses(400, 401, examples=examples.LIST),
        },
    )
    def get(self, request):
        params = parse(inputs.IncomingListParamsSerializer, request.query_params.dict())
        filters = inputs.register_filters(params)
        page = selectors.register_list(
            request.user, filters, cursor=params.get("cursor"), size=params.get("page_size")
        )
        return page_response(
            request, outputs.IncomingSummarySerializer, page.items, next_value=page.next_cursor
        )

    @extend_schema(
        operation_id="incoming_register",
        summary=gettext_lazy("Vào sổ văn bản đến"),
        description=gettext_lazy(
            "multipart/form-data với các tệp (trường `files` lặp lại; tệp đầu là văn bản chính), "
            "hoặc JSON cho văn bản giấy, văn bản mật (không kèm tệp). 201 kèm số đến; 200 nếu "
            "Idempotency-Key đã dùng. `duplicates` cảnh báo văn bản cùng số, ký hiệu, cơ quan ban hành "
            "đã vào sổ trước."
        ),
        tags=[TAG],
        parameters=[IDEMPOTENCY_PARAM],
        request=inputs.IncomingRegisterSerializer,
        responses={
            201: outputs.IncomingRegisteredSerializer,
            200: outputs.IncomingRegisteredSerializer,
            **error_responses(400, 401, 403, 413, examples=examples.REGISTER),
        },
    )
    def post(self, request):
        params = parse(inputs.IncomingRegisterSerializer, request.data)
        agency = registering_agency(request.user, params.get("agency"))
        data = inputs.incoming_data(params, request_key(request, params))
        result = inbound.incoming_register(actor=request.user, agency=agency, data=data)
        return registered_response(request, result)


class IncomingDetailView(APIView):
    @extend_schema(
        operation_id="incoming_retrieve",
        summary=gettext_lazy("Mở văn bản đến"),
        description=gettext_lazy(
            "Việc mở được ghi nhật ký; phần “nhận để biết” của người mở được đánh dấu đã xem."
        ),
        tags=[TAG],
        parameters=[ID_PARAM],
        responses={200: outputs.IncomingSerializer, **error_responses(401, 404)},
    )
    def get(self, request, incoming_id: str):
        incoming = inbound.incoming_open(actor=request.user, incoming_id=incoming_id)
        return document_response(request, incoming)


def _action_schema(operation_id: str, summary: str | Promise, request, action_examples: dict):
    return action_schema(
        operation_id,
        summary,
        tag=TAG,
        parameter=ID_PARAM,
        request=request,
        response=outputs.IncomingSerializer,
        examples=action_examples,
    )


class IncomingPresentView(JsonView):
    @_action_schema(
        "incoming_present", gettext_lazy("Trình lãnh đạo"), inputs.PresentSerializer, examples.PRESENT
    )
    def post(self, request, incoming_id: str):
        params = parse(inputs.PresentSerializer, request.data)
        incoming = access_incoming(request.user, incoming_id)
        inbound.incoming_present(actor=request.user, incoming=incoming, leader_id=params["leader"])
        return document_response(request, incoming)


class IncomingReturnView(JsonView):
    @_action_schema(
        "incoming_return", gettext_lazy("Trả lại văn thư"), inputs.ReturnSerializer, examples.RETURN
    )
    def post(self, request, incoming_id: str):
        params = parse(inputs.ReturnSerializer, request.data)
        incoming = access_incoming(request.user, incoming_id)
        inbound.incoming_return(actor=request.user, incoming=incoming, reason=params["reason"])
        return document_response(request, incoming)


class IncomingDirectView(JsonView):
    @_action_schema(
        "incoming_direct", gettext_lazy("Chỉ đạo, phân công xử lý"), inputs.DirectSerializer, examples.DIRECT
    )
    def post(self, request, incoming_id: str):
        params = parse(inputs.DirectSerializer, request.data)
        incoming = access_incoming(request.user, incoming_id)
        specs = inputs.assignment_specs(params)
        inbound.incoming_direct(
            actor=request.user, incoming=incoming, note=params.get("note", ""), assignments=specs
        )
        return document_response(request, incoming)


class IncomingReassignView(JsonView):
    @_action_schema(
        "incoming_reassign", gettext_lazy("Phân công lại"), inputs.DirectSerializer, examples.REASSIGN
    )
    def post(self, request, incoming_id: str):
        params = parse(inputs.DirectSerializer, request.data)
        incoming = access_incoming(request.user, incoming_id)
        specs = inputs.assignment_specs(params)
        inbound.incoming_reassign(
            actor=request.user, incoming=incoming, note=params.get("note", ""), assignments=specs
        )
        return document_response(request, incoming)


class FileView(api_views.FileView):
    """A stored file as a download. The gatekeepers refuse files of secret documents."""


FILE_RESPONSES = {(200, "application/octet-stream"): OpenApiTypes.BINARY, **error_responses(401, 404)}


class AttachmentFileView(FileView):
    @extend_schema(
        operation_id="incoming_attachment_download",
        summary=gettext_lazy("Tải tệp của văn bản"),
        tags=[TAG],
        parameters=[ID_PARAM],
        responses=FILE_RESPONSES,
    )
    def get(self, request, incoming_id: str, attachment_id: int):
        attachment = access_attachment(request.user, incoming_id, attachment_id)
        return file_response(attachment.blob_id, attachment.name, attachment.content_type)


class NoteFileView(FileView):
    @extend_schema(
        operation_id="incoming_note_file_download",
        summary=gettext_lazy("Tải tệp kèm báo cáo tiến độ"),
        tags=[TAG],
        parameters=[ID_PARAM],
        responses=FILE_RESPONSES,
    )
    def get(self, request, incoming_id: str, file_id: int):
        note_file = access_note_file(request.user, incoming_id, file_id)
        return file_response(note_file.blob_id, note_file.name, note_file.content_type)


class SearchView(APIView):
    @extend_schema(
        operation_id="search",
        summary=gettext_lazy("Tìm kiếm văn bản"),
        description=gettext_lazy(
            "Không phân biệt dấu, hoa thường; số, ký hiệu đúng (“125/QĐ-UBND”) xếp đầu. Chỉ trả về "
            "văn bản bạn được xem. Kết quả xếp theo mức khớp, nên `next` dùng offset thay cho con trỏ."
        ),
        tags=[TAG],
        parameters=[inputs.SearchParamsSerializer],
        responses={
            200: page_envelope(outputs.SearchResultSerializer),
            **error_responses(400, 401, examples=examples.SEARCH),
        },
    )
    def get(self, request):
        params = parse(inputs.SearchParamsSerializer, request.query_params.dict())
        offset, size = params.get("offset", 0), params.get("page_size", inputs.SEARCH_PAGE_SIZE)
        rows, more = selectors.search(request.user, params["q"], offset=offset, size=size)
        next_offset = offset + size if more else None
        return page_response(
            request, outputs.SearchResultSerializer, rows, param="offset", next_value=next_offset
        )


class AssignmentListView(APIView):
    @extend_schema(
        operation_id="assignments_list",
        summary=gettext_lazy("Phần việc trên bàn làm việc của tôi"),
        description=gettext_lazy(
            "Các phần việc đang mở được giao cho bạn hoặc cho đơn vị bạn phụ trách; khẩn trước, "
            "rồi hạn gần trước. `queue` chọn một hàng đợi của bàn làm việc."
        ),
        tags=[TAG_ASSIGNMENTS],
        parameters=[inputs.AssignmentListParamsSerializer],
        responses={
            200: page_envelope(outputs.AssignmentSerializer),
            **error_responses(400, 401, examples=examples.ASSIGNMENTS),
        },
    )
    def get(self, request):
        params = parse(inputs.AssignmentListParamsSerializer, request.query_params.dict())
        cursor, size = params.get("cursor"), params.get("page_size") or settings.EDESK_PAGE_SIZE
        if params.get("queue"):
            page = selectors.desk_page(request.user, params["queue"], cursor=cursor, size=size)
        else:
            page = selectors.open_assignments_page(request.user, cursor=cursor, size=size)
        return page_response(request, outputs.AssignmentSerializer, page.items, next_value=page.next_cursor)


def _assignment_schema(
    operation_id: str, summary: str | Promise, request, response, action_examples: dict, code=200
):
    return action_schema(
        operation_id,
        summary,
        tag=TAG_ASSIGNMENTS,
        parameter=ASSIGNMENT_ID_PARAM,
        request=request,
        response=response,
        examples=action_examples,
        code=code,
    )


class AssignmentDelegateView(JsonView):
    @_assignment_schema(
        "assignment_delegate",
        gettext_lazy("Giao phần việc cho cán bộ trong đơn vị"),
        inputs.DelegateSerializer,
        outputs.AssignmentSerializer,
        examples.DELEGATE,
        code=201,
    )
    def post(self, request, assignment_id: str):
        params = parse(inputs.DelegateSerializer, request.data)
        assignment = access_assignment(request.user, assignment_id, action="delegate")
        child = inbound.assignment_delegate(
            actor=request.user,
            assignment=assignment,
            user_id=params["user"],
            note=params.get("note", ""),
            due_date=params.get("due_date"),
        )
        return assignment_response(request, child.pk, status=status.HTTP_201_CREATED)


class AssignmentProgressView(UploadView):
    @_assignment_schema(
        "assignment_progress",
        gettext_lazy("Cập nhật tiến độ (kèm tệp nếu có)"),
        inputs.ProgressSerializer,
        outputs.ProgressNoteSerializer,
        examples.PROGRESS,
        code=201,
    )
    def post(self, request, assignment_id: str):
        params = parse(inputs.ProgressSerializer, request.data)
        assignment = access_assignment(request.user, assignment_id, action="handle")
        files = inputs.uploads(params.get("files", []))
        note = inbound.assignment_progress(
            actor=request.user, assignment=assignment, note=params["note"], files=files
        )
        incoming = assignment.incoming
        context = {"request": request, "secret": incoming.is_secret, "document_id": incoming.pk}
        body = outputs.ProgressNoteSerializer(note, context=context).data
        return Response(body, status=status.HTTP_201_CREATED)


class AssignmentCompleteView(JsonView):
    @_assignment_schema(
        "assignment_complete",
        gettext_lazy("Hoàn thành phần việc"),
        inputs.CompleteSerializer,
        outputs.AssignmentSerializer,
        examples.COMPLETE,
    )
    def post(self, request, assignment_id: str):
        params = parse(inputs.CompleteSerializer, request.data)
        assignment = access_assignment(request.user, assignment_id, action="handle")
        done = inbound.assignment_complete(actor=request.user, assignment=assignment, note=params["note"])
        return assignment_response(request, done.pk)
