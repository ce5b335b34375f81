"""Forms of the outgoing pages: the draft, a new version, the workflow actions, the review chain and
the signing credentials. They validate and shape the input; the views call the services."""

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from edesk.accounts.roles import Role
from edesk.core.enums import Secrecy, Urgency
from edesk.documents.doctypes import DocType
from edesk.documents.services import Upload
from edesk.inbound.forms import DateInput, MultipleFileField
from edesk.outbound import convert
from edesk.outbound.models import Authority, RecipientKind, StepKind
from edesk.outbound.services import DraftData, RecipientSpec

NOTE_MAX = 2000
PDF_ONLY = ".pdf"
PDF_OR_WORD = ".pdf,.doc,.docx"


def _int_choices(enum) -> list[tuple[int, str]]:
    return [(member.value, member.label) for member in enum]


def _note(label, *, required: bool = False, message=None, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message} if message else None,
    )


def _upload(file) -> Upload:
    return Upload(name=file.name, fileobj=file, size=file.size)


def file_help() -> str:
    """What the draft file may be, which depends on LibreOffice being installed."""
    if convert.available():
        return str(_("Tệp PDF, hoặc Word (DOCX, DOC) — hệ thống tự chuyển sang PDF."))
    return str(_("Chưa cài LibreOffice nên không chuyển được DOCX; hãy tải lên tệp PDF"))


class DraftFileField(forms.FileField):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = PDF_OR_WORD if convert.available() else PDF_ONLY
        self.help_text = file_help()


class Choices:
    """The people, units and agencies the draft form offers, each keyed by public id."""

    def __init__(self, *, units, leaders, agencies, own_units, people):
        self.units = list(units)  # drafting units: the author's own
        self.leaders = list(leaders)
        self.agencies = list(agencies)
        self.own_units = list(own_units)  # units of the agency, as recipients
        self.people = list(people)

    @staticmethod
    def keyed(items, label) -> list[tuple[str, str]]:
        return [(str(item.public_id), label(item)) for item in items]

    @staticmethod
    def ids(items) -> dict[str, int]:
        return {str(item.public_id): item.pk for item in items}


