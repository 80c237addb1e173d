"""The fuzzer: hypothesis draws requests (:mod:`stress.strategies`) over the
fields the server reports, sender threads send them, and every answer is
checked (:func:`stress.checks.check`). Beside them: huge bodies now and then,
and slow clients that never finish their request."""

from __future__ import annotations

import queue
import socket
import sys
import threading
import time

import httpx
from hypothesis import HealthCheck, Phase, given, seed, settings

from stress import strategies
from stress.checks import check
from stress.figures import Figures
from stress.server import StressServer
from stress.strategies import Request


class TimeUp(Exception):
    """The fuzzer's time is up: it stops drawing."""


#: one huge body in this many requests
HUGE_EVERY = 5000
#: how long a slow client keeps its request unfinished before it gives up (seconds)
SLOW_HOLD = 20.0
#: a slow client still connected after this long was not cut off (seconds)
SLOW_LIMIT = 15.0


def schema(server: StressServer) -> strategies.Schema:
    """The fields of the fuzzed models, as ``fields_get`` answers them."""
    found: strategies.Schema = {}
    with server.client(60) as client:
        for model in strategies.MODELS:
            answer = client.post(
                f"/json/2/{model}/fields_get",
                json={"attributes": ["type", "relation", "selection", "store"]},
            )
            answer.raise_for_status()
            found[model] = answer.json()
    return found


def huge(server: StressServer, number: int, megabytes: int) -> Request:
    """A body of about ``megabytes`` MB: empty lists with a wrong key, or a long
    ``in`` list with the right one."""
    if number % 2:
        body = b'{"domain": [' + b"[]," * (megabytes * 350_000) + b"[]]}"
        headers = {"Authorization": "bearer " + "0" * 40, "X-Odoo-Database": server.db}
    else:
        ids = b",".join(b"%d" % i for i in range(megabytes * 120_000))
        body = b'{"domain": [["id", "in", [' + ids + b']]], "limit": 1}'
        headers = {"Authorization": f"bearer {server.key}", "X-Odoo-Database": server.db}
    return Request(
        "huge", "/json/2/res.partner/search", body, {**headers, "Content-Type": "application/json"}
    )


def sender(
    server: StressServer,
    figures: Figures,
    lock: threading.Lock,
    todo: queue.Queue[Request | None],
    timeout: float,
) -> None:
    """Send requests from ``todo`` until a None; check each answer."""
    with httpx.Client(base_url=server.url, timeout=timeout) as client:
        while (request := todo.get()) is not None:
            try:
                answer: httpx.Response | Exception = client.request(
                    request.method, request.path, content=request.body, headers=request.headers
                )
            except (httpx.LocalProtocolError, httpx.InvalidURL) as exc:
                # the client refused to send it: not the server's fault
                with lock:
                    figures.unsendable += 1
                    figures.example("unsendable", request=request.describe(), error=repr(exc))
                continue
            except httpx.HTTPError as exc:
                answer = exc
            except Exception as exc:  # the client refused to build it
                with lock:
                    figures.unsendable += 1
                    figures.example("unsendable", request=request.describe(), error=repr(exc))
                continue
            with lock:
                check(figures, server, request.describe(), answer)


def slow_client(server: StressServer, figures: Figures, lock: threading.Lock, number: int) -> None:
    """Start a request and never finish it (headers cut, or a body shorter than
    announced); was the connection cut off within SLOW_LIMIT seconds?"""
    head = (
        f"POST /json/2/res.partner/search HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: bearer {server.key}\r\nX-Odoo-Database: {server.db}\r\n"
    )
    if number % 2:
        head += 'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"domain": ['
    started = time.monotonic()
    cut_off = False
    with socket.create_connection(("127.0.0.1", server.port), timeout=SLOW_HOLD) as sock:
        sock.sendall(head.encode())
        while time.monotonic() - started < SLOW_HOLD:
            try:
                sock.settimeout(1.0)
                if not sock.recv(4096):
                    cut_off = True
                    break
                cut_off = True  # an answer (408, 400) counts as cut off too
                break
            except TimeoutError:
                try:
                    sock.sendall(b" ")  # a byte now and then: alive, never done
                except OSError:
                    cut_off = True
                    break
            except OSError:
                cut_off = True
                break
    with lock:
        figures.requests += 1
        figures.slow_clients += 1
        if not cut_off or time.monotonic() - started > SLOW_LIMIT:
            figures.slow_held += 1
            figures.example(
                "slow client held",
                request={"head": head},
                held=f"{time.monotonic() - started:.0f} s",
            )


def run(
    server: StressServer,
    figures: Figures,
    count: int,
    senders: int = 8,
    timeout: float = 30.0,
    huge_mb: int = 16,
    random_seed: int = 0,
    slow: int | None = None,
    minutes: float | None = None,
) -> None:
    """Send ``count`` fuzzed requests (huge bodies and slow clients included), or
    fewer when ``minutes`` are up first."""
    lock = threading.Lock()
    todo: queue.Queue[Request | None] = queue.Queue(maxsize=senders * 20)
    threads = [
        threading.Thread(target=sender, args=(server, figures, lock, todo, timeout))
        for _ in range(senders)
    ]
    slow_count = max(2, count // 5000) if slow is None else slow
    slow_thread = threading.Thread(target=_slow_clients, args=(server, figures, lock, slow_count))
    for thread in [*threads, slow_thread]:
        thread.start()
    state = {"sent": 0}
    started = time.monotonic()
    fields = schema(server)

    def draw(examples: int, drawing_seed: int) -> None:
        """Let hypothesis draw ``examples`` requests into the queue."""

        @seed(drawing_seed)
        @settings(
            max_examples=examples,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(strategies.requests(fields, server.db, server.key))
        def feed(request: Request) -> None:
            if minutes is not None and time.monotonic() - started > minutes * 60:
                raise TimeUp
            state["sent"] += 1
            if huge_mb and state["sent"] % HUGE_EVERY == HUGE_EVERY // 2:
                todo.put(huge(server, state["sent"] // HUGE_EVERY, huge_mb))
            elif state["sent"] % 1000 == 0:
                server.poll_workers()
                if state["sent"] % 10_000 == 0:
                    rate = state["sent"] / (time.monotonic() - started)
                    print(
                        f"[{figures.backend}] fuzz: {state['sent']} drawn, {rate:.0f}/s",
                        file=sys.stderr,
                        flush=True,
                    )
            todo.put(request)

        try:
            feed()
        except TimeUp:
            state["time up"] = 1

    try:
        rounds = 0
        while state["sent"] < count:  # hypothesis may stop early: draw again
            before = state["sent"]
            draw(count - state["sent"], random_seed + rounds)
            rounds += 1
            if state["sent"] == before or "time up" in state:
                break
    finally:
        for _ in threads:
            todo.put(None)
        for thread in [*threads, slow_thread]:
            thread.join()
        server.poll_workers()


def _slow_clients(server: StressServer, figures: Figures, lock: threading.Lock, count: int) -> None:
    """``count`` slow clients, four at a time."""
    for start in range(0, count, 4):
        batch = [
            threading.Thread(target=slow_client, args=(server, figures, lock, n))
            for n in range(start, min(count, start + 4))
        ]
        for thread in batch:
            thread.start()
        for thread in batch:
            thread.join()
