"""Reading a whole database in one snapshot, and loading one in one transaction.

What moving a database between SQLite and PostgreSQL needs of the engines
(:mod:`jsontwo.service.copying` decides what to copy): a :class:`Snapshot`
streams the rows of every table as of one moment, with the position of each
table's id sequence; a :class:`Loader` creates tables, takes rows in bulk
(PostgreSQL's ``COPY``, SQLite's ``executemany``), then adds the indexes and
foreign keys and sets the sequences, all in one transaction committed by
:meth:`Loader.commit`.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from jsontwo.db.database import Database
from jsontwo.db.dialect import Dialect

#: rows fetched from the source, or sent to the target, at a time
BATCH_ROWS = 2000


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


class Snapshot:
    """The tables of ``database`` as of one moment: one read transaction (SQLite:
    a deferred ``BEGIN``, which sees one state of the write-ahead log; PostgreSQL:
    the pool's REPEATABLE READ), rolled back when the block ends."""

    def __init__(self, database: Database, conn: Any) -> None:
        self.database = database
        self.dialect: Dialect = database.dialect
        self._conn = conn

    @classmethod
    @contextlib.contextmanager
    def of(cls, database: Database) -> Iterator[Snapshot]:
        """A snapshot of ``database`` for the block."""
        with database.connection() as conn:
            if database.dialect.is_sqlite:
                conn.execute("BEGIN")
            elif database.time_limit:
                conn.execute("SET LOCAL statement_timeout = 0")
            try:
                yield cls(database, conn)
            finally:
                conn.rollback()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of one statement (``%s`` placeholders)."""
        cur = self._conn.cursor()
        try:
            cur.execute(self.dialect.sql(sql), params)
            return list(cur.fetchall()) if cur.description is not None else []
        finally:
            cur.close()

    def tables(self) -> list[str]:
        """The tables of the database (not SQLite's own), sorted."""
        if self.dialect.is_sqlite:
            sql = (
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            )
        else:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        return sorted(str(row[0]) for row in self.execute(sql))

    def columns(self, table: str) -> list[str]:
        """The columns of ``table``, in their order."""
        if self.dialect.is_sqlite:
            return [str(row[1]) for row in self.execute(f'PRAGMA table_info("{table}")')]
        rows = self.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = %s ORDER BY ordinal_position",
            [table],
        )
        return [str(row[0]) for row in rows]

    def count(self, table: str) -> int:
        """The rows of ``table``."""
        return int(self.execute(f'SELECT COUNT(*) FROM "{table}"')[0][0])

    def rows(self, table: str, columns: Sequence[str]) -> Iterator[list[tuple[Any, ...]]]:
        """The rows of ``columns`` of ``table``, in batches, in no particular order
        (PostgreSQL: a server-side cursor, so that a large table is never held whole)."""
        sql = f'SELECT {_quoted(columns)} FROM "{table}"'
        if self.dialect.is_sqlite:
            cur = self._conn.cursor()
        else:
            cur = self._conn.cursor(name=f"rows_{uuid.uuid4().hex[:8]}")
        try:
            cur.execute(sql)
            while batch := cur.fetchmany(BATCH_ROWS):
                yield batch
        finally:
            cur.close()

    def next_ids(self, tables: Iterable[str]) -> dict[str, int]:
        """The id the next row of each table with an id sequence gets: SQLite's
        ``sqlite_sequence`` (AUTOINCREMENT), PostgreSQL's serial sequences."""
        wanted = set(tables)
        found: dict[str, int] = {}
        if self.dialect.is_sqlite:
            counted = self.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%AUTOINCREMENT%'"
            )
            # a table no row was ever inserted into has no line in sqlite_sequence yet
            found = {str(row[0]): 1 for row in counted if row[0] in wanted}
            if found:
                for name, seq in self.execute("SELECT name, seq FROM sqlite_sequence"):
                    if name in found:
                        found[name] = int(seq) + 1
            return found
        for table in sorted(wanted):
            sequence = self.serial_sequence(table)
            if sequence is not None:
                found[table] = self.sequence_next(sequence)
        return found

    def serial_sequence(self, table: str) -> str | None:
        """PostgreSQL: the sequence of ``table``'s id column, if it has one."""
        rows = self.execute(
            "SELECT pg_get_serial_sequence(%s, 'id') FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s AND column_name = 'id'",
            [f'"{table}"', table],
        )
        return str(rows[0][0]) if rows and rows[0][0] else None

    def sequence_next(self, sequence: str) -> int:
        """PostgreSQL: the number ``nextval()`` of ``sequence`` would give."""
        last, called, step = self.execute(
            "SELECT s.last_value, s.is_called, q.seqincrement FROM "
            f"{sequence} s, pg_sequence q WHERE q.seqrelid = %s::regclass",
            [sequence],
        )[0]
        return int(last) + (int(step) if called else 0)

    def sequence_exists(self, name: str) -> bool:
        """PostgreSQL: whether the sequence ``name`` exists."""
        return bool(self.execute("SELECT to_regclass(%s)", [f'"{name}"'])[0][0])


