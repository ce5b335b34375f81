"""`make bench`: the figures of docs/benchmarks.md, measured on the generated province.

Starts gunicorn as production runs it (DEBUG off, 4 sync workers × 1 thread, persistent database
connections; EDESK_BENCH=1 adds the empty floor page), logs in as real people of the generated data
and measures each page with 1 and 16 concurrent clients: server time from gunicorn's access log
(p50/p95/max), pages per second at the client. Beside each figure stand the empty page served the
same way (the stack's floor) and the page's slowest SQL run directly through psycopg, so the
overhead shows as ratios. Prints a Markdown table and appends a dated section to docs/benchmarks.md.

Usage: .venv/bin/python bench/run.py [--database-url URL] [--requests 1000] [--only desk,search]
"""

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import load
from load import Request, percentile

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/edesk_bench"
HOST = "127.0.0.1"
TARGETS = {  # figure key: (server p95 ms limit, pages/s with 16 clients)
    "desk": (50.0, 100.0),
    "list": (50.0, 100.0),
    "search": (150.0, None),
    "register": (None, 150.0),
}


def configure(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "edesk.settings"
    os.environ["EDESK_BENCH"] = "1"
    os.environ["EDESK_DEBUG"] = "0"
    os.environ.setdefault("EDESK_DB_CONN_MAX_AGE", "600")
    import django

    django.setup()


class Server:
    """gunicorn on the loopback interface, with an access log that records each request's time (µs)."""

    def __init__(self, port: int, workers: int, logs: Path):
        self.port, self.workers = port, workers
        self.access = logs / "access.log"
        self.errors = logs / "error.log"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        self.access.write_text("")
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "edesk.wsgi",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            "1",
            "--timeout",
            "120",
            "--backlog",
            "2048",
            "--access-logfile",
            str(self.access),
            "--access-logformat",
            "%(m)s %(U)s %(s)s %(D)s",
            "--error-logfile",
            str(self.errors),
            "--log-level",
            "warning",
        ]
        self.proc = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())  # noqa: S603 - fixed argv
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            probe = load.run(
                HOST, self.port, lambda i: Request("/_bench/empty/"), clients=1, count=1, max_seconds=2
            )
            if probe.statuses:
                return self
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not start; see {self.errors}")

    def __exit__(self, *exc) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def mark(self) -> int:
        return self.access.stat().st_size

    def times_since(self, offset: int) -> list[float]:
        """Server time (ms) of every request logged after `offset`."""
        time.sleep(0.5)  # the workers log after the response has gone out
        with self.access.open("rb") as fh:
            fh.seek(offset)
            lines = fh.read().decode().splitlines()
        return [int(line.rsplit(" ", 1)[1]) / 1000 for line in lines if line.strip()]


@dataclass
class Row:
    figure: "Figure"  # noqa: F821 - defined in figures.py, imported once Django is set up
    clients: int
    result: load.Result
    server_ms: list[float]

    def server(self, p: float) -> float:
        return percentile(self.server_ms, p)


def measure(server: Server, figure, clients: int, args) -> Row:
    load.run(
        HOST,
        server.port,
        figure.request,
        clients=clients,
        count=min(50, args.requests),
        max_seconds=60,
        cookie=figure.cookie,
    )
    offset = server.mark()
    result = load.run(
        HOST,
        server.port,
        figure.request,
        clients=clients,
        count=args.requests,
        max_seconds=args.max_seconds,
        cookie=figure.cookie,
    )
    wrong = {status: n for status, n in result.statuses.items() if status != figure.expect}
    if wrong or result.errors:
        raise RuntimeError(f"{figure.title}: unexpected answers {wrong}, {result.errors} connection errors")
    row = Row(figure, clients, result, server.times_since(offset))
    print(
        f"  {figure.title:<46} {clients:>2} clients  n={result.count:<5} p50 {row.server(50):7.1f} ms  "
        f"p95 {row.server(95):7.1f} ms  {result.per_second:7.1f}/s",
        flush=True,
    )
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE)
    parser.add_argument("--port", type=int, default=8120)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--requests", type=int, default=1000, help="requests per figure (at least)")
    parser.add_argument("--max-seconds", type=float, default=300, help="time limit per figure")
    parser.add_argument("--only", default="", help="comma-separated figure keys: empty,desk,list,document,…")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        parser.error("the benchmarks run on PostgreSQL (see docs/benchmarks.md)")
    configure(args.database_url)
    from figures import build_figures, data_size, machine_state
    from report import append_section, markdown, sql_ratios

    started = datetime.now(UTC)
    size = data_size()
    print(f"edesk bench — {size}", flush=True)
    load_before = machine_state()
    figures, people = build_figures(args)
    logs = ROOT / "var" / "bench"
    logs.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    with Server(args.port, args.workers, logs) as server:
        for figure in figures:
            for clients in (1, 16):
                rows.append(measure(server, figure, clients, args))
    sql = sql_ratios(figures, args.database_url, logs / f"plans-{started:%Y%m%d-%H%M}.txt")
    table = markdown(rows, sql)
    print()
    print(table)
    if not args.no_write:
        append_section(
            ROOT / "docs" / "benchmarks.md", started, size, people, load_before, machine_state(), table, args
        )
        print(f"\nAppended to docs/benchmarks.md; query plans in var/bench/plans-{started:%Y%m%d-%H%M}.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
