"""Workers and their memory (bench/procs.py), read from /proc."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import procs
import pytest

STATUS = "Name:\tpython\nVmPeak:\t  90000 kB\nVmRSS:\t   61440 kB\nThreads:\t1\n"


def test_vmrss_is_read_in_megabytes() -> None:
    assert procs.vmrss_mb(STATUS) == 60.0
    with pytest.raises(ValueError):
        procs.vmrss_mb("Name:\tzombie\n")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_the_children_of_a_process_and_their_memory_are_found() -> None:
    sleepers = [
        subprocess.Popen([sys.executable, "-c", f"import time; time.sleep(60)  # {name}"])
        for name in ("worker", "resource_tracker")
    ]
    try:
        # a command line is empty until the child has run exec: wait for it
        deadline = time.monotonic() + 30
        while not all(procs.command_line(p.pid) for p in sleepers):
            assert time.monotonic() < deadline
            time.sleep(0.01)
        pids = [p.pid for p in sleepers]
        assert set(pids) <= set(procs.children(os.getpid()))
        assert sleepers[0].pid in procs.workers(os.getpid(), ("resource_tracker",))
        assert sleepers[1].pid not in procs.workers(os.getpid(), ("resource_tracker",))
        assert procs.rss_mb(sleepers[0].pid) > 1
    finally:
        for sleeper in sleepers:
            sleeper.kill()
            sleeper.wait()
