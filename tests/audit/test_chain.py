"""The audit log is a hash chain per agency, append-only in the database, and verifiable.

Tampering tests play an attacker who owns the tables: they lift the append-only triggers first
(`audit_guard_lifted`), then prove the chain still gives them away.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from unittest import mock

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from edesk.audit import events
from edesk.audit.models import AuditChain, AuditEvent
from edesk.orgs import services as orgs
from tests.conftest import audit_guard_lifted


def _agency(name: str, short_name: str, code: str):
    return orgs.org_create(actor=None, name=name, short_name=short_name, code=code, is_agency=True)


@pytest.fixture
def agency(db):
    """An agency whose chain holds its creation plus four updates: seqs 1..5."""
    org = _agency("Sở Xây dựng", "SXD", "000.05.00.H57")
    for i in range(4):
        with transaction.atomic():
            events.record(None, "org.update", org, agency_id=org.pk, data={"name": f"Sở Xây dựng {i}"})
    return org


def _raw(sql: str, params: tuple = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _forge(*, chain: int, seq: int, at, object_id: str, prev_hash: str) -> None:
    """Insert a row the way an intruder with INSERT rights would: plausible, but not chained."""
    _raw(
        "INSERT INTO audit_auditevent (chain, seq, at, actor_id, actor_label, action, object_type, object_id,"
        " agency_id, ip, data, prev_hash, hash) VALUES (%s, %s, %s, NULL, 'Hệ thống', 'org.update',"
        " 'organization', %s, %s, NULL, %s, %s, %s)",
        (chain, seq, at, object_id, chain, "{}", prev_hash, "f" * 64),
    )


def test_each_agency_has_its_own_consecutive_chain(agency):
    other = _agency("Sở Y tế", "SYT", "000.06.00.H57")
    seqs = list(AuditEvent.objects.filter(chain=agency.pk).order_by("seq").values_list("seq", flat=True))
    assert seqs == [1, 2, 3, 4, 5]
    assert AuditEvent.objects.get(chain=other.pk).seq == 1
    head = AuditChain.objects.get(key=agency.pk)
    last = AuditEvent.objects.get(chain=agency.pk, seq=5)
    assert (head.last_seq, head.last_hash) == (5, last.hash)
    assert (
        AuditEvent.objects.get(chain=agency.pk, seq=2).prev_hash
        == AuditEvent.objects.get(chain=agency.pk, seq=1).hash
    )
    report = events.verify_report()
    assert report.problems == []
    assert (report.events, report.chains) == (6, 2)


def test_hash_survives_the_database_round_trip(agency):
    # A caller's clock in local time (the demo replays history that way) and an IPv6 address in
    # long form both come back from the database written differently: the hash must not care.
    local_now = timezone.localtime(timezone.now())
    token = events.client_ip.set("2001:0DB8:0000:0000:0000:0000:0000:0001")
    try:
        with mock.patch.object(timezone, "now", return_value=local_now), transaction.atomic():
            event = events.record(None, "org.update", agency, agency_id=agency.pk, data={"when": local_now})
    finally:
        events.client_ip.reset(token)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.ip == "2001:db8::1" and stored.at == local_now
    assert events.verify() == []


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_write_outside_a_transaction():
    # Also proves the test-database flush gets past the append-only triggers: this test's events
    # are really committed and must be removed for the next test.
    agency = _agency("Sở Y tế", "SYT", "000.06.00.H57")
    with pytest.raises(RuntimeError):
        events.record(None, "org.update", agency, agency_id=agency.pk)
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_flush_left_an_empty_and_guarded_log():
    # Runs after the test above (pytest-django keeps transactional tests in file order).
    assert not AuditEvent.objects.exists() and not AuditChain.objects.exists()
    agency = _agency("Sở Y tế", "SYT", "000.06.00.H57")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(chain=agency.pk).delete()


def test_edited_data_is_detected(agency):
    with audit_guard_lifted():
        _raw(
            "UPDATE audit_auditevent SET data = %s WHERE chain = %s AND seq = 3",
            ('{"name": "Sở Xây dựng (đã sửa)"}', agency.pk),
        )
    assert events.verify() == [f"chuỗi {agency.pk}, sự kiện 3: nội dung đã bị sửa"]


def test_edited_actor_with_recomputed_hash_breaks_the_next_link(agency):
    event = AuditEvent.objects.get(chain=agency.pk, seq=2)
    event.actor_label = "Người khác"
    forged = events.event_hash(event.prev_hash, events.hashed_fields(event))
    with audit_guard_lifted():
        _raw(
            "UPDATE audit_auditevent SET actor_label = %s, hash = %s WHERE id = %s",
            ("Người khác", forged, event.pk),
        )
    assert events.verify() == [f"chuỗi {agency.pk}, sự kiện 3: liên kết tới sự kiện trước bị sai"]


def test_deleted_middle_event_is_detected(agency):
    with audit_guard_lifted():
        _raw("DELETE FROM audit_auditevent WHERE chain = %s AND seq = 3", (agency.pk,))
    problems = events.verify()
    assert f"chuỗi {agency.pk}: thiếu sự kiện số 3 (gặp số 4)" in problems
    assert f"chuỗi {agency.pk}, sự kiện 4: liên kết tới sự kiện trước bị sai" in problems


def test_deleted_last_event_is_detected(agency):
    with audit_guard_lifted():
        _raw("DELETE FROM audit_auditevent WHERE chain = %s AND seq = 5", (agency.pk,))
    assert events.verify() == [f"chuỗi {agency.pk}: sự kiện cuối (số 5) đã bị xóa hoặc thay"]


def test_forged_row_after_the_head_is_detected(agency):
    last = AuditEvent.objects.get(chain=agency.pk, seq=5)
    _forge(chain=agency.pk, seq=6, at=last.at, object_id=str(agency.pk), prev_hash=last.hash)
    assert events.verify() == [f"chuỗi {agency.pk}: có sự kiện số 6 nằm sau đầu chuỗi (sự kiện bị chèn)"]


def test_forged_chain_without_a_head_is_detected(agency):
    _forge(chain=999, seq=1, at=AuditEvent.objects.first().at, object_id="1", prev_hash="0" * 64)
    assert events.verify() == ["chuỗi 999: có sự kiện nhưng không có đầu chuỗi (sự kiện bị chèn)"]
    assert events.verify(agency.pk) == []


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET actor_label = 'Người khác'",
        "DELETE FROM audit_auditevent WHERE seq = 3",
        "DELETE FROM audit_auditevent",
        "DELETE FROM audit_auditchain",
        "UPDATE audit_auditchain SET last_seq = last_seq - 1",
        "UPDATE audit_auditchain SET last_seq = last_seq + 5",
    ],
)
def test_the_database_refuses_edits_and_deletes(agency, sql):
    with pytest.raises(IntegrityError, match="chỉ được ghi thêm"), transaction.atomic():
        _raw(sql)
    assert events.verify() == []
    assert AuditEvent.objects.filter(chain=agency.pk).count() == 5


def test_the_orm_cannot_edit_or_delete_either(agency):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(chain=agency.pk).update(action="org.create")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(chain=agency.pk, seq=5).delete()
    event = AuditEvent.objects.get(chain=agency.pk, seq=1)
    event.actor_label = "Người khác"
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()
    # Appending still works: the head moves forward by exactly one.
    with transaction.atomic():
        assert events.record(None, "org.update", agency, agency_id=agency.pk).seq == 6
    assert events.verify() == []


def test_lifting_the_guard_is_scoped(agency):
    with audit_guard_lifted():
        _raw("UPDATE audit_auditevent SET actor_label = actor_label WHERE chain = %s", (agency.pk,))
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw("UPDATE audit_auditevent SET actor_label = actor_label WHERE chain = %s", (agency.pk,))


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks across connections")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    agency = _agency("Sở Tư pháp", "STP", "000.07.00.H57")
    start = threading.Barrier(8)

    def writer(n: int) -> None:
        try:
            start.wait(timeout=30)
            for i in range(25):
                with transaction.atomic():
                    events.record(None, "org.update", agency, agency_id=agency.pk, data={"writer": n, "i": i})
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(writer, range(8)))
    seqs = list(AuditEvent.objects.filter(chain=agency.pk).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 202))  # the creation event, then 8 × 25 appends
    assert AuditChain.objects.get(key=agency.pk).last_seq == 201
    assert events.verify() == []
