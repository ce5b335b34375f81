"""REST API v1 endpoints for outgoing documents: one endpoint per operation.

Each view parses its input with a serializer, passes the id through the gatekeeper (access.py),
calls one service or selector, and answers with an output serializer. Errors are UserErrors, which
edesk.core.api_errors turns into JSON ({detail, code, field}).
"""

from typing import cast

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, pgettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from edesk.accounts.roles import Perm
from edesk.core.api_errors import error_responses, parse
from edesk.core.api_views import (
    IDEMPOTENCY_PARAM,
    FileView,
    JsonView,
    UploadView,
    acting_agency,
    action_schema,
    created_response,
    file_response,
    id_param,
    page_response,
    request_key,
)
from edesk.core.errors import NotFound
from edesk.core.pagination import page_envelope
from edesk.documents.models import AttachmentKind
from edesk.orgs.models import Organization
from edesk.outbound import review, selectors
from edesk.outbound import services as outbound
from edesk.outbound.access import access_outgoing, access_outgoing_file, access_outgoings, available_actions
from edesk.outbound.api import examples, inputs, outputs
from edesk.outbound.models import DraftVersion, Outgoing
from edesk.signing.verify import verification_for_blob

TAG = cast(str, pgettext_lazy("API tag", "Văn bản đi"))
ID_PARAM = id_param(
    "outgoing_id", gettext_lazy("Id trong cơ sở dữ liệu hoặc public_id (UUID) của văn bản đi.")
)


def _verification(outgoing: Outgoing):
    if outgoing.is_secret:
        return None
    main = next((a for a in outgoing.attachments.all() if a.kind == AttachmentKind.MAIN), None)
    sha256 = main.blob_id if main is not None else outgoing.signed_blob_id
    return verification_for_blob(sha256) if sha256 else None


def document_response(request, outgoing: Outgoing, **kwargs) -> Response:
    """The full representation of `outgoing` as `request.user` sees it."""
    detail = selectors.outgoing_detail(outgoing)
    step = review.current_step(detail)
    context = {
        "request": request,
        "step": step,
        "step_actors": list(review.step_actors(detail, step)) if step else [],
        "actions": available_actions(request.user, detail),
        "verification": _verification(detail),
    }
    return Response(outputs.OutgoingSerializer(detail, context=context).data, **kwargs)


def drafting_agency(user, agency_id: int | None) -> Organization:
    """The agency the draft belongs to: the one asked for, or the only one the person drafts in."""
    return acting_agency(
        user,
        agency_id,
        perm=Perm.OUTGOING_DRAFT,
        refused=gettext_lazy("Bạn không có quyền soạn văn bản đi."),
        ambiguous=gettext_lazy("Bạn thuộc nhiều cơ quan; hãy chọn cơ quan của dự thảo."),
        unknown=gettext_lazy("Cơ quan không có trong hệ thống."),
    )


class OutgoingCollectionView(UploadView):
    @extend_schema(
        operation_id="outgoing_list",
        summary=gettext_lazy("Danh sách văn bản đi theo hàng đợi"),
        description=gettext_lazy(
            "queue: my_drafts, to_review, to_sign, to_number, to_issue, issued (sổ văn bản đi), for_info. "
            "Phân trang theo con trỏ: đi theo `next` cho tới khi null."
        ),
        tags=[TAG],
        parameters=[inputs.ListParamsSerializer],
        responses={200: page_envelope(outputs.OutgoingSummarySerializer), **error_responses(400, 401)},
    )
    def get(self, request):
        params = parse(inputs.ListParamsSerializer, request.query_params.dict())
        page = selectors.outgoing_list(
            request.user, params["queue"], cursor=params.get("cursor"), size=params.get("page_size")
        )
        return page_response(
            request, outputs.OutgoingSummarySerializer, page.items, next_value=page.next_cursor
        )

    @extend_schema(
        operation_id="outgoing_create",
        summary=gettext_lazy("Tạo dự thảo văn bản đi"),
        description=gettext_lazy(
            "JSON, hoặc multipart/form-data kèm `file` (PDF; DOCX/DOC được chuyển sang PDF khi máy chủ có "
            "LibreOffice). Trong multipart, `recipients` là chuỗi JSON. 201; 200 nếu Idempotency-Key đã dùng."
        ),
        tags=[TAG],
        parameters=[IDEMPOTENCY_PARAM],
        request=inputs.DraftCreateSerializer,
        responses={
            201: outputs.OutgoingSerializer,
            200: outputs.OutgoingSerializer,
            **error_responses(400, 401, 403, 413, examples=examples.CREATE),
        },
    )
    def post(self, request):
        params = parse(inputs.DraftCreateSerializer, inputs.with_json_recipients(request.data))
        agency = drafting_agency(request.user, params.get("agency"))
        key = request_key(request, params)
        if key and Outgoing.objects.filter(author=request.user, request_key=key).exists():
            return document_response(request, Outgoing.objects.get(author=request.user, request_key=key))
        file = inputs.upload_of(params["file"]) if params.get("file") else None
        outgoing = outbound.draft_create(
            actor=request.user,
            agency=agency,
            data=inputs.draft_data(params, key),
            file=file,
            comment=params.get("comment", ""),
        )
        return created_response(document_response(request, outgoing).data)


