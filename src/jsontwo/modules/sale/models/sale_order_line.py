"""sale.order.line: the lines of a sales order, as Odoo 19's sale module has them.

A line with a product takes, unless they are given, its description (the
product's display name and sales description), unit, unit price (the product's
sales price) and taxes (the product's, of the order's company) from the
product, when it is created and when its product changes. Its amounts are
stored and computed by the taxes (``account.tax.compute_all``), rounded per
line to the order's currency. Sections and notes (``display_type``) have no
product, quantity or price. A line's product and taxes belong to its order's
company (Odoo's company check), and a line moves to another order only for a
caller who may change that order.
"""

from __future__ import annotations

from typing import Any, TypeGuard

from jsontwo.exceptions import UserError
from jsontwo.modules.sale.models.sale_order import (
    SALE_ORDER_STATE,
    check_unlink_access,
    round_amount,
)
from jsontwo.orm import api, fields, models

DISPLAY_TYPES = [
    ("line_section", "Section"),
    ("line_subsection", "Subsection"),
    ("line_note", "Note"),
]
#: the fields a locked order's lines keep (Odoo's ``_get_protected_fields``)
PROTECTED_FIELDS = (
    "product_id",
    "name",
    "price_unit",
    "product_uom_id",
    "product_uom_qty",
    "tax_ids",
    "discount",
)
#: the fields of a line that are its order's: line field -> order field
ORDER_FIELDS = {
    "company_id": "company_id",
    "currency_id": "currency_id",
    "order_partner_id": "partner_id",
    "salesman_id": "user_id",
    "state": "state",
}
#: the fields of a line whose records belong to its company or to none (Odoo's
#: ``check_company`` fields of sale.order.line)
COMPANY_CHECKED = ("product_id", "tax_ids")
#: fields Odoo computes when a line is created without them (so that default_get
#: does not give them): their value then
COMPUTED_ON_CREATE = {"price_unit": 0.0, "discount": 0.0, "customer_lead": 0.0}
#: how many inconsistencies Odoo's company check lists at most
COMPANY_ERRORS_SHOWN = 5


def _is_id(value: Any) -> TypeGuard[int]:
    """Whether ``value`` is a record id (a positive integer, not a boolean)."""
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


