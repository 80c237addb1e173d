"""Workers and their memory (bench/procs.py), read from /proc."""

from __future__ import annotations

import os
import subprocess
import sys

import procs
import pytest

STATUS = "Name:\tpython\nVmPeak:\t  90000 kB\nVmRSS:\t   61440 kB\nThreads:\t1\n"


def test_vmrss_is_read_in_megabytes() -> None:
    assert procs.vmrss_mb(STATUS) == 60.0
    with pytest.raises(ValueError):
        procs.vmrss_mb("Name:\tzombie\n")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_the_children_of_a_process_and_their_memory_are_found() -> None:
    code = "import time; print('up', flush=True); time.sleep(60)  # {}"
    sleepers = [
        subprocess.Popen([sys.executable, "-c", code.format(name)], stdout=subprocess.PIPE)
        for name in ("worker", "resource_tracker")
    ]
    try:
        # each child says when its interpreter is up (its memory is then a
        # Python's, not the few hundred kB of a process just forked)
        for sleeper in sleepers:
            assert sleeper.stdout is not None and sleeper.stdout.readline() == b"up\n"
        pids = [p.pid for p in sleepers]
        assert set(pids) <= set(procs.children(os.getpid()))
        assert sleepers[0].pid in procs.workers(os.getpid(), ("resource_tracker",))
        assert sleepers[1].pid not in procs.workers(os.getpid(), ("resource_tracker",))
        assert procs.rss_mb(sleepers[0].pid) > 1
    finally:
        for sleeper in sleepers:
            sleeper.kill()
            sleeper.wait()
