"""The database alone: a page's SQL run straight through psycopg, and PostgreSQL's committed-insert rate.

These are the denominators of the benchmark ratios: what the page costs above the queries it needs.
"""

import threading
import time
from dataclasses import dataclass

import psycopg
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from load import percentile

WRITES = ("INSERT", "UPDATE", "DELETE", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET")


def capture(client: Client, path: str) -> list[str]:
    """The reads one request makes, captured on its third run (the first two warm caches)."""
    for _ in range(2):
        client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    if response.status_code >= 400:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].lstrip().upper().startswith(WRITES)]


@dataclass
class Timing:
    p50: float
    p95: float
    count: int


def time_sql(dsn: str, statements: list[str], *, count: int = 1000, max_seconds: float = 30.0) -> Timing:
    """Run `statements` in sequence (one round) up to `count` times or `max_seconds`; ms per round."""
    samples: list[float] = []
    deadline = time.monotonic() + max_seconds
    with psycopg.connect(dsn, autocommit=True) as conn, conn.cursor() as cursor:
        for sql in statements:  # warm the plan and the buffers once
            cursor.execute(sql)
            cursor.fetchall()
        while len(samples) < count and time.monotonic() < deadline:
            started = time.perf_counter()
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
            samples.append((time.perf_counter() - started) * 1000)
    return Timing(percentile(samples, 50), percentile(samples, 95), len(samples))


def explain(dsn: str, sql: str) -> str:
    with psycopg.connect(dsn, autocommit=True) as conn, conn.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def insert_rate(dsn: str, *, clients: int, seconds: float = 5.0) -> float:
    """Single-row committed INSERTs per second from `clients` connections into a scratch table:
    the ceiling any registration rate is measured against."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_insert_probe (id bigserial PRIMARY KEY, body text)")
    done = [0] * clients
    deadline = time.monotonic() + seconds

    def worker(index: int) -> None:
        with psycopg.connect(dsn, autocommit=True) as conn, conn.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute("INSERT INTO bench_insert_probe (body) VALUES (%s)", ["probe"])
                done[index] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP TABLE bench_insert_probe")
    return sum(done) / elapsed
