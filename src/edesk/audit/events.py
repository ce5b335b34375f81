"""The one way to write an audit event. Call it inside the service's transaction."""

import hashlib
import json
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edesk.audit.models import AuditChain, AuditEvent

# The client address of the current request, set by middleware; services need not pass it around.
client_ip: ContextVar[str | None] = ContextVar("edesk_client_ip", default=None)

# Lazy: read in the language of each page that shows them. The context keeps these names of
# recorded events apart from the same words on buttons ("Đổi mật khẩu": changed vs change password).
ACTION_LABELS = {
    "incoming.register": pgettext_lazy("audit", "Vào sổ văn bản đến"),
    "incoming.view": pgettext_lazy("audit", "Mở văn bản"),
    "incoming.present": pgettext_lazy("audit", "Trình lãnh đạo"),
    "incoming.return": pgettext_lazy("audit", "Trả lại văn thư"),
    "incoming.direct": pgettext_lazy("audit", "Chỉ đạo, phân công"),
    "incoming.reassign": pgettext_lazy("audit", "Phân công lại"),
    "incoming.complete": pgettext_lazy("audit", "Hoàn thành xử lý"),
    "incoming.update": pgettext_lazy("audit", "Sửa thông tin văn bản"),
    "incoming.file_download": pgettext_lazy("audit", "Tải tệp"),
    "incoming.recall": pgettext_lazy("audit", "Văn bản bị cơ quan gửi thu hồi"),
    "received.deliver": pgettext_lazy("audit", "Nhận văn bản điện tử"),
    "received.open": pgettext_lazy("audit", "Mở văn bản điện tử chờ vào sổ"),
    "received.register": pgettext_lazy("audit", "Vào sổ văn bản điện tử"),
    "received.recall": pgettext_lazy("audit", "Cơ quan gửi thu hồi văn bản"),
    "assignment.delegate": pgettext_lazy("audit", "Giao xử lý"),
    "assignment.progress": pgettext_lazy("audit", "Cập nhật tiến độ"),
    "assignment.complete": pgettext_lazy("audit", "Hoàn thành phần việc"),
    "assignment.read": pgettext_lazy("audit", "Đã xem (nhận để biết)"),
    "register.print": pgettext_lazy("audit", "In sổ đăng ký"),
    "outgoing.create": pgettext_lazy("audit", "Tạo dự thảo văn bản đi"),
    "outgoing.update": pgettext_lazy("audit", "Sửa thông tin dự thảo"),
    "outgoing.upload": pgettext_lazy("audit", "Tải lên phiên bản dự thảo"),
    "outgoing.appendices": pgettext_lazy("audit", "Cập nhật phụ lục dự thảo"),
    "outgoing.submit": pgettext_lazy("audit", "Trình duyệt dự thảo"),
    "outgoing.approve": pgettext_lazy("audit", "Duyệt dự thảo"),
    "outgoing.return": pgettext_lazy("audit", "Trả lại dự thảo"),
    "outgoing.sign": pgettext_lazy("audit", "Ký số văn bản đi"),
    "outgoing.number": pgettext_lazy("audit", "Cấp số, đóng dấu văn bản đi"),
    "outgoing.issue": pgettext_lazy("audit", "Phát hành văn bản đi"),
    "outgoing.recall": pgettext_lazy("audit", "Thu hồi văn bản đi"),
    "outgoing.open": pgettext_lazy("audit", "Đã xem văn bản đi (nhận để biết)"),
    "outgoing.chain_set": pgettext_lazy("audit", "Cấu hình quy trình duyệt"),
    "org.create": pgettext_lazy("audit", "Thêm cơ quan, đơn vị"),
    "org.update": pgettext_lazy("audit", "Sửa cơ quan, đơn vị"),
    "user.create": pgettext_lazy("audit", "Thêm người dùng"),
    "user.locked": pgettext_lazy("audit", "Khóa tài khoản tạm thời"),
    "user.password_change": pgettext_lazy("audit", "Đổi mật khẩu"),
    "user.update": pgettext_lazy("audit", "Sửa thông tin người dùng"),
    "user.deactivate": pgettext_lazy("audit", "Khóa tài khoản"),
    "user.reactivate": pgettext_lazy("audit", "Mở lại tài khoản"),
    "user.unlock": pgettext_lazy("audit", "Mở khóa đăng nhập"),
    "user.password_reset": pgettext_lazy("audit", "Đặt lại mật khẩu"),
    "membership.add": pgettext_lazy("audit", "Giao chức vụ"),
    "membership.end": pgettext_lazy("audit", "Thôi chức vụ"),
    "token.create": pgettext_lazy("audit", "Tạo mã truy cập API"),
    "token.revoke": pgettext_lazy("audit", "Thu hồi mã truy cập API"),
    "credential.import": pgettext_lazy("audit", "Nhập chứng thư số (PKCS#12)"),
    "credential.register": pgettext_lazy("audit", "Đăng ký chứng thư số"),
    "credential.image": pgettext_lazy("audit", "Đổi ảnh chữ ký, con dấu"),
    "credential.deactivate": pgettext_lazy("audit", "Ngừng sử dụng chứng thư số"),
    "signature.remote_prepare": pgettext_lazy("audit", "Chuẩn bị ký số trên thiết bị"),
    "signature.remote_complete": pgettext_lazy("audit", "Hoàn tất ký số trên thiết bị"),
    "signature.remote_expire": pgettext_lazy("audit", "Hết hạn phiên ký số"),
}


