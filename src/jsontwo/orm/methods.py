"""The model methods integrations call besides CRUD and search: ``fields_get``,
``default_get``, ``name_search``, ``name_create``, ``copy``, ``has_access``,
``check_access_rights``, ``get_metadata``, ``action_archive``,
``action_unarchive``, and the private ``search_fetch`` (see
docs/internals/orm-behaviour.md, "Other model methods").

:class:`ModelMethods` is a base class of every model (``BaseModel``): the
methods live here to keep ``models.py`` about recordsets, reading and writing.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any, ClassVar, Self

from jsontwo.exceptions import AccessError, MissingError
from jsontwo.orm import api
from jsontwo.orm import fields as f
from jsontwo.orm.domain_tree import NEGATIVE_OPERATORS

if TYPE_CHECKING:
    from jsontwo.orm.types import Environment

#: the operations of access rights
ACCESS_OPERATIONS = ("read", "write", "create", "unlink")
#: fields copy never copies, whatever their ``copy`` flag says
NEVER_COPIED = ("id", "create_uid", "create_date", "write_uid", "write_date", "parent_path")


def missing_error(records: Any) -> MissingError:
    """Odoo's error for records that do not exist (any more)."""
    return MissingError(
        "Record does not exist or has been deleted.\n"
        f"(Record: {records!r}, User: {records.env.uid})"
    )


