"""`manage.py audit_verify` tells an operator, and a monitoring probe via its exit status, whether
the audit log is intact."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.conftest import audit_guard_lifted, register

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("audit_verify", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _tamper(sql: str, params: tuple) -> None:
    with audit_guard_lifted(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_intact_log_reports_counts_and_exits_zero(cast):
    from edesk.audit.models import AuditChain, AuditEvent

    register(cast)
    out, err = _run()
    total, chains = AuditEvent.objects.count(), AuditChain.objects.count()
    assert chains == 3  # system-wide (accounts), agency A, agency B
    assert out.strip() == f"Nhật ký toàn vẹn: {total} sự kiện trong {chains} chuỗi."
    assert err == ""


def test_one_chain_only(cast):
    from edesk.audit.models import AuditEvent

    register(cast)
    out, _ = _run("--chain", str(cast.agency_a.pk))
    count = AuditEvent.objects.filter(chain=cast.agency_a.pk).count()
    assert out.strip() == f"Nhật ký toàn vẹn: {count} sự kiện trong 1 chuỗi."


def test_unknown_chain_is_an_error(cast):
    with pytest.raises(CommandError, match="Không có chuỗi nhật ký số 4242") as exc:
        _run("--chain", "4242")
    assert exc.value.returncode == 1


def test_tampering_lists_every_problem_and_exits_one(cast):
    register(cast)
    a = cast.agency_a.pk
    _tamper("UPDATE audit_auditevent SET actor_label = %s WHERE chain = %s AND seq = 2", ("Kẻ gian", a))
    _tamper("DELETE FROM audit_auditevent WHERE chain = %s AND seq = 4", (cast.agency_b.pk,))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nhật ký đã bị can thiệp: 3 vấn đề") as exc:
        call_command("audit_verify", stdout=io.StringIO(), stderr=err)
    assert exc.value.returncode == 1
    lines = err.getvalue().splitlines()
    assert f"- chuỗi {a}, sự kiện 2: nội dung đã bị sửa" in lines
    assert f"- chuỗi {cast.agency_b.pk}: thiếu sự kiện số 4 (gặp số 5)" in lines
    assert f"- chuỗi {cast.agency_b.pk}, sự kiện 5: liên kết tới sự kiện trước bị sai" in lines
    # The untouched system-wide chain still verifies on its own.
    out, _ = _run("--chain", "0")
    assert out.startswith("Nhật ký toàn vẹn:")
