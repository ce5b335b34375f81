"""The benchmark province, loaded straight into PostgreSQL with COPY (`manage.py bench_generate`).

A province of `agencies` agencies (`generate_province`), `users` people with posts, and `documents`
incoming documents over five years with the state mix of a working office: most completed, some in
progress, a few overdue; their assignments (lead, co-handling, for information, delegated parts),
progress notes, registers and files.

Calling the services once per document would take hours for a million documents, so the rows are
written with COPY, a few thousand documents per transaction, in foreign-key order. Constraints and
indexes stay on, and every derived value is computed by the code the services use (`dup_key`,
`search_text_of`, `NO_DEADLINE`, urgency and secrecy copied onto assignments), so the tables hold
exactly what the services would have written. Only the audit log is not replayed.
"""

import queue
import random
import threading
import time as clock
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from edesk.accounts.models import Membership, User
from edesk.core import storage
from edesk.demo import vocabulary as vocab
from edesk.demo.bulkdocs import DocumentMaker
from edesk.demo.bulkorgs import Province, build_province
from edesk.demo.letterhead import Letter, render_letter
from edesk.demo.seed import PASSWORD
from edesk.documents import pdf
from edesk.documents.models import Attachment, Blob, Document, Register
from edesk.inbound.models import Assignment, Incoming, ProgressNote
from edesk.orgs.models import Organization

BLOB_COUNT = 6
_REQUIRED = object()