class DraftForm(forms.Form):
    """The Decree 30 App. VI fields of an outgoing document, its recipients and (new drafts) files."""

    doc_type = forms.ChoiceField(
        label=_("Loại văn bản"), choices=[("", _("— Chọn loại —")), *DocType.choices]
    )
    subject = forms.CharField(
        label=_("Trích yếu nội dung"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    drafting_unit = forms.ChoiceField(label=_("Đơn vị soạn thảo"))
    signer = forms.ChoiceField(label=_("Người ký"), required=False)
    authority = forms.ChoiceField(label=_("Thẩm quyền ký"), choices=Authority.choices, required=False)
    authority_for = forms.CharField(
        label=_("Thay mặt"),
        max_length=100,
        required=False,
        help_text=_("Ví dụ: ỦY BAN NHÂN DÂN, GIÁM ĐỐC (dòng dưới TM., KT., TL., TUQ., Q.)"),
    )
    urgency = forms.TypedChoiceField(
        label=_("Độ khẩn"), choices=_int_choices(Urgency), coerce=int, initial=Urgency.NORMAL
    )
    secrecy = forms.TypedChoiceField(
        label=_("Độ mật"), choices=_int_choices(Secrecy), coerce=int, initial=Secrecy.NONE
    )
    issued_amount = forms.IntegerField(label=_("Số bản phát hành"), min_value=1, max_value=999, initial=1)
    reply_due = forms.DateField(label=_("Hạn trả lời"), required=False, widget=DateInput)
    agencies = forms.MultipleChoiceField(
        label=_("Cơ quan nhận trong hệ thống"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6, "data-filterable": ""}),
        help_text=_("Giữ Ctrl để chọn nhiều cơ quan; gõ vào ô lọc để tìm."),
    )
    units = forms.MultipleChoiceField(
        label=_("Đơn vị trong cơ quan (để biết)"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    people = forms.MultipleChoiceField(
        label=_("Cá nhân trong cơ quan (để biết)"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4, "data-filterable": ""}),
    )
    external = forms.CharField(
        label=_("Cơ quan ngoài hệ thống"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một cơ quan; các cơ quan này nhận bản giấy qua bưu chính."),
    )
    recipients_text = forms.CharField(
        label=_("Nơi nhận (in ở cuối văn bản)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    description = forms.CharField(
        label=_("Ghi chú"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reply_to = forms.CharField(required=False, widget=forms.HiddenInput)
    # The issued document this one replaces (Decree 30 Art. 18.3), by public id.
    replaces = forms.CharField(required=False, widget=forms.HiddenInput)
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, data=None, files=None, *, choices: Choices, with_files: bool, initial=None):
        super().__init__(data, files, initial=initial)
        self.choices = choices
        self.reply_to_id: int | None = None
        self.replaces_id: int | None = None
        self.fields["request_key"].initial = uuid.uuid4().hex
        self._offer("drafting_unit", Choices.keyed(choices.units, lambda o: o.name))
        self._offer(
            "signer",
            [("", _("— Chọn lãnh đạo ký —")), *Choices.keyed(choices.leaders, lambda u: u.get_full_name())],
        )
        self._offer("agencies", Choices.keyed(choices.agencies, lambda o: o.name))
        self._offer("units", Choices.keyed(choices.own_units, lambda o: o.name))
        self._offer("people", Choices.keyed(choices.people, lambda u: u.get_full_name()))
        if with_files:
            self.fields["file"] = DraftFileField(label=_("Tệp dự thảo"), required=False)
            self.fields["comment"] = forms.CharField(
                label=_("Ghi chú phiên bản"), max_length=NOTE_MAX, required=False
            )
        self.fields["appendices"] = MultipleFileField(
            label=_("Phụ lục, tài liệu kèm theo"),
            required=False,
            help_text=_("Chọn tệp để thay toàn bộ phụ lục hiện có; để trống: giữ nguyên."),
        )
        self.fields["appendices"].widget.attrs["accept"] = ".pdf"

    def _offer(self, name: str, choices: list) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("authority") and not (cleaned.get("authority_for") or "").strip():
            self.add_error("authority_for", _("Ký thay mặt, ký thay, thừa lệnh… thì hãy ghi thay mặt ai."))
        return cleaned

    def recipients(self) -> list[RecipientSpec]:
        data = self.cleaned_data
        agencies, units, people = (
            Choices.ids(self.choices.agencies),
            Choices.ids(self.choices.own_units),
            Choices.ids(self.choices.people),
        )
        specs = [RecipientSpec(kind=RecipientKind.AGENCY, org_id=agencies[k]) for k in data["agencies"]]
        specs += [RecipientSpec(kind=RecipientKind.UNIT, org_id=units[k]) for k in data["units"]]
        specs += [RecipientSpec(kind=RecipientKind.PERSON, user_id=people[k]) for k in data["people"]]
        lines = [line.strip() for line in (data["external"] or "").splitlines()]
        specs += [
            RecipientSpec(kind=RecipientKind.EXTERNAL, external_name=line[:200]) for line in lines if line
        ]
        return specs

    def draft_data(self) -> DraftData:
        """The cleaned input in the shape draft_create / draft_update take."""
        data = self.cleaned_data
        signer = data["signer"]
        return DraftData(
            doc_type=data["doc_type"],
            subject=data["subject"],
            drafting_unit_id=Choices.ids(self.choices.units)[data["drafting_unit"]],
            signer_id=Choices.ids(self.choices.leaders)[signer] if signer else None,
            authority=data["authority"] or "",
            authority_for=data["authority_for"],
            urgency=data["urgency"],
            secrecy=data["secrecy"],
            issued_amount=data["issued_amount"],
            reply_due=data["reply_due"],
            reply_to_id=self.reply_to_id,
            replaces_id=self.replaces_id,
            recipients_text=data["recipients_text"],
            recipients=self.recipients(),
            description=data["description"],
            request_key=data.get("request_key") or None,
        )

    def draft_file(self) -> Upload | None:
        file = self.cleaned_data.get("file")
        return _upload(file) if file else None

    def appendices(self) -> list[Upload]:
        return [_upload(f) for f in self.cleaned_data.get("appendices") or []]

    def add_service_error(self, exc) -> None:
        name = {"drafting_unit_id": "drafting_unit", "signer_id": "signer", "recipients": "agencies"}.get(
            exc.field or "", exc.field
        )
        self.add_error(name if name in self.fields else None, exc.message)


class VersionForm(forms.Form):
    comment = forms.CharField(label=_("Nội dung sửa đổi"), max_length=NOTE_MAX, required=False)

    def __init__(self, data=None, files=None):
        super().__init__(data, files, auto_id="id_version_%s")
        self.fields["file"] = DraftFileField(
            label=_("Tệp phiên bản mới"), error_messages={"required": _("Hãy chọn tệp dự thảo.")}
        )

    def upload(self) -> Upload:
        return _upload(self.cleaned_data["file"])


class CommentForm(forms.Form):
    """Submit and approve: an optional comment."""

    comment = _note(_("Ý kiến"))

    def __init__(self, data=None, *, prefix_id: str):
        super().__init__(data, auto_id=f"id_{prefix_id}_%s")


class ReturnForm(forms.Form):
    comment = _note(
        _("Lý do trả lại"), required=True, message=_("Hãy ghi ý kiến khi trả lại dự thảo."), rows=3
    )

    def __init__(self, data=None):
        super().__init__(data, auto_id="id_return_%s")


class RecallForm(forms.Form):
    reason = _note(_("Lý do thu hồi"), required=True, message=_("Hãy ghi lý do thu hồi."), rows=3)

    def __init__(self, data=None):
        super().__init__(data, auto_id="id_recall_%s")


class PlacementFields(forms.Form):
    """Where the signature goes when the signer's name line was not found: a page and a box in PDF
    points, chosen by clicking on the page preview (empty: let the server find the name line)."""

    place_page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    place_box = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def placement(self):
        from edesk.signing.pades import Placement

        page, box = self.cleaned_data.get("place_page"), self.cleaned_data.get("place_box")
        if not page or not box:
            return None
        try:
            x0, y0, x1, y1 = (float(v) for v in box.split(","))
        except ValueError:
            return None
        return Placement(page=page - 1, box=(x0, y0, x1, y1))


class SignForm(PlacementFields):
    pin = forms.CharField(
        label=_("Mã PIN của chứng thư số"),
        max_length=100,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Hãy nhập mã PIN.")},
    )

    def __init__(self, data=None):
        super().__init__(data, auto_id="id_sign_%s")


class RemoteSignForm(PlacementFields):
    def __init__(self, data=None):
        super().__init__(data, auto_id="id_remote_%s")


class CmsForm(forms.Form):
    """The signature the signing client returned, uploaded by hand (the client can also post it to
    the API)."""

    cms = forms.FileField(label=_("Tệp chữ ký (CMS/.p7s) do phần mềm ký trả về"))

    def __init__(self, data=None, files=None):
        super().__init__(data, files, auto_id="id_cms_%s")


class StepForm(forms.Form):
    """One row of the review chain settings; a row without role and person is ignored."""

    kind = forms.ChoiceField(label=_("Bước"), choices=StepKind.choices)
    role = forms.ChoiceField(label=_("Vai trò"), required=False)
    user = forms.ChoiceField(label=_("Hoặc người cụ thể"), required=False)

    def __init__(self, data=None, *, people: list, initial=None, prefix=None):
        super().__init__(data, initial=initial, prefix=prefix, auto_id=False)
        roles = [(r.value, r.label) for r in Role if r != Role.ADMIN]
        self._offer("role", [("", _("— Vai trò —")), *roles])
        self._offer("user", [("", _("— Không —")), *Choices.keyed(people, lambda u: u.get_full_name())])
        self.people = Choices.ids(people)

    def _offer(self, name: str, choices: list) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    @property
    def is_blank(self) -> bool:
        return self.is_bound and not (
            self.data.get(self.add_prefix("role")) or self.data.get(self.add_prefix("user"))
        )


class CredentialForm(forms.Form):
    """A PKCS#12 file and its PIN, with the signature (or seal) image."""

    p12file = forms.FileField(label=_("Tệp chứng thư số PKCS#12 (.p12, .pfx)"))
    pin = forms.CharField(
        label=_("Mã PIN"), max_length=100, widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )
    image = forms.FileField(label=_("Ảnh chữ ký (PNG nền trong suốt)"), required=False)
    image_width_mm = forms.IntegerField(label=_("Độ rộng ảnh (mm)"), min_value=10, max_value=80, initial=35)

    def __init__(self, data=None, files=None, *, prefix: str):
        super().__init__(data, files, prefix=prefix)
        self.fields["p12file"].widget.attrs["accept"] = ".p12,.pfx"
        self.fields["image"].widget.attrs["accept"] = ".png"


class ImageForm(forms.Form):
    image = forms.FileField(label=_("Ảnh (PNG nền trong suốt)"))
    image_width_mm = forms.IntegerField(label=_("Độ rộng ảnh (mm)"), min_value=10, max_value=80, initial=35)

    def __init__(self, data=None, files=None, *, prefix: str):
        super().__init__(data, files, prefix=prefix)
        self.fields["image"].widget.attrs["accept"] = ".png"


def certificate_pem(file) -> str:
    """PEM text of an uploaded certificate, whether the file was PEM or DER."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    raw = file.read(settings.EDESK_MAX_UPLOAD_BYTES)
    try:
        if b"-----BEGIN" in raw:
            cert = x509.load_pem_x509_certificate(raw)
        else:
            cert = x509.load_der_x509_certificate(raw)
    except ValueError as exc:
        raise forms.ValidationError(_("Tệp không phải chứng thư số hợp lệ.")) from exc
    return cert.public_bytes(Encoding.PEM).decode()


def chain_pem(file) -> str:
    """PEM text of the issuing CAs' certificates (one PEM file holding one or more)."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    raw = file.read(settings.EDESK_MAX_UPLOAD_BYTES)
    try:
        certs = x509.load_pem_x509_certificates(raw)
    except ValueError as exc:
        raise forms.ValidationError(_("Tệp chuỗi chứng thư phải là tệp PEM của các CA cấp.")) from exc
    return "".join(c.public_bytes(Encoding.PEM).decode() for c in certs)


class RemoteCertificateForm(forms.Form):
    certificate = forms.FileField(label=_("Chứng thư số của USB token (.cer, .crt, .pem)"))

    def __init__(self, data=None, files=None):
        super().__init__(data, files, prefix="remote")
        self.fields["certificate"].widget.attrs["accept"] = ".cer,.crt,.pem"

    def clean_certificate(self) -> str:
        return certificate_pem(self.cleaned_data["certificate"])


class Pkcs11Form(forms.Form):
    """A key kept in a PKCS#11 token or HSM on the server: where it is (token and key labels) and
    its certificate. An agency's token also gives its PIN, which the system keeps (wrapped) to
    apply the seal unattended on issuance; a person types theirs at each signature."""

    token_label = forms.CharField(label=_("Tên thiết bị (token label)"), max_length=100)
    key_label = forms.CharField(label=_("Tên khóa trong thiết bị (key label)"), max_length=100)
    certificate = forms.FileField(label=_("Chứng thư số của khóa (.cer, .crt, .pem)"))
    chain = forms.FileField(
        label=_("Chuỗi chứng thư của CA cấp (.pem)"),
        required=False,
        help_text=_("Không bắt buộc: chứng thư của CA trung gian, để người nhận kiểm tra được chữ ký."),
    )
    image = forms.FileField(label=_("Ảnh chữ ký (PNG nền trong suốt)"), required=False)
    image_width_mm = forms.IntegerField(label=_("Độ rộng ảnh (mm)"), min_value=10, max_value=80, initial=35)

    def __init__(self, data=None, files=None, *, prefix: str, agency: bool = False):
        super().__init__(data, files, prefix=prefix)
        for name, accept in (("certificate", ".cer,.crt,.pem"), ("chain", ".pem"), ("image", ".png")):
            self.fields[name].widget.attrs["accept"] = accept
        if agency:
            self.fields["pin"] = forms.CharField(
                label=_("Mã PIN của thiết bị (hệ thống giữ để đóng dấu khi phát hành)"),
                max_length=100,
                widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
            )
            self.fields["image"].label = _("Ảnh con dấu (PNG nền trong suốt)")
            self.fields["image_width_mm"].initial = 36

    def clean_certificate(self) -> str:
        return certificate_pem(self.cleaned_data["certificate"])

    def clean_chain(self) -> str:
        file = self.cleaned_data.get("chain")
        return chain_pem(file) if file else ""


def image_upload(form: forms.Form) -> Upload | None:
    file = form.cleaned_data.get("image")
    return _upload(file) if file else None


class PublicIdsField(forms.Field):
    """The ticked documents of a list: every `name` value, each a public id (UUID)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[uuid.UUID]:
        try:
            return [uuid.UUID(str(item)) for item in value or []]
        except ValueError:
            raise forms.ValidationError(_("Văn bản được chọn không hợp lệ."), code="invalid") from None


class SignBatchForm(forms.Form):
    """Ký hàng loạt on the "Chờ tôi ký" queue: the ticked documents and one PIN for all of them."""

    ids = PublicIdsField(error_messages={"required": _("Hãy chọn ít nhất một văn bản để ký.")})
    pin = forms.CharField(
        label=_("Mã PIN của chứng thư số"),
        max_length=100,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Hãy nhập mã PIN.")},
    )

    def __init__(self, data=None):
        super().__init__(data, auto_id="id_batch_%s")
