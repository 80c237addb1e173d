"""Binary fields kept as attachments (``attachment=True``, Odoo's default for
pictures): their values are ``ir.attachment`` records linked to the record
and field, read, written and deleted with it (docs/attachments.md).

:class:`BinaryAttachments` is a base class of every model (``BaseModel``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from jsontwo.orm import fields as f
from jsontwo.orm.paging import chunks

if TYPE_CHECKING:
    from jsontwo.orm.types import Environment


class BinaryAttachments:
    """Reading, writing and deleting the attachments that hold binary fields
    (a base of BaseModel)."""

    __slots__ = ()

    if TYPE_CHECKING:
        # provided by BaseModel
        env: Environment
        _ids: tuple[int, ...]
        _name: ClassVar[str]

        @property
        def _registry(self) -> Any: ...  # the Registry (a higher layer)

    def _read_binary_attachments(self, field: f.Field) -> dict[int, Any]:
        """The values (base64 text, None for none) of a binary kept as an
        attachment, for these records (the attachments read as the superuser: the
        record's own access was checked)."""
        if "ir.attachment" not in self._registry.models:
            return dict.fromkeys(self._ids)
        key = (self._name, field.name)
        cache = self.env.transaction.cache
        missing = cache.missing(key, self._ids)
        if missing:
            found = self.env["ir.attachment"].sudo()._field_values(self._name, field.name, missing)
            cache.update(key, {rid: found.get(rid) for rid in missing})
        return cache.values_of(key, self._ids)

    def _write_binary_attachments(self, field: f.Field, values: dict[int, Any]) -> None:
        """Store ``{record id: base64 text or None}`` as the attachments of a binary
        field (created, replaced or deleted)."""
        if "ir.attachment" in self._registry.models:
            self.env["ir.attachment"].sudo()._set_field_values(self._name, field.name, values)
            self.env.transaction.cache.update((self._name, field.name), values)

    def _unlink_attachments(self, ids: list[int]) -> None:
        """Delete the attachments of the deleted records ``ids`` (as the superuser:
        deleting a record takes its files with it, as in Odoo)."""
        if "ir.attachment" not in self._registry.models or self._name == "ir.attachment":
            return
        found: list[int] = []
        for chunk in chunks(ids):
            marks = ", ".join(["%s"] * len(chunk))
            rows = self.env.cr.execute(
                f"SELECT id FROM ir_attachment WHERE res_model = %s AND res_id IN ({marks})",
                [self._name, *chunk],
            )
            found.extend(row[0] for row in rows)
        if found:
            self.env["ir.attachment"].sudo().browse(found).unlink()
