"""A constant-rate HTTP load generator (open loop), for the benchmarks.

Requests start on a fixed schedule whatever the server's speed, and each latency is measured from
the request's scheduled start, so a slow server cannot hide its queueing delay (no coordinated
omission). Plain HTTP/1.1 on keep-alive connections, loopback only.
"""

import asyncio
import time
from urllib.parse import urlsplit


async def _request(pool: asyncio.Queue, host: str, port: int, raw: bytes) -> int:
    reader, writer = await pool.get()
    try:
        for _attempt in range(2):  # a kept-alive connection may have been closed by the server
            if writer is None or writer.is_closing():
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(raw)
            await writer.drain()
            status_line = await reader.readline()
            if status_line:
                break
            writer.close()
            writer = None
        status = int(status_line.split()[1])
        length, keep_alive = 0, True
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and value.strip().lower() == "close":
                keep_alive = False
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
