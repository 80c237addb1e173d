"""The rows of one table as :mod:`jsontwo.service.copying` moves and checks them.

Each backend gives a value its own way: a boolean is ``1`` on SQLite and
``True`` on PostgreSQL, a date a text or a ``date``, a translated name a JSON
text or a dict. A :class:`TableRows` knows each column's kind (from the
column's SQL type) and turns a row three ways:

* *logical*: the row with what lives outside the plain columns put in (an
  attachment's content, read from the file store or from ``db_datas``; a
  sequence's next number, kept by a PostgreSQL sequence);
* *normalised*: the logical row with each value in one backend-neutral form
  (ISO dates, canonical JSON...): what the checksum of :class:`Digest` hashes,
  the same way on both sides;
* *for the target*: the logical row as the target's driver takes it (an
  attachment's content written to the target's file store, or into
  ``db_datas``).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa

from jsontwo.modules.base import filestore
from jsontwo.orm.fields import TranslatedText

#: the tables whose rows hold more than their columns (see the module's docstring)
ATTACHMENTS = "ir_attachment"
SEQUENCES = ("ir_sequence", "ir_sequence_date_range")
#: what the checksum of a table is taken modulo (a sum of 128-bit row digests)
DIGEST_MODULO = 2**128

Convert = Callable[[Any], Any]


def column_kind(type_: sa.types.TypeEngine[Any]) -> str:
    """The kind of a column's values: bool, int, float, date, datetime, json,
    bytes or text."""
    if isinstance(type_, TranslatedText | sa.JSON):
        return "json"
    checks: list[tuple[type[Any], str]] = [
        (sa.Boolean, "bool"),
        (sa.Integer, "int"),
        (sa.Float, "float"),
        (sa.Numeric, "float"),
        (sa.DateTime, "datetime"),
        (sa.Date, "date"),
        (sa.LargeBinary, "bytes"),
    ]
    for kind_type, kind in checks:
        if isinstance(type_, kind_type):
            return kind
    return "text"


# --- one form for both backends (the checksum's) -----------------------------------


def _datetime_text(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    text = str(value)
    if len(text) == 19 and text[10] == " ":
        return text
    try:
        return dt.datetime.fromisoformat(text).isoformat(sep=" ")
    except ValueError:
        return text


def _date_text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else str(value)[:10]


def _json_text(value: Any) -> Any:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _bytes_hex(value: Any) -> Any:
    return bytes(value).hex() if not isinstance(value, str) else value


NORMALISE: dict[str, Convert] = {
    "bool": bool,
    "int": int,
    "float": float,
    "date": _date_text,
    "datetime": _datetime_text,
    "json": _json_text,
    "bytes": _bytes_hex,
    "text": lambda value: value if type(value) is str else str(value),
    # an attachment's content: its digest stands for it
    "content": lambda value: hashlib.sha1(value).hexdigest(),
}


# --- values as each driver takes them ----------------------------------------------


def _to_json_text(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value


def _to_sqlite(kind: str) -> Convert | None:
    """How a PostgreSQL value of ``kind`` is written to SQLite (as jsontwo writes it
    there: booleans as 0/1, dates and datetimes as ISO texts, JSON as text)."""
    converters: dict[str, Convert] = {
        "bool": lambda value: int(bool(value)),
        "date": _date_text,
        "datetime": lambda value: (
            value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value
        ),
        "json": _to_json_text,
        "float": float,
        "bytes": bytes,
    }
    return converters.get(kind)


def target_converters(
    kinds: Sequence[str], from_sqlite: bool, to_sqlite: bool
) -> list[Convert | None]:
    """Per column, what turns a source value into the target's (None: as it is)."""
    if from_sqlite:  # SQLite's ints and texts: PostgreSQL reads them as the column's type
        return [None] * len(kinds)
    if to_sqlite:
        return [_to_sqlite(kind) for kind in kinds]
    return [_to_json_text if kind == "json" else None for kind in kinds]


@dataclass
class Digest:
    """A table's row count and checksum: the sum of a digest per normalised row,
    so that the rows may come in any order."""

    rows: int = 0
    checksum: int = 0

    def add(self, rows: Sequence[Sequence[Any]]) -> None:
        """Count and hash normalised ``rows``."""
        total = self.checksum
        for row in rows:
            blob = orjson.dumps(row, option=orjson.OPT_PASSTHROUGH_DATETIME)
            total += int.from_bytes(hashlib.blake2b(blob, digest_size=16).digest(), "big")
        self.checksum = total % DIGEST_MODULO
        self.rows += len(rows)

    @property
    def hex(self) -> str:
        """The checksum as 32 hexadecimal digits."""
        return f"{self.checksum:032x}"


