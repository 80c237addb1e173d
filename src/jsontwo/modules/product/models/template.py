"""product.template: a product as sold and bought; its variants are product.product.

Each template has one variant here (Odoo's attributes, which make several, are
not shipped). The variant holds the internal reference, the barcode and the
cost; the template shows them when it has a single variant, and writing them
on the template writes them on that variant, as in Odoo.
"""

from __future__ import annotations

from typing import Any

from jsontwo.exceptions import ValidationError
from jsontwo.modules.mail import MailThread
from jsontwo.modules.product.models.naming import ProductNaming
from jsontwo.orm import api, fields, models

PRODUCT_TYPES = [("consu", "Goods"), ("service", "Service"), ("combo", "Combo")]
#: fields of both the template and its variant, kept on the variant (Odoo's
#: ``_get_related_fields_variant_template``, without properties)
VARIANT_FIELDS = ("barcode", "default_code", "standard_price", "volume", "weight")
#: the "Product Price" decimal precision: the digits prices are shown with at least
PRICE_DIGITS = 2
#: the "Stock Weight" and "Volume" decimal precisions (Odoo's defaults): weights and
#: volumes are rounded to them
WEIGHT_DIGITS = (16, 2)
VOLUME_DIGITS = (16, 2)
COST_HELP = (
    "Value of the product (automatically computed in AVCO).\n"
    "        Used to value the product when the purchase cost is not known (e.g. inventory "
    "adjustment).\n        Used to compute margins on sale orders."
)


def default_uom(model: Any) -> int | bool:
    """Units (``uom.product_uom_unit``), the default unit of products."""
    found = model.env["ir.model.data"]._xmlid_to_res_id("uom.product_uom_unit")
    return found or False


