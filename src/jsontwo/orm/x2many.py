"""One2many and many2many fields: reading the linked ids, and writing the
x2many commands (see docs/internals/orm-behaviour.md, "x2many commands").

The helpers take the model, the way :class:`~jsontwo.orm.domains.Compiler` does;
the writes dispatch on :class:`~jsontwo.orm.commands.Command`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jsontwo.db import IntegrityFailure, as_integrity_failure
from jsontwo.exceptions import AccessError, MissingError
from jsontwo.orm import fields as f
from jsontwo.orm.commands import Command

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel

X2many = f.One2many | f.Many2many


def linked_ids(records: BaseModel, field: f.Field) -> dict[int, tuple[int, ...]]:
    """Linked ids per record, in the comodel's order, without archived co-records."""
    assert isinstance(field, X2many)
    if not records._ids:
        return {}
    env = records.env
    comodel = env[field.comodel_name]
    if not env.su:
        try:
            comodel._check_model_access("read")
        except AccessError as exc:  # Odoo names the field that could not be read
            raise AccessError(f"Failed to read field {field}\n{exc.message}") from None
    active_test = env.context.get("active_test", True) and field.context.get("active_test", True)
    co = comodel.with_context(active_test=active_test)
    marks = ", ".join(["%s"] * len(records._ids))
    if isinstance(field, f.One2many):
        owner = f'"{co._table}"."{field.inverse_name}"'
        domain = [[field.inverse_name, "in", list(records._ids)], *field.domain]
        where, params = co._where_sql(domain)
        sql = f'SELECT {owner}, "{co._table}".id FROM "{co._table}" WHERE {where} ORDER BY {co._order_by_sql(None)}'
    else:
        rel = field.relation
        where, params = co._where_sql(list(field.domain))
        sql = (
            f'SELECT "{rel}"."{field.column1}", "{co._table}".id FROM "{rel}" '
            f'JOIN "{co._table}" ON "{co._table}".id = "{rel}"."{field.column2}" '
            f'WHERE "{rel}"."{field.column1}" IN ({marks}) AND {where} ORDER BY {co._order_by_sql(None)}'
        )
        params = [*records._ids, *params]
    result: dict[int, list[int]] = {rid: [] for rid in records._ids}
    for owner_id, co_id in env.cr.execute(sql, params):
        result[owner_id].append(co_id)
    return {rid: tuple(ids) for rid, ids in result.items()}


def normalize_commands(field: f.Field, value: Any) -> list[list[Any]]:
    """x2many values as a list of commands: ids -> SET, false -> CLEAR, an empty
    list -> nothing. A command whose code is no command is kept: it is ignored."""
    if value is False or value is None:
        return [[Command.CLEAR]]
    if not isinstance(value, list):
        # Odoo's words, with the value as str() gives it
        raise ValueError(f"Wrong value for {field}: {value}")
    if value and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return [[Command.SET, 0, list(value)]]
    commands = []
    for command in value:
        if not isinstance(command, list | tuple):
            raise ValueError(f"Invalid x2many command {command!r}")
        if not command:
            raise IndexError("list index out of range")  # Odoo reads command[0]
        commands.append(list(command))
    return commands


def commands_applied(record: BaseModel, field: f.Field, value: Any) -> tuple[int, ...]:
    """The ids ``record``'s computed ``field`` holds once the commands ``value`` are
    applied to what it holds now (what its inverse method then reads): created
    co-records are created, updated ones written, deleted ones deleted."""
    assert isinstance(field, X2many)
    comodel = record.env[field.comodel_name]
    ids = list(getattr(record, field.name).ids)
    for command in normalize_commands(field, value):
        code = command[0]
        if code == Command.CREATE:
            ids.append(comodel.create(command[2] or {}).id)
        elif code == Command.UPDATE:
            comodel.browse([command[1]]).exists().write(command[2] or {})
        elif code in (Command.DELETE, Command.UNLINK):
            if code == Command.DELETE:
                comodel.browse([command[1]]).exists().unlink()
            ids = [i for i in ids if i != command[1]]
        elif code == Command.LINK and command[1] not in ids:
            ids.append(command[1])
        elif code == Command.CLEAR:
            ids = []
        elif code == Command.SET:
            ids = list(comodel.browse(list(command[2])).exists().ids)
    return tuple(dict.fromkeys(ids))


