"""The supervisor of ``jsontwo serve``'s workers: it forks them from the loaded
application, and says in the log why a worker it replaced ended: left after its
limits, killed, a signal, an exit status."""

from __future__ import annotations

import logging
import os
import re
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from jsontwo.cli.workers import worker_end
from jsontwo.db import Storage
from tests.servers import demo_server, outcomes_by_worker, worker_of


@pytest.mark.parametrize(
    ("exitcode", "level", "words"),
    [
        (0, logging.INFO, "Worker 7 left (its --limit-request or memory limit)"),
        (
            -9,
            logging.WARNING,
            "Worker 7 was killed (SIGKILL): it did not answer the supervisor for 120 s",
        ),
        (-11, logging.ERROR, "Worker 7 ended on signal 11 (SIGSEGV)"),
        (1, logging.ERROR, "Worker 7 exited with status 1"),
    ],
)
def test_why_a_worker_ended(exitcode: int, level: int, words: str) -> None:
    got_level, line = worker_end(7, exitcode, 120)
    assert got_level == level
    assert line.startswith(words) and line.endswith("replaced.")


@pytest.mark.server
def test_a_crashed_worker_is_named_in_the_log_and_replaced(
    storage: Storage, tmp_path: Path
) -> None:
    with demo_server(storage, tmp_path, "crash", workers=1) as server:
        first = worker_of(server.post("res.partner/search_count", {"domain": []}))
        os.kill(first, signal.SIGSEGV)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                answer = server.post("res.partner/search_count", {"domain": []})
            except Exception:  # the old worker's socket, while it goes
                time.sleep(0.2)
                continue
            if worker_of(answer) != first:
                assert answer.status_code == 200
                break
            time.sleep(0.2)
        else:
            pytest.fail("no new worker answered within 60 s")
    assert f"Worker {first} ended on signal 11 (SIGSEGV); replaced." in server.log.read_text()


def _proc(pid: int, name: str) -> str:
    return Path(f"/proc/{pid}/{name}").read_text()


@pytest.mark.server
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_the_workers_are_forked_from_the_supervisor_and_share_its_memory(
    storage: Storage, tmp_path: Path
) -> None:
    """``ps`` shows each worker as the ``jsontwo serve`` command itself (a fork of
    the supervisor, not a new interpreter started by multiprocessing), and the
    pages the supervisor loaded before forking (the code, the registries) are
    shared: many megabytes of each worker's memory are the supervisor's."""
    with demo_server(storage, tmp_path, "fork") as server:

        def count() -> tuple[int, int]:
            response = server.post("res.partner/search_count", {"domain": []})
            return worker_of(response), response.status_code

        answered = outcomes_by_worker(count)
        assert all(statuses == {200} for statuses in answered.values())
        for pid in answered:
            supervisor = int(_proc(pid, "stat").rsplit(")", 1)[1].split()[1])
            assert _proc(pid, "cmdline") == _proc(supervisor, "cmdline")
            assert " serve " in _proc(pid, "cmdline").replace("\0", " ")
            shared = re.search(r"^Shared_Dirty:\s+(\d+) kB", _proc(pid, "smaps_rollup"), re.M)
            assert shared and int(shared.group(1)) > 8 * 1024, _proc(pid, "smaps_rollup")


@pytest.mark.server
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_a_graceful_restart_replaces_every_worker_and_keeps_answering(
    storage: Storage, tmp_path: Path
) -> None:
    """SIGHUP to the supervisor forks a new worker for each one and retires the
    old one once the new one serves: the new workers answer, and so does every
    call in between (but for a connection an old worker took just as it left:
    closed unanswered, the client sends it again)."""
    with demo_server(storage, tmp_path, "hup") as server:

        def count() -> tuple[int, int]:
            response = server.post("res.partner/search_count", {"domain": []})
            return worker_of(response), response.status_code

        old = outcomes_by_worker(count)
        supervisor = int(_proc(next(iter(old)), "stat").rsplit(")", 1)[1].split()[1])
        os.kill(supervisor, signal.SIGHUP)
        deadline = time.monotonic() + 60
        statuses = set()
        while time.monotonic() < deadline:
            try:
                pid, status = count()
            except httpx.TransportError:  # see the docstring
                continue
            statuses.add(status)
            if pid not in old and set(old).isdisjoint(_children(supervisor)):
                break
            time.sleep(0.05)
        else:
            pytest.fail("the workers were not replaced within 60 s")
        assert statuses == {200}
        new = outcomes_by_worker(count)
        assert set(new).isdisjoint(old)
        assert all(answers == {200} for answers in new.values())


def _children(pid: int) -> set[int]:
    return {int(child) for child in _proc(pid, f"task/{pid}/children").split()}


def _wait_for(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds:g} s")
        time.sleep(0.05)


@pytest.mark.server
@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="/proc; workers are forked on Linux only"
)
def test_a_leaving_worker_is_replaced_before_it_ends(storage: Storage, tmp_path: Path) -> None:
    """A worker at its --limit-request tells the supervisor as it stops taking
    connections, and its replacement is started then, not once it has ended: the
    log says so in that order. The workers reach their limits together (they share
    the calls), and uvicorn replaced them only after they ended, so nobody served
    for up to a second. After many replacements the server runs as many workers
    as it was told."""
    args = ("--limit-request", "3")
    with demo_server(storage, tmp_path, "ahead", workers=1, args=args) as server:
        answers = [server.post("res.partner/search_count", {"domain": []}) for _ in range(10)]
        assert [a.status_code for a in answers] == [200] * 10
        pids = list(dict.fromkeys(worker_of(a) for a in answers))
        assert len(pids) >= 3, pids
        first, second = pids[0], pids[1]
        left = f"Worker {first} left (its --limit-request or memory limit); "
        _wait_for(lambda: left in server.log.read_text(), "the first worker did not end")
        log = server.log.read_text()
        started = log.index(f"Worker {first} is leaving; worker {second} started in its place.")
        assert log.index(f"Worker {first}: request limit (3) reached") < started
        assert started < log.index(left + "replaced when it began to leave.")
        _wait_for(lambda: len(_children(server.pid)) == 1, "the supervisor kept more than 1 worker")
        assert server.post("res.partner/search_count", {"domain": []}).status_code == 200