class ModelMethods:
    """Public model methods beyond create/read/write/unlink/search (a base of BaseModel)."""

    __slots__ = ()

    if TYPE_CHECKING:
        # provided by BaseModel
        env: Environment

        def check_access(self, operation: str) -> None: ...
        def _check_record_rules(self, operation: str) -> None: ...
        def _has_field_access(self, field: f.Field) -> bool: ...
        def _check_field_access(self, field: f.Field, operation: str) -> None: ...
        def _check_model_access(self, operation: str) -> None: ...

        _ids: tuple[int, ...]
        _name: ClassVar[str]
        _fields: ClassVar[dict[str, f.Field]]
        _inherits: ClassVar[dict[str, str]]

        def __getattr__(self, name: str) -> Any: ...

    # --- fields_get / default_get -------------------------------------------
    @api.model
    @api.readonly
    def fields_get(
        self, allfields: Collection[str] | None = None, attributes: Collection[str] | None = None
    ) -> dict[str, dict[str, Any]]:
        """``{field: {attribute: value}}`` for the model's fields (all of them, or
        ``allfields``); ``attributes`` keeps only those attributes (``[]`` keeps none)."""
        result: dict[str, dict[str, Any]] = {}
        for name, field in self._fields.items():
            # a string works too, as in Odoo: names contained in it
            if (allfields and name not in allfields) or field.internal:
                continue
            if not self._has_field_access(field):  # fields of other groups are not shown
                continue
            desc = field.get_description(self)  # type: ignore[arg-type]
            if attributes is not None:
                desc = {key: value for key, value in desc.items() if key in attributes}
            result[name] = desc
        return result

    @api.model
    def default_get(self, fields: list[str]) -> dict[str, Any]:
        """Default values of ``fields`` for a new record, in write format: ids for
        many2one, ``[[6, 0, ids]]`` for x2many. Context keys ``default_<field>``
        come first; fields without a default are left out (a default that gives
        nothing is an empty value: false, or ``[[6, 0, []]]``)."""
        context = self.env.context
        result: dict[str, Any] = {}
        inherited: dict[str, list[str]] = {}
        for name in fields:
            field = self._fields.get(name)
            if field is None:
                continue
            if field.inherited_field is not None and f"default_{name}" not in context:
                # a field of an _inherits parent defaults as the parent's does
                inherited.setdefault(field.inherited_field.model_name, []).append(name)
                continue
            key = f"default_{name}"
            if key in context:
                value = context[key]
            elif field.default is not None:
                value = field.get_default(self)  # type: ignore[arg-type]
            else:
                continue
            if value is None:
                # a default that gives nothing is an empty value, as Odoo gives it
                value = [] if isinstance(field, f.One2many | f.Many2many) else False
            result[name] = field.convert_to_write(value)
        for parent, names in inherited.items():
            result.update(self.env[parent].default_get(names))
        return result

    # --- names ---------------------------------------------------------------
    @api.model
    @api.readonly
    def name_search(
        self,
        name: str = "",
        domain: list[Any] | None = None,
        operator: str = "ilike",
        limit: int = 100,
    ) -> list[tuple[int, str | bool]]:
        """``[id, display_name]`` pairs of the records whose display name matches
        ``name`` by ``operator`` (a negative operator excludes every record a
        positive match would find)."""
        if not name and operator in ("not ilike", "not like"):
            # an empty pattern matches every name: its negation none, which Odoo
            # decides before it looks at the domain
            return []
        ids = self._name_search_ids(name, list(domain or []), operator, limit)
        names = self._display_names(ids)
        return [(rid, names.get(rid, False)) for rid in ids]

    def _name_search_ids(
        self, name: str, domain: list[Any], operator: str, limit: int | None
    ) -> list[int]:
        """The ids :meth:`name_search` answers, in order: the one place a model
        that finds records by name its own way (products by internal reference
        and barcode) overrides."""
        search = domain
        if name or operator not in ("ilike", "like"):
            positive = NEGATIVE_OPERATORS.get(operator)
            if positive:
                matching = ["!", *self._name_search_domain([name], positive)]
            else:
                matching = self._name_search_domain([name], operator)
            search = ["&", *matching, *search] if search else matching
        return list(self._search_ids(search, 0, limit, None))

    @api.model
    def name_create(self, name: str) -> tuple[int, str | bool] | bool:
        """Create a record from its name alone; return ``[id, display_name]``
        (false when the model has no name field)."""
        rec_name = self._rec_name_field()
        if not rec_name:
            return False
        record = self.create({rec_name: name})
        return (record.id, self._display_names(record._ids).get(record.id, False))

    # --- copy ----------------------------------------------------------------
    def copy_data(self, default: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The values ``copy`` creates each record's copy from: ``default``, then
        every field whose ``copy`` flag is set (one2many lines as create
        commands, many2many links as a set command)."""
        default = dict(default or {})
        if not self.env.su:
            self._check_model_access("read")
        self._ensure_exist()
        self._check_record_rules("read")
        # an _inherits link is not copied: the copy gets a parent of its own, made
        # from the inherited fields (unless ``default`` gives the link)
        links = set(self._inherits.values())
        copied = [
            (name, field)
            for name, field in self._fields.items()
            if field.copy
            and not field.internal
            and name not in default
            and name not in NEVER_COPIED
            and name not in links
            and not (
                field.inherited_field is not None and str(field.related).split(".")[0] in default
            )
        ]
        for _name, field in copied:
            self._check_field_access(field, "read")
        vals_list = []
        for record in self:  # type: ignore[attr-defined]
            vals = dict(default)
            for name, field in copied:
                value = record[name]
                if isinstance(field, f.One2many):
                    lines = value.browse(sorted(value.ids)).copy_data() if value else []
                    vals[name] = [[0, 0, line] for line in lines]
                else:
                    vals[name] = field.convert_to_write(value)
            vals_list.append(vals)
        return vals_list

    def _named_copies(
        self,
        vals_list: list[dict[str, Any]],
        default: dict[str, Any] | None,
        fname: str = "name",
    ) -> list[dict[str, Any]]:
        """``vals_list`` (what :meth:`copy_data` gave), each copy named "<name> (copy)"
        unless ``default`` names it: what Odoo's models with telling names do."""
        if not default or fname not in default:
            for record, vals in zip(self, vals_list, strict=True):
                vals[fname] = f"{record[fname]} (copy)"
        return vals_list

    def copy(self, default: dict[str, Any] | None = None) -> Self:
        """Duplicate the records (``default`` overrides values); return the copies."""
        return self.create(self.copy_data(default))

    # --- access --------------------------------------------------------------
    @api.readonly
    def has_access(self, operation: str) -> bool:
        """Whether the user may do ``operation`` (read, write, create, unlink) on the
        model (its access lines), or on these records (which must exist: their
        record rules too)."""
        _check_operation(operation)
        if self._ids:
            self._ensure_exist()
        try:
            self.check_access(operation)
        except AccessError:
            return False
        return True

    @api.model
    @api.readonly
    @api.deprecated("check_access_rights() is deprecated since 18.0; use check_access()")
    def check_access_rights(self, operation: str, raise_exception: bool = True) -> bool | None:
        """Deprecated since Odoo 18, still called by clients: null when the model's
        access lines allow ``operation`` (an AccessError otherwise), or a boolean
        when ``raise_exception`` is false."""
        _check_operation(operation)
        try:
            if not self.env.su:
                self._check_model_access(operation)
        except AccessError:
            if raise_exception:
                raise
            return False
        return None if raise_exception else True

    # --- metadata, archiving ------------------------------------------------
    @api.readonly
    def get_metadata(self) -> list[dict[str, Any]]:
        """Who created and last changed each record, and when, and its external ids."""
        self.check_access("read")
        names = ["create_uid", "create_date", "write_uid", "write_date"]
        rows = self.sudo().read([n for n in names if n in self._fields])
        xmlids = self._external_ids([row["id"] for row in rows])
        for row in rows:
            found = xmlids.get(row["id"], [])
            row.update(
                xmlid=found[0][0] if found else False,
                xmlids=[{"xmlid": name, "noupdate": noupdate} for name, noupdate in found],
                noupdate=found[0][1] if found else False,
            )
        return rows

    @api.readonly
    def get_external_id(self) -> dict[int, str]:
        """``{id: "module.name"}`` for these records: one of each record's external
        ids, or an empty string for a record that has none."""
        found = self._external_ids(list(self._ids))
        return {rid: found[rid][0][0] if found.get(rid) else "" for rid in self._ids}

    @api.readonly
    def is_transient(self) -> bool:
        """Whether the model is transient (a wizard's)."""
        return bool(getattr(self, "_transient", False))

    def _external_ids(self, ids: list[int]) -> dict[int, list[tuple[str, bool]]]:
        """``{id: [("module.name", noupdate), ...]}`` for these records, when the
        database keeps external ids."""
        if not ids or "ir.model.data" not in self.env:
            return {}
        marks = ", ".join(["%s"] * len(ids))
        rows = self.env.cr.execute(
            'SELECT res_id, module, name, noupdate FROM "ir_model_data" '
            f"WHERE model = %s AND res_id IN ({marks}) ORDER BY id",
            [self._name, *ids],
        )
        found: dict[int, list[tuple[str, bool]]] = {}
        for res_id, module, name, noupdate in rows:
            found.setdefault(res_id, []).append((f"{module}.{name}", bool(noupdate)))
        return found

    def action_archive(self) -> None:
        """Archive the active records among these."""
        self._set_active(False)

    def action_unarchive(self) -> None:
        """Restore the archived records among these."""
        self._set_active(True)

    def _set_active(self, active: bool) -> None:
        field = self._fields.get("active")
        if field is None:
            raise AssertionError(f"No 'active' field on model {self._name}")
        # every record is asked about, not only those that change: the answer
        # must not tell which hidden records are archived
        self.check_access("write")
        values = self._cached_values(field, self._ids)
        todo = [rid for rid, value in values.items() if bool(value) != active]
        if todo:
            self.browse(todo).write({"active": active})

    # --- search_fetch: Python only ---------------------------------------------
    @api.private
    def search_fetch(
        self,
        domain: list[Any],
        field_names: Collection[str] | None = None,
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
    ) -> Self:
        """``search``, with the stored ``field_names`` of the results loaded in the cache."""
        records = self.search(domain, offset, limit, order)
        names = [
            n for n in (field_names or ()) if n in self._fields and self._fields[n].column_in_table
        ]
        if records and names:
            records._fetch_columns(names)
        return records

    # --- helpers ---------------------------------------------------------------
    def _ensure_exist(self) -> None:
        """Raise MissingError unless every record exists."""
        if not self._ids:
            return
        ids = list(dict.fromkeys(self._ids))
        existing = set(self.browse(ids).exists()._ids)
        if len(existing) != len(ids):
            raise missing_error(self.browse([i for i in ids if i not in existing]))


def _check_operation(operation: str) -> None:
    if operation not in ACCESS_OPERATIONS:
        # Odoo's ir.model.access asserts the mode (a 500 AssertionError over the API)
        raise AssertionError("Invalid access mode")
