"""The one way to write an audit event. Call it inside the service's transaction."""

import hashlib
import json
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.utils import timezone

from edesk.audit.models import AuditChain, AuditEvent

# The client address of the current request, set by middleware; services need not pass it around.
client_ip: ContextVar[str | None] = ContextVar("edesk_client_ip", default=None)

ACTION_LABELS = {
    "incoming.register": "Vào sổ văn bản đến",
    "incoming.view": "Mở văn bản",
    "incoming.present": "Trình lãnh đạo",
    "incoming.return": "Trả lại văn thư",
    "incoming.direct": "Chỉ đạo, phân công",
    "incoming.reassign": "Phân công lại",
    "incoming.complete": "Hoàn thành xử lý",
    "incoming.update": "Sửa thông tin văn bản",
    "incoming.file_download": "Tải tệp",
    "assignment.delegate": "Giao xử lý",
    "assignment.progress": "Cập nhật tiến độ",
    "assignment.complete": "Hoàn thành phần việc",
    "assignment.read": "Đã xem (nhận để biết)",
    "register.print": "In sổ đăng ký",
    "org.create": "Thêm cơ quan, đơn vị",
    "org.update": "Sửa cơ quan, đơn vị",
    "user.create": "Thêm người dùng",
    "user.locked": "Khóa tài khoản tạm thời",
    "user.password_change": "Đổi mật khẩu",
    "membership.add": "Giao chức vụ",
    "membership.end": "Thôi chức vụ",
    "token.create": "Tạo mã truy cập API",
    "token.revoke": "Thu hồi mã truy cập API",
}


def event_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    body = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def hashed_fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "chain": event.chain,
        "seq": event.seq,
        "at": event.at.isoformat(),
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
        actor_label=(actor.get_full_name() or actor.username) if actor is not None else "Hệ thống",
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        agency_id=agency_id,
        ip=client_ip.get(),
        data=json.loads(json.dumps(data or {}, ensure_ascii=False, default=str)),
        prev_hash=head.last_hash,
    )
    event.hash = event_hash(event.prev_hash, hashed_fields(event))
    event.save()
    AuditChain.objects.filter(key=chain_key).update(last_seq=event.seq, last_hash=event.hash)
    return event


def verify(chain_key: int | None = None) -> list[str]:
    """Walk the chains and return a description of every break found (empty: intact)."""
    problems: list[str] = []
    heads = AuditChain.objects.all() if chain_key is None else AuditChain.objects.filter(key=chain_key)
    for head in heads.order_by("key"):
        prev_hash, expected_seq = "0" * 64, 1
        for event in AuditEvent.objects.filter(chain=head.key).order_by("seq").iterator(chunk_size=2000):
            if event.seq != expected_seq:
                problems.append(f"chuỗi {head.key}: thiếu sự kiện số {expected_seq} (gặp số {event.seq})")
            if event.prev_hash != prev_hash:
                problems.append(f"chuỗi {head.key}, sự kiện {event.seq}: liên kết tới sự kiện trước bị sai")
            if event_hash(event.prev_hash, hashed_fields(event)) != event.hash:
                problems.append(f"chuỗi {head.key}, sự kiện {event.seq}: nội dung đã bị sửa")
            prev_hash, expected_seq = event.hash, event.seq + 1
        if head.last_seq != expected_seq - 1 or head.last_hash != prev_hash:
            problems.append(f"chuỗi {head.key}: sự kiện cuối (số {head.last_seq}) đã bị xóa hoặc thay")
    return problems
