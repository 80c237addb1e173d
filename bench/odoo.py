"""The reference Odoo 19's side: its generated partners, what the bulk-create
call leaves behind, and its workers' memory."""

from __future__ import annotations

from pathlib import Path

import procs
import seed
from rich.progress import Progress
from target import Target

#: the pid file of the reference Odoo's main process (~/odoo19-reference/start.sh)
PID_FILE = Path("~/odoo19-reference/odoo.pid").expanduser()
#: what Odoo's main process starts beside its HTTP workers (every command line
#: holds "--gevent-port": match the subcommand)
NOT_WORKERS = ("odoo-bin gevent",)


def prepare(odoo: Target, codes: list[str], partners: int) -> Target:
    """Give the Odoo database ``partners`` generated partners (only those it lacks:
    a second run creates none) and remove what an interrupted run's bulk create
    left; answer the target with the ids the ``read`` call reads."""
    missing = partners - seed.count(odoo)
    if missing > 0:
        with Progress() as progress:
            task = progress.add_task(f"Odoo 19: creating {missing} partners", total=missing)
            seed.seed(odoo, codes, partners, lambda n: progress.advance(task, n))
    seed.remove_bulk(odoo)
    return odoo.with_ids(seed.first_ids(odoo))


def memory(pid_file: Path = PID_FILE) -> procs.ServerMemory | None:
    """The memory of Odoo's HTTP workers, and of the whole server (its gevent
    server included) per worker; None when the pid file is not there (Odoo runs
    elsewhere)."""
    if not pid_file.exists():
        return None
    main = int(pid_file.read_text().split()[0])
    try:
        return procs.server_memory(main, NOT_WORKERS)
    except (OSError, ValueError):
        return None  # another machine's, or a worker replaced meanwhile
