"""``jsontwo db copy SOURCE TARGET``: move a database to another storage (a SQLite
file to PostgreSQL and back), verified before it takes the target's name; see
:mod:`jsontwo.service.copying` and docs/databases.md, "Moving a database"."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from jsontwo.cli.options import progress_display, storage_options
from jsontwo.db import StorageUnavailable
from jsontwo.service import Storage, StorageError, open_storage
from jsontwo.service.copying import CopyResult, copy_database

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class _Bar:
    """A copy's progress as one rich bar per phase, over the rows of every table."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task: TaskID | None = None
        self._phase = ""

    def start(self, phase: str, rows: int) -> None:
        if self._task is not None:
            self._progress.remove_task(self._task)
        self._phase = phase
        self._task = self._progress.add_task(phase, total=rows)

    def table(self, name: str) -> None:
        if self._task is not None:
            self._progress.update(self._task, description=f"{self._phase} {name}")

    def advance(self, rows: int) -> None:
        if self._task is not None:
            self._progress.advance(self._task, rows)


@click.command("copy")
@click.argument("source")
@click.argument("target")
@click.option(
    "--to-db-url",
    default=None,
    metavar="URL",
    help="Copy to this PostgreSQL server (as --db-url), e.g. postgresql://user@host:5432/ .",
)
@click.option(
    "--to-data-dir",
    default=None,
    type=click.Path(file_okay=False),
    help="Copy to the SQLite files of this folder; with --to-db-url, the folder of the "
    "target's attachment file stores (default: --data-dir).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace the target if it exists (only once the copy is made and verified).",
)
@storage_options
def db_copy(
    storage: Storage,
    source: str,
    target: str,
    to_db_url: str | None,
    to_data_dir: str | None,
    force: bool,
) -> None:
    """Copy database SOURCE to TARGET: every table, row, sequence position, API key
    and attachment, in one transaction, verified (row counts and checksums)
    before TARGET appears. By default within the same storage; --to-db-url or
    --to-data-dir name another one (SQLite to PostgreSQL, and back)."""
    destination = _target_storage(storage, to_db_url, to_data_dir)
    try:
        with progress_display() as progress:
            result = copy_database(storage, source, destination, target, force, _Bar(progress))
    except StorageError as exc:  # the message says which side: no "looked in" added
        detail = f"\n{exc.detail}" if isinstance(exc, StorageUnavailable) else ""
        raise click.ClickException(f"{exc}{detail}") from None
    click.echo(_summary(result, storage, destination), err=True)


def _target_storage(source: Storage, to_db_url: str | None, to_data_dir: str | None) -> Storage:
    """The storage the flags name: the source's when neither is given."""
    if to_db_url:
        files = to_data_dir or click.get_current_context().params.get("data_dir") or "data"
        return open_storage(Path(files), to_db_url)
    if to_data_dir:
        return open_storage(Path(to_data_dir))
    return source


def _summary(result: CopyResult, source: Storage, target: Storage) -> str:
    """What the copy did, in a sentence or two."""
    lines = [
        f"Copied database {result.source!r} ({source.description}) to {result.target!r} "
        f"({target.description}){' replacing the old one' if result.replaced else ''}: "
        f"{len(result.tables)} tables, {result.rows:,} rows, {result.contents} attachment "
        f"contents; verified (row counts, checksums, sequences) in {result.seconds:.1f} s."
    ]
    if result.missing_files:
        lines.append(
            f"Warning: {result.missing_files} attachment file(s) were missing from the "
            "source's file store; those attachments were copied empty."
        )
    return "\n".join(lines)