class Table:
    """Rows for one model's own table, written with COPY in the model's column order.

    Columns the generator does not set take the field's constant default or NULL; a NOT NULL column
    without a default that nobody sets is an error at the first row, not a failed COPY later."""

    def __init__(self, model):
        self.model = model
        self.fields = list(model._meta.local_concrete_fields)
        self.defaults = {f.attname: self._default(f) for f in self.fields}
        self.rows: list[tuple] = []
        self.written = 0

    @staticmethod
    def _default(field):
        if field.has_default() and not callable(field.default):
            return field.default
        if field.null:
            return None
        return "" if field.empty_strings_allowed and field.blank else _REQUIRED

    def add(self, values: dict) -> None:
        row = tuple(values.get(f.attname, self.defaults[f.attname]) for f in self.fields)
        if _REQUIRED in row:
            missing = [f.attname for f, v in zip(self.fields, row, strict=True) if v is _REQUIRED]
            raise RuntimeError(f"{self.model._meta.label}: no value for {', '.join(missing)}")
        self.rows.append(row)

    def take(self) -> list[tuple]:
        rows, self.rows = self.rows, []
        self.written += len(rows)
        return rows

    def copy(self, cursor, rows: list[tuple]) -> None:
        """COPY `rows` in through `cursor` (a psycopg cursor of the calling thread's connection)."""
        if not rows:
            return
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        with cursor.copy(f"COPY {quote(self.model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


class Writer:
    """Writes batches, one transaction each, tables in foreign-key order.

    Outside a transaction it writes from a background thread on its own connection, so PostgreSQL
    ingests one batch while Python generates the next: on two cores that nearly halves the load
    time. Inside a transaction (a test's) it writes inline on the caller's connection, so the
    caller's rollback undoes everything."""

    def __init__(self, tables: dict):
        self.tables = tables
        self.background = not connection.in_atomic_block
        self.error: BaseException | None = None
        self.queue: queue.Queue = queue.Queue(maxsize=1)
        self.thread = threading.Thread(target=self._run, name="bulk-writer", daemon=True)
        if self.background:
            self.thread.start()

    def submit(self) -> None:
        batch = [(table, table.take()) for table in self.tables.values()]
        if not self.background:
            self._write(batch)
            return
        if self.error is not None:
            raise self.error
        self.queue.put(batch)

    def close(self) -> None:
        if self.background:
            self.queue.put(None)
            self.thread.join()
        if self.error is not None:
            raise self.error

    @staticmethod
    def _write(batch) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            for table, rows in batch:
                table.copy(cursor.cursor, rows)

    def _run(self) -> None:
        try:
            with connection.cursor() as cursor:
                # Loader-only session settings: no wait for the WAL flush at each commit, and
                # memory to merge the GIN index's pending list.
                cursor.execute("SET synchronous_commit = off")
                cursor.execute("SET work_mem = '256MB'")
            while (batch := self.queue.get()) is not None:
                if self.error is None:  # after a failure, keep draining so submit() never blocks
                    try:
                        self._write(batch)
                    except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                        self.error = exc
        finally:
            connection.close()


@dataclass
class Options:
    documents: int
    agencies: int = 250
    users: int = 15_000
    years: int = 5
    seed: int = 2026
    batch: int = 10_000
    text_share: float = 0.3
    now: datetime | None = None


@dataclass
class Report:
    agencies: int
    units: int
    users: int
    memberships: int
    documents: int
    assignments: int
    attachments: int
    notes: int
    registers: int
    seconds: float


# Every table the generator writes, in foreign-key order.
MODELS = (
    Organization,
    User,
    Membership,
    Blob,
    Register,
    Document,
    Incoming,
    Attachment,
    Assignment,
    ProgressNote,
)


def app_tables() -> list[str]:
    """The tables of edesk's apps (and sessions), for --reset."""
    existing = set(connection.introspection.table_names())
    tables = [
        model._meta.db_table
        for config in apps.get_app_configs()
        if config.name.startswith("edesk.")
        for model in config.get_models(include_auto_created=True)
    ]
    return [t for t in [*dict.fromkeys(tables), "django_session"] if t in existing]


def reset() -> None:
    """Empty every app table (TRUNCATE … RESTART IDENTITY CASCADE). Files in storage stay."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in app_tables())} RESTART IDENTITY CASCADE")


def is_empty() -> bool:
    return not (Organization.objects.exists() or User.objects.exists() or Document.objects.exists())


def _store_blobs(rng: random.Random, now: datetime) -> list[tuple[str, int, int]]:
    """A handful of real one-page PDFs, stored once; every attachment row points to one of them."""
    stored = []
    batch = storage.WriteBatch()
    for index in range(BLOB_COUNT):
        type_name = ("Công văn", "Quyết định", "Kế hoạch", "Báo cáo", "Thông báo", "Giấy mời")[index]
        subject = vocab.subject(rng, type_name, year=now.year)
        position, name = vocab.signer(rng)
        data = render_letter(
            Letter(
                issuer="Ủy ban nhân dân thành phố Huế",
                number_notation=f"{rng.randint(1, 900):02d}/"
                + vocab.notation_for(dict(vocab.DOC_TYPES)[type_name], "UBND", rng, unit_short="VX"),
                place="Huế",
                issued=now.date(),
                doc_type_label=type_name,
                subject=subject,
                body=vocab.extracted_text(rng, subject, 3, year=now.year, doc_type_name=type_name),
                signer_position=position,
                signer_name=name,
            )
        )
        sha256, size = batch.put_bytes(data)
        stored.append((sha256, size, pdf.inspect_pdf(data).page_count))
    return stored


class Loader:
    def __init__(self, options: Options, log: Callable[[str], None]):
        self.options = options
        self.log = log
        self.rng = random.Random(options.seed)
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.now = timezone.localtime(options.now or timezone.now(), self.tz)
        self.tables = {model: Table(model) for model in MODELS}
        self.writer = Writer(self.tables)

    def flush(self) -> None:
        self.writer.submit()

    def run(self) -> Report:
        if connection.vendor != "postgresql":
            raise RuntimeError("the bulk generator writes with PostgreSQL COPY")
        started = clock.monotonic()
        province = build_province(
            self.rng,
            self.tables,
            agencies=self.options.agencies,
            users=self.options.users,
            now=self.now,
            password_hash=make_password(PASSWORD),
        )
        for sha256, size, _ in (blobs := _store_blobs(self.rng, self.now)):
            self.tables[Blob].add(
                {"sha256": sha256, "size": size, "content_type": "application/pdf", "created_at": self.now}
            )
        self.flush()
        self.log(
            f"{len(province.agencies)} cơ quan, {province.unit_count} đơn vị, "
            f"{self.tables[User].written} người dùng ({clock.monotonic() - started:.1f} s)"
        )
        maker = DocumentMaker(
            self.rng, self.tables, province, blobs, now=self.now, text_share=self.options.text_share
        )
        try:
            self._documents(maker, started)
        finally:
            self.writer.close()
        self._finish()
        seconds = clock.monotonic() - started
        t = self.tables
        return Report(
            agencies=len(province.agencies),
            units=province.unit_count,
            users=t[User].written,
            memberships=t[Membership].written,
            documents=t[Document].written,
            assignments=t[Assignment].written,
            attachments=t[Attachment].written,
            notes=t[ProgressNote].written,
            registers=t[Register].written,
            seconds=seconds,
        )

    def _working_days(self) -> list[date]:
        first = self.now.date() - timedelta(days=365 * self.options.years)
        days = (first + timedelta(days=i) for i in range((self.now.date() - first).days + 1))
        return [d for d in days if d.weekday() < 5]

    def _documents(self, maker: DocumentMaker, started: float) -> None:
        """Arrivals day by day across the province, so ids and arrival numbers follow time as in life."""
        rng, total = self.rng, self.options.documents
        days = self._working_days()
        per_day, extra = divmod(total, len(days))
        busier = set(rng.sample(range(len(days)), extra))
        pending = 0
        for index, day in enumerate(days):
            count = per_day + (index in busier)
            opens = datetime.combine(day, time(7, 30), self.tz)
            closes = min(datetime.combine(day, time(17, 0), self.tz), self.now - timedelta(minutes=1))
            span = (closes - opens).total_seconds()
            if count == 0 or span <= 0:
                continue
            moments = sorted(opens + timedelta(seconds=rng.uniform(0, span)) for _ in range(count))
            for agency, arrival in zip(province_choices(rng, maker.province, count), moments, strict=True):
                maker.add(agency, arrival)
            pending += count
            if pending >= self.options.batch:
                self.flush()
                pending = 0
                done = self.tables[Document].written
                rate = done / (clock.monotonic() - started)
                self.log(f"  {done:>9,} văn bản  ({rate:,.0f}/s)")
        self.flush()

    def _finish(self) -> None:
        """Registers' counters from their entries, sequences past the ids used, fresh statistics."""
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE documents_register r SET last_number = COALESCE("
                "(SELECT MAX(i.arrival_number) FROM inbound_incoming i WHERE i.register_id = r.id), 0)"
            )
            for sql in connection.ops.sequence_reset_sql(no_style(), list(MODELS)):
                cursor.execute(sql)
            quote = connection.ops.quote_name
            # VACUUM cannot run inside a transaction (a test's); ANALYZE alone then.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            for model in MODELS:
                cursor.execute(f"{command} {quote(model._meta.db_table)}")


def province_choices(rng: random.Random, province: Province, count: int):
    return rng.choices(province.agencies, cum_weights=province.document_cum, k=count)


def generate(options: Options, *, log: Callable[[str], None] = lambda _: None) -> Report:
    return Loader(options, log).run()


__all__ = ["Options", "Report", "generate", "is_empty", "reset"]
