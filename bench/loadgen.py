"""A constant-rate HTTP load generator (open loop), for the benchmarks.

Requests start on a fixed schedule whatever the server's speed, and each latency is measured from
the request's scheduled start, so a slow server cannot hide its queueing delay (no coordinated
omission). Plain HTTP/1.1 on keep-alive connections, loopback only.
"""

import asyncio
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit


async def _request(pool: asyncio.Queue, host: str, port: int, raw: bytes, ssl=None) -> int:
    """Send one raw request on a pooled connection (TLS when `ssl` is an SSLContext)."""
    reader, writer = await pool.get()
    try:
        for _attempt in range(2):  # a kept-alive connection may have been closed by the server
            if writer is None or writer.is_closing():
                reader, writer = await asyncio.open_connection(host, port, ssl=ssl)
            writer.write(raw)
            await writer.drain()
            status_line = await reader.readline()
            if status_line:
                break
            writer.close()
            writer = None
        status = int(status_line.split()[1])
        length, keep_alive, chunked = 0, True, False
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and value.strip().lower() == "close":
                keep_alive = False
            elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
        if chunked:  # nginx answers in chunks what gunicorn sent without a length
            while size := int((await reader.readline()).split(b";")[0], 16):
                await reader.readexactly(size + 2)
            await reader.readline()
        else:
            await reader.readexactly(length)
        if not keep_alive:
            # gunicorn's sync workers close after each answer: open anew next time.
            writer.close()
            writer = None
        return status
    finally:
        await pool.put((reader, writer))


async def _run(url: str, rate: float, seconds: float, headers: dict, connections: int):
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port or 80
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: keep-alive"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode()
    pool: asyncio.Queue = asyncio.Queue()
    for _ in range(connections):
        pool.put_nowait((None, None))
    latencies, statuses = [], []
    start = time.perf_counter()
    count = int(rate * seconds)

    async def one(scheduled: float):
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        status = await _request(pool, host, port, raw)
        latencies.append(time.perf_counter() - scheduled)
        statuses.append(status)

    await asyncio.gather(*(one(start + index / rate) for index in range(count)))
    elapsed = time.perf_counter() - start
    while not pool.empty():
        _reader, writer = pool.get_nowait()
        if writer is not None:
            writer.close()
    return latencies, statuses, elapsed


def run(url: str, *, rate: float, seconds: float, headers=None, connections: int = 64):
    """(p50 ms, p99 ms, achieved requests/s, non-2xx count) of a constant-rate run."""
    latencies, statuses, elapsed = asyncio.run(_run(url, rate, seconds, headers or {}, connections))
    ordered = sorted(latencies)

    def percentile(share):
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    errors = sum(1 for status in statuses if not 200 <= status < 300)
    return percentile(0.50), percentile(0.99), len(statuses) / elapsed, errors


# --- A mix of requests at a constant rate, and the highest rate that keeps p99 under a limit ----


@dataclass
class Result:
    rate: float  # asked, requests per second
    achieved: float  # answered per second
    p50_ms: float
    p99_ms: float
    statuses: Counter
    # Per kind of request (a label given by the request maker): latencies in ms and statuses.
    latencies_by_label: dict = field(default_factory=dict)
    statuses_by_label: dict = field(default_factory=dict)

    def passes(self, p99_limit_ms: float, ok_statuses=frozenset({200})) -> bool:
        return (
            set(self.statuses) <= set(ok_statuses)
            and self.p99_ms < p99_limit_ms
            and self.achieved >= 0.97 * self.rate
        )


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


async def _constant_rate(host, port, request_for, rate, seconds, connections, ssl):
    """The open loop with a different request each time: request_for(index) -> (label, raw).

    Requests are started when due (not all created up front, which would delay the first ones
    at high rates); each latency counts from the scheduled start.
    """
    pool: asyncio.Queue = asyncio.Queue()
    for _ in range(connections):
        pool.put_nowait((None, None))
    answers, tasks = [], []

    async def one(scheduled: float, label: str, raw: bytes):
        status = await _request(pool, host, port, raw, ssl)
        answers.append((label, status, (time.perf_counter() - scheduled) * 1000))

    count = int(rate * seconds)
    start = time.perf_counter() + 0.01
    index = 0
    while index < count:
        now = time.perf_counter()
        while index < count and start + index / rate <= now:
            label, raw = request_for(index)
            tasks.append(asyncio.create_task(one(start + index / rate, label, raw)))
            index += 1
        if index < count:
            await asyncio.sleep(start + index / rate - time.perf_counter())
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    while not pool.empty():
        _reader, writer = pool.get_nowait()
        if writer is not None:
            writer.close()
    return answers, elapsed


def run_mix(
    host: str,
    port: int,
    request_for: Callable[[int], tuple[str, bytes]],
    *,
    rate: float,
    seconds: float,
    connections: int = 64,
    ssl=None,
) -> Result:
    answers, elapsed = asyncio.run(
        _constant_rate(host, port, request_for, rate, seconds, connections, ssl)
    )
    latencies = sorted(latency for _label, _status, latency in answers)
    by_label, statuses_by_label = {}, {}
    for label, status, latency in answers:
        by_label.setdefault(label, []).append(latency)
        statuses_by_label.setdefault(label, Counter())[status] += 1
    return Result(
        rate=rate,
        achieved=len(answers) / elapsed,
        p50_ms=percentile(latencies, 0.50),
        p99_ms=percentile(latencies, 0.99),
        statuses=Counter(status for _label, status, _latency in answers),
        latencies_by_label={label: sorted(values) for label, values in by_label.items()},
        statuses_by_label=statuses_by_label,
    )


def highest_rate(
    measure: Callable[[float], Result],
    start: float,
    passes: Callable[[Result], bool],
    *,
    runs: int = 3,
    step: float = 25,
    confirm: Callable[[float], Result] | None = None,
):
    """The highest constant rate that passes: ramp ×1.5, bisect to 5 %, then confirm with
    `runs` runs of `confirm` (default: `measure`); if their medians do not pass, 5 % lower (one
    step at least).

    Returns (the confirming runs' medians as one Result, [the confirming runs]).
    """

    def rounded(rate):
        return max(step, round(rate / step) * step)

    confirm = confirm or measure
    passing, failing, rate = None, None, rounded(start)
    while passing is None or failing is None:
        if passes(measure(rate)):
            passing, rate = rate, rounded(rate * 1.5)
        elif rate <= step:
            raise SystemExit(f"no rate passes, not even {step} requests/s")
        else:
            failing, rate = rate, rounded(rate / 2)
    while failing - passing > max(step, 0.05 * passing):
        middle = rounded((passing + failing) / 2)
        if middle in (passing, failing):
            break
        if passes(measure(middle)):
            passing = middle
        else:
            failing = middle
    for _attempt in range(4):
        confirmed = [confirm(passing) for _ in range(runs)]
        summary = median_result(confirmed)
        if passes(summary):
            break
        lower = min(rounded(passing * 0.95), passing - step)  # at least one step lower
        if lower <= 0:
            break
        print(f"  {passing:.0f}/s not confirmed: {lower:.0f}/s", file=sys.stderr, flush=True)
        passing = lower
    return summary, confirmed


def median_result(results: list[Result]) -> Result:
    """Several runs at one rate as one: the medians of the figures, all the statuses."""
    return Result(
        rate=results[0].rate,
        achieved=statistics.median(result.achieved for result in results),
        p50_ms=statistics.median(result.p50_ms for result in results),
        p99_ms=statistics.median(result.p99_ms for result in results),
        statuses=sum((result.statuses for result in results), Counter()),
    )
