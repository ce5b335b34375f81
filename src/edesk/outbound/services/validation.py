"""What a draft's metadata must satisfy (Decree 30 App. VI outgoing fields, and the agency's posts)."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from edesk.accounts.models import Membership
from edesk.accounts.roles import Role
from edesk.core.enums import Secrecy, Urgency
from edesk.core.errors import UserError
from edesk.core.text import squash
from edesk.documents.doctypes import DocType
from edesk.inbound.access import incoming_visible_to
from edesk.orgs.models import Organization
from edesk.outbound.models import Authority, Outgoing, RecipientKind, State


@dataclass
class RecipientSpec:
    kind: str
    org_id: int | None = None
    user_id: int | None = None
    external_name: str = ""
    external_code: str = ""


@dataclass
class DraftData:
    """What the author enters (Decree 30 App. VI outgoing metadata)."""

    doc_type: str
    subject: str
    drafting_unit_id: int
    signer_id: int | None = None
    authority: str = ""
    authority_for: str = ""
    urgency: int = Urgency.NORMAL
    secrecy: int = Secrecy.NONE
    issued_amount: int = 1
    reply_due: date | None = None
    reply_to_id: int | None = None
    recipients_text: str = ""
    recipients: list[RecipientSpec] = field(default_factory=list)
    description: str = ""
    request_key: str | None = None
    replaces_id: int | None = None


@dataclass
class Checked:
    """The validated data, with the rows it refers to."""

    data: DraftData
    subject: str
    drafting_unit: Organization
    signer_name: str = ""
    signer_position: str = ""


def require(condition: bool, message: str | Promise, code: str, field_name: str | None = None) -> None:
    # Messages are lazy: built only when a check fails, in the language of the request.
    if not condition:
        raise UserError(message, code=code, field=field_name)


def check_draft(actor, agency: Organization, data: DraftData, *, outgoing: Outgoing | None = None) -> Checked:
    subject = squash(data.subject)
    require(data.doc_type in DocType.values, _("Loại văn bản không hợp lệ."), "doc_type", "doc_type")
    require(bool(subject), _("Hãy nhập trích yếu nội dung."), "required", "subject")
    require(len(subject) <= 500, _("Trích yếu dài quá 500 ký tự."), "too_long", "subject")
    require(len(squash(data.description)) <= 500, _("Ghi chú dài quá 500 ký tự."), "too_long", "description")
    require(data.urgency in Urgency.values, _("Độ khẩn không hợp lệ."), "urgency", "urgency")
    require(data.secrecy in Secrecy.values, _("Độ mật không hợp lệ."), "secrecy", "secrecy")
    require(data.authority in Authority.values, _("Thẩm quyền ký không hợp lệ."), "authority", "authority")
    require(
        len(squash(data.authority_for)) <= 100,
        _("“Thay mặt” dài quá 100 ký tự."),
        "too_long",
        "authority_for",
    )
    require(
        1 <= data.issued_amount <= 999,
        _("Số bản phát hành phải từ 1 đến 999."),
        "issued_amount",
        "issued_amount",
    )
    unit = Organization.objects.filter(pk=data.drafting_unit_id, agency_id=agency.pk, active=True).first()
    require(unit is not None, _("Đơn vị soạn thảo không thuộc cơ quan."), "unit_outside", "drafting_unit")
    assert unit is not None
    checked = Checked(data, subject, unit)
    if data.signer_id is not None:
        post = (
            Membership.objects.filter(
                user_id=data.signer_id,
                agency_id=agency.pk,
                role=Role.LEADER,
                active=True,
                user__is_active=True,
            )
            .select_related("user")
            .first()
        )
        require(post is not None, _("Người ký phải là lãnh đạo của cơ quan."), "not_a_leader", "signer")
        assert post is not None
        checked.signer_name = post.user.get_full_name()[:50]
        checked.signer_position = post.title[:100]
    if data.reply_to_id is not None:
        answers = incoming_visible_to(actor).filter(pk=data.reply_to_id, agency_id=agency.pk).exists()
        require(
            answers,
            _("Văn bản đến được trả lời không tồn tại hoặc bạn không được xem."),
            "reply_to",
            "reply_to",
        )
    if data.replaces_id is not None:
        replaced = Outgoing.objects.filter(pk=data.replaces_id, owner_id=agency.pk, state=State.ISSUED)
        if outgoing is not None:
            replaced = replaced.exclude(pk=outgoing.pk)
        require(
            replaced.exists(),
            _("Văn bản được thay thế phải là văn bản đã phát hành của cơ quan."),
            "replaces",
            "replaces",
        )
    check_recipients(agency, data)
    return checked


def check_recipients(agency: Organization, data: DraftData) -> None:
    seen: set[tuple] = set()
    for spec in data.recipients:
        require(
            spec.kind in RecipientKind.values,
            _("Loại nơi nhận không hợp lệ."),
            "recipient_kind",
            "recipients",
        )
        key = (spec.kind, spec.org_id, spec.user_id, squash(spec.external_name).lower())
        require(key not in seen, _("Một nơi nhận được chọn hai lần."), "recipient_twice", "recipients")
        seen.add(key)
        if spec.kind == RecipientKind.AGENCY:
            ok = (
                spec.org_id is not None
                and spec.org_id != agency.pk
                and Organization.objects.filter(pk=spec.org_id, is_agency=True, active=True).exists()
            )
            require(ok, _("Cơ quan nhận không có trong hệ thống."), "recipient_agency", "recipients")
        elif spec.kind == RecipientKind.UNIT:
            ok = (
                spec.org_id is not None
                and Organization.objects.filter(pk=spec.org_id, agency_id=agency.pk, active=True).exists()
            )
            require(ok, _("Đơn vị nhận không thuộc cơ quan."), "recipient_outside", "recipients")
        elif spec.kind == RecipientKind.PERSON:
            ok = (
                spec.user_id is not None
                and Membership.objects.filter(
                    user_id=spec.user_id, agency_id=agency.pk, active=True, user__is_active=True
                ).exists()
            )
            require(ok, _("Người nhận không thuộc cơ quan."), "recipient_outside", "recipients")
        else:
            name = squash(spec.external_name)
            require(bool(name), _("Hãy nhập tên cơ quan nhận ngoài hệ thống."), "required", "recipients")
            require(len(name) <= 200, _("Tên cơ quan nhận dài quá 200 ký tự."), "too_long", "recipients")
            require(
                len(spec.external_code) <= 13, _("Mã định danh dài quá 13 ký tự."), "too_long", "recipients"
            )
