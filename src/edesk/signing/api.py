"""REST API v1: verification of any PDF's digital signatures."""

from typing import cast

from django.conf import settings
from django.utils.translation import gettext_lazy, pgettext_lazy
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from edesk.core.api_errors import VietnameseErrors, error_responses, parse
from edesk.documents.services import FileTooLarge
from edesk.signing.verify import verify_pdf

TAG = cast(str, pgettext_lazy("API tag", "Chữ ký số"))


class VerifyInput(VietnameseErrors, serializers.Serializer):
    file = serializers.FileField(help_text=gettext_lazy("Tệp PDF cần kiểm tra chữ ký số."))


class SignatureOutput(serializers.Serializer):
    signer_name = serializers.CharField(help_text=gettext_lazy("Tên người hoặc cơ quan ký (CN)."))
    subject = serializers.CharField(help_text=gettext_lazy("Chủ thể của chứng thư số."))
    issuer = serializers.CharField(help_text=gettext_lazy("Tổ chức cấp chứng thư số."))
    signing_time = serializers.CharField(allow_null=True, help_text=gettext_lazy("Thời điểm ký (ISO 8601)."))
    intact = serializers.BooleanField(help_text=gettext_lazy("Nội dung được ký còn nguyên vẹn."))
    trusted = serializers.BooleanField(help_text=gettext_lazy("Chứng thư số dẫn tới gốc tin cậy."))
    modified_after = serializers.BooleanField(help_text=gettext_lazy("Tệp có thay đổi sau chữ ký này."))
    problems = serializers.ListField(child=serializers.CharField())


VERIFY_EXAMPLE = {
    "signatures": [
        {
            "signer_name": "Nguyễn Văn Phương",
            "subject": "Common Name: Nguyễn Văn Phương, Organization: UBND thành phố Huế, Country: VN",
            "issuer": "Common Name: edesk Issuing CA (phát triển), Organization: edesk (phát triển), "
            "Country: VN",
            "signing_time": "2026-11-23T10:30:00+07:00",
            "intact": True,
            "trusted": True,
            "modified_after": False,
            "problems": [],
        }
    ]
}


class VerifyView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="signatures_verify",
        tags=[TAG],
        summary=cast(str, gettext_lazy("Kiểm tra chữ ký số của tệp PDF")),
        description=cast(
            str,
            gettext_lazy(
                "Với mỗi chữ ký: người ký, chứng thư số, thời điểm ký, nội dung còn nguyên vẹn, "
                "chứng thư có dẫn tới gốc tin cậy, tệp có bị sửa sau khi ký và các vấn đề phát hiện. "
                "Tệp không có chữ ký trả về danh sách rỗng."
            ),
        ),
        request={"multipart/form-data": VerifyInput},
        responses={
            200: inline_serializer("SignatureReport", {"signatures": SignatureOutput(many=True)}),
            **error_responses(400, 401, 413),
        },
        examples=[OpenApiExample("signed", value=VERIFY_EXAMPLE, response_only=True)],
    )
    def post(self, request):
        upload = parse(VerifyInput, request.data)["file"]
        if upload.size > settings.EDESK_MAX_UPLOAD_BYTES:
            raise FileTooLarge(gettext_lazy("Tệp vượt giới hạn dung lượng cho phép."))
        return Response(verify_pdf(upload.read()).as_dict())
