"""product.category: a tree of product categories, named "All / Saleable"."""

from __future__ import annotations

from typing import Any

from jsontwo.exceptions import ValidationError
from jsontwo.orm import api, fields, models


class ProductCategory(models.Model):
    """A product category, possibly under a parent; ``complete_name`` is the path."""

    _name = "product.category"
    _description = "Product Category"
    _parent_name = "parent_id"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name"

    name = fields.Char("Name", index=True, required=True)
    complete_name = fields.Char(
        "Complete Name", compute="_compute_complete_name", store=True, index=True
    )
    parent_id = fields.Many2one(
        "product.category", "Parent Category", index=True, ondelete="cascade"
    )
    parent_path = fields.Char(index=True, copy=False)
    child_id = fields.One2many("product.category", "parent_id", "Child Categories")
    product_count = fields.Integer(
        "# Products",
        compute="_compute_product_count",
        help="The number of products under this category (Does not consider the children "
        "categories)",
    )

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self) -> None:
        for category in self:
            parent = category.parent_id
            if parent:
                category.complete_name = f"{parent.complete_name} / {category.name}"
            else:
                category.complete_name = category.name

    def _compute_product_count(self) -> None:
        # Odoo counts the templates of the category and of its sub-categories
        templates = self.env["product.template"]
        for category in self:
            category.product_count = templates.search_count([["categ_id", "child_of", category.id]])

    @api.model
    def name_create(self, name: str) -> tuple[int, str | bool] | bool:
        """Create a category named ``name`` (the name, not the complete name it
        is displayed by)."""
        category = self.create({"name": name})
        return (category.id, category.display_name)

    def copy_data(self, default: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """A copy is named "<name> (copy)", as in Odoo."""
        return self._named_copies(super().copy_data(default), default)

    @api.constrains("parent_id")
    def _check_category_recursion(self) -> None:
        if self._has_cycle():
            raise ValidationError("You cannot create recursive categories.")