class Loader:
    """Creates and fills the tables of an empty database in one transaction."""

    def __init__(self, database: Database, conn: Any) -> None:
        self.database = database
        self.dialect: Dialect = database.dialect
        self._sa_dialect = database.engine.dialect
        self._conn = conn
        self._cur = conn.cursor()

    @classmethod
    @contextlib.contextmanager
    def into(cls, database: Database) -> Iterator[Loader]:
        """A loader of ``database``; rolled back unless :meth:`commit` ran."""
        with database.connection() as conn:
            sqlite = database.dialect.is_sqlite
            if sqlite:
                # the keys are checked once, before the commit (foreign_key_check):
                # checked (or deferred) per row, each parent row inserted while a
                # child waited for it would scan the child tables, not indexed yet
                conn.execute("PRAGMA foreign_keys = OFF")
                conn.execute("BEGIN IMMEDIATE")
            elif database.time_limit:
                conn.execute("SET LOCAL statement_timeout = 0")
            loader = cls(database, conn)
            try:
                yield loader
            finally:
                loader._cur.close()
                conn.rollback()  # nothing left to undo after a commit
                if sqlite:
                    conn.execute("PRAGMA foreign_keys = ON")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement (``%s`` placeholders)."""
        self._cur.execute(self.dialect.sql(sql), params)

    def create_tables(self, tables: Sequence[sa.Table]) -> None:
        """Create ``tables`` with their unique and check constraints; their indexes and
        foreign keys come with :meth:`finish` (SQLite's keys: now, as it adds none later)."""
        for table in tables:
            keys = list(table.foreign_key_constraints) if self.dialect.is_sqlite else []
            create = sa.schema.CreateTable(table, include_foreign_key_constraints=keys)
            self.execute(str(create.compile(dialect=self._sa_dialect)))

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Add ``rows`` (values in the order of ``columns``) to ``table``. PostgreSQL
        reads each value from its text (``COPY``): SQLite's integers for booleans,
        texts for dates and JSON arrive as the column's type."""
        if not rows:
            return
        if self.dialect.is_sqlite:
            marks = ", ".join(["?"] * len(columns))
            self._cur.executemany(
                f'INSERT INTO "{table}" ({_quoted(columns)}) VALUES ({marks})', rows
            )
            return
        with self._cur.copy(f'COPY "{table}" ({_quoted(columns)}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)

    def finish(self, tables: Sequence[sa.Table]) -> None:
        """The indexes of ``tables``, then (PostgreSQL) their foreign keys: built
        once over the loaded rows rather than kept up to date row by row."""
        for table in tables:
            for index in table.indexes:
                self.execute(str(sa.schema.CreateIndex(index).compile(dialect=self._sa_dialect)))
        if self.dialect.is_sqlite:
            return
        for table in tables:
            for constraint in table.foreign_key_constraints:
                add = sa.schema.AddConstraint(constraint)
                self.execute(str(add.compile(dialect=self._sa_dialect)))

    def set_next_ids(self, next_ids: dict[str, int]) -> None:
        """Make the next row of each table get the id given (the tables' sequences)."""
        for table, next_id in next_ids.items():
            if self.dialect.is_sqlite:
                self.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                if next_id > 1:
                    self.execute(
                        "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)",
                        [table, next_id - 1],
                    )
                continue
            self.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)",
                [f'"{table}"', next_id],
            )

    def create_sequence(self, name: str, increment: int, start: int) -> None:
        """PostgreSQL: a sequence whose ``nextval()`` gives ``start`` first."""
        self.execute(
            f'CREATE SEQUENCE "{name}" INCREMENT BY {int(increment)} START WITH {int(start)}'
        )

    def commit(self) -> None:
        """Commit everything loaded; on SQLite, once its foreign keys are checked
        (a ValueError names the first row that breaks one)."""
        if self.dialect.is_sqlite:
            self._cur.execute("PRAGMA foreign_key_check")
            broken = self._cur.fetchone()
            if broken is not None:
                table, rowid, parent, _key = broken
                raise ValueError(
                    f"row {rowid} of {table} refers to a row of {parent} that does not exist"
                )
        self._conn.commit()