class SaleOrderLine(models.Model):
    """One line of a sales order: a product, a quantity, a price and taxes; or a
    section or a note."""

    _name = "sale.order.line"
    _description = "Sales Order Line"
    _order = "order_id, sequence, id"
    _rec_names_search = ("name", "order_id.name")
    _sql_constraints = (
        (
            "accountable_required_fields",
            "CHECK(display_type IS NOT NULL OR is_downpayment "
            "OR (product_id IS NOT NULL AND product_uom_id IS NOT NULL))",
            "Missing required fields on accountable sale order line.",
        ),
        (
            "non_accountable_null_fields",
            "CHECK(display_type IS NULL OR (product_id IS NULL AND price_unit = 0 "
            "AND product_uom_qty = 0 AND product_uom_id IS NULL AND customer_lead = 0))",
            "Forbidden values on non-accountable sale order line",
        ),
    )

    order_id = fields.Many2one(
        "sale.order",
        "Order Reference",
        required=True,
        ondelete="cascade",
        index=True,
        copy=False,
    )
    sequence = fields.Integer("Sequence", default=10)
    company_id = fields.Many2one(
        "res.company", "Company", compute="_compute_company_id", store=True, index=True
    )
    currency_id = fields.Many2one(
        "res.currency", "Currency", compute="_compute_currency_id", store=True
    )
    order_partner_id = fields.Many2one(
        "res.partner", "Customer", compute="_compute_order_partner_id", store=True, index=True
    )
    salesman_id = fields.Many2one(
        "res.users", "Salesperson", compute="_compute_salesman_id", store=True
    )
    state = fields.Selection(
        SALE_ORDER_STATE,
        "Order Status",
        compute="_compute_state",
        store=True,
    )
    display_type = fields.Selection(DISPLAY_TYPES, "Display Type", default=False)
    is_downpayment = fields.Boolean(
        "Is a down payment",
        # no default, as in Odoo: a line without a product, type or down payment
        # flag passes the CHECK constraint (NULL), and is refused on confirmation
        help="Down payments are made when creating invoices from a sales order. "
        "They are not copied when duplicating a sales order.",
    )
    product_id = fields.Many2one(
        "product.product",
        "Product",
        change_default=True,
        ondelete="restrict",
        index=True,
        domain=[["sale_ok", "=", True]],
    )
    name = fields.Text("Description", required=True)
    product_uom_qty = fields.Float("Quantity", digits=(16, 2), default=1.0, required=True)
    product_uom_id = fields.Many2one("uom.uom", "Unit", ondelete="restrict")
    tax_ids = fields.Many2many(
        "account.tax",
        "account_tax_sale_order_line_rel",
        "sale_order_line_id",
        "account_tax_id",
        "Taxes",
        context={"active_test": False},
    )
    # computed from the product in Odoo (no default): see COMPUTED_ON_CREATE
    price_unit = fields.Float("Unit Price", required=True, min_display_digits=2)
    #: the price the product last gave the line: a price that differs was set by
    #: hand, and a change of unit or quantity keeps it (Odoo's)
    technical_price_unit = fields.Float()
    discount = fields.Float("Discount (%)", digits=(16, 2))
    price_subtotal = fields.Monetary("Subtotal", compute="_compute_amount", store=True)
    price_tax = fields.Float("Total Tax", compute="_compute_amount", store=True)
    price_total = fields.Monetary("Total", compute="_compute_amount", store=True)
    price_reduce_taxexcl = fields.Monetary(
        "Price Reduce Tax excl", compute="_compute_price_reduce_taxexcl", store=True
    )
    price_reduce_taxinc = fields.Monetary(
        "Price Reduce Tax incl", compute="_compute_price_reduce_taxinc", store=True
    )
    customer_lead = fields.Float(
        "Lead Time",
        required=True,
        help="Number of days between the order confirmation and the shipping of the "
        "products to the customer",
    )
    qty_delivered = fields.Float("Delivery Quantity", digits=(16, 2), default=0.0, copy=False)
    qty_invoiced = fields.Float(
        "Invoiced Quantity", digits=(16, 2), compute="_compute_qty_invoiced", store=True
    )
    qty_to_invoice = fields.Float(
        "Quantity To Invoice", digits=(16, 2), compute="_compute_qty_to_invoice", store=True
    )

    # --- values of the order (Odoo's stored related fields) ---------------------
    def _copy_from_order(self, fname: str) -> None:
        """Set ``fname`` of these lines to their order's value (see ORDER_FIELDS)."""
        source = ORDER_FIELDS[fname]
        for line in self:
            setattr(line, fname, line.order_id[source])

    @api.depends("order_id.company_id")
    def _compute_company_id(self) -> None:
        self._copy_from_order("company_id")

    @api.depends("order_id.currency_id")
    def _compute_currency_id(self) -> None:
        self._copy_from_order("currency_id")

    @api.depends("order_id.partner_id")
    def _compute_order_partner_id(self) -> None:
        self._copy_from_order("order_partner_id")

    @api.depends("order_id.user_id")
    def _compute_salesman_id(self) -> None:
        self._copy_from_order("salesman_id")

    @api.depends("order_id.state")
    def _compute_state(self) -> None:
        self._copy_from_order("state")

    # --- amounts ---------------------------------------------------------------
    @api.depends("product_uom_qty", "discount", "price_unit", "tax_ids", "currency_id")
    def _compute_amount(self) -> None:
        """The line's totals without and with taxes, and the tax between them,
        from one computation of the taxes (``account.tax.compute_all``, which
        rounds to the line's currency: Odoo's rounding per line)."""
        # a line is computed again when its order's values reach it in the same
        # transaction (its currency, on creation): the taxes' computation, which
        # checks its records, is kept for the transaction, by its inputs
        memo = self.env.transaction.memo.setdefault("sale.order.line amounts", {})
        for line in self:
            if line.display_type:
                line.price_subtotal = line.price_total = line.price_tax = 0.0
                continue
            price = line.price_unit * (1 - (line.discount or 0.0) / 100.0)
            taxes = tuple(
                (tax.id, tax.amount, tax.amount_type, tax.price_include, tax.sequence)
                for tax in line.tax_ids
            )
            key = (price, line.product_uom_qty, taxes, line.currency_id.id)
            if key not in memo:
                computed = line.tax_ids.compute_all(
                    price,
                    currency=line.currency_id or None,
                    quantity=line.product_uom_qty,
                    product=line.product_id,
                    partner=line.order_id.partner_shipping_id,
                )
                memo[key] = (computed["total_excluded"], computed["total_included"])
            excluded, included = memo[key]
            line.price_subtotal = excluded
            line.price_total = included
            line.price_tax = included - excluded

    @api.depends("price_subtotal", "product_uom_qty")
    def _compute_price_reduce_taxexcl(self) -> None:
        for line in self:
            qty = line.product_uom_qty
            # a monetary amount is kept rounded to its currency, as in Odoo
            value = line.price_subtotal / qty if qty else 0.0
            line.price_reduce_taxexcl = round_amount(value, line.currency_id)

    @api.depends("price_total", "product_uom_qty")
    def _compute_price_reduce_taxinc(self) -> None:
        for line in self:
            qty = line.product_uom_qty
            value = line.price_total / qty if qty else 0.0
            line.price_reduce_taxinc = round_amount(value, line.currency_id)

    @api.depends("product_uom_qty")
    def _compute_qty_invoiced(self) -> None:
        # there are no invoices here: nothing is ever invoiced
        for line in self:
            line.qty_invoiced = 0.0

    @api.depends(
        "qty_invoiced", "qty_delivered", "product_uom_qty", "state", "product_id.invoice_policy"
    )
    def _compute_qty_to_invoice(self) -> None:
        """What is left to invoice of a confirmed line: of the quantity ordered, or
        delivered, as its product's invoicing policy says."""
        for line in self:
            if line.state == "sale" and not line.display_type:
                if line.product_id.invoice_policy == "delivery":
                    line.qty_to_invoice = line.qty_delivered - line.qty_invoiced
                else:
                    line.qty_to_invoice = line.product_uom_qty - line.qty_invoiced
            else:
                line.qty_to_invoice = 0.0

    # --- display name ----------------------------------------------------------
    @api.depends("order_partner_id", "order_id.name", "product_id", "name")
    def _compute_display_name(self) -> None:
        """ "<order> - <description> (<customer>)": the description is the product's
        name unless the line says otherwise on its second line; the customer is
        the commercial partner's reference, else its name (Odoo's)."""
        for line in self.sudo():
            product = line.product_id
            text = line.name or ""
            if product and product.display_name:
                parts = text.split("\n", 2)
                default = self._product_description(product)
                custom = text != default and len(parts) > 1 and parts[1]
                description = parts[1] if custom else product.display_name
            else:
                description = text.split("\n", 1)[0]
            customer = line.order_partner_id.commercial_partner_id
            suffix = f" ({customer.ref or customer.name})" if customer else ""
            self.browse(line.id).display_name = f"{line.order_id.name} - {description}{suffix}"

    # --- values from the product -----------------------------------------------
    @staticmethod
    def _product_description(product: models.BaseModel) -> str:
        """The description a product gives a line: its display name, then its
        sales description on the next line (Odoo's multiline description)."""
        text = str(product.display_name or "")
        if product.description_sale:
            text += "\n" + str(product.description_sale)
        return text

    def _products(self, product_ids: list[int]) -> dict[int, models.BaseModel]:
        """The existing products among ``product_ids``, read together."""
        products = self.env["product.product"].sudo().browse(list(dict.fromkeys(product_ids)))
        return {product.id: product for product in products.exists()}

    def _product_values(
        self,
        product_id: int,
        company_id: int | None,
        products: dict[int, models.BaseModel],
        uom_id: Any = None,
    ) -> dict[str, Any]:
        """What product ``product_id`` (one of ``products``) gives a line of
        company ``company_id`` (priced in unit ``uom_id``, else the product's)."""
        product = products.get(product_id)
        if product is None:
            return {}
        price = self._product_price(product, uom_id)
        taxes = [
            tax.id
            for tax in product.taxes_id
            if not company_id or not tax.company_id or tax.company_id.id == company_id
        ]
        return {
            "name": self._product_description(product),
            "product_uom_id": product.uom_id.id or False,
            "price_unit": price,
            "technical_price_unit": price,
            "tax_ids": [[6, 0, taxes]],
        }

    def _product_price(self, product: models.BaseModel, uom_id: Any) -> float:
        """The sales price of ``product`` per unit ``uom_id`` (its own unit when
        none is given): 6 times the price for a pack of six."""
        price = float(product.lst_price)
        own = product.uom_id
        if _is_id(uom_id) and own and uom_id != own.id:
            target = self.env["uom.uom"].sudo().browse([uom_id]).exists()
            if target:
                price = own._compute_price(price, target)
        return price

    def _order_companies(self, order_ids: list[int]) -> dict[int, int | None]:
        """``{order id: its company}`` for the existing orders among ``order_ids``."""
        orders = self.env["sale.order"].sudo().browse(list(dict.fromkeys(order_ids)))
        return {order.id: order.company_id.id or None for order in orders.exists()}

    # --- CRUD ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> SaleOrderLine:
        """Create lines: sections and notes get no quantity; a product gives what
        the caller leaves out of its description, unit, price and taxes."""
        items = [vals_list] if isinstance(vals_list, dict) else vals_list
        if not isinstance(items, list) or not all(isinstance(v, dict) for v in items):
            return super().create(vals_list)  # refused there, with the ORM's message
        products = self._products([v["product_id"] for v in items if _is_id(v.get("product_id"))])
        companies = self._order_companies(
            [v["order_id"] for v in items if _is_id(v.get("order_id"))]
        )
        prepared = []
        for vals in items:
            vals = dict(vals)
            display_type = vals.get("display_type", self.env.context.get("default_display_type"))
            if display_type:
                vals["product_uom_qty"] = 0.0
            if _is_id(vals.get("order_id")):
                # Odoo reads the order (its company, currency...) for the line's
                # values: a missing one is a MissingError (404), not the database's
                # refusal
                self.env["sale.order"].browse([vals["order_id"]])._ensure_exist()
            product = vals.get("product_id")
            if _is_id(product):
                # Odoo reads the product for the line's values: a missing one is a
                # MissingError (404), before anything is stored
                self.env["product.product"].browse([product])._ensure_exist()
                order = vals.get("order_id")
                company = companies.get(order) if _is_id(order) else None
                given_price = "price_unit" in vals
                extra = self._product_values(product, company, products, vals.get("product_uom_id"))
                for key, value in extra.items():
                    vals.setdefault(key, value)
                if given_price:
                    vals.pop("technical_price_unit", None)  # a price set by hand
            for key, value in COMPUTED_ON_CREATE.items():
                vals.setdefault(key, value)
            prepared.append(vals)
        return super().create(prepared)

    def write(self, vals: dict[str, Any]) -> bool:
        """Write, with Odoo's rules on the type of a line, the product of a
        confirmed line and locked orders; a new product gives what ``vals``
        leaves out of the description, unit, price and taxes."""
        if not isinstance(vals, dict) or not self._ids:
            return super().write(vals)
        # the caller's access first: the rules below must not tell anything of
        # lines the caller may not change
        self.check_access("write")
        lines = self.sudo().exists()
        lines._check_writable(vals)
        if _is_id(vals.get("order_id")):
            # a line moving to an order changes that order (its lines, its amounts)
            self.env["sale.order"].browse([vals["order_id"]]).check_access("write")
        product = vals.get("product_id")
        if _is_id(product):
            changed = lines.filtered(lambda line: line.product_id.id != product)
            if changed:
                self._ensure_exist()  # as the ORM's write would: no id silently left out
                return self._write_new_product(vals, lines, changed)
        result = super().write(vals)
        if "product_uom_id" in vals and "price_unit" not in vals:
            lines._reprice()
        return result

    def _reprice(self) -> None:
        """Price again in their (new) unit the lines whose price came from their
        product, as Odoo recomputes it: a price set by hand, a line invoiced or a
        down payment keeps its price."""
        for line in self.sudo().exists():
            currency = line.currency_id
            rounding = (currency.rounding if currency else 0.0) or 0.01
            manual = abs(line.technical_price_unit - line.price_unit) >= rounding / 2
            if manual or line.qty_invoiced > 0 or line.is_downpayment or line.display_type:
                continue
            if not line.product_id or not line.product_uom_id:
                price = 0.0
            else:
                price = line._product_price(line.product_id, line.product_uom_id.id)
            super(SaleOrderLine, line).write({"price_unit": price, "technical_price_unit": price})

    def _check_writable(self, vals: dict[str, Any]) -> None:
        """Refuse (UserError) ``vals`` on these lines by Odoo's rules: a line keeps
        its type, a confirmed line its product, a locked order its lines."""
        if "display_type" in vals:
            new_type = vals["display_type"]
            if any(
                line.display_type != new_type
                and not (line.display_type == "line_subsection" and new_type == "line_section")
                for line in self
            ):
                raise UserError(
                    "You cannot change the type of a sale order line. Instead you should "
                    "delete the current line and create a new line of the proper type."
                )
        product = vals.get("product_id")
        if "product_id" in vals and any(
            line.product_id.id != product and not line._product_updatable() for line in self
        ):
            raise UserError("You cannot modify the product of this order line.")
        protected = [name for name in PROTECTED_FIELDS if name in vals]
        if protected and any(line.order_id.locked for line in self):
            labels = "\n".join(str(self._fields[name].string) for name in protected)
            raise UserError(
                f"It is forbidden to modify the following fields in a locked order:\n{labels}"
            )

    def _write_new_product(
        self, vals: dict[str, Any], lines: SaleOrderLine, changed: SaleOrderLine
    ) -> bool:
        """Write ``vals``, which give ``changed`` (among ``lines``) a new product:
        each changed line also takes what the product gives a line of its
        company, unless ``vals`` gives it."""
        product = vals["product_id"]
        unchanged = [line.id for line in lines if line.id not in changed.ids]
        if unchanged:
            super(SaleOrderLine, self.browse(unchanged)).write(vals)
        by_company: dict[int | None, list[int]] = {}
        for line in changed:
            by_company.setdefault(line.company_id.id or None, []).append(line.id)
        products = self._products([product])
        for company, ids in by_company.items():
            extra = self._product_values(product, company, products, vals.get("product_uom_id"))
            if "price_unit" in vals:
                extra.pop("technical_price_unit", None)
            merged = {**{k: v for k, v in extra.items() if k not in vals}, **vals}
            super(SaleOrderLine, self.browse(ids)).write(merged)
        return True

    def _product_updatable(self) -> bool:
        """Whether the product of this line may still change (Odoo's rule)."""
        return not (
            self.is_downpayment
            or self.state == "cancel"
            or (
                self.state == "sale"
                and (self.order_id.locked or self.qty_invoiced > 0 or self.qty_delivered > 0)
            )
        )

    def unlink(self) -> bool:
        """Delete lines; a confirmed order keeps its product lines (Odoo's UserError)."""
        check_unlink_access(self)
        if any(
            line.state == "sale" and not line.is_downpayment and not line.display_type
            for line in self.sudo().exists()
        ):
            raise UserError(
                "Once a sales order is confirmed, you can't remove one of its lines (we need "
                "to track if something gets invoiced or delivered).\n"
                "                Set the quantity to 0 instead."
            )
        return super().unlink()

    # --- constraints -------------------------------------------------------------
    @api.constrains("order_id", *COMPANY_CHECKED)
    def _check_company(self) -> None:
        """Odoo's company consistency of ``check_company`` fields: a line's product
        belongs to the line's company or to none, its taxes to its company
        (UserError "Incompatible companies on records", five lines at most)."""
        problems: list[str] = []
        for line in self.sudo():
            company = line.company_id
            if not company:
                continue
            for fname in COMPANY_CHECKED:
                others = line[fname].filtered(
                    lambda record, company_id=company.id: (
                        record.company_id.id not in (None, False, company_id)
                    )
                )
                if others:
                    values = ", ".join(repr(str(n)) for n in others.mapped("display_name"))
                    problems.append(
                        f"- {str(line.display_name)!r} belongs to company "
                        f"{str(company.display_name)!r} and {str(self._fields[fname].string)!r} "
                        f"({fname}: {values}) belongs to another company."
                    )
        if problems:
            shown = problems[:COMPANY_ERRORS_SHOWN]
            raise UserError("\n".join(["Incompatible companies on records:", *shown]))