class OutgoingDetailView(JsonView):
    @extend_schema(
        operation_id="outgoing_retrieve",
        summary=gettext_lazy("Mở văn bản đi"),
        description=gettext_lazy(
            "Kèm các phiên bản, lịch sử duyệt, nơi nhận và trạng thái gửi, kết quả kiểm tra chữ ký số. "
            "Người nhận để biết mở lần đầu được ghi nhận là đã xem."
        ),
        tags=[TAG],
        parameters=[ID_PARAM],
        responses={200: outputs.OutgoingSerializer, **error_responses(401, 404)},
    )
    def get(self, request, outgoing_id: str):
        outgoing = access_outgoing(request.user, outgoing_id)
        outbound.recipient_open(actor=request.user, outgoing=outgoing)
        return document_response(request, outgoing)

    @extend_schema(
        operation_id="outgoing_update",
        summary=gettext_lazy("Sửa thông tin dự thảo"),
        tags=[TAG],
        parameters=[ID_PARAM],
        request=inputs.DraftSerializer,
        responses={200: outputs.OutgoingSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def put(self, request, outgoing_id: str):
        params = parse(inputs.DraftSerializer, request.data)
        outgoing = access_outgoing(request.user, outgoing_id)
        outbound.draft_update(actor=request.user, outgoing=outgoing, data=inputs.draft_data(params))
        return document_response(request, outgoing)


class VersionsView(UploadView):
    @extend_schema(
        operation_id="outgoing_versions",
        summary=gettext_lazy("Các phiên bản dự thảo"),
        tags=[TAG],
        parameters=[ID_PARAM],
        responses={200: outputs.VersionSerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request, outgoing_id: str):
        outgoing = access_outgoing(request.user, outgoing_id)
        versions = DraftVersion.objects.filter(outgoing=outgoing).select_related("author")
        return Response(outputs.VersionSerializer(versions, many=True, context={"request": request}).data)

    @extend_schema(
        operation_id="outgoing_version_upload",
        summary=gettext_lazy("Tải lên phiên bản mới"),
        description=gettext_lazy("multipart/form-data: `file` (PDF, DOCX, DOC) và `comment`."),
        tags=[TAG],
        parameters=[ID_PARAM],
        request={"multipart/form-data": inputs.VersionUploadSerializer},
        responses={
            201: outputs.VersionSerializer,
            **error_responses(400, 401, 403, 404, 409, 413, examples=examples.UPLOAD),
        },
    )
    def post(self, request, outgoing_id: str):
        params = parse(inputs.VersionUploadSerializer, request.data)
        outgoing = access_outgoing(request.user, outgoing_id)
        version = outbound.draft_upload_version(
            actor=request.user,
            outgoing=outgoing,
            file=inputs.upload_of(params["file"]),
            comment=params.get("comment", ""),
        )
        data = outputs.VersionSerializer(version, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


class AppendicesView(UploadView):
    @extend_schema(
        operation_id="outgoing_appendices_set",
        summary=gettext_lazy("Đặt phụ lục (tệp riêng) của dự thảo"),
        tags=[TAG],
        parameters=[ID_PARAM],
        request={"multipart/form-data": inputs.AppendicesSerializer},
        responses={200: outputs.OutgoingSerializer, **error_responses(400, 401, 403, 404, 409, 413)},
    )
    def post(self, request, outgoing_id: str):
        params = parse(inputs.AppendicesSerializer, request.data)
        outgoing = access_outgoing(request.user, outgoing_id)
        files = [inputs.upload_of(f) for f in params.get("files", [])]
        outbound.draft_set_appendices(actor=request.user, outgoing=outgoing, files=files)
        return document_response(request, outgoing)


FILE_RESPONSES = {(200, "application/pdf"): OpenApiTypes.BINARY, **error_responses(401, 404)}


class VersionFileView(FileView):
    @extend_schema(
        operation_id="outgoing_version_file",
        summary=gettext_lazy("Tải tệp PDF của một phiên bản"),
        tags=[TAG],
        parameters=[ID_PARAM],
        responses=FILE_RESPONSES,
    )
    def get(self, request, outgoing_id: str, number: int):
        outgoing = access_outgoing(request.user, outgoing_id)
        version = DraftVersion.objects.filter(outgoing=outgoing, number=number).first()
        if version is None:
            raise NotFound()
        name = version.source_name.rsplit(".", 1)[0] + ".pdf"
        return file_response(version.pdf_id, name, "application/pdf")


class OutgoingFileView(FileView):
    @extend_schema(
        operation_id="outgoing_file",
        summary=gettext_lazy("Tải tệp của văn bản đi (bản phát hành, phụ lục)"),
        tags=[TAG],
        parameters=[ID_PARAM],
        responses=FILE_RESPONSES,
    )
    def get(self, request, outgoing_id: str, attachment_id: int):
        attachment = access_outgoing_file(request.user, outgoing_id, attachment_id)
        return file_response(attachment.blob_id, attachment.name, attachment.content_type)


def _action_schema(operation_id: str, summary: str | Promise, request, action_examples: dict | None = None):
    return action_schema(
        operation_id,
        summary,
        tag=TAG,
        parameter=ID_PARAM,
        request=request,
        response=outputs.OutgoingSerializer,
        examples=action_examples,
    )


def _document_action(
    operation_id: str,
    summary: str | Promise,
    serializer,
    run,
    action_examples: dict | None = None,
) -> type[JsonView]:
    """One endpoint per workflow action: parse, gatekeeper, `run(actor, outgoing, params)` (the
    service), then the document as it now is. Only the service call differs between actions."""

    class ActionView(JsonView):
        @_action_schema(operation_id, summary, serializer, action_examples)
        def post(self, request, outgoing_id: str):
            params = parse(serializer, request.data) if serializer is not None else {}
            outgoing = access_outgoing(request.user, outgoing_id)
            run(request.user, outgoing, params)
            return document_response(request, outgoing)

    return ActionView


SubmitView = _document_action(
    "outgoing_submit",
    gettext_lazy("Trình duyệt dự thảo"),
    inputs.ReviewCommentSerializer,
    lambda actor, outgoing, p: outbound.draft_submit(
        actor=actor, outgoing=outgoing, comment=p.get("comment", "")
    ),
    examples.SUBMIT,
)
ApproveView = _document_action(
    "outgoing_approve",
    gettext_lazy("Đồng ý (duyệt bước hiện tại)"),
    inputs.ReviewCommentSerializer,
    lambda actor, outgoing, p: outbound.review_approve(
        actor=actor, outgoing=outgoing, comment=p.get("comment", "")
    ),
    examples.APPROVE,
)
ReturnView = _document_action(
    "outgoing_return",
    gettext_lazy("Trả lại dự thảo cho người soạn"),
    inputs.DraftReturnSerializer,
    lambda actor, outgoing, p: outbound.review_return(actor=actor, outgoing=outgoing, comment=p["comment"]),
)
SignView = _document_action(
    "outgoing_sign",
    gettext_lazy("Ký số (khóa lưu trên máy chủ, nhập PIN)"),
    inputs.SignSerializer,
    lambda actor, outgoing, p: outbound.outgoing_sign(
        actor=actor, outgoing=outgoing, pin=p["pin"], placement=inputs.placement_of(p)
    ),
    examples.SIGN,
)


class SignPrepareView(JsonView):
    @extend_schema(
        operation_id="outgoing_sign_prepare",
        summary=gettext_lazy("Chuẩn bị ký bằng thiết bị trên máy người ký"),
        description=gettext_lazy(
            "Trả về chuỗi băm cần ký; phần mềm ký trên máy trả chữ ký CMS qua sign/complete trước expires_at."
        ),
        tags=[TAG],
        parameters=[ID_PARAM],
        request=inputs.PrepareSerializer,
        responses={
            200: outputs.PendingSerializer,
            **error_responses(400, 401, 403, 404, 409, examples=examples.SIGN),
        },
    )
    def post(self, request, outgoing_id: str):
        params = parse(inputs.PrepareSerializer, request.data)
        outgoing = access_outgoing(request.user, outgoing_id)
        pending = outbound.outgoing_sign_prepare(
            actor=request.user, outgoing=outgoing, placement=inputs.placement_of(params)
        )
        return Response(outputs.PendingSerializer(pending).data)


SignCompleteView = _document_action(
    "outgoing_sign_complete",
    gettext_lazy("Hoàn tất chữ ký từ thiết bị"),
    inputs.SignCompleteSerializer,
    lambda actor, outgoing, p: outbound.outgoing_sign_complete(
        actor=actor, outgoing=outgoing, pending_id=p["pending_id"], cms=p["cms"]
    ),
    examples.COMPLETE,
)


class SignBatchView(JsonView):
    # No docstring: drf-spectacular would publish it as the operation's description.
    @extend_schema(
        operation_id="outgoing_sign_batch",
        summary=gettext_lazy("Ký số nhiều văn bản với một lần nhập PIN"),
        description=gettext_lazy(
            "Ký số hàng loạt: mã PIN mở khóa ký một lần, chỉ trong yêu cầu này; mỗi văn bản ký được "
            "thì được ký riêng như sign/. Văn bản không ký được có trong skipped kèm lý do; "
            "sai PIN thì không văn bản nào được ký (400 wrong_pin)."
        ),
        tags=[TAG],
        request=inputs.SignBatchSerializer,
        responses={
            200: outputs.SignBatchSerializer,
            **error_responses(400, 401, examples=examples.SIGN_BATCH),
        },
    )
    def post(self, request):
        params = parse(inputs.SignBatchSerializer, request.data)
        outgoings, missing = access_outgoings(request.user, params["ids"])
        result = outbound.outgoing_sign_batch(actor=request.user, outgoings=outgoings, pin=params["pin"])
        not_found = NotFound()
        body = {
            "signed": [o.public_id for o in result.signed],
            "skipped": [
                *({"id": s.outgoing.public_id, "detail": s.detail, "code": s.code} for s in result.skipped),
                *({"id": i, "detail": str(not_found.message), "code": not_found.code} for i in missing),
            ],
        }
        return Response(outputs.SignBatchSerializer(body).data)


NumberView = _document_action(
    "outgoing_number",
    gettext_lazy("Cấp số, ghi ngày và ký số của cơ quan"),
    None,
    lambda actor, outgoing, p: outbound.outgoing_number(actor=actor, outgoing=outgoing),
    examples.NUMBER,
)
IssueView = _document_action(
    "outgoing_issue",
    gettext_lazy("Phát hành tới nơi nhận"),
    None,
    lambda actor, outgoing, p: outbound.outgoing_issue(actor=actor, outgoing=outgoing),
)
RecallView = _document_action(
    "outgoing_recall",
    gettext_lazy("Thu hồi văn bản đã phát hành"),
    inputs.OutgoingRecallSerializer,
    lambda actor, outgoing, p: outbound.outgoing_recall(actor=actor, outgoing=outgoing, reason=p["reason"]),
)
