"""The file store of a PostgreSQL database: attachments' contents as files named
by their SHA-1, ``<filestore>/<sha[:2]>/<sha>`` (Odoo's layout).

Nothing is lost to a rolled-back transaction: a file is never deleted when an
attachment lets it go. Its name goes on a checklist (an empty file under
``<filestore>/checklist/``), and the garbage collection deletes a checked file
only when no committed attachment names it any more, holding a lock on the
attachments' table so that no transaction adds a reference meanwhile. A file
is written after its attachment's row, so a transaction that stores one
already holds the lock the collection waits for.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from jsontwo.db import Database
from jsontwo.orm.paging import chunks

_logger = logging.getLogger(__name__)

#: how long the collection waits for the writers of ir_attachment before giving up
#: (the next collection does the work): it runs right after a call's commit, which
#: must not wait on someone else's long transaction
LOCK_TIMEOUT = "200ms"


def store_name(checksum: str) -> str:
    """The name a content with SHA-1 ``checksum`` has in the store (``store_fname``)."""
    return f"{checksum[:2]}/{checksum}"


def _full_path(root: Path, fname: str) -> Path:
    # a stored name never climbs out of the store
    clean = re.sub(r"[.:]", "", fname).strip("/\\")
    return root / clean


def read_file(root: Path, fname: str) -> bytes:
    """The content of ``fname``, or nothing when the file is missing (logged, as
    Odoo does: a record whose file is lost still reads)."""
    try:
        return _full_path(root, fname).read_bytes()
    except OSError:
        _logger.info("attachment file %s missing in %s", fname, root)
        return b""


def write_file(root: Path, data: bytes, checksum: str, mark: bool = True) -> str:
    """Store ``data`` (unless the file is there already) and answer its name; the
    name goes on the checklist in case the transaction is rolled back (unless
    ``mark`` is false: a database being built whole, dropped whole on failure)."""
    fname = store_name(checksum)
    path = _full_path(root, fname)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        partial.write_bytes(data)
        partial.replace(path)  # whole or absent, never half written
    if mark:
        mark_for_gc(root, fname)
    return fname


def mark_for_gc(root: Path, fname: str) -> None:
    """Put ``fname`` on the checklist of the next garbage collection."""
    entry = _full_path(root / "checklist", fname)
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.touch()


def collect_garbage(database: Database) -> int:
    """Delete the checked files no attachment names; answer how many were deleted.

    Runs in a transaction of its own whose first statement locks ir_attachment
    against writers (they finish first; new ones wait for the collection).
    """
    root = database.filestore
    if root is None:
        return 0
    checklist = _checklist(root)
    if not checklist:
        return 0
    removed = 0
    try:
        with database.transaction() as cr:
            cr.execute(f"SET LOCAL lock_timeout TO '{LOCK_TIMEOUT}'")
            cr.execute("LOCK ir_attachment IN SHARE MODE")
            for names in chunks(sorted(checklist)):
                marks = ", ".join(["%s"] * len(names))
                rows = cr.execute(
                    f"SELECT store_fname FROM ir_attachment WHERE store_fname IN ({marks})", names
                )
                kept = {row[0] for row in rows}
                for fname in names:
                    if fname not in kept:
                        _full_path(root, fname).unlink(missing_ok=True)
                        removed += 1
                    checklist[fname].unlink(missing_ok=True)
    except Exception:
        # busy writers (the lock timed out): the checklist stays for the next time
        _logger.info("file store collection of %s postponed", database.name, exc_info=True)
        return 0
    _logger.info("file store of %s: %d checked, %d removed", database.name, len(checklist), removed)
    return removed


def _checklist(root: Path) -> dict[str, Path]:
    """The names on the checklist, with their entries."""
    folder = root / "checklist"
    if not folder.is_dir():
        return {}
    return {
        f"{entry.parent.name}/{entry.name}": entry
        for entry in folder.glob("*/*")
        if entry.is_file()
    }
