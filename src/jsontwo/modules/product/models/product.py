"""product.product: a product variant, delegating to its template (``_inherits``).

Every field of the template is a field of the variant too (read, written and
searched through ``product_tmpl_id``); the variant has its own internal
reference, barcode, cost and active flag. Creating a variant without a
template creates the template from the values given.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from jsontwo.exceptions import ValidationError
from jsontwo.modules.mail import MailThread
from jsontwo.modules.product.models.naming import ProductNaming, format_list
from jsontwo.modules.product.models.template import (
    COST_HELP,
    PRICE_DIGITS,
    VOLUME_DIGITS,
    WEIGHT_DIGITS,
)
from jsontwo.orm import api, fields, models


class ProductProduct(MailThread, ProductNaming, models.Model):
    """A product variant: what sale order lines sell."""

    _name = "product.product"
    _description = "Product Variant"
    _inherits = {"product.template": "product_tmpl_id"}
    _order = "default_code, name, id"
    _rec_names_search = ("name", "default_code", "barcode")

    product_tmpl_id = fields.Many2one(
        "product.template", "Product Template", index=True, ondelete="cascade", required=True
    )
    price_extra = fields.Float(
        "Variant Price Extra",
        min_display_digits=PRICE_DIGITS,
        compute="_compute_product_price_extra",
        help="This is the sum of the extra price of all attributes",
    )
    lst_price = fields.Float(
        "Sales\u00a0Price",  # Odoo's label (a no-break space)
        min_display_digits=PRICE_DIGITS,
        compute="_compute_product_lst_price",
        inverse="_set_product_lst_price",
        help="The sale price is managed from the product template. Click on the 'Configure "
        "Variants' button to set the extra attribute prices.",
    )
    default_code = fields.Char("Internal Reference", index=True)
    code = fields.Char("Reference", compute="_compute_product_code")
    partner_ref = fields.Char("Customer Ref", compute="_compute_partner_ref")
    active = fields.Boolean(
        "Active",
        default=True,
        help="If unchecked, it will allow you to hide the product without removing it.",
    )
    barcode = fields.Char(
        "Barcode",
        copy=False,
        index=True,
        help="International Article Number used for product identification.",
    )
    # company dependent in Odoo (a cost per company); one cost here
    standard_price = fields.Float(
        "Cost",
        groups="base.group_user",
        help=COST_HELP,
        min_display_digits=PRICE_DIGITS,
        company_dependent=True,  # as Odoo says: one cost here, for every company
    )
    volume = fields.Float("Volume", digits=VOLUME_DIGITS)
    weight = fields.Float("Weight", digits=WEIGHT_DIGITS)
    # Odoo's stored related field: a column of the variant, kept as the template's
    is_favorite = fields.Boolean(
        "Favorite",
        compute="_compute_is_favorite",
        inverse="_set_is_favorite",
        store=True,
    )
    is_product_variant = fields.Boolean("Is Product Variant", compute="_compute_is_product_variant")

    # --- create / unlink / archive -----------------------------------------------
    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Any:
        """Create variants; one without ``product_tmpl_id`` gets a template made from
        the template fields given (and no other variant)."""
        return super(ProductProduct, self.with_context(create_product_product=False)).create(
            vals_list
        )

    def copy(self, default: dict[str, Any] | None = None) -> Any:
        """Copy the variants' templates (a variant is a template's combination of
        attributes: copying one alone makes no sense) and answer their variants,
        as Odoo does."""
        templates = self.env["product.template"].browse(
            [product.product_tmpl_id.id for product in self]
        )
        copies = templates.copy(default)
        return self.browse([template.product_variant_id.id for template in copies])

    def unlink(self) -> bool:
        """Delete variants, and the templates left without a variant."""
        templates = self.env["product.template"]
        orphans: list[int] = []
        if self._ids:
            ids = list(self._ids)
            for row in self.sudo().search_read([["id", "in", ids]], ["product_tmpl_id"], load=""):
                template_id = row["product_tmpl_id"]
                if template_id in orphans:
                    continue
                others = self.sudo()._search_ids(
                    [["product_tmpl_id", "=", template_id], ["id", "not in", ids]], limit=1
                )
                if not others:
                    orphans.append(template_id)
        result = super().unlink()
        remaining = templates.browse(orphans).exists()
        if remaining:
            remaining.unlink()
        return result

    def action_archive(self) -> None:
        """Archive the variants, and the templates left without an active variant."""
        was_active = self.filtered(lambda p: p.active)
        super().action_archive()
        templates = was_active.mapped("product_tmpl_id")
        templates.filtered(lambda t: t.active and not t.product_variant_ids).action_archive()

    def action_unarchive(self) -> None:
        """Restore the variants, and their archived templates."""
        was_archived = self.filtered(lambda p: not p.active)
        super().action_unarchive()
        templates = was_archived.with_context(active_test=False).mapped("product_tmpl_id")
        templates.filtered(lambda t: not t.active and t.product_variant_ids).action_unarchive()

    def _template_ids(self, domain: list[Any]) -> list[int]:
        """The templates of the variants matching ``domain`` (archived ones included)."""
        found = self.with_context(active_test=False).search(domain)
        rows = found.sudo().read(["product_tmpl_id"], load=None)
        return sorted({row["product_tmpl_id"] for row in rows if row["product_tmpl_id"]})

    # --- computed fields -----------------------------------------------------------
    def _compute_product_price_extra(self) -> None:
        # no attributes here, hence no extra price
        for product in self:
            product.price_extra = 0.0

    @api.depends("list_price", "price_extra")
    def _compute_product_lst_price(self) -> None:
        to_uom_id = self.env.context.get("uom")
        to_uom = self.env["uom.uom"].sudo().browse(to_uom_id) if to_uom_id else None
        for product in self:
            price = product.list_price
            if to_uom:
                price = product.uom_id.sudo()._compute_price(price, to_uom)
            product.lst_price = price + product.price_extra

    def _set_product_lst_price(self) -> None:
        """Writing the variant's price writes the template's (in the context's unit)."""
        from_uom_id = self.env.context.get("uom")
        for product in self:
            value = product.lst_price
            if from_uom_id:
                from_uom = self.env["uom.uom"].sudo().browse(from_uom_id)
                value = from_uom._compute_price(value, product.uom_id.sudo())
            product.write({"list_price": value - product.price_extra})

    @api.depends("default_code")
    def _compute_product_code(self) -> None:
        for product in self:
            product.code = product.default_code or False

    @api.depends("name", "default_code")
    def _compute_partner_ref(self) -> None:
        for product in self:
            product.partner_ref = product.display_name

    @api.depends("product_tmpl_id.is_favorite")
    def _compute_is_favorite(self) -> None:
        for product in self:
            product.is_favorite = bool(product.product_tmpl_id.is_favorite)

    def _set_is_favorite(self) -> None:
        for product in self:
            product.product_tmpl_id.write({"is_favorite": product.is_favorite})

    def _compute_is_product_variant(self) -> None:
        for product in self:
            product.is_product_variant = True

    # --- constraints -------------------------------------------------------------
    @api.constrains("barcode")
    def _check_barcode_uniqueness(self) -> None:
        """A barcode names one product per company (products of no company count
        for every company); archived products are not counted, as in Odoo."""
        by_company: dict[int, list[str]] = defaultdict(list)
        everyone = self.sudo()
        for product in everyone.browse(list(self._ids)).exists():
            if product.barcode:
                by_company[product.company_id.id or 0].append(product.barcode)
        lines = []
        for company_id, barcodes in by_company.items():
            domain: list[Any] = [["barcode", "in", barcodes]]
            if company_id:
                domain.append(["company_id", "in", [False, company_id]])
            owners: dict[str, list[int]] = defaultdict(list)
            for row in everyone.search_read(domain, ["barcode"], order="id"):
                owners[row["barcode"]].append(row["id"])
            for barcode, ids in owners.items():
                if len(ids) > 1:
                    names = self._readable_names(ids)
                    lines.append(
                        f'- Barcode "{barcode}" already assigned to product(s): '
                        f"{format_list(names)}"
                    )
        if lines:
            text = "\n".join(lines)
            text += "\n\nNote: products that you don't have access to will not be shown above."
            raise ValidationError(f"Barcode(s) already assigned:\n\n{text}")

    @api.constrains("product_tmpl_id", "active")
    def _check_one_active_variant(self) -> None:
        """A template has one active variant: without attributes, a second one would
        be the same combination, which Odoo's unique index on (template,
        combination) refuses."""
        templates = {p.product_tmpl_id.id for p in self.sudo() if p.active}
        if not templates:
            return
        rows = self.sudo().search_read(
            [["product_tmpl_id", "in", sorted(templates)]], ["product_tmpl_id"], load=""
        )
        seen: set[int] = set()
        for row in rows:
            if row["product_tmpl_id"] in seen:
                raise ValidationError(
                    "This product template already has an active variant: product "
                    "attributes, which make several, are not supported."
                )
            seen.add(row["product_tmpl_id"])

    def _readable_names(self, ids: list[int]) -> list[str]:
        """The display names of the products among ``ids`` the caller may read."""
        model = self.env["product.product"].with_context(active_test=False)
        if not self.env.su:
            if not self.env["ir.model.access"].check(self._name, "read", raise_exception=False):
                return []
            ids = model._search_ids([["id", "in", ids]])
        names = model._display_names(ids)
        return [str(names[i]) for i in ids if names.get(i)]
