"""x2many write commands, as Odoo's ``Command`` helpers build them (see
docs/internals/orm-behaviour.md, "x2many commands")."""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class Command(IntEnum):
    """The codes of x2many commands, with helpers that build each one."""

    CREATE = 0
    UPDATE = 1
    DELETE = 2
    UNLINK = 3
    LINK = 4
    CLEAR = 5
    SET = 6

    @classmethod
    def create(cls, values: dict[str, Any]) -> list[Any]:
        """Create a co-record from ``values`` and link it."""
        return [int(cls.CREATE), 0, values]

    @classmethod
    def update(cls, record_id: int, values: dict[str, Any]) -> list[Any]:
        """Write ``values`` on a linked co-record."""
        return [int(cls.UPDATE), record_id, values]

    @classmethod
    def delete(cls, record_id: int) -> list[Any]:
        """Delete a co-record from the database."""
        return [int(cls.DELETE), record_id, 0]

    @classmethod
    def unlink(cls, record_id: int) -> list[Any]:
        """Remove the link to a co-record."""
        return [int(cls.UNLINK), record_id, 0]

    @classmethod
    def link(cls, record_id: int) -> list[Any]:
        """Add a link to an existing co-record."""
        return [int(cls.LINK), record_id, 0]

    @classmethod
    def clear(cls) -> list[Any]:
        """Remove every link."""
        return [int(cls.CLEAR), 0, 0]

    @classmethod
    def set(cls, record_ids: list[int]) -> list[Any]:
        """Replace the links by exactly ``record_ids``."""
        return [int(cls.SET), 0, list(record_ids)]
