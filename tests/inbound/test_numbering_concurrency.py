"""Arrival numbers under load: many clerks registering into one register at the same moment.

Each thread is one clerk's request with its own database connection. The register's counter row is
the only source of numbers, so whatever the interleaving the numbers must come out 1..N with no gap
and no repeat, and a registration that fails after taking its number must give it back.
"""

import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection, connections
from django.utils import timezone

from edesk.accounts.models import User
from edesk.audit import events
from edesk.audit.models import AuditEvent
from edesk.core import storage
from edesk.core.enums import Channel
from edesk.documents import services as documents
from edesk.documents.models import Blob, Register, RegisterKind
from edesk.documents.services import Upload
from edesk.inbound import services as inbound
from edesk.inbound.models import Incoming
from tests.conftest import make_pdf

ROOT = Path(__file__).resolve().parents[2]

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads writing at once need PostgreSQL: the SQLite test database is shared-cache memory, where "
    "writers fail with 'database table is locked' (the SQLite file test below covers the embedded run)",
)
# One registration in PDF_EVERY carries a real PDF (checked, stored, text extracted on commit); the
# others are paper arrivals without a file, which keeps 800 registrations within the time budget.
PDF_EVERY = 16


class SimulatedCrash(Exception):
    """Raised inside the registration's transaction, after the number was taken."""


def _pdfs(count: int) -> dict[int, bytes]:
    # Built up front in the main thread: reportlab's font registry is process-wide state, and
    # distinct text per file keeps every blob distinct (same-bytes races are another test's subject).
    return {k: make_pdf(f"Công văn số {k + 1}/UBND-VX về chuyển đổi số") for k in range(0, count, PDF_EVERY)}


def _data(k: int, pdfs: dict[int, bytes]) -> inbound.IncomingData:
    pdf = pdfs.get(k)
    return inbound.IncomingData(
        doc_type="cong_van",
        subject=f"V/v báo cáo tình hình thực hiện nhiệm vụ, lần {k + 1}",
        code_number=str(k + 1),
        code_notation="UBND-VX",
        issued_date=timezone.localdate() - timedelta(days=1),
        issuer_name="UBND thành phố Huế",
        channel=Channel.ELECTRONIC if pdf else Channel.POST,
        files=[Upload(name=f"cv-{k + 1}.pdf", fileobj=io.BytesIO(pdf), size=len(pdf))] if pdf else [],
    )


def _in_threads(threads: int, per_thread: int, work: Callable[[User, int], None], clerk_id: int) -> list:
    """Run `work(clerk, k)` for k in 0..threads*per_thread-1, `per_thread` calls in each thread,
    all threads released together. Returns the unexpected exceptions."""
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def run(t: int) -> None:
        try:
            clerk = User.objects.get(pk=clerk_id)  # each request loads its own user
            barrier.wait(timeout=30)
            for i in range(per_thread):
                work(clerk, t * per_thread + i)
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=run, args=(t,), name=f"clerk-{t}") for t in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in pool), "a registration thread hung"
    return errors


def _register_concurrently(cast, threads: int, per_thread: int) -> dict:
    """Register threads × per_thread documents into agency A's register; report what came out."""
    pdfs = _pdfs(threads * per_thread)

    def work(clerk: User, k: int) -> None:
        inbound.incoming_register(actor=clerk, agency=cast.agency_a, data=_data(k, pdfs))

    errors = _in_threads(threads, per_thread, work, cast.clerk_a.pk)
    register = Register.objects.get(
        agency=cast.agency_a, year=timezone.localdate().year, kind=RegisterKind.INCOMING
    )
    logged = AuditEvent.objects.filter(action="incoming.register", agency_id=cast.agency_a.pk)
    return {
        "errors": [repr(e) for e in errors],
        "numbers": sorted(
            Incoming.objects.filter(register=register).values_list("arrival_number", flat=True)
        ),
        "last_number": register.last_number,
        "logged_numbers": sorted(e.data["arrival_number"] for e in logged),
        "audit_problems": events.verify(),
        "blobs": Blob.objects.count(),
        "files_sent": len(pdfs),
    }


def _assert_consecutive(outcome: dict, total: int) -> None:
    assert outcome["errors"] == []
    assert outcome["numbers"] == list(range(1, total + 1))
    assert outcome["last_number"] == total
    assert outcome["logged_numbers"] == outcome["numbers"]
    assert outcome["audit_problems"] == []
    assert outcome["blobs"] == outcome["files_sent"]


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_sixteen_clerks_register_eight_hundred_documents_with_consecutive_numbers(cast):
    _assert_consecutive(_register_concurrently(cast, threads=16, per_thread=50), total=800)


def sqlite_child_main() -> None:
    """Entry point of the child process below: a fresh file database as the embedded run has it."""
    from django.conf import settings
    from django.core.management import call_command

    from tests.conftest import build_cast

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0, skip_checks=True)
    outcome = _register_concurrently(build_cast(), threads=SQLITE_THREADS, per_thread=SQLITE_PER_THREAD)
    sys.stdout.write(json.dumps(outcome) + "\n")