def write_x2many(records: BaseModel, field: f.Field, value: Any, creating: bool) -> None:
    """Apply the x2many commands ``value`` of ``field`` to ``records``
    (``creating``: the records are new, so they have no links to remove).

    A command lacking its id or values fails with IndexError, as in Odoo."""
    assert isinstance(field, X2many)
    comodel = records.env[field.comodel_name]
    commands = normalize_commands(field, value)
    position = 0
    while position < len(commands):
        command = commands[position]
        position += 1
        code = command[0]
        if code == Command.CREATE:
            batch = [command[2] or {}]
            if isinstance(field, f.One2many):
                # consecutive creations of lines go in one create: the lines'
                # stored fields, and the owner's depending on them, are
                # computed once
                while position < len(commands) and commands[position][0] == Command.CREATE:
                    batch.append(commands[position][2] or {})
                    position += 1
            _create(records, field, comodel, batch)
        elif code == Command.UPDATE:
            lines = comodel.browse([command[1]])
            if isinstance(field, f.Many2many):
                # Odoo's plain write of a missing co-record changes nothing
                lines = lines.exists()
            lines.write(command[2] or {})
        elif code == Command.DELETE:
            comodel.browse([command[1]]).exists().unlink()
        elif code == Command.UNLINK:
            _unlink(records, field, comodel, [command[1]])
        elif code == Command.LINK:
            _link(records, field, comodel, _existing(comodel, [command[1]], creating))
        elif code == Command.CLEAR:
            if not creating:
                _unlink(records, field, comodel, _all_linked(records, field))
        elif code == Command.SET:
            wanted = _existing(comodel, list(command[2]), creating)
            if not creating:
                current = _all_linked(records, field)
                _unlink(records, field, comodel, [i for i in current if i not in wanted])
            _link(records, field, comodel, wanted)
        # Odoo ignores any other command code (7, "x", an id), and so do we
    records.env.invalidate(records._name)


def _existing(comodel: BaseModel, co_ids: list[Any], creating: bool) -> list[int]:
    """``co_ids`` to link, refused as Odoo refuses them: an id that is no
    integer, or (when creating) a missing record, is a MissingError; a write
    leaves missing ones to the database's foreign key, unless record rules
    restrict reading the comodel (Odoo checks the caller may read what is
    linked, and finds the missing ones so)."""
    ids = [i for i in co_ids if isinstance(i, int) and not isinstance(i, bool)]
    if len(ids) < len(co_ids) or (ids and (creating or _read_ruled(comodel))):
        missing = [i for i in co_ids if i not in ids]
        if not missing:
            found = set(comodel.sudo().browse(ids).exists()._ids)
            missing = [i for i in ids if i not in found]
        if missing:
            raise MissingError(
                "Record does not exist or has been deleted.\n"
                f"(Record: {comodel._name}{tuple(missing)!r}, User: {comodel.env.uid})"
            )
    return ids


def _read_ruled(comodel: BaseModel) -> bool:
    """Whether record rules apply to the caller's reading of ``comodel`` (even rules
    that hold for every record: Odoo still looks for the missing ones then)."""
    if comodel.env.su:
        return False
    domain, _signature = comodel.env["ir.rule"]._domain(comodel._name, "read")
    return domain is not None


def _all_linked(records: BaseModel, field: f.Field) -> list[int]:
    """The co-records linked to any of ``records``, archived ones included."""
    linked = linked_ids(records.with_context(active_test=False), field)
    return list(dict.fromkeys(i for ids in linked.values() for i in ids))


def _create(
    records: BaseModel, field: X2many, comodel: BaseModel, vals_list: list[dict[str, Any]]
) -> None:
    """Create a co-record from each of ``vals_list`` and link it to ``records``
    (one2many lines: one for each record, all in one create)."""
    if isinstance(field, f.One2many):
        comodel.create(
            [{**vals, field.inverse_name: rid} for vals in vals_list for rid in records._ids]
        )
        return
    for vals in vals_list:
        created = comodel.create(vals)
        _link(records, field, comodel, created.ids)


def _link(records: BaseModel, field: X2many, comodel: BaseModel, co_ids: list[int]) -> None:
    """Link the co-records ``co_ids`` to ``records``: their inverse many2one set
    (one2many) or relation rows added (many2many)."""
    if not co_ids:
        return
    if isinstance(field, f.One2many):
        comodel.browse(co_ids).write({field.inverse_name: records._ids[-1]})
        return
    rel, c1, c2 = field.relation, field.column1, field.column2
    pairs = [(rid, cid) for rid in records._ids for cid in co_ids]
    try:
        records.env.cr.executemany(
            f'INSERT INTO "{rel}" ("{c1}", "{c2}") VALUES (%s, %s) ON CONFLICT DO NOTHING', pairs
        )
    except Exception as exc:
        failure = as_integrity_failure(exc)
        if failure is None or failure.constraint or "foreign key" not in str(failure).lower():
            raise
        # SQLite names no constraint: the co-records are the ones that may be missing
        raise IntegrityFailure(str(failure), f"{rel}_{c2}_fkey") from exc


def _unlink(records: BaseModel, field: X2many, comodel: BaseModel, co_ids: list[int]) -> None:
    """Take the co-records ``co_ids`` away from ``records``: deleted when their
    inverse many2one cascades, else that many2one emptied (one2many); the
    relation rows removed (many2many)."""
    if not co_ids:
        return
    if isinstance(field, f.One2many):
        lines = comodel.browse(co_ids).exists()
        inverse = comodel._fields[field.inverse_name]
        if isinstance(inverse, f.Many2one) and inverse.ondelete == "cascade":
            lines.unlink()
        else:
            lines.write({field.inverse_name: False})
        return
    rel, c1, c2 = field.relation, field.column1, field.column2
    marks = ", ".join(["%s"] * len(co_ids))
    for rid in records._ids:
        records.env.cr.execute(
            f'DELETE FROM "{rel}" WHERE "{c1}" = %s AND "{c2}" IN ({marks})', [rid, *co_ids]
        )
