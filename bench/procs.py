"""The worker processes of a server, and the memory each holds (Linux /proc)."""

from __future__ import annotations

import re
from pathlib import Path

PROC = Path("/proc")


def vmrss_mb(status: str) -> float:
    """The resident set size in a /proc/<pid>/status text, in MB (MiB)."""
    match = re.search(r"^VmRSS:\s+(\d+)\s+kB", status, re.MULTILINE)
    if not match:
        raise ValueError("no VmRSS line (a zombie, or not Linux)")
    return int(match.group(1)) / 1024


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


def workers(pid: int, skip: tuple[str, ...] = ()) -> list[int]:
    """The children of ``pid`` that serve requests: those whose command line holds
    none of ``skip`` (multiprocessing's resource tracker, Odoo's gevent server)."""
    return [child for child in children(pid) if not any(s in command_line(child) for s in skip)]
