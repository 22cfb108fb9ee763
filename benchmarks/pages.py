"""The two busiest pages, *My week* (a mentor with 40 students) and a student's page, each beside a bare page.

The bare page (``benchmarks.urls.bare``) goes through the same middleware and reads the signed-in user, and
does nothing else: a page's figure divided by the bare page's is the page's own work, whatever the machine.

1. In process (Django's test Client): each page's median server time, measured in turns with the bare page
   by the same signed-in client, so that a busy machine weighs on both alike.
2. Under gunicorn (2 workers on loopback, the benchmark's settings and database, ``DEBUG=False``): each page
   driven for ``BENCH_LOAD_SECONDS`` (20) by ``BENCH_CLIENTS`` (4) concurrent keep-alive clients signed in by
   their session cookie, the three pages in turns of 2 s: requests per second, p50 and p99. gunicorn's sync
   workers (production's) close each connection after its answer: the clients then connect again, and the
   time to connect counts in the request's. ``BENCH_LOAD_SECONDS=0`` leaves this part out.
"""

import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

from django.conf import settings
from django.test import Client
from django.urls import reverse

from openclassrooms.accounts.models import User

LOAD_SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "20"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
WORKERS = 2
WARM_UP_SECONDS = 3
SLICE_SECONDS = 2


@dataclass
class Page:
    title: str
    url: str
    client: Client


def _pages() -> tuple[Page, Page, Page, Page]:
    """The bare page and *My week* for the first mentor, the bare page and the page of their first student;
    each client has its session and CSRF cookies, as a browser would after one visit."""
    mentor = User.objects.get(email="bench-mentor-1@bench.test")
    student = User.objects.get(email="bench-student-1@bench.test")
    bare_url = reverse("bench_bare")
    pages = []
    for user, title, url in (
        (mentor, f"My week (mentor with {mentor.mentees.count()} students)", reverse("mentoring:dashboard")),
        (student, "Student's page", reverse("students:dashboard")),
    ):
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        pages += [Page("Bare page", bare_url, client), Page(title, url, client)]
    return tuple(pages)


def measure_pages(repeat: int = 30) -> None:
    print(f"Pages, {settings.SESSIONS:,} sessions in the database:", flush=True)
    pages = _pages()
    _in_process(pages, repeat)
    if LOAD_SECONDS > 0:
        _under_gunicorn(pages, LOAD_SECONDS)


# --- In process -----------------------------------------------------------------------------------------


def _in_process(pages, repeat: int) -> None:
    times: dict[int, list[float]] = {i: [] for i in range(len(pages))}
    sizes: dict[int, int] = {}
    for page in pages:  # warm-up: templates compiled, connection open
        page.client.get(page.url)
    for _ in range(repeat):
        for i, page in enumerate(pages):
            started = time.perf_counter()
            response = page.client.get(page.url)
            times[i].append(time.perf_counter() - started)
            assert response.status_code == 200, (page.url, response.status_code)
            sizes[i] = len(response.content)
    print(f"  In process (Django's test Client), median of {repeat}, in turns with the bare page:")
    for i in range(0, len(pages), 2):
        bare, page = statistics.median(times[i]) * 1000, statistics.median(times[i + 1]) * 1000
        print(
            f"    {pages[i + 1].title}: {page:.1f} ms = {page / bare:.1f}× bare ({bare:.2f} ms), "
            f"{sizes[i + 1]:,} bytes",
            flush=True,
        )


# --- Under gunicorn -------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cookie_header(client: Client) -> str:
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


def _under_gunicorn(pages, seconds: float) -> None:
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"}
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "openclassrooms.wsgi:application",
        "--chdir",
        str(settings.BASE_DIR),
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=env)
    # Stopped below however this process ends: a SIGTERM to it runs the ``finally`` too.
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        # The bare page as the mentor, My week, the student's page.
        measured = [pages[0], pages[1], pages[3]]
        requests = [_request(page.url, _cookie_header(page.client), port) for page in measured]
        _wait_until_serving(port, requests[0], server)
        # Every worker loads its templates and opens its connection before anything is timed.
        for request in requests:
            asyncio.run(_drive(port, request, WARM_UP_SECONDS / len(requests), CLIENTS))
        print(
            f"  Under gunicorn ({WORKERS} sync workers, as in production; {CLIENTS} concurrent keep-alive "
            f"clients; {seconds:.0f} s a page, in turns of {SLICE_SECONDS:.0f} s):",
            flush=True,
        )
        (bare_rate, bare_p50, bare_p99), *figures = _load(port, requests, seconds)
        print(f"    Bare page: {bare_rate:.0f} requests/s, p50 {bare_p50:.1f} ms, p99 {bare_p99:.1f} ms")
        for page, (rate, p50, p99) in zip(measured[1:], figures, strict=True):
            print(
                f"    {page.title}: {rate:.0f} requests/s (bare ÷ {bare_rate / rate:.1f}), "
                f"p50 {p50:.1f} ms ({p50 / bare_p50:.1f}× bare), p99 {p99:.1f} ms ({p99 / bare_p99:.1f}× bare)",
                flush=True,
            )
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.send_signal(signal.SIGTERM)  # graceful: the workers finish their request and exit
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _load(port: int, requests: list[bytes], seconds: float) -> list[tuple[float, float, float]]:
    """Requests per second, p50 and p99 (ms) of each page under load, each driven for ``seconds`` in all, in
    turns of ``SLICE_SECONDS`` so that a machine busy with something else weighs on all of them alike."""
    counts, busy = [0] * len(requests), [0.0] * len(requests)
    latencies: list[list[float]] = [[] for _ in requests]
    for _ in range(max(1, round(seconds / SLICE_SECONDS))):
        for i, request in enumerate(requests):
            started = time.perf_counter()
            _, times = asyncio.run(_drive(port, request, SLICE_SECONDS, CLIENTS))
            busy[i] += time.perf_counter() - started
            counts[i] += len(times)
            latencies[i] += times
    figures = []
    for count, elapsed, times in zip(counts, busy, latencies, strict=True):
        cuts = statistics.quantiles(times, n=100)
        figures.append((count / elapsed, cuts[49] * 1000, cuts[98] * 1000))
    return figures


def _request(path: str, cookie: str, port: int) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/html\r\nCookie: {cookie}\r\n\r\n"
    ).encode("latin-1")


def _wait_until_serving(port: int, request: bytes, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start (exit code {server.returncode})")
        try:
            asyncio.run(_drive(port, request, 0, 1))
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


async def _drive(port: int, request: bytes, seconds: float, clients: int) -> tuple[float, list[float]]:
    """``clients`` connections each sending ``request`` again as soon as its answer is in, for ``seconds``
    (at least one request each); each reconnects when the server closes. Returns requests/s and every
    request's time, its connection's opening included when it needed one."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        writer = None
        try:
            while True:
                started = time.perf_counter()
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(request)
                status, keep_alive = await _read_response(reader)
                latencies.append(time.perf_counter() - started)
                if status != 200:
                    raise RuntimeError(f"HTTP {status} for {request.split(b' ')[1].decode()}")
                if not keep_alive:
                    writer.close()
                    writer = None
                if time.perf_counter() >= deadline:
                    return
        finally:
            if writer is not None:
                writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return len(latencies) / (time.perf_counter() - started), latencies


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Reads one HTTP/1.1 answer, body included; returns its status and whether the connection stays open."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split(" ", 2)[1])
    headers = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    keep_alive = headers.get("connection") != "close"
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    else:
        await reader.read()  # the body ends with the connection
        keep_alive = False
    return status, keep_alive
