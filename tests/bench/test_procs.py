"""Workers and their memory (bench/procs.py), read from /proc."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import procs
import pytest

STATUS = "Name:\tpython\nVmPeak:\t  90000 kB\nVmRSS:\t   61440 kB\nThreads:\t1\n"
ROLLUP = """55d5c0a3c000-7ffd1b5e4000 ---p 00000000 00:00 0                          [rollup]
Rss:               67356 kB
Pss:               30720 kB
Pss_Dirty:         27678 kB
Shared_Clean:      13380 kB
Shared_Dirty:      36604 kB
Private_Clean:      1920 kB
Private_Dirty:     15488 kB
Referenced:        67356 kB
"""


@contextmanager
def sleeping_children(*names: str) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Python children of this process that sleep (``names`` in their command
    line), each with its interpreter up: its memory is then a Python's, not
    the few hundred kB of a process just forked."""
    code = "import time; print('up', flush=True); time.sleep(60)  # {}"
    sleepers = [
        subprocess.Popen([sys.executable, "-c", code.format(name)], stdout=subprocess.PIPE)
        for name in names
    ]
    try:
        for sleeper in sleepers:
            assert sleeper.stdout is not None and sleeper.stdout.readline() == b"up\n"
        yield sleepers
    finally:
        for sleeper in sleepers:
            sleeper.kill()
            sleeper.wait()


def test_vmrss_is_read_in_megabytes() -> None:
    assert procs.vmrss_mb(STATUS) == 60.0
    with pytest.raises(ValueError):
        procs.vmrss_mb("Name:\tzombie\n")


def test_rss_pss_and_uss_are_read_in_megabytes() -> None:
    memory = procs.rollup_memory(ROLLUP)
    assert (memory.rss, memory.pss, memory.uss) == (65.77734375, 30.0, 17.0)
    with pytest.raises(ValueError):
        procs.rollup_memory("")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_the_children_of_a_process_and_their_memory_are_found() -> None:
    with sleeping_children("worker", "resource_tracker") as sleepers:
        pids = [p.pid for p in sleepers]
        assert set(pids) <= set(procs.children(os.getpid()))
        assert sleepers[0].pid in procs.workers(os.getpid(), ("resource_tracker",))
        assert sleepers[1].pid not in procs.workers(os.getpid(), ("resource_tracker",))
        assert procs.rss_mb(sleepers[0].pid) > 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_a_server_s_memory_is_its_workers_and_its_whole_pss_per_worker() -> None:
    with sleeping_children("one", "two") as sleepers:
        # the CPU time of a process counts its children's
        assert procs.cpu_seconds(os.getpid()) > procs.cpu_seconds(sleepers[0].pid) >= 0
        mine = procs.memory(os.getpid())
        assert 0 < mine.uss <= mine.pss <= mine.rss
        server = procs.server_memory(os.getpid())
        assert {m.rss > 1 for m in server.workers} == {True}
        workers = len(procs.workers(os.getpid()))
        whole = mine.pss + sum(procs.memory(p).pss for p in procs.children(os.getpid()))
        assert server.pss_per_worker == pytest.approx(whole / workers, rel=0.2)
