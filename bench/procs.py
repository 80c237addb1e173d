"""The worker processes of a server, and the memory each holds (Linux /proc).

What "the memory of a worker" means once workers share pages: ``jsontwo serve``
forks its workers from a supervisor that has loaded the code and the
registries, so most of a worker's pages are the supervisor's, shared until
someone writes to them. Three figures, from ``/proc/<pid>/smaps_rollup``:

- **RSS**: every page the process maps, shared or not (what ``ps`` and ``top``
  show). Summing it over workers counts each shared page once per worker.
- **PSS** (proportional set size): each page divided by the number of
  processes mapping it. PSS adds up: the sum over the processes of a server is
  the memory the server holds.
- **USS** (unique set size): the pages this process alone holds, which its end
  gives back.

The benchmark's "per worker" figure, compared with issue #18's 80 MB, is the
whole server's PSS (the supervisor's included) divided by its workers: what
each worker costs the machine, with the supervisor's share charged to them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class Memory:
    """A process's memory, in MB (MiB): see the module's docstring."""

    rss: float
    pss: float
    uss: float


def vmrss_mb(status: str) -> float:
    """The resident set size in a /proc/<pid>/status text, in MB (MiB)."""
    match = re.search(r"^VmRSS:\s+(\d+)\s+kB", status, re.MULTILINE)
    if not match:
        raise ValueError("no VmRSS line (a zombie, or not Linux)")
    return int(match.group(1)) / 1024


def rollup_memory(rollup: str) -> Memory:
    """RSS, PSS and USS in a /proc/<pid>/smaps_rollup text, in MB (MiB)."""
    sizes = {
        name: int(kb) / 1024
        for name, kb in re.findall(r"^(\w+):\s+(\d+)\s+kB", rollup, re.MULTILINE)
    }
    if "Rss" not in sizes or "Pss" not in sizes:
        raise ValueError("no Rss/Pss lines (a zombie, or not Linux)")
    private = sizes.get("Private_Clean", 0.0) + sizes.get("Private_Dirty", 0.0)
    return Memory(rss=sizes["Rss"], pss=sizes["Pss"], uss=private)


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (of all its threads)."""
    found: list[int] = []
    for task in (PROC / str(pid) / "task").glob("*/children"):
        found += [int(child) for child in task.read_text().split()]
    return sorted(found)


def command_line(pid: int) -> str:
    """The process's command line, its arguments separated by spaces."""
    return (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()


def rss_mb(pid: int) -> float:
    """The process's resident set size, in MB."""
    return vmrss_mb((PROC / str(pid) / "status").read_text())


def memory(pid: int) -> Memory:
    """The process's RSS, PSS and USS, in MB (reading another user's needs root)."""
    return rollup_memory((PROC / str(pid) / "smaps_rollup").read_text())


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) ``pid`` and every process under it have used
    so far, in seconds: a figure the machine's load hardly moves, unlike the
    time on the clock."""
    fields = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    # utime and stime: the 14th and 15th fields of the line, 12th and 13th after the name
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(child) for child in children(pid))


def workers(pid: int, skip: tuple[str, ...] = ()) -> list[int]:
    """The children of ``pid`` that serve requests: those whose command line holds
    none of ``skip`` (multiprocessing's resource tracker, Odoo's gevent server)."""
    return [child for child in children(pid) if not any(s in command_line(child) for s in skip)]


@dataclass(frozen=True)
class ServerMemory:
    """The memory of a server's workers, and of the whole server."""

    workers: list[Memory]
    #: the PSS of every process of the server (its main process and all its
    #: children) divided by the number of workers, in MB
    pss_per_worker: float


def server_memory(pid: int, skip: tuple[str, ...] = ()) -> ServerMemory:
    """The memory of the workers of the server whose main process is ``pid``
    (see :func:`workers`), and its whole PSS per worker."""
    serving = workers(pid, skip)
    whole = memory(pid).pss + sum(memory(child).pss for child in children(pid))
    return ServerMemory([memory(child) for child in serving], whole / max(1, len(serving)))