# The system's name as stored and hashed: log content is data, never translated; pages translate it
# when they show it (actor_shown).
SYSTEM_ACTOR = "Hệ thống"


def actor_shown(actor_id: int | None, label: str) -> str:
    """Who acted, as a page shows it: the stored name, or "the system" in the page's language."""
    return str(_("Hệ thống")) if actor_id is None and label == SYSTEM_ACTOR else label


def event_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    body = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def hashed_fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "chain": event.chain,
        "seq": event.seq,
        # Hashed in UTC: the database hands the time back in UTC whatever zone it was written in.
        "at": event.at.astimezone(UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "agency_id": event.agency_id,
        "ip": event.ip,
        "data": event.data,
    }


def record(actor, action: str, obj, *, agency_id: int | None = None, data: dict | None = None) -> AuditEvent:
    """Append an event about `obj` done by `actor` (None for the system) to the agency's chain."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit events are written inside the service's transaction")
    chain_key = agency_id or 0
    AuditChain.objects.get_or_create(key=chain_key)
    head = AuditChain.objects.select_for_update().get(key=chain_key)
    event = AuditEvent(
        chain=chain_key,
        seq=head.last_seq + 1,
        at=timezone.now(),
        actor_id=getattr(actor, "pk", None),
        actor_label=(actor.get_full_name() or actor.username) if actor is not None else SYSTEM_ACTOR,
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        agency_id=agency_id,
        # Hashed as stored: an IPv6 address is written in its canonical short form.
        ip=AuditEvent._meta.get_field("ip").get_prep_value(client_ip.get() or None),
        data=json.loads(json.dumps(data or {}, ensure_ascii=False, default=str)),
        prev_hash=head.last_hash,
    )
    event.hash = event_hash(event.prev_hash, hashed_fields(event))
    event.save()
    AuditChain.objects.filter(key=chain_key).update(last_seq=event.seq, last_hash=event.hash)
    return event


@dataclass
class VerifyReport:
    problems: list[str]
    events: int
    chains: int


def verify(chain_key: int | None = None) -> list[str]:
    """Walk the chains and return a description of every break found (empty: intact)."""
    return verify_report(chain_key).problems


def verify_report(chain_key: int | None = None) -> VerifyReport:
    """Walk the chains (or one) and report every break, with how much was checked.

    Safe on a live system: the head is read before its events and only events up to the head are
    walked, so appends that commit meanwhile are neither missed as gaps nor taken for forgeries.
    """
    problems: list[str] = []
    events = AuditEvent.objects.all() if chain_key is None else AuditEvent.objects.filter(chain=chain_key)
    # Read before the heads: a head is created in the same transaction as its chain's first event,
    # so a chain seen here without a head is a forgery, never a race.
    event_chains = set(events.order_by().values_list("chain", flat=True).distinct())
    chosen = AuditChain.objects.all() if chain_key is None else AuditChain.objects.filter(key=chain_key)
    heads = list(chosen.order_by("key"))
    for key in sorted(event_chains - {h.key for h in heads}):
        problems.append(f"chuỗi {key}: có sự kiện nhưng không có đầu chuỗi (sự kiện bị chèn)")
    walked = 0
    for head in heads:
        walked += _walk(head, problems)
    return VerifyReport(problems=problems, events=walked, chains=len(heads))


def _walk(head: AuditChain, problems: list[str]) -> int:
    prev_hash, expected_seq, walked = "0" * 64, 1, 0
    rows = AuditEvent.objects.filter(chain=head.key, seq__lte=head.last_seq).order_by("seq")
    for event in rows.iterator(chunk_size=2000):
        walked += 1
        if event.seq != expected_seq:
            problems.append(f"chuỗi {head.key}: thiếu sự kiện số {expected_seq} (gặp số {event.seq})")
        if event.prev_hash != prev_hash:
            problems.append(f"chuỗi {head.key}, sự kiện {event.seq}: liên kết tới sự kiện trước bị sai")
        if event_hash(event.prev_hash, hashed_fields(event)) != event.hash:
            problems.append(f"chuỗi {head.key}, sự kiện {event.seq}: nội dung đã bị sửa")
        prev_hash, expected_seq = event.hash, event.seq + 1
    if head.last_seq != expected_seq - 1 or head.last_hash != prev_hash:
        problems.append(f"chuỗi {head.key}: sự kiện cuối (số {head.last_seq}) đã bị xóa hoặc thay")
    # Rows past the head: the largest sequence number is read before the head is read again, so an
    # append committing in between raises the head too and is not mistaken for an inserted row.
    top = AuditEvent.objects.filter(chain=head.key).aggregate(m=Max("seq"))["m"] or 0
    if top > AuditChain.objects.get(key=head.key).last_seq:
        problems.append(f"chuỗi {head.key}: có sự kiện số {top} nằm sau đầu chuỗi (sự kiện bị chèn)")
    return walked