SQLITE_THREADS, SQLITE_PER_THREAD = 4, 25


def test_four_clerks_on_a_sqlite_file_queue_behind_begin_immediate(tmp_path):
    # The test database of a SQLite run lives in shared-cache memory, where concurrent writers fail
    # with "database table is locked" instead of waiting; the embedded run uses a WAL file with
    # BEGIN IMMEDIATE and a busy timeout, so that configuration is what a child process gets here.
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(EDESK_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="edesk.settings")
    code = (
        "import django; django.setup(); "
        "from tests.inbound import test_numbering_concurrency as t; t.sqlite_child_main()"
    )
    child = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    outcome = json.loads(child.stdout.strip().splitlines()[-1])
    _assert_consecutive(outcome, total=SQLITE_THREADS * SQLITE_PER_THREAD)


def _stored_blob_names() -> set[str]:
    store = storage.backend()
    names = set()
    for first in store.listdir("")[0]:
        for second in store.listdir(first)[0]:
            names.update(store.listdir(f"{first}/{second}")[1])
    return names


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_registrations_that_crash_after_taking_a_number_give_it_back(cast, monkeypatch):
    threads, per_thread, crash_every = 8, 14, 7
    total = threads * per_thread
    pdfs = _pdfs(total)
    real_attachments_create = documents.attachments_create
    calls = {"n": 0}
    lock = threading.Lock()

    def flaky_attachments_create(**kwargs):
        with lock:
            calls["n"] += 1
            crash = calls["n"] % crash_every == 0
        if crash:
            raise SimulatedCrash()
        return real_attachments_create(**kwargs)

    monkeypatch.setattr(documents, "attachments_create", flaky_attachments_create)
    crashed: list[int] = []

    def work(clerk: User, k: int) -> None:
        try:
            inbound.incoming_register(actor=clerk, agency=cast.agency_a, data=_data(k, pdfs))
        except SimulatedCrash:
            crashed.append(k)

    assert _in_threads(threads, per_thread, work, cast.clerk_a.pk) == []
    assert len(crashed) == total // crash_every
    done = total - len(crashed)
    register = Register.objects.get(
        agency=cast.agency_a, year=timezone.localdate().year, kind=RegisterKind.INCOMING
    )
    assert register.last_number == done
    assert sorted(Incoming.objects.values_list("arrival_number", flat=True)) == list(range(1, done + 1))
    registered_numbers = set(Incoming.objects.values_list("code_number", flat=True))
    assert registered_numbers.isdisjoint({str(k + 1) for k in crashed})
    # The files of crashed registrations were taken back; every file left is one a row points to.
    assert _stored_blob_names() == set(Blob.objects.values_list("sha256", flat=True))
    assert Blob.objects.count() == len(set(pdfs) - set(crashed))
    assert events.verify() == []


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_crashed_registration_keeps_the_file_a_concurrent_one_is_saving(cast, monkeypatch):
    """Two clerks register the same PDF (an e-mail forwarded twice); the first crashes after its file
    was written, while the second has found that file already in storage and is about to commit."""
    same_bytes = make_pdf("Công văn gửi hai lần")
    first_inside, second_stored = threading.Event(), threading.Event()
    real_check_and_store, real_attachments_create = documents.check_and_store, documents.attachments_create

    def check_and_store(uploads, batch):
        files = real_check_and_store(uploads, batch)
        if threading.current_thread().name == "second":
            second_stored.set()
        return files

    def attachments_create(**kwargs):
        if threading.current_thread().name == "first":
            first_inside.set()
            second_stored.wait(timeout=10)
            raise SimulatedCrash()
        return real_attachments_create(**kwargs)

    monkeypatch.setattr(documents, "check_and_store", check_and_store)
    monkeypatch.setattr(documents, "attachments_create", attachments_create)
    outcome: dict[str, object] = {}

    def clerk(name: str) -> None:
        try:
            if name == "second":
                first_inside.wait(timeout=10)
            data = inbound.IncomingData(
                doc_type="cong_van",
                subject="V/v rà soát hồ sơ",
                issuer_name="UBND thành phố Huế",
                files=[Upload(name="cv.pdf", fileobj=io.BytesIO(same_bytes), size=len(same_bytes))],
            )
            outcome[name] = inbound.incoming_register(
                actor=cast.clerk_a, agency=cast.agency_a, data=data
            ).incoming
        except BaseException as exc:  # noqa: BLE001 - inspected below
            outcome[name] = exc
        finally:
            connections.close_all()

    pool = [threading.Thread(target=clerk, args=(n,), name=n) for n in ("first", "second")]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=60)
    assert isinstance(outcome["first"], SimulatedCrash)
    saved = outcome["second"]
    assert isinstance(saved, Incoming)
    attachment = saved.attachments.get()
    assert storage.read_blob(attachment.blob_id) == same_bytes
