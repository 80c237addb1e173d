"""properties.base.definition: where the definitions of a model's properties live."""

from __future__ import annotations

from jsontwo.orm import api, fields, models


class PropertiesBaseDefinition(models.Model):
    """The property definitions of one model (its ``properties`` field); named
    "<model description> Properties", e.g. "Contact Properties"."""

    _name = "properties.base.definition"
    _description = "Properties Base Definition"
    _sql_constraints = (
        ("unique_model", "unique(model)", "Only one definition per model is allowed"),
    )

    model = fields.Char("Model", required=True)
    properties_definition = fields.PropertiesDefinition("Properties Definition")

    @api.depends("model")
    def _compute_display_name(self) -> None:
        registry = self._registry
        for definition in self:
            model = definition.model
            label = registry.models[model]._description if model in registry else model
            definition.display_name = f"{label} Properties"

    def _for_model(self, model: str) -> int | None:
        """The id of ``model``'s definition (the base data creates the partners' one)."""
        found = self.sudo()._search_ids([["model", "=", model]], limit=1)
        return found[0] if found else None
