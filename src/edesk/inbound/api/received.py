"""REST API v1 of the electronic inbox: documents other agencies of the system sent, read and
registered by the receiving clerk. Same patterns as api/views.py: parse, gatekeeper, one service,
an output serializer."""

from typing import cast

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from edesk.core.api_errors import VietnameseErrors, error_responses, parse
from edesk.core.api_views import file_response, id_param, page_response, request_key
from edesk.core.enums import SECRECY_CODES, URGENCY_CODES
from edesk.core.pagination import page_envelope
from edesk.documents.doctypes import DocType
from edesk.inbound import selectors
from edesk.inbound import services as inbound
from edesk.inbound.access import access_received, access_received_file
from edesk.inbound.api import inputs, outputs
from edesk.inbound.api.views import FILE_RESPONSES, FileView, JsonView, registered_response
from edesk.inbound.models import ReceivedState
from edesk.inbound.services.received import prefill
from edesk.inbound.verification import reports_for

TAG = cast(str, pgettext_lazy("API tag", "Văn bản điện tử chờ vào sổ"))
ID_PARAM = id_param(
    "received_id", _("Id trong cơ sở dữ liệu hoặc public_id (UUID) của văn bản điện tử nhận được.")
)


# Inputs


class ReceivedListParamsSerializer(inputs.PageParamsSerializer):
    state = serializers.ChoiceField(
        label=_("Trạng thái"),
        choices=ReceivedState.choices,
        required=False,
        help_text=_("Mặc định “waiting”: văn bản chờ vào sổ."),
    )


class ReceivedRegisterSerializer(VietnameseErrors, serializers.Serializer):
    """The registration fields; each one left out takes the sender's value. The issuer (the
    sending agency), the channel (electronic) and the files (the sender's) are not entered."""

    doc_type = inputs.DocTypeField(label=_("Loại văn bản"), max_length=50, required=False)
    code_number = serializers.CharField(label=_("Số"), max_length=11, required=False, allow_blank=True)
    code_notation = serializers.CharField(label=_("Ký hiệu"), max_length=30, required=False, allow_blank=True)
    issued_date = serializers.DateField(label=_("Ngày ban hành"), required=False, allow_null=True)
    signer_name = serializers.CharField(label=_("Người ký"), max_length=50, required=False, allow_blank=True)
    signer_position = serializers.CharField(
        label=_("Chức vụ người ký"), max_length=100, required=False, allow_blank=True
    )
    subject = serializers.CharField(label=_("Trích yếu"), max_length=500, required=False)
    urgency = inputs.CodeChoiceField(URGENCY_CODES, label=_("Độ khẩn"), required=False)
    secrecy = inputs.CodeChoiceField(SECRECY_CODES, label=_("Độ mật"), required=False)
    due_date = serializers.DateField(label=_("Hạn xử lý"), required=False, allow_null=True)
    page_amount = serializers.IntegerField(
        label=_("Số trang"), min_value=1, max_value=999, required=False, allow_null=True
    )
    description = serializers.CharField(label=_("Ghi chú"), max_length=500, required=False, allow_blank=True)
    request_key = serializers.CharField(label=_("Mã chống gửi trùng"), max_length=64, required=False)


def registration_data(received, attrs: dict, key: str | None) -> inbound.IncomingData:
    data = prefill(received)
    for name, value in attrs.items():
        if name != "request_key":
            setattr(data, name, value)
    data.request_key = key
    return data


# Outputs


class SenderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField(allow_null=True)


class SentDocumentSerializer(serializers.Serializer):
    """The sender's document as delivered."""

    doc_type = serializers.ChoiceField(choices=DocType.choices)
    doc_type_label = serializers.CharField(source="get_doc_type_display")
    code_number = serializers.CharField()
    code_notation = serializers.CharField()
    number_notation = serializers.CharField()
    issued_date = serializers.DateField(allow_null=True)
    signer_name = serializers.CharField()
    signer_position = serializers.CharField()
    subject = serializers.CharField()
    urgency = inputs.CodeChoiceField(URGENCY_CODES)
    secrecy = inputs.CodeChoiceField(SECRECY_CODES)
    page_amount = serializers.IntegerField(allow_null=True)


class SentFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    page_count = serializers.IntegerField(allow_null=True)
    download_url = serializers.SerializerMethodField()
    verification = serializers.SerializerMethodField()

    def get_download_url(self, attachment) -> str:
        received = self.context["received"]
        return outputs._url(self, "received-file", received.pk, attachment.pk)

    @extend_schema_field(outputs.VerificationSerializer(allow_null=True))
    def get_verification(self, attachment) -> dict | None:
        report = self.context.get("verifications", {}).get(attachment.blob_id)
        return outputs.VerificationSerializer(report).data if report is not None else None


class IncomingLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    arrival_number = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, incoming) -> str:
        return outputs._url(self, "incoming-detail", incoming.pk)


class ReceivedSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    public_id = serializers.UUIDField()
    url = serializers.SerializerMethodField()
    state = serializers.ChoiceField(choices=ReceivedState.choices)
    state_label = serializers.CharField(source="get_state_display")
    sender = SenderSerializer(source="document.agency")
    document = SentDocumentSerializer()
    received_at = serializers.DateTimeField()
    opened_at = serializers.DateTimeField(allow_null=True, help_text=_("Lần đầu văn thư mở."))
    opened_by = outputs.PersonSerializer(allow_null=True)
    registered_at = serializers.DateTimeField(allow_null=True)
    incoming = IncomingLinkSerializer(allow_null=True, help_text=_("Văn bản đến đã vào sổ từ văn bản này."))
    recalled_at = serializers.DateTimeField(allow_null=True)
    recall_reason = serializers.CharField()

    def get_url(self, received) -> str:
        return outputs._url(self, "received-detail", received.pk)


class ReceivedSerializer(ReceivedSummarySerializer):
    files = serializers.SerializerMethodField(
        help_text=_("Tệp của văn bản gửi đến, kèm kiểm tra chữ ký số; rỗng khi đã thu hồi hoặc văn bản mật.")
    )

    @extend_schema_field(SentFileSerializer(many=True))
    def get_files(self, received) -> list:
        if received.state == ReceivedState.RECALLED or received.document.is_secret:
            return []
        files = list(received.document.attachments.all())
        reports = reports_for([a.blob_id for a in files if a.is_pdf])
        context = {**self.context, "received": received, "verifications": reports}
        return outputs._many(SentFileSerializer, files, context)


# Views


def received_response(request, received, **kwargs) -> Response:
    detail = selectors.received_detail(received)
    return Response(ReceivedSerializer(detail, context={"request": request}).data, **kwargs)


class ReceivedCollectionView(APIView):
    @extend_schema(
        operation_id="received_list",
        summary=_("Văn bản điện tử chờ vào sổ"),
        description=_(
            "Văn bản các cơ quan trong hệ thống gửi đến cơ quan của văn thư, lãnh đạo; mới nhận trước. "
            "Phân trang theo con trỏ: đi theo địa chỉ `next` cho tới khi null."
        ),
        tags=[TAG],
        parameters=[ReceivedListParamsSerializer],
        responses={200: page_envelope(ReceivedSummarySerializer), **error_responses(400, 401)},
    )
    def get(self, request):
        params = parse(ReceivedListParamsSerializer, request.query_params.dict())
        page = selectors.received_page(
            request.user,
            params.get("state", ReceivedState.WAITING),
            cursor=params.get("cursor"),
            size=params.get("page_size"),
        )
        return page_response(request, ReceivedSummarySerializer, page.items, next_value=page.next_cursor)


class ReceivedDetailView(APIView):
    @extend_schema(
        operation_id="received_retrieve",
        summary=_("Mở văn bản điện tử nhận được"),
        description=_("Lần mở đầu tiên của văn thư được ghi lại; cơ quan gửi thấy “đã mở”."),
        tags=[TAG],
        parameters=[ID_PARAM],
        responses={200: ReceivedSerializer, **error_responses(401, 404)},
    )
    def get(self, request, received_id: str):
        received = access_received(request.user, received_id)
        return received_response(request, inbound.received_open(actor=request.user, received=received))


class ReceivedRegisterView(JsonView):
    @extend_schema(
        operation_id="received_register",
        summary=_("Vào sổ văn bản điện tử"),
        description=_(
            "Như vào sổ văn bản đến, không kèm tệp: tệp, cơ quan ban hành và hình thức nhận lấy từ văn bản "
            "gửi đến; trường nào bỏ trống lấy theo cơ quan gửi. 201 kèm văn bản đến; 200 nếu "
            "Idempotency-Key đã dùng; 409 nếu đã vào sổ hoặc đã bị thu hồi."
        ),
        tags=[TAG],
        parameters=[ID_PARAM],
        request=ReceivedRegisterSerializer,
        responses={
            201: outputs.IncomingRegisteredSerializer,
            200: outputs.IncomingRegisteredSerializer,
            **error_responses(400, 401, 403, 404, 409),
        },
    )
    def post(self, request, received_id: str):
        received = access_received(request.user, received_id, action="register")
        params = parse(ReceivedRegisterSerializer, request.data)
        data = registration_data(received, params, request_key(request, params))
        result = inbound.received_register(actor=request.user, received=received, data=data)
        return registered_response(request, result)


class ReceivedFileView(FileView):
    @extend_schema(
        operation_id="received_file_download",
        summary=_("Tải tệp của văn bản điện tử nhận được"),
        tags=[TAG],
        parameters=[ID_PARAM],
        responses=FILE_RESPONSES,
    )
    def get(self, request, received_id: str, attachment_id: int):
        attachment = access_received_file(request.user, received_id, attachment_id)
        return file_response(attachment.blob_id, attachment.name, attachment.content_type)
