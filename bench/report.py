"""The benchmark's denominators (each page's SQL run directly) and its Markdown output."""

import os
import subprocess
from datetime import datetime
from pathlib import Path

from django.test import Client

import direct

CLIENTS = 16


def sql_ratios(figures, dsn: str, plans: Path) -> dict[str, dict]:
    """Per figure: its slowest SQL and all its reads, timed directly; EXPLAIN ANALYZE into `plans`."""
    found: dict[str, dict] = {}
    with plans.open("w") as out:
        for figure in figures:
            if figure.key == "register":
                rate = direct.insert_rate(dsn, clients=CLIENTS)
                found[figure.title] = {"insert_rate": rate}
                out.write(
                    f"== {figure.title}\nPostgreSQL alone: {rate:,.0f} committed single-row inserts/s\n\n"
                )
                continue
            if not figure.sample:
                continue
            client = Client()
            client.force_login(figure.user)
            try:
                reads = direct.capture(client, figure.sample)
            except Exception as exc:  # noqa: BLE001 - one broken page must not lose the run's figures
                out.write(f"== {figure.title}\nnot captured: {exc!r}\n\n")
                print(f"  SQL of {figure.title} not captured: {exc!r}", flush=True)
                continue
            # The main query is the slowest read when each is run directly (captured times are
            # rounded to the millisecond, too coarse to tell sub-millisecond queries apart).
            main_sql = max(reads, key=lambda sql: direct.time_sql(dsn, [sql], count=100, max_seconds=5).p50)
            main = direct.time_sql(dsn, [main_sql])
            whole = direct.time_sql(dsn, reads, count=300)
            found[figure.title] = {"main": main, "all": whole, "queries": len(reads)}
            out.write(f"== {figure.title}  ({len(reads)} reads; slowest below)\n{main_sql}\n\n")
            out.write(direct.explain(dsn, main_sql) + "\n\n")
    return found


def _verdict(row) -> str:
    from run import TARGETS

    limits = TARGETS.get(row.figure.key)
    if limits is None:
        return ""
    p95_limit, rate_limit = limits
    judged = p95_limit is not None or (rate_limit is not None and row.clients == CLIENTS)
    misses = []
    if p95_limit is not None and row.server(95) > p95_limit:
        misses.append(f"p95 > {p95_limit:.0f} ms")
    if rate_limit is not None and row.clients == CLIENTS and row.result.per_second < rate_limit:
        misses.append(f"< {rate_limit:.0f}/s")
    if not judged:
        return ""
    return "missed: " + ", ".join(misses) if misses else "met"


def markdown(rows, sql: dict[str, dict]) -> str:
    floor = {r.clients: r.server(50) for r in rows if r.figure.key == "empty"}
    lines = [
        "| figure | clients | requests | server p50 / p95 / max (ms) | client p95 (ms) | per second "
        "| ÷ empty page (p50) | main SQL p50 (ms) | ÷ main SQL | all page SQL p50 (ms) | target |",
        "| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --- |",
    ]
    for row in rows:
        p50 = row.server(50)
        direct_sql = sql.get(row.figure.title, {})
        main, whole = direct_sql.get("main"), direct_sql.get("all")
        if "insert_rate" in direct_sql:
            main_cell = f"{direct_sql['insert_rate']:,.0f} inserts/s"
            ratio = f"{row.result.per_second / direct_sql['insert_rate']:.3f} of inserts/s"
        else:
            main_cell = f"{main.p50:.2f}" if main else ""
            ratio = f"{p50 / main.p50:.1f}×" if main and main.p50 else ""
        whole_cell = f"{whole.p50:.2f} ({direct_sql['queries']} reads)" if whole else ""
        empty = f"{p50 / floor[row.clients]:.1f}×" if floor.get(row.clients) else ""
        server = f"{p50:.1f} / {row.server(95):.1f} / {max(row.server_ms, default=0):.0f}"
        cells = [
            row.figure.title, str(row.clients), f"{row.result.count:,}", server, f"{_client_p95(row):.1f}",
            f"{row.result.per_second:,.1f}", empty, main_cell, ratio, whole_cell, _verdict(row),
        ]  # fmt: skip
        lines.append(f"| {' | '.join(cells)} |")
    return "\n".join(lines)


def _client_p95(row) -> float:
    from load import percentile

    return percentile(row.result.latencies, 95) * 1000


def _commit(root: Path) -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def append_section(
    doc: Path, started: datetime, size: str, people, before: str, after: str, table: str, args
):
    notes = people.notes
    section = f"""

## {started:%Y-%m-%d %H:%M} UTC — commit {_commit(doc.parent.parent)}

- Data: {size} (made by `manage.py bench_generate`).
- Machine: {os.cpu_count()} cores; {before} at the start, {after} at the end.
- Server: gunicorn {args.workers} sync workers × 1 thread on 127.0.0.1, DEBUG off, persistent database
  connections (EDESK_DB_CONN_MAX_AGE=600); server time from gunicorn's access log (%(D)s).
- Command: `make bench` (`bench/run.py --requests {args.requests} --max-seconds {args.max_seconds:.0f}`);
  load from `bench/load.py` (threads, keep-alive http.client; gunicorn's sync workers close after each
  response).
- People: busy leader {notes["leader"]}; unit head {notes["head"]}; specialist {notes["specialist"]};
  clerk {notes["clerk"]}. Registration: through the API with a token, {notes["registration"]}, text
  extraction in the web process (no broker configured), all 16 clients on one register.
- "÷ empty page" is the page's server p50 over the empty page's at the same concurrency; "main SQL" is
  the page's slowest query, captured with CaptureQueriesContext and run directly with psycopg
  (1,000 runs); "all page SQL" runs every read the page makes, session and user included.

{table}
"""
    with doc.open("a") as fh:
        fh.write(section)
