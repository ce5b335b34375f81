"""Forms of the registration page and of the register list filters. They validate; the views call
the services and selectors. Workflow action forms live in action_forms.py."""

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from edesk.core.enums import Channel, Secrecy, Urgency
from edesk.core.errors import UserError
from edesk.documents.doctypes import DocType
from edesk.documents.services import Upload
from edesk.inbound.models import State
from edesk.inbound.selectors import RegisterFilters
from edesk.inbound.services import IncomingData
from edesk.orgs.models import Organization

# What the file picker offers; the content of each file is checked again on the server.
ACCEPTED_FILES = ".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg,.tif,.tiff"
ANY = [("", _("Tất cả"))]
# IncomingData field → form field, where they differ.
SERVICE_FIELDS = {"files": "attachments", "issuer_id": "issuer"}


class DateInput(forms.DateInput):
    """A text box in dd/mm/yyyy. A native date picker would show the format of the computer's
    locale (mm/dd/yyyy on an English Windows), and clerks copy dates from paper faster by typing."""

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "maxlength": 10,
            "autocomplete": "off",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe): cleans to a list, maybe empty."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_FILES}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _int_choices(enum) -> list[tuple[int, str]]:
    return [(member.value, member.label) for member in enum]


class IssuerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})" if obj.code else obj.name


