"""The supervisor of ``jsontwo serve``'s workers says in the log why a worker it
replaced ended: left after its limits, killed, a signal, an exit status."""

from __future__ import annotations

import logging
import os
import signal
import time
from pathlib import Path

import pytest

from jsontwo.cli.workers import worker_end
from jsontwo.db import Storage
from tests.servers import demo_server, worker_of


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
