"""`make bench-issuance`: p50/p95/max time of issuing an outgoing document, on PostgreSQL.

One issuance is what the clerk's two clicks cost after the leader has signed: `outgoing_number`
(a number from the register under its row lock, the number and date written into the PDF's fields,
the agency's signature with the seal image, every appendix signed with the agency key) followed by
`outgoing_issue` (delivery to 10 agencies of the system, each an inbox entry at the receiver).
Documents are drafted, approved and signed by the leader beforehand, outside the timing, through the
same services the pages call. The database is its own (edesk_bench_issue), rebuilt on every run.

Usage: .venv/bin/python bench/issuance_bench.py [--count 1000] [--appendices 1]
       [--sign-batch 20 --batches 10]  (also the leader's ký hàng loạt; --count 0 for that alone)
"""

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = "edesk_bench_issue"
RECEIVERS = 10


def configure(database_url: str, data_dir: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "edesk.settings"
    os.environ["EDESK_DEBUG"] = "0"
    os.environ["EDESK_DATA_DIR"] = data_dir
    # As in production, background work (text extraction, signature reports) goes to a broker and a
    # worker, not into the timed request: tasks queue in Redis database 15, which nobody consumes.
    os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    import django

    django.setup()


def reset_database(server_url: str, database: str) -> None:
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {database}")


def build_province():
    """A sending agency with its clerk, leader and specialist, and RECEIVERS receiving agencies."""
    from edesk.accounts import services as accounts
    from edesk.accounts.models import User
    from edesk.accounts.roles import Role
    from edesk.orgs import services as orgs
    from edesk.outbound import services as outbound
    from edesk.outbound.models import StepKind
    from edesk.outbound.review import StepSpec

    def person(username, name, org, role, title):
        user = accounts.user_create(actor=None, username=username, full_name=name, password="x" * 12)
        accounts.membership_add(actor=None, user=user, org=org, role=role, title=title)
        return user

    agency = orgs.org_create(
        actor=None,
        name="Ủy ban nhân dân thành phố Huế",
        short_name="UBND",
        code="000.00.00.H57",
        is_agency=True,
    )
    unit = orgs.org_create(actor=None, name="Văn phòng", short_name="VP", parent=agency)
    people = {
        "clerk": person("vt.bench", "Trần Thị Hoa", agency, Role.CLERK, "Văn thư"),
        "leader": person("ld.bench", "Nguyễn Văn Phương", agency, Role.LEADER, "Chủ tịch"),
        "author": person("cv.bench", "Phạm Thị Lan", unit, Role.SPECIALIST, "Chuyên viên"),
    }
    receivers = [
        orgs.org_create(
            actor=None,
            name=f"Sở số {i + 1}",
            short_name=f"S{i + 1}",
            code=f"000.{i + 1:02d}.00.H57",
            is_agency=True,
        )
        for i in range(RECEIVERS)
    ]
    admin = accounts.user_create(actor=None, username="admin.bench", full_name="Quản trị", password="x" * 12)
    User.objects.filter(pk=admin.pk).update(is_system_admin=True)
    admin.refresh_from_db()
    # The benchmark times issuance, not review: one step, the signer's.
    outbound.review_chain_set(
        actor=admin, agency=agency, doc_type="", steps=[StepSpec(1, StepKind.SIGN, Role.LEADER)]
    )
    return agency, unit, people, receivers


def approved_documents(count, appendices, agency, unit, people, receivers):
    """`count` documents drafted and approved through the services, waiting for the leader."""
    from tests.conftest import make_pdf
    from tests.pki import signable_pdf

    from edesk.documents.services import Upload
    from edesk.outbound import services as outbound
    from edesk.outbound.models import RecipientKind

    leader, author = people["leader"], people["author"]
    main = signable_pdf(leader.get_full_name(), pages=1)
    appendix = make_pdf("Phụ lục: danh mục kinh phí", pages=2)
    recipients = [outbound.RecipientSpec(kind=RecipientKind.AGENCY, org_id=r.pk) for r in receivers]
    made = []
    for i in range(count):
        data = outbound.DraftData(
            doc_type="quyet_dinh",
            subject=f"Quyết định số {i + 1} về việc phân bổ kinh phí",
            drafting_unit_id=unit.pk,
            signer_id=leader.pk,
            recipients=recipients,
            recipients_text="Như trên;\nLưu: VT, VP.",
        )
        doc = outbound.draft_create(
            actor=author, agency=agency, data=data, file=Upload("du-thao.pdf", io.BytesIO(main), len(main))
        )
        if appendices:
            outbound.draft_set_appendices(
                actor=author,
                outgoing=doc,
                files=[
                    Upload(f"phu-luc-{k + 1}.pdf", io.BytesIO(appendix), len(appendix))
                    for k in range(appendices)
                ],
            )
        doc = outbound.draft_submit(actor=author, outgoing=doc)
        made.append(outbound.review_approve(actor=leader, outgoing=doc))
    return made


def signed_documents(count, appendices, agency, unit, people, receivers):
    from edesk.outbound import services as outbound

    made = []
    for doc in approved_documents(count, appendices, agency, unit, people, receivers):
        outbound.outgoing_sign(actor=people["leader"], outgoing=doc, pin="123456")
        made.append(doc.pk)
    return made


def time_signing(docs, leader, size):
    """Per call, in ms: `outgoing_sign_batch` on `size` documents at a time (one PIN, one unlock),
    or `outgoing_sign` per document when size is 1 (each unlocks the key)."""
    from edesk.outbound import services as outbound

    times = []
    for start in range(0, len(docs), size):
        chunk = docs[start : start + size]
        started = time.perf_counter()
        if size == 1:
            outbound.outgoing_sign(actor=leader, outgoing=chunk[0], pin="123456")
        else:
            result = outbound.outgoing_sign_batch(actor=leader, outgoings=chunk, pin="123456")
            assert len(result.signed) == len(chunk), result.skipped
        times.append((time.perf_counter() - started) * 1000)
    return times


def sign_batch_report(args, agency, unit, people, receivers) -> None:
    """The leader's "ký hàng loạt": batches of --sign-batch documents, against signing the same
    kind of document one by one (each with its own PIN entry) in the same run."""
    leader = people["leader"]
    size, batches = args.sign_batch, args.batches
    single_docs = approved_documents(size, 0, agency, unit, people, receivers)
    batch_docs = approved_documents(size * batches, 0, agency, unit, people, receivers)
    single = time_signing(single_docs, leader, 1)
    batched = time_signing(batch_docs, leader, size)
    print(f"\n### Signing in batches — one process, {os.cpu_count()} CPU(s), {batches} batches of {size}\n")
    print("| operation | documents | signatures/s | p50 (ms) | p95 (ms) | per call |")
    print("| --- | --: | --: | --: | --: | --- |")
    print(
        f"| outgoing_sign, 1 one-page document per PIN | {len(single_docs)} | "
        f"{len(single) / (sum(single) / 1000):.1f} | {percentile(single, 50):.0f} | "
        f"{percentile(single, 95):.0f} | one document |"
    )
    print(
        f"| outgoing_sign_batch, {size} one-page documents per PIN | {len(batch_docs)} | "
        f"{len(batch_docs) / (sum(batched) / 1000):.1f} | {percentile(batched, 50):.0f} | "
        f"{percentile(batched, 95):.0f} | one batch of {size} |"
    )


def time_issuance(ids, clerk):
    from edesk.outbound import services as outbound
    from edesk.outbound.models import Outgoing

    times = []
    for pk in ids:
        started = time.perf_counter()
        doc = Outgoing.objects.get(pk=pk)
        doc = outbound.outgoing_number(actor=clerk, outgoing=doc)
        outbound.outgoing_issue(actor=clerk, outgoing=doc)
        times.append((time.perf_counter() - started) * 1000)
    return times


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--appendices", type=int, default=1)
    parser.add_argument(
        "--profile", action="store_true", help="print a pyinstrument profile of the timed part"
    )
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default=DATABASE, help="rebuilt on every run")
    parser.add_argument(
        "--sign-batch", type=int, default=0, help="also time ký hàng loạt: documents per batch (e.g. 20)"
    )
    parser.add_argument("--batches", type=int, default=10, help="how many batches --sign-batch times")
    args = parser.parse_args()
    reset_database(args.server, args.database)
    data_dir = tempfile.mkdtemp(prefix="edesk-bench-issue-")
    configure(f"{args.server}/{args.database}", data_dir)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from edesk.signing import devsetup

    agency, unit, people, receivers = build_province()
    devsetup.provision_demo(Path(data_dir) / "pki")
    from django.conf import settings

    settings.EDESK_TRUST_ROOTS = str(Path(data_dir) / "pki" / "root.pem")
    if args.sign_batch:
        sign_batch_report(args, agency, unit, people, receivers)
    if not args.count:
        return
    started = time.perf_counter()
    ids = signed_documents(args.count, args.appendices, agency, unit, people, receivers)
    prepare_s = time.perf_counter() - started
    if args.profile:
        from pyinstrument import Profiler

        with Profiler() as profiler:
            times = time_issuance(ids, people["clerk"])
        print(profiler.output_text(unicode=True, show_all=False))
    else:
        times = time_issuance(ids, people["clerk"])
    from edesk.inbound.models import Received

    delivered = Received.objects.count()
    assert delivered == args.count * RECEIVERS, delivered
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT, check=False
    ).stdout.strip()
    load = os.getloadavg()[0]
    print(f"\n## Issuance — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit}, {connection.vendor}")
    print(
        f"{args.count} documents (1-page main file, {args.appendices} two-page appendix each), "
        f"{RECEIVERS} receiving agencies each; load average {load:.1f}; "
        f"preparing (draft → sign) took {prepare_s:.0f} s.\n"
    )
    import redis

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    print("| figure | p50 (ms) | p95 (ms) | max (ms) | mean (ms) | target |")
    print("| --- | --: | --: | --: | --: | --- |")
    print(
        f"| number + stamp + agency signature + delivery to {RECEIVERS} | {percentile(times, 50):.0f} | "
        f"{percentile(times, 95):.0f} | {max(times):.0f} | {statistics.fmean(times):.0f} | p95 ≤ 1000 ms |"
    )


if __name__ == "__main__":
    main()
