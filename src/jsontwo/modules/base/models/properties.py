"""properties.base.definition: where the definitions of a model's properties live (one
record per properties field)."""

from __future__ import annotations

from jsontwo.orm import api, fields, models


class PropertiesBaseDefinition(models.Model):
    """The property definitions of one model (its ``properties`` field); named
    "<model description> Properties", e.g. "Contact Properties"."""

    _name = "properties.base.definition"
    _description = "Properties Base Definition"
    _sql_constraints = (
        (
            "unique_properties_field_id",
            "UNIQUE(properties_field_id)",
            "Only one definition per properties field",
        ),
    )

    properties_field_id = fields.Many2one("ir.model.fields", required=True, ondelete="cascade")
    properties_definition = fields.PropertiesDefinition("Properties Definition")

    @api.depends("properties_field_id")
    def _compute_display_name(self) -> None:
        registry = self._registry
        for definition in self:
            model = definition.sudo().properties_field_id.model
            if not model:
                definition.display_name = False
                continue
            label = registry.models[model]._description if model in registry else model
            definition.display_name = f"{label} Properties"

    def _for_model(self, model: str) -> int | None:
        """The id of the definition of ``model``'s ``properties`` field (the base
        data creates the partners' one)."""
        found = self.sudo()._search_ids(
            [
                ["properties_field_id.model", "=", model],
                ["properties_field_id.name", "=", "properties"],
            ],
            limit=1,
        )
        return found[0] if found else None

    def _ensure(self, model: str) -> None:
        """Create the definition of ``model``'s ``properties`` field unless it exists."""
        if self._for_model(model) is not None:
            return
        fields_model = self.env["ir.model.fields"].sudo()
        field = fields_model._search_ids([["model", "=", model], ["name", "=", "properties"]])
        if field:
            self.sudo().create({"properties_field_id": field[0]})