class IncomingForm(forms.Form):
    """The Decree 30 App. VI fields a clerk enters for an incoming document."""

    doc_type = forms.ChoiceField(
        label=_("Loại văn bản"), choices=[("", _("— Chọn loại —")), *DocType.choices]
    )
    code_number = forms.CharField(label=_("Số"), max_length=11, required=False)
    code_notation = forms.CharField(
        label=_("Ký hiệu"), max_length=30, required=False, help_text=_("Ví dụ: QĐ-UBND, UBND-VX")
    )
    issued_date = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DateInput)
    issuer = IssuerChoiceField(
        label=_("Cơ quan ban hành (có trong hệ thống)"),
        queryset=Organization.objects.filter(is_agency=True, active=True).order_by("name"),
        to_field_name="public_id",
        required=False,
        empty_label=_("— Chọn cơ quan, hoặc nhập tên bên cạnh —"),
    )
    issuer_name = forms.CharField(
        label=_("Tên cơ quan ban hành (nếu không có trong danh sách)"), max_length=200, required=False
    )
    issuer_code = forms.CharField(
        label=_("Mã định danh cơ quan ban hành"),
        max_length=13,
        required=False,
        help_text=_("Ví dụ: 000.00.00.H57"),
    )
    signer_name = forms.CharField(label=_("Người ký"), max_length=50, required=False)
    signer_position = forms.CharField(label=_("Chức vụ người ký"), max_length=100, required=False)
    subject = forms.CharField(
        label=_("Trích yếu nội dung"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    urgency = forms.TypedChoiceField(
        label=_("Độ khẩn"), choices=_int_choices(Urgency), coerce=int, initial=Urgency.NORMAL
    )
    secrecy = forms.TypedChoiceField(
        label=_("Độ mật"),
        choices=_int_choices(Secrecy),
        coerce=int,
        initial=Secrecy.NONE,
        help_text=_("Văn bản mật chỉ vào sổ, không đưa tệp lên hệ thống."),
    )
    due_date = forms.DateField(label=_("Hạn xử lý"), required=False, widget=DateInput)
    channel = forms.ChoiceField(
        label=_("Hình thức nhận"), choices=Channel.choices, initial=Channel.ELECTRONIC
    )
    page_amount = forms.IntegerField(label=_("Số trang"), min_value=1, max_value=999, required=False)
    description = forms.CharField(
        label=_("Ghi chú"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Not "files": a bound form keeps the uploaded files in its `files` attribute.
    attachments = MultipleFileField(
        label=_("Tệp văn bản"),
        required=False,
        help_text=_("Tệp đầu tiên là văn bản chính, các tệp sau là phụ lục. PDF, Word, Excel hoặc ảnh quét."),
    )
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A fresh key per rendered form: a double click sends the same key twice and registers once.
        self.fields["request_key"].initial = uuid.uuid4().hex
        limit_mb = settings.EDESK_MAX_UPLOAD_BYTES // 1048576
        self.fields["attachments"].help_text = f"{self.fields['attachments'].help_text} " + _(
            "Tối đa %(mb)s MB mỗi tệp."
        ) % {"mb": limit_mb}

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("issuer") and not (cleaned.get("issuer_name") or "").strip():
            self.add_error(
                "issuer_name", _("Hãy chọn cơ quan ban hành trong danh sách hoặc nhập tên cơ quan.")
            )
        if cleaned.get("secrecy") and cleaned.get("attachments"):
            self.add_error(
                "attachments", _("Văn bản mật chỉ được vào sổ; không đưa tệp văn bản mật lên hệ thống.")
            )
        return cleaned

    def incoming_data(self) -> IncomingData:
        """The cleaned input in the shape incoming_register takes."""
        data = self.cleaned_data
        issuer = data["issuer"]
        return IncomingData(
            doc_type=data["doc_type"],
            subject=data["subject"],
            code_number=data["code_number"],
            code_notation=data["code_notation"],
            issued_date=data["issued_date"],
            issuer_id=issuer.pk if issuer else None,
            issuer_name="" if issuer else data["issuer_name"],
            issuer_code="" if issuer else data["issuer_code"],
            signer_name=data["signer_name"],
            signer_position=data["signer_position"],
            urgency=data["urgency"],
            secrecy=data["secrecy"],
            due_date=data["due_date"],
            channel=data["channel"],
            page_amount=data["page_amount"],
            description=data["description"],
            request_key=data["request_key"],
            files=[Upload(name=f.name, fileobj=f, size=f.size) for f in data["attachments"]],
        )

    def add_service_error(self, exc: UserError) -> None:
        """Show a service's refusal next to the field it names (IncomingData names differ here)."""
        name = SERVICE_FIELDS.get(exc.field or "", exc.field)
        if name in self.fields:
            self.add_error(name, exc.message)


class RegisterFilterForm(forms.Form):
    """The register list's filters, read from the query string."""

    q = forms.CharField(label=_("Từ khóa"), max_length=200, required=False)
    date_from = forms.DateField(label=_("Đến từ ngày"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput)
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), choices=[*ANY, *DocType.choices], required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=200, required=False)
    state = forms.ChoiceField(label=_("Trạng thái"), choices=[*ANY, *State.choices], required=False)
    urgency = forms.TypedChoiceField(
        label=_("Độ khẩn"),
        choices=[*ANY, *_int_choices(Urgency)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    due_before = forms.DateField(label=_("Hạn xử lý đến ngày"), required=False, widget=DateInput)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    overdue = forms.BooleanField(label=_("Chỉ văn bản quá hạn"), required=False)
    mat = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return cleaned

    def filters(self) -> RegisterFilters:
        data = self.cleaned_data
        return RegisterFilters(
            q=data["q"].strip(),
            date_from=data["date_from"],
            date_to=data["date_to"],
            doc_type=data["doc_type"],
            issuer=data["issuer"].strip(),
            state=data["state"],
            urgency=data["urgency"],
            secret=data["mat"],
            overdue=data["overdue"],
            due_before=data["due_before"],
            year=data["year"],
        )


class ReceivedForm(IncomingForm):
    """Registering an electronic delivery: the same fields, less those the delivery settles — the
    issuer is the sending agency, the channel is electronic and the files are the sender's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("issuer", "issuer_name", "issuer_code", "channel", "attachments"):
            del self.fields[name]

    def clean(self):
        # IncomingForm.clean asks for an issuer and refuses files on secret documents: neither is
        # entered here.
        return forms.Form.clean(self)

    @classmethod
    def initial_from(cls, data: IncomingData) -> dict:
        """The form's starting values from the sender's metadata (received.prefill)."""
        return {
            "doc_type": data.doc_type,
            "code_number": data.code_number,
            "code_notation": data.code_notation,
            "issued_date": data.issued_date,
            "signer_name": data.signer_name,
            "signer_position": data.signer_position,
            "subject": data.subject,
            "urgency": data.urgency,
            "secrecy": data.secrecy,
            "page_amount": data.page_amount,
        }

    def incoming_data(self) -> IncomingData:
        data = self.cleaned_data
        return IncomingData(
            doc_type=data["doc_type"],
            subject=data["subject"],
            code_number=data["code_number"],
            code_notation=data["code_notation"],
            issued_date=data["issued_date"],
            signer_name=data["signer_name"],
            signer_position=data["signer_position"],
            urgency=data["urgency"],
            secrecy=data["secrecy"],
            due_date=data["due_date"],
            page_amount=data["page_amount"],
            description=data["description"],
            request_key=data["request_key"],
        )
