"""Moving a database: ``jsontwo db copy SOURCE TARGET``, between any two storages
(a SQLite file to PostgreSQL and back, or within one).

How (docs/databases.md, "Moving a database"):

1. The source is opened as any command opens it (brought up to date with this
   jsontwo), and read as of one moment (:class:`jsontwo.db.bulk.Snapshot`).
2. The target is built under a temporary name nobody serves
   (:func:`jsontwo.db.staging.staged`), in ONE transaction: the tables jsontwo
   makes on the target's engine for the source's models (its own modules',
   the manual ``x_`` ones, the many2many relations; a table or column only the
   source has is created as it is there), every row, then the indexes and
   foreign keys, each table's id sequence and each ``ir.sequence``'s next
   number. The attachments' contents go where the target keeps them (its file
   store on PostgreSQL, the rows on SQLite).
3. The committed copy is read back and compared with the source: per table the
   row count, a checksum of the backend-neutral values
   (:mod:`jsontwo.service.copy_rows`) and the next id. A difference fails the
   copy, naming it, and the copy is dropped.
4. Only then does it take the target's name (an existing target is replaced
   only with ``replace``, and only now).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import sqlalchemy as sa

from jsontwo.db import Database, Storage, StorageError, StorageUnavailable
from jsontwo.db.bulk import Loader, Snapshot
from jsontwo.db.staging import refuse_existing, staged
from jsontwo.orm import row_counts
from jsontwo.orm.schema import metadata
from jsontwo.service.copy_rows import Digest, Side, TableRows, column_kind, target_converters
from jsontwo.service.databases import Databases


class CopyMismatch(StorageError):
    """The copy read back differs from the source (nothing was kept)."""

    def __init__(self, differences: Sequence[str]) -> None:
        listed = "; ".join(differences[:10])
        more = f" (and {len(differences) - 10} more)" if len(differences) > 10 else ""
        super().__init__(f"The copy differs from the source, so it was dropped: {listed}{more}")
        self.differences = list(differences)


class CopyFailed(StorageError):
    """The target refused part of the copy (nothing was kept)."""


class CopyProgress(Protocol):
    """What a copy reports as it goes (the command line draws a progress bar)."""

    def start(self, phase: str, rows: int) -> None:
        """A phase begins ("Copying", "Verifying") over ``rows`` rows in all."""

    def table(self, name: str) -> None:
        """The rows of table ``name`` come next."""

    def advance(self, rows: int) -> None:
        """``rows`` more rows are done."""


class _Quiet:
    """No progress shown."""

    def start(self, phase: str, rows: int) -> None:
        pass

    def table(self, name: str) -> None:
        pass

    def advance(self, rows: int) -> None:
        pass


@dataclass
class TableCheck:
    """What one table of one side holds: rows, checksum, next id (None: no sequence)."""

    table: str
    rows: int
    checksum: str
    next_id: int | None


@dataclass
class CopyResult:
    """What a copy did."""

    source: str
    target: str
    tables: list[TableCheck]
    seconds: float
    #: attachments' files written to the target's file store (or into its rows)
    contents: int = 0
    #: attachments whose file the source's file store lacked (copied empty)
    missing_files: int = 0
    #: whether an existing target was replaced (``replace``)
    replaced: bool = False

    @property
    def rows(self) -> int:
        """The rows copied, all tables together."""
        return sum(check.rows for check in self.tables)


def copy_database(
    source: Storage,
    name: str,
    target: Storage,
    target_name: str,
    replace: bool = False,
    progress: CopyProgress | None = None,
) -> CopyResult:
    """Copy database ``name`` of ``source`` to ``target_name`` of ``target`` (see the
    module's docstring); StorageError saying why when it cannot, CopyMismatch when
    the copy read back differs. ``replace``: an existing target is replaced."""
    shown = progress or _Quiet()
    began = time.monotonic()
    _check_ends(source, name, target, target_name, replace)
    replaced = replace and target.exists(target_name)
    databases = Databases(source)
    try:
        registry = databases.registry(name)
        tables = _tables(registry.database, metadata(registry.models))
        names = {table.name for table in tables}
        counted = {
            table: has_active
            for table, has_active in row_counts.counted_tables(registry.models).items()
            if table in names
        }
        with staged(target, target_name, replace) as built:
            checks, sides = _copy(registry.database, built, (tables, counted), shown)
            _verify(registry.database, built, tables, checks, sides, shown)
            built.analyze()  # the planner's statistics, as a database opened here gets
    finally:
        databases.close()
    return CopyResult(
        source=name,
        target=target_name,
        tables=checks,
        seconds=time.monotonic() - began,
        contents=sides[1].contents,
        missing_files=sides[0].missing_files,
        replaced=replaced,
    )


def _check_ends(
    source: Storage, name: str, target: Storage, target_name: str, replace: bool
) -> None:
    """Refuse, before anything is read or made, what cannot work: a missing
    source, an unreachable target, a target that exists (without ``replace``),
    a copy onto itself."""
    if not source.exists(name):
        raise StorageError(
            f"Database {name!r} does not exist in {source.description}: "
            "'jsontwo db list' (with the same --data-dir/--db-url) shows those there."
        )
    if source.url_for(name) == target.url_for(target_name):
        raise StorageError("The source and the target are the same database: name another target.")
    files = source.filestore_dir(name)
    if files is not None and files == target.filestore_dir(target_name):
        # replacing the target's file store would remove the source's
        raise StorageError(
            f"The source's and the target's attachment files would share the folder {files}: "
            "give the target another --to-data-dir."
        )
    try:
        target.check()
    except StorageUnavailable as exc:
        raise StorageUnavailable(
            f"The target ({target.description}) cannot be reached: check --to-db-url, "
            "that the server runs and that this user may create databases there.",
            exc.detail,
        ) from None
    refuse_existing(target, target_name, replace)


def _tables(database: Database, meta: sa.MetaData) -> list[sa.Table]:
    """The tables to make on the target: those of the models, with any table or
    column only the source has (left by an older jsontwo or a removed field) as
    the source's catalogue describes it."""
    inspector = sa.inspect(database.engine)
    present = set(inspector.get_table_names())
    for table in list(meta.tables.values()):
        if table.name in present:
            for column in inspector.get_columns(table.name):
                if column["name"] not in table.columns:
                    table.append_column(sa.Column(column["name"], _portable(column["type"])))
    # the row counts are made afresh on the target (see _copy)
    for name in sorted(present - set(meta.tables) - {row_counts.COUNTS_TABLE}):
        columns = [
            sa.Column(c["name"], _portable(c["type"]), primary_key=c["name"] == "id")
            for c in inspector.get_columns(name)
        ]
        with_id = any(column.name == "id" for column in columns)
        sa.Table(name, meta, *columns, sqlite_autoincrement=with_id)
    return [table for table in meta.sorted_tables if table.name in present]


def _portable(type_: Any) -> sa.types.TypeEngine[Any]:
    """A reflected column type that both engines can create (its generic form)."""
    try:
        generic: sa.types.TypeEngine[Any] = type_.as_generic()
    except NotImplementedError:
        return sa.Text()
    return generic


def _side(database: Database) -> Side:
    return Side(database.dialect.is_sqlite, database.filestore)


def _copy(
    source: Database,
    built: Database,
    schema: tuple[list[sa.Table], dict[str, bool]],
    progress: CopyProgress,
) -> tuple[list[TableCheck], tuple[Side, Side]]:
    """Read ``source`` once, fill ``built`` in one transaction with ``schema`` (the
    tables, and those whose rows are counted: see :func:`_count_rows`); answer
    what each table of the source holds, and the two sides."""
    tables, counted = schema
    from_side, to_side = _side(source), _side(built)
    checks: list[TableCheck] = []
    step = "while creating the tables"
    try:
        with Snapshot.of(source) as snapshot, Loader.into(built) as loader:
            _fill(snapshot, loader, tables, (from_side, to_side), checks, progress)
            step = "while adding the indexes, foreign keys and sequences"
            loader.finish(tables)
            _count_rows(loader, counted)
            loader.set_next_ids({check.table: check.next_id for check in checks if check.next_id})
            _carry_sequences(loader, snapshot, from_side.positions, to_side)
            step = "at the commit"
            loader.commit()
    except StorageError:
        raise
    except Exception as exc:
        if checks and step.startswith("while creating"):
            step = f"in table {checks[-1].table}"
        raise CopyFailed(
            f"The target refused the copy {step}, so nothing was kept: {_first_line(exc)}"
        ) from exc
    return checks, (from_side, to_side)


def _count_rows(loader: Loader, counted: dict[str, bool]) -> None:
    """The target's row counts (:mod:`jsontwo.orm.row_counts`): triggers on the model
    tables, counts seeded from the rows copied (nobody else writes to the copy
    being built). Not copied: the source's PostgreSQL delta rows mean nothing to
    SQLite's one row per table."""
    for sql, params in row_counts.install_statements(loader.dialect.is_sqlite, counted):
        loader.execute(sql, params)


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _fill(
    snapshot: Snapshot,
    loader: Loader,
    tables: list[sa.Table],
    sides: tuple[Side, Side],
    checks: list[TableCheck],
    progress: CopyProgress,
) -> None:
    """Create ``tables`` and copy their rows; a check per table goes to ``checks``
    (its last one names the table being copied when something fails)."""
    from_side, to_side = sides
    from_side.positions = sequence_positions(snapshot)
    counts = {table.name: snapshot.count(table.name) for table in tables}
    progress.start("Copying", sum(counts.values()))
    loader.create_tables(tables)
    next_ids = snapshot.next_ids(counts)
    for table in tables:
        progress.table(table.name)
        check = TableCheck(table.name, 0, "", next_ids.get(table.name))
        checks.append(check)
        rows = _table_rows(snapshot, table)
        converters = target_converters(rows.kinds, from_side.is_sqlite, to_side.is_sqlite)
        digest = Digest()
        for batch in snapshot.rows(table.name, rows.columns):
            logical = rows.logical(batch, from_side)
            digest.add(rows.normalised([list(row) for row in logical]))
            loader.insert(table.name, rows.columns, rows.for_target(logical, to_side, converters))
            progress.advance(len(batch))
        check.rows, check.checksum = digest.rows, digest.hex


def _table_rows(snapshot: Snapshot, table: sa.Table) -> TableRows:
    """The columns of ``table`` that the source has, and their kinds."""
    present = set(snapshot.columns(table.name))
    columns = [column for column in table.columns if column.name in present]
    return TableRows(table.name, [c.name for c in columns], [column_kind(c.type) for c in columns])


def sequence_positions(snapshot: Snapshot) -> dict[tuple[str, int], int]:
    """The next number of every ``ir.sequence`` and date range, ``{(table, id):
    number}``: on PostgreSQL a standard one's is its database sequence's."""
    positions: dict[tuple[str, int], int] = {}
    tables = set(snapshot.tables())
    if "ir_sequence" not in tables:
        return positions
    standard: set[int] = set()
    for sid, implementation, number in snapshot.execute(
        "SELECT id, implementation, number_next FROM ir_sequence"
    ):
        positions[("ir_sequence", sid)] = _position(snapshot, implementation, number, sid)
        if implementation == "standard":
            standard.add(sid)
    if "ir_sequence_date_range" in tables:
        for rid, sid, number in snapshot.execute(
            "SELECT id, sequence_id, number_next FROM ir_sequence_date_range"
        ):
            kind = "standard" if sid in standard else "no_gap"
            positions[("ir_sequence_date_range", rid)] = _position(snapshot, kind, number, sid, rid)
    return positions


def pg_sequence_name(sequence_id: int, range_id: int | None = None) -> str:
    """The PostgreSQL sequence of a standard ``ir.sequence`` or of one of its date
    ranges (as :mod:`jsontwo.modules.base.models.sequence` names them)."""
    if range_id is not None:
        return f"ir_sequence_{sequence_id:03d}_{range_id:03d}"
    return f"ir_sequence_{sequence_id:03d}"


def _position(
    snapshot: Snapshot, implementation: str, number: Any, sid: int, rid: int | None = None
) -> int:
    """The next number of one sequence (or date range) row."""
    if implementation == "standard" and not snapshot.dialect.is_sqlite:
        name = pg_sequence_name(sid, rid)
        if snapshot.sequence_exists(name):
            return snapshot.sequence_next(f'"{name}"')
    return int(number or 1)


def _carry_sequences(
    loader: Loader, snapshot: Snapshot, positions: dict[tuple[str, int], int], target: Side
) -> None:
    """On a PostgreSQL target, the database sequence of each standard ``ir.sequence``
    (and date range), starting at its next number (the rows hold it already)."""
    if target.is_sqlite or not positions:
        return
    steps = {
        sid: (implementation, step)
        for sid, implementation, step in snapshot.execute(
            "SELECT id, implementation, number_increment FROM ir_sequence"
        )
    }
    ranges: dict[int, int] = {}
    if "ir_sequence_date_range" in snapshot.tables():
        ranges = dict(snapshot.execute("SELECT id, sequence_id FROM ir_sequence_date_range"))
    for (table, rid), number in sorted(positions.items()):
        sid = rid if table == "ir_sequence" else ranges[rid]
        implementation, step = steps[sid]
        if implementation == "standard":
            name = pg_sequence_name(sid, None if table == "ir_sequence" else rid)
            loader.create_sequence(name, step or 1, number)


def _verify(
    source: Database,
    built: Database,
    tables: list[sa.Table],
    expected: list[TableCheck],
    sides: tuple[Side, Side],
    progress: CopyProgress,
) -> None:
    """Read the committed copy back; CopyMismatch naming what differs from the
    source (for a table whose values differ, the columns)."""
    found = read_checks(built, tables, sides[1], progress)
    differences = list(compare(expected, found))
    if not differences:
        return
    by_name = {table.name: table for table in tables}
    named = [
        _name_columns(text, by_name[table], source, built, sides) if values else text
        for table, values, text in differences
    ]
    raise CopyMismatch(named)


def _name_columns(
    text: str, table: sa.Table, source: Database, built: Database, sides: tuple[Side, Side]
) -> str:
    columns = differing_columns(source, built, table, sides)
    return f"{text}: in column(s) {', '.join(columns)}" if columns else text


def differing_columns(
    source: Database, built: Database, table: sa.Table, sides: tuple[Side, Side]
) -> list[str]:
    """The columns of ``table`` whose values differ between the two databases."""
    left = _column_digests(source, table, sides[0])
    right = _column_digests(built, table, sides[1])
    return [name for name, digest in left.items() if right.get(name) != digest]


def _column_digests(database: Database, table: sa.Table, side: Side) -> dict[str, str]:
    """A checksum per column of ``table`` (only to name the differing ones)."""
    with Snapshot.of(database) as snapshot:
        side.positions = sequence_positions(snapshot)
        rows = _table_rows(snapshot, table)
        digests = {name: Digest() for name in rows.columns}
        keyed = rows.columns[0] == "id"  # a value and its row's id: a swap shows
        for batch in snapshot.rows(table.name, rows.columns):
            normalised = rows.normalised(rows.logical(batch, side))
            for at, name in enumerate(rows.columns):
                digests[name].add([(row[0] if keyed else None, row[at]) for row in normalised])
    return {name: digest.hex for name, digest in digests.items()}


def read_checks(
    database: Database,
    tables: Iterable[sa.Table],
    side: Side,
    progress: CopyProgress | None = None,
) -> list[TableCheck]:
    """Row count, checksum and next id of each of ``tables`` in ``database``,
    computed as the copy computes them on the source."""
    shown = progress or _Quiet()
    checks: list[TableCheck] = []
    with Snapshot.of(database) as snapshot:
        side.positions = sequence_positions(snapshot)
        chosen = list(tables)
        shown.start("Verifying", sum(snapshot.count(table.name) for table in chosen))
        next_ids = snapshot.next_ids(table.name for table in chosen)
        for table in chosen:
            shown.table(table.name)
            rows = _table_rows(snapshot, table)
            digest = Digest()
            for batch in snapshot.rows(table.name, rows.columns):
                digest.add(rows.normalised(rows.logical(batch, side)))
                shown.advance(len(batch))
            checks.append(TableCheck(table.name, digest.rows, digest.hex, next_ids.get(table.name)))
    return checks


def compare(
    expected: Sequence[TableCheck], found: Sequence[TableCheck]
) -> Iterable[tuple[str, bool, str]]:
    """What differs between two sides' checks: (table, whether its values differ
    (same count, another checksum), a sentence saying what)."""
    by_name = {check.table: check for check in found}
    for want in expected:
        got = by_name.get(want.table)
        name = want.table
        if got is None:
            yield name, False, f"table {name} is missing"
        elif got.rows != want.rows:
            yield (
                name,
                False,
                f"table {name}: {want.rows} rows on the source, {got.rows} on the copy",
            )
        elif got.checksum != want.checksum:
            yield name, True, f"table {name}: the values differ"
        elif got.next_id != want.next_id:
            yield (
                name,
                False,
                f"table {name}: next id {want.next_id} on the source, {got.next_id} on the copy",
            )