@dataclass
class Side:
    """One end of a copy: whether it is SQLite, where its attachments' files live,
    and the next number of each sequence (``{(table, id): number}``)."""

    is_sqlite: bool
    filestore: Path | None
    positions: dict[tuple[str, int], int] = field(default_factory=dict)
    #: the attachments whose file was missing (their content reads as empty)
    missing_files: int = 0
    #: the attachments' contents written here (to the file store or the rows)
    contents: int = 0


class TableRows:
    """How the rows of one table are read, normalised and written (module docstring)."""

    def __init__(self, table: str, columns: Sequence[str], kinds: Sequence[str]) -> None:
        self.table = table
        self.columns = list(columns)
        self.kinds = list(kinds)
        index = {name: i for i, name in enumerate(self.columns)}
        self._content = (
            (index["store_fname"], index["db_datas"])
            if table == ATTACHMENTS and {"store_fname", "db_datas"} <= set(index)
            else None
        )
        self._number = (
            index["number_next"] if table in SEQUENCES and "number_next" in index else None
        )
        self._id = index.get("id")
        content_at = self._content[1] if self._content is not None else None
        #: (column, normaliser) of the columns whose values need one
        self._normalise = [
            (i, NORMALISE["content"] if i == content_at else NORMALISE[kind])
            for i, kind in enumerate(self.kinds)
            if kind != "text" or i == content_at
        ]
        #: the text columns (a SQLite text column may hold a number)
        self._texts = [i for i, kind in enumerate(self.kinds) if kind == "text" and i != content_at]

    def logical(self, rows: Sequence[Sequence[Any]], side: Side) -> list[list[Any]]:
        """``rows`` as read from ``side``, with the attachments' contents and the
        sequences' next numbers in place."""
        out = [list(row) for row in rows]
        if self._content is not None:
            fname_at, data_at = self._content
            for row in out:
                row[data_at] = _content(row[fname_at], row[data_at], side)
                row[fname_at] = None
        if self._number is not None and self._id is not None:
            for row in out:
                row[self._number] = side.positions.get(
                    (self.table, row[self._id]), row[self._number]
                )
        return out

    def normalised(self, rows: list[list[Any]]) -> list[list[Any]]:
        """Logical ``rows`` in the checksum's backend-neutral form."""
        steps, texts = self._normalise, self._texts
        for row in rows:
            for i, fn in steps:
                value = row[i]
                if value is not None:
                    row[i] = fn(value)
            for i in texts:
                value = row[i]
                if value is not None and type(value) is not str:
                    row[i] = str(value)
        return rows

    def for_target(
        self, rows: list[list[Any]], target: Side, converters: Sequence[Convert | None]
    ) -> list[list[Any]]:
        """Logical ``rows`` as the target's driver takes them; an attachment's
        content goes to the target's file store, or into ``db_datas``."""
        steps = [(i, fn) for i, fn in enumerate(converters) if fn is not None]
        for row in rows:
            if self._content is not None:
                _place_content(row, self._content, target)
            for i, fn in steps:
                value = row[i]
                if value is not None:
                    row[i] = fn(value)
        return rows


def _content(fname: Any, db_datas: Any, side: Side) -> bytes | None:
    """An attachment's content, from ``side``'s file store or its ``db_datas``."""
    if fname and side.filestore is not None:
        data = filestore.read_file(side.filestore, str(fname))
        if not data:
            side.missing_files += 1
        return data or None
    if db_datas:
        return base64.b64decode(db_datas)
    return None


def _place_content(row: list[Any], at: tuple[int, int], target: Side) -> None:
    """Put the content held in ``row`` where the target keeps it."""
    fname_at, data_at = at
    data = row[data_at]
    if data is None:
        row[fname_at] = row[data_at] = None
        return
    target.contents += 1
    if target.filestore is not None:
        checksum = hashlib.sha1(data).hexdigest()
        row[fname_at] = filestore.write_file(target.filestore, data, checksum, mark=False)
        row[data_at] = None
    else:
        row[fname_at] = None
        row[data_at] = base64.b64encode(data).decode()
