"""Creating, changing and deleting models and fields over the API, as Odoo allows.

ir.model, ir.model.fields and ir.model.fields.selection describe the models
of the registry. Rows of state ``base`` are kept by the reflection
(:mod:`~jsontwo.modules.base.models.ir_model_reflect`) and describe the code;
an administrator (the access lines are Odoo's: Access Rights) creates rows of
state ``manual``, custom ``x_`` models and fields, checked by Odoo's rules
(:mod:`~jsontwo.modules.base.models.ir_model_rules`); the change is applied
in the same transaction (:mod:`~jsontwo.modules.base.models.ir_model_custom`):
tables and columns, the transaction's registry, and every worker's at its
next call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from jsontwo.exceptions import UserError
from jsontwo.modules.base.models import ir_model_rules as rules
from jsontwo.modules.base.models.ir_model_custom import changing_models, note_change, note_rename
from jsontwo.orm import Environment, api

Vals = dict[str, Any]


class RunTimeChanges:
    """What the three models share: the caller's access first (Odoo's lines),
    then the rules, the change, and the change applied to the registry."""

    __slots__ = ()

    if TYPE_CHECKING:
        env: Environment
        _name: ClassVar[str]
        _ids: tuple[int, ...]

        def _check_model_access(self, operation: str) -> None: ...
        def filtered(self, func: Any) -> Any: ...
        def __len__(self) -> int: ...
        def __iter__(self) -> Any: ...

    @api.model_create_multi
    def create(self, vals_list: list[Vals] | Vals) -> Any:
        """Create rows; custom ones (all of a caller's) follow Odoo's rules and
        change the registry."""
        items = [dict(vals) for vals in ([vals_list] if isinstance(vals_list, dict) else vals_list)]
        if not self.env.su:
            self._check_model_access("create")
            for vals in items:
                vals.pop("state", None)  # the caller's rows are custom ones
        if not any(self._is_manual_vals(vals) for vals in items):
            return super().create(items)  # type: ignore[misc]
        with changing_models(self.env):
            for vals in items:
                if self._is_manual_vals(vals):
                    self._check_manual_create(vals)
            records = super().create(items)  # type: ignore[misc]
            note_change(self.env)
        return records

    def write(self, vals: Vals) -> bool:
        """Write rows, as Odoo's rules let them change; a change of a custom
        model or field changes the registry."""
        if not self.env.su:
            self._check_model_access("write")
        elif "state" in vals or not self._manual_rows():
            result: bool = super().write(vals)  # type: ignore[misc]
            return result
        vals = dict(vals)
        self._check_manual_write(vals)  # sees "state": Odoo refuses it on base fields
        vals.pop("state", None)
        with changing_models(self.env):
            self._before_write(vals)
            result = super().write(vals)  # type: ignore[misc]
            if self._manual_rows() and self._changes_registry(vals):
                note_change(self.env)
        return result

    def unlink(self) -> bool:
        """Delete custom rows (their tables and columns go with them); rows that
        describe the code are refused (Odoo reads the rows first, so a caller
        who may not read them is refused reading)."""
        if not self.env.su:
            self._check_model_access("read")
            self._check_model_access("unlink")
        elif not self._manual_rows():
            result: bool = super().unlink()  # type: ignore[misc]
            return result
        self._check_manual_unlink()
        with changing_models(self.env):
            self._before_unlink()
            result = super().unlink()  # type: ignore[misc]
            note_change(self.env)
        return result

    # --- what each model says ---------------------------------------------
    def _is_manual_vals(self, vals: Vals) -> bool:
        return vals.get("state", "manual") == "manual"

    def _manual_rows(self) -> bool:
        """Whether some of these rows are custom ones."""
        return any(record.state == "manual" for record in self)

    def _check_manual_create(self, vals: Vals) -> None:
        """Refuse (or complete) the values of a new custom row."""

    def _check_manual_write(self, vals: Vals) -> None:
        """Refuse a change Odoo refuses."""

    def _before_write(self, vals: Vals) -> None:
        """Do what must precede the write (a column renamed)."""

    def _changes_registry(self, vals: Vals) -> bool:
        """Whether writing ``vals`` changes the models."""
        return True

    def _check_manual_unlink(self) -> None:
        """Refuse deleting rows Odoo will not delete."""

    def _before_unlink(self) -> None:
        """Delete what goes with these rows."""


class ModelChanges(RunTimeChanges):
    """ir.model: custom models."""

    __slots__ = ()

    def _check_manual_create(self, vals: Vals) -> None:
        rules.check_model_vals(vals)

    def _check_manual_write(self, vals: Vals) -> None:
        if "model" in vals and any(r.model != vals["model"] for r in self):
            raise UserError("Field Model cannot be modified on models.")

    def _changes_registry(self, vals: Vals) -> bool:
        return bool({"name", "order"} & set(vals))

    def _check_manual_unlink(self) -> None:
        if any(record.state != "manual" for record in self):
            raise UserError("This column contains module data and cannot be removed!")

    def _before_unlink(self) -> None:
        """The custom fields of other models that point to these go first."""
        names = [record.model for record in self]
        fields = self.env["ir.model.fields"].sudo()
        linked = fields.search(
            [["state", "=", "manual"], ["relation", "in", names], ["model", "not in", names]]
        )
        linked.unlink()


class FieldChanges(RunTimeChanges):
    """ir.model.fields: custom fields."""

    __slots__ = ()

    def _check_manual_create(self, vals: Vals) -> None:
        env = self.env
        if not vals.get("model") and vals.get("model_id"):
            vals["model"] = env["ir.model"].sudo().browse([vals["model_id"]]).model
        rules.check_field_vals(env, vals)
        vals.setdefault("complete_name", f"{vals['model']}.{vals['name']}")
        if vals["ttype"] == "many2many" and not vals.get("relation_table"):
            table, column1, column2 = rules.many2many_names(vals["model"], vals["relation"])
            vals.update(relation_table=table, column1=column1, column2=column2)

    def _check_manual_write(self, vals: Vals) -> None:
        rules.check_field_write(self, vals)  # type: ignore[arg-type]

    def _before_write(self, vals: Vals) -> None:
        new = vals.get("name")
        for record in self:  # one at most when renaming
            if new and record.name != new and record.state == "manual":
                cls = self.env.registry.models.get(record.model)
                field = cls._fields.get(record.name) if cls else None
                if cls is not None and field is not None and field.column_in_table:
                    note_rename(self.env, cls._table, record.name, new)
                vals["complete_name"] = f"{record.model}.{new}"

    def _check_manual_unlink(self) -> None:
        rules.check_field_unlink(self)  # type: ignore[arg-type]


class SelectionChanges(RunTimeChanges):
    """ir.model.fields.selection: the options of custom selection fields."""

    __slots__ = ()

    def _is_manual_vals(self, vals: Vals) -> bool:
        field_id = vals.get("field_id")
        if not field_id:
            return False
        rows = self.env.cr.execute(
            'SELECT state FROM "ir_model_fields" WHERE id = %s', [int(field_id)]
        )
        return bool(rows) and rows[0][0] == "manual"

    def _manual_rows(self) -> bool:
        return any(record.field_id.state == "manual" for record in self)