class ProductTemplate(MailThread, ProductNaming, models.Model):
    """A product; it has one variant (product.product) holding its reference and barcode."""

    _name = "product.template"
    _description = "Product"
    _order = "is_favorite desc, name"
    _rec_names_search = ("name", "default_code", "barcode")

    name = fields.Char("Name", index=True, required=True, translate=True)
    sequence = fields.Integer(
        "Sequence", default=1, help="Gives the sequence order when displaying a product list"
    )
    description = fields.Html("Description", translate=True)
    description_purchase = fields.Text("Purchase Description", translate=True)
    description_sale = fields.Text(
        "Sales Description",
        translate=True,
        help="A description of the Product that you want to communicate to your customers. "
        "This description will be copied to every Sales Order, Delivery Order and Customer "
        "Invoice/Credit Note",
    )
    type = fields.Selection(
        PRODUCT_TYPES,
        "Product Type",
        required=True,
        default="consu",
        help="Goods are tangible materials and merchandise you provide.\n"
        "A service is a non-material product you provide.",
    )
    categ_id = fields.Many2one("product.category", "Product Category", tracking=True)
    currency_id = fields.Many2one("res.currency", "Currency", compute="_compute_currency_id")
    cost_currency_id = fields.Many2one(
        "res.currency", "Cost Currency", compute="_compute_cost_currency_id"
    )
    list_price = fields.Float(
        "Sales Price",
        default=1.0,
        min_display_digits=PRICE_DIGITS,
        tracking=True,
        help="Price at which the product is sold to customers.",
    )
    standard_price = fields.Float(
        "Cost",
        compute="_compute_standard_price",
        inverse="_set_standard_price",
        search="_search_standard_price",
        min_display_digits=PRICE_DIGITS,
        groups="base.group_user",
        help=COST_HELP,
    )
    volume = fields.Float(
        "Volume",
        compute="_compute_volume",
        inverse="_set_volume",
        digits=VOLUME_DIGITS,
        store=True,
    )
    volume_uom_name = fields.Char(
        "Volume unit of measure label", compute="_compute_volume_uom_name"
    )
    weight = fields.Float(
        "Weight",
        compute="_compute_weight",
        inverse="_set_weight",
        digits=WEIGHT_DIGITS,
        store=True,
    )
    weight_uom_name = fields.Char(
        "Weight unit of measure label", compute="_compute_weight_uom_name"
    )
    sale_ok = fields.Boolean("Sales", default=True)
    purchase_ok = fields.Boolean("Purchase", default=True)
    uom_id = fields.Many2one(
        "uom.uom",
        "Unit",
        default=default_uom,
        required=True,
        tracking=True,
        help="Default unit of measure used for all stock operations.",
    )
    uom_ids = fields.Many2many(
        "uom.uom",
        "product_template_uom_uom_rel",
        "product_template_id",
        "uom_uom_id",
        "Packagings",
        help="Additional packagings for this product which can be used for sales",
    )
    uom_name = fields.Char("Unit Name", related="uom_id.name")
    company_id = fields.Many2one("res.company", "Company", index=True)
    active = fields.Boolean(
        "Active",
        default=True,
        help="If unchecked, it will allow you to hide the product without removing it.",
    )
    color = fields.Integer("Color Index")
    is_product_variant = fields.Boolean(
        "Is a product variant", compute="_compute_is_product_variant"
    )
    product_variant_ids = fields.One2many(
        "product.product", "product_tmpl_id", "Products", required=True
    )
    product_variant_id = fields.Many2one(
        "product.product", "Product", compute="_compute_product_variant_id"
    )
    product_variant_count = fields.Integer(
        "# Product Variants", compute="_compute_product_variant_count"
    )
    barcode = fields.Char(
        "Barcode", compute="_compute_barcode", inverse="_set_barcode", search="_search_barcode"
    )
    default_code = fields.Char(
        "Internal Reference",
        compute="_compute_default_code",
        inverse="_set_default_code",
        store=True,
    )
    is_favorite = fields.Boolean("Favorite")

    # --- create / write ----------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Any:
        """Create templates, each with its variant (unless a variant is being made,
        which makes its template: context ``create_product_product`` false); the
        reference, barcode and cost given go to that variant."""
        items = [vals_list] if isinstance(vals_list, dict) else vals_list
        if not isinstance(items, list) or not all(isinstance(v, dict) for v in items):
            return super().create(vals_list)  # the ORM words the error
        own = [{k: v for k, v in vals.items() if k not in VARIANT_FIELDS} for vals in items]
        for vals in items:
            # checked as the ORM would have: unknown fields, fields of other groups
            self._check_write_names({k: vals[k] for k in VARIANT_FIELDS if k in vals}, True)
        for vals in own:
            categ = vals.get("categ_id")
            if isinstance(categ, int) and not isinstance(categ, bool) and categ > 0:
                # Odoo reads the category for the product's values: a missing one
                # is a MissingError (404), before anything is stored
                self.env["product.category"].browse([categ])._ensure_exist()
        templates = super().create(own)
        variant_vals = [
            {k: vals[k] for k in VARIANT_FIELDS if vals.get(k) not in (None, False)}
            for vals in items
        ]
        # a variant being made (context ``create_product_product`` false) makes its
        # template through _inherits, and carries its own reference and barcode
        if self.env.context.get("create_product_product", True):
            templates._create_variant_ids(variant_vals)
        return templates

    def _create_variant_ids(self, variant_vals: list[dict[str, Any]] | None = None) -> None:
        """Give each of these templates its variant, with ``variant_vals`` (one dict
        per template) for its reference, barcode and cost; a template whose only
        variant is archived gets it back instead."""
        if not self._ids:
            return
        variants = self.env["product.product"].sudo().with_context(active_test=False)
        existing: dict[int, list[int]] = {}
        for row in variants.search_read(
            [["product_tmpl_id", "in", list(self._ids)]], ["product_tmpl_id", "active"], load=""
        ):
            existing.setdefault(row["product_tmpl_id"], []).append(row["id"])
        to_create = []
        archived: list[int] = []
        extra = variant_vals or [{} for _ in self._ids]
        actives = self._cached_values(self._fields["active"], self._ids)
        for rid, vals in zip(self._ids, extra, strict=True):
            if rid in existing:
                archived.extend(existing[rid])
                continue
            to_create.append({**vals, "product_tmpl_id": rid, "active": bool(actives.get(rid))})
        if to_create:
            variants.with_context(create_product_product=False).create(to_create)
        if archived:
            variants.browse(archived).filtered(lambda v: not v.active).write({"active": True})

    def write(self, vals: dict[str, Any]) -> bool:
        """Write templates; archiving one archives its variants, restoring one whose
        variants are all archived restores them."""
        result = super().write(vals)
        if "active" in vals:
            if vals["active"]:
                empty = self.browse(
                    [t.id for t in self.with_context(active_test=True) if not t.product_variant_ids]
                )
                empty._create_variant_ids()
            else:
                variants = self.env["product.product"].with_context(active_test=False)
                variants.search([["product_tmpl_id", "in", list(self._ids)]]).write(
                    {"active": False}
                )
        return result

    def copy_data(self, default: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """A copy is named "<name> (copy)", as in Odoo."""
        return self._named_copies(super().copy_data(default), default)

    @api.constrains("company_id")
    def _check_barcode_uniqueness(self) -> None:
        """A template moved to another company: its variants' barcodes must be
        unique there too."""
        variants = self.env["product.product"].with_context(active_test=False)
        found = variants.sudo().search([["product_tmpl_id", "in", list(self._ids)]])
        variants.browse(found.ids)._check_barcode_uniqueness()

    @api.constrains("type")
    def _check_combo_ids_not_empty(self) -> None:
        """A combo product needs combo choices; product.combo is not shipped here,
        so no product can be a combo (Odoo's check, with no choices to give)."""
        if any(template.type == "combo" for template in self):
            raise ValidationError("A combo product must contain at least 1 combo choice.")

    # --- values shared with the variant -------------------------------------------
    def _single_variants(self) -> dict[int, int | None]:
        """Per template, the id of its variant when it has exactly one (active ones
        first, else archived ones), or None."""
        variants = self.env["product.product"].sudo().with_context(active_test=False)
        rows = variants.search_read(
            [["product_tmpl_id", "in", list(self._ids)]], ["product_tmpl_id", "active"], load=""
        )
        by_template: dict[int, list[tuple[int, bool]]] = {}
        for row in rows:
            by_template.setdefault(row["product_tmpl_id"], []).append((row["id"], row["active"]))
        single: dict[int, int | None] = {}
        for rid in self._ids:
            found = by_template.get(rid, [])
            active = [vid for vid, is_active in found if is_active]
            pool = active or [vid for vid, _is_active in found]
            single[rid] = pool[0] if len(pool) == 1 else None
        return single

    def _compute_from_variant(self, fname: str) -> None:
        """Set ``fname`` of these templates from their single variant (one query for
        all of them), false for a template with several variants or none."""
        single = self._single_variants()
        ids = [vid for vid in single.values() if vid]
        variants = self.env["product.product"].sudo().browse(ids)
        values = variants._cached_values(variants._fields[fname], ids) if ids else {}
        for template in self:
            vid = single.get(template.id)
            setattr(template, fname, values.get(vid) if vid else False)

    def _set_on_variant(self, fname: str) -> None:
        single = self._single_variants()
        variants = self.env["product.product"]
        for template in self:
            vid = single.get(template.id)
            if vid is not None:
                variants.browse(vid).write({fname: template[fname]})

    @api.depends("product_variant_ids.default_code")
    def _compute_default_code(self) -> None:
        self._compute_from_variant("default_code")

    def _set_default_code(self) -> None:
        self._set_on_variant("default_code")

    @api.depends("product_variant_ids.barcode")
    def _compute_barcode(self) -> None:
        self._compute_from_variant("barcode")

    def _set_barcode(self) -> None:
        self._set_on_variant("barcode")

    def _search_barcode(self, operator: str, value: Any) -> list[Any]:
        variants = self.env["product.product"].with_context(active_test=False)
        return [["id", "in", variants._template_ids([["barcode", operator, value]])]]

    @api.depends("product_variant_ids.standard_price")
    def _compute_standard_price(self) -> None:
        self._compute_from_variant("standard_price")

    def _set_standard_price(self) -> None:
        self._set_on_variant("standard_price")

    @api.depends("product_variant_ids.volume")
    def _compute_volume(self) -> None:
        self._compute_from_variant("volume")

    def _set_volume(self) -> None:
        self._set_on_variant("volume")

    @api.depends("product_variant_ids.weight")
    def _compute_weight(self) -> None:
        self._compute_from_variant("weight")

    def _set_weight(self) -> None:
        self._set_on_variant("weight")

    def _compute_weight_uom_name(self) -> None:
        name = self._weight_uom_name()
        for template in self:
            template.weight_uom_name = name

    def _compute_volume_uom_name(self) -> None:
        name = self._volume_uom_name()
        for template in self:
            template.volume_uom_name = name

    @api.model
    def _weight_uom_name(self) -> str:
        """The unit weights are in: kilograms, or pounds when the parameter
        ``product.weight_in_lbs`` is "1" (as in Odoo)."""
        params = self.env["ir.config_parameter"].sudo()
        in_lbs = params.get_param("product.weight_in_lbs") == "1"
        return self._uom_name("uom.product_uom_lb" if in_lbs else "uom.product_uom_kgm", "kg")

    @api.model
    def _volume_uom_name(self) -> str:
        """The unit volumes are in: cubic metres, or cubic feet when the parameter
        ``product.volume_in_cubic_feet`` is "1" (as in Odoo)."""
        params = self.env["ir.config_parameter"].sudo()
        in_feet = params.get_param("product.volume_in_cubic_feet") == "1"
        xmlid = "uom.product_uom_cubic_foot" if in_feet else "uom.product_uom_cubic_meter"
        return self._uom_name(xmlid, "m³")

    @api.model
    def _uom_name(self, xmlid: str, fallback: str) -> str:
        found = self.env["ir.model.data"]._xmlid_to_res_id(xmlid)
        if not found:
            return fallback
        return str(self.env["uom.uom"].sudo().browse(found).name or fallback)

    def _search_standard_price(self, operator: str, value: Any) -> list[Any]:
        return [["product_variant_ids.standard_price", operator, value]]

    # --- other computed fields ---------------------------------------------------
    def _compute_is_product_variant(self) -> None:
        for template in self:
            template.is_product_variant = False

    @api.depends("product_variant_ids")
    def _compute_product_variant_id(self) -> None:
        for template in self:
            ids = template.product_variant_ids.ids
            template.product_variant_id = ids[0] if ids else False

    @api.depends("product_variant_ids")
    def _compute_product_variant_count(self) -> None:
        for template in self:
            template.product_variant_count = len(template.product_variant_ids)

    @api.depends("company_id")
    def _compute_currency_id(self) -> None:
        main = self.env["ir.model.data"]._xmlid_to_res_id("base.main_company")
        companies = self.env["res.company"].sudo()
        fallback = companies.browse(main).currency_id.id if main else False
        for template in self:
            company = companies.browse(template.company_id.id) if template.company_id else None
            template.currency_id = (company.currency_id.id if company else False) or fallback

    @api.depends("company_id")
    def _compute_cost_currency_id(self) -> None:
        companies = self.env["res.company"].sudo()
        current = self.env.company.sudo()
        fallback = current.currency_id.id if current else False
        for template in self:
            company = companies.browse(template.company_id.id) if template.company_id else None
            template.cost_currency_id = (company.currency_id.id if company else False) or fallback
