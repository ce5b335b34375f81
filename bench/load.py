"""A small HTTP load client for the benchmarks.

`clients` threads, each with its own connection (http.client: kept alive when the server allows,
reopened when it closes), send requests until `count` have been sent or `max_seconds` have passed,
whichever comes first. Load goes to the loopback interface only.
"""

import http.client
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


@dataclass(frozen=True)
class Request:
    path: str
    method: str = "GET"
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Result:
    latencies: list[float]  # seconds, as the client saw them
    statuses: Counter
    errors: int
    seconds: float

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0–100) of `values`; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def run(
    host: str,
    port: int,
    make_request: Callable[[int], Request],
    *,
    clients: int,
    count: int,
    max_seconds: float,
    cookie: str = "",
) -> Result:
    """Send up to `count` requests from `clients` threads within `max_seconds`."""
    if host not in LOOPBACK:
        raise ValueError("the load client only talks to the loopback interface")
    lock = threading.Lock()
    issued = 0
    deadline = time.monotonic() + max_seconds
    latencies: list[float] = []
    statuses: Counter = Counter()
    errors = 0

    def take() -> int | None:
        nonlocal issued
        with lock:
            if issued >= count or time.monotonic() >= deadline:
                return None
            issued += 1
            return issued - 1

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection(host, port, timeout=120)
        mine: list[float] = []
        seen: Counter = Counter()
        failed = 0
        while (index := take()) is not None:
            request = make_request(index)
            headers = {**request.headers, **({"Cookie": cookie} if cookie else {})}
            started = time.perf_counter()
            try:
                conn.request(request.method, request.path, body=request.body, headers=headers)
                response = conn.getresponse()
                response.read()
            except (http.client.HTTPException, OSError):
                conn.close()
                failed += 1
                continue
            mine.append(time.perf_counter() - started)
            seen[response.status] += 1
            if response.will_close:
                conn.close()
        conn.close()
        with lock:
            latencies.extend(mine)
            statuses.update(seen)
            errors += failed

    threads = [threading.Thread(target=worker, name=f"load-{i}") for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(latencies, statuses, errors, time.monotonic() - started)
