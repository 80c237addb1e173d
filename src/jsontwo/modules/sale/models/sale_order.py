"""sale.order: quotations and sales orders, as Odoo 19's sale module has them.

An order is a quotation (``draft``), a quotation sent (``sent``), a sales order
(``sale``) or cancelled (``cancel``). States change through the action methods
(``action_confirm``, ``action_cancel``, ``action_draft``,
``action_quotation_sent``), which apply Odoo's rules and messages. The amounts
are stored and recomputed whenever a line changes, appears or goes.

Not here: pricelists, fiscal positions, sales teams, invoicing, tracking messages, the
cancellation wizard (``action_cancel`` cancels at once).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jsontwo.exceptions import UserError
from jsontwo.modules.mail import MailThread, tracking
from jsontwo.orm import SUPERUSER_ID, api, dates, fields, models
from jsontwo.orm.numeric import float_round

SALE_ORDER_STATE = [
    ("draft", "Quotation"),
    ("sent", "Quotation Sent"),
    ("sale", "Sales Order"),
    ("cancel", "Cancelled"),
]
#: the name of an order before its sequence gives it one (Odoo's default)
NEW_NAME = "New"
#: days a quotation stays valid (Odoo's default for a company's quotation validity)
QUOTATION_VALIDITY_DAYS = 30


def _default_validity_date(model: models.BaseModel) -> str:
    """Today, in the user's timezone, plus the quotation validity."""
    today = dates.local_today(model.env)
    return (today + dt.timedelta(days=QUOTATION_VALIDITY_DAYS)).isoformat()


def round_amount(amount: float, currency: models.BaseModel) -> float:
    """``amount`` rounded to ``currency`` (0.01 without one), half away from zero."""
    rounding = (currency.rounding if currency else 0.0) or 0.01
    return float_round(amount, rounding=rounding)


def check_unlink_access(records: models.BaseModel) -> None:
    """Refuse deleting ``records`` to a caller without the right (AccessError), or
    when some do not exist (MissingError), before the sale rules on deletion
    speak: their messages must not tell anything of records the caller may
    not delete."""
    if records._ids and not records.env.su:
        records._check_model_access("unlink")
        records._ensure_exist()
        records.check_access("unlink")


class SaleOrder(MailThread, models.Model):
    """A quotation or sales order: a customer, lines, amounts and a state, with a
    chatter (messages, followers)."""

    _name = "sale.order"
    _description = "Sales Order"
    _order = "date_order desc, id desc"
    _indexes = (("date_order", "id"),)

    name = fields.Char("Order Reference", required=True, copy=False, index=True, default=NEW_NAME)
    company_id = fields.Many2one(
        "res.company",
        "Company",
        required=True,
        index=True,
        default=lambda self: self.env.company.id or None,
    )
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, change_default=True, index=True, tracking=1
    )
    state = fields.Selection(
        SALE_ORDER_STATE,
        "Status",
        readonly=True,
        copy=False,
        index=True,
        default="draft",
        tracking=3,
    )
    locked = fields.Boolean(
        help="Locked orders cannot be modified.", default=False, copy=False, tracking=True
    )
    client_order_ref = fields.Char("Customer Reference", copy=False)
    origin = fields.Char(
        "Source Document",
        help="Reference of the document that generated this sales order request",
    )
    date_order = fields.Datetime(
        "Order Date",
        required=True,
        copy=False,
        default=lambda self: self.env.now,
        help="Creation date of draft/sent orders,\nConfirmation date of confirmed orders.",
    )
    validity_date = fields.Date(
        "Expiration",
        copy=False,
        default=_default_validity_date,
        help="Validity of the order, after that you will not able to sign & pay the quotation.",
    )
    commitment_date = fields.Datetime(
        "Delivery Date",
        copy=False,
        help="This is the delivery date promised to the customer. If set, the delivery "
        "order will be scheduled based on this date rather than product lead times.",
    )
    note = fields.Html("Terms and conditions")
    partner_invoice_id = fields.Many2one(
        "res.partner", "Invoice Address", required=True, index=True
    )
    partner_shipping_id = fields.Many2one(
        "res.partner", "Delivery Address", required=True, index=True
    )
    currency_id = fields.Many2one(
        "res.currency",
        "Currency",
        compute="_compute_currency_id",
        store=True,
        ondelete="restrict",
    )
    user_id = fields.Many2one("res.users", "Salesperson", index=True, tracking=2)
    order_line = fields.One2many("sale.order.line", "order_id", "Order Lines", copy=True)
    amount_untaxed = fields.Monetary(
        "Untaxed Amount", store=True, compute="_compute_amounts", tracking=5
    )
    amount_tax = fields.Monetary("Taxes", store=True, compute="_compute_amounts")
    amount_total = fields.Monetary("Total", store=True, compute="_compute_amounts", tracking=4)
    type_name = fields.Char("Type Name", compute="_compute_type_name")
    is_expired = fields.Boolean("Is Expired", compute="_compute_is_expired")

    # --- computed fields ---------------------------------------------------------
    @api.depends("company_id")
    def _compute_currency_id(self) -> None:
        for order in self:
            order.currency_id = order.company_id.currency_id

    def _raw_amounts(self) -> tuple[float, dict[int, float], bool]:
        """The order's untaxed amount and each tax's amount (by tax id), summed over
        its lines before any rounding, and whether every tax of its lines is
        included in the prices."""
        raw_untaxed = 0.0
        raw_taxes: dict[int, float] = {}
        included_only = True
        for line in self.order_line:
            if line.display_type:
                continue
            price = line.price_unit * (1 - (line.discount or 0.0) / 100.0)
            base, amounts = line.tax_ids._raw_amounts(price, line.product_uom_qty)
            raw_untaxed += base
            for tax_id, amount in amounts.items():
                raw_taxes[tax_id] = raw_taxes.get(tax_id, 0.0) + amount
            if any(not tax.price_include for tax in line.tax_ids):
                included_only = False
        return raw_untaxed, raw_taxes, included_only

    def _tax_breakdown(self) -> list[tuple[str, float]]:
        """Each tax of the order (one order) and its amount, rounded as
        :meth:`_compute_amounts` rounds them (what a printed order lists
        between its untaxed amount and its total)."""
        self.ensure_one()
        _untaxed, raw_taxes, _included = self._raw_amounts()
        taxes = self.env["account.tax"].sudo().browse(sorted(raw_taxes))
        return [
            (tax.name or "", round_amount(raw_taxes[tax.id], self.currency_id))
            for tax in sorted(taxes, key=lambda tax: (tax.sequence, tax.id))
        ]

    @api.depends("order_line.price_subtotal", "order_line.price_tax", "currency_id")
    def _compute_amounts(self) -> None:
        """The order's totals, rounded globally as Odoo's generic chart of
        accounts says (``round_globally``): each tax's amount is the sum of the
        lines' raw amounts, rounded once; the untaxed amount too, or, when every
        tax is included in the prices, what the rounded total leaves once the
        taxes are taken off. The three totals are computed together."""
        for order in self:
            raw_untaxed, raw_taxes, included_only = order._raw_amounts()
            currency = order.currency_id
            tax = round_amount(
                sum(round_amount(amount, currency) for amount in raw_taxes.values()), currency
            )
            if included_only:
                total = round_amount(raw_untaxed + sum(raw_taxes.values()), currency)
                untaxed = round_amount(total - tax, currency)
            else:
                untaxed = round_amount(raw_untaxed, currency)
            order.amount_untaxed = untaxed
            order.amount_tax = tax
            order.amount_total = round_amount(untaxed + tax, currency)

    @api.depends("state")
    def _compute_type_name(self) -> None:
        for order in self:
            order.type_name = "Sales Order" if order.state == "sale" else "Quotation"

    @api.depends("state", "validity_date")
    def _compute_is_expired(self) -> None:
        today = dates.local_today(self.env).isoformat()
        for order in self:
            order.is_expired = bool(
                order.state in ("draft", "sent")
                and order.validity_date
                and order.validity_date < today
            )

    # --- defaults from the customer --------------------------------------------------
    def _partner_addresses(self, partner_id: int) -> dict[str, int]:
        """The invoice and delivery addresses of a customer, as Odoo's
        ``address_get``: the first contact of each type among the customer and
        its contacts (breadth first, companies excluded), else the customer's
        first plain contact, else the customer."""
        partners = self.env["res.partner"].sudo()
        found: dict[str, int] = {}
        wanted = ("invoice", "delivery", "contact")
        to_scan = [partners.browse([partner_id])]
        visited: set[int] = set()
        while to_scan and len(found) < len(wanted):
            record = to_scan.pop(0)
            if record.id in visited or not record.exists():
                continue
            visited.add(record.id)
            if record.type in wanted and record.type not in found:
                found[record.type] = record.id
            children = [c for c in record.child_ids if not c.is_company and c.id not in visited]
            to_scan = children + to_scan
        fallback = found.get("contact", partner_id)
        return {kind: found.get(kind, fallback) for kind in ("invoice", "delivery")}

    def _default_salesperson(self, partner_id: int) -> int | bool:
        """The customer's salesperson (or its company's), else the caller."""
        partner = self.env["res.partner"].sudo().browse([partner_id]).exists()
        if partner:
            user = partner.user_id or partner.commercial_partner_id.user_id
            if user:
                return int(user.id)
        return self.env.uid if self.env.uid != SUPERUSER_ID else False

    def _next_name(self, company_id: Any) -> str:
        """The next reference of the ``sale.order`` sequence, preferring the order's
        company's own sequence ("New" when there is no sequence)."""
        sequences = self.env["ir.sequence"]
        if isinstance(company_id, int) and not isinstance(company_id, bool):
            others = [c for c in self.env.companies.ids if c != company_id]
            sequences = sequences.with_context(allowed_company_ids=[company_id, *others])
        return sequences.next_by_code("sale.order") or NEW_NAME

    # --- CRUD ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> SaleOrder:
        """Create orders: the customer's addresses and salesperson unless given, and
        a reference from the ``sale.order`` sequence unless one is given."""
        items = [vals_list] if isinstance(vals_list, dict) else vals_list
        if not isinstance(items, list) or not all(isinstance(v, dict) for v in items):
            return super().create(vals_list)  # refused there, with the ORM's message
        prepared = []
        for vals in items:
            vals = dict(vals)
            partner = vals.get("partner_id")
            if isinstance(partner, int) and not isinstance(partner, bool) and partner:
                # Odoo reads the customer for its addresses: a missing one is a
                # MissingError (404), before anything is stored
                self.env["res.partner"].browse([partner])._ensure_exist()
                addresses = self._partner_addresses(partner)
                vals.setdefault("partner_invoice_id", addresses["invoice"])
                vals.setdefault("partner_shipping_id", addresses["delivery"])
                if "user_id" not in vals:
                    vals["user_id"] = self._default_salesperson(partner)
            if vals.get("name", NEW_NAME) == NEW_NAME:
                vals["name"] = self._next_name(vals.get("company_id"))
            prepared.append(vals)
        return super().create(prepared)

    def write(self, vals: dict[str, Any]) -> bool:
        """Write; a new customer brings its addresses unless they are given, and
        its salesperson to the orders without one (Odoo's computed ``user_id``),
        logged with the write's other tracked changes."""
        partner = vals.get("partner_id") if isinstance(vals, dict) else None
        if not (isinstance(partner, int) and not isinstance(partner, bool) and partner):
            return super().write(vals)
        # Odoo reads the new customer for its addresses: a missing one is a
        # MissingError (404), before anything is stored
        self.env["res.partner"].browse([partner])._ensure_exist()
        addresses = self._partner_addresses(partner)
        vals = {
            "partner_invoice_id": addresses["invoice"],
            "partner_shipping_id": addresses["delivery"],
            **vals,
        }
        lacking = [] if "user_id" in vals else self.sudo().filtered(lambda o: not o.user_id).ids
        if not lacking:
            return super().write(vals)
        with tracking.scope(self.env):
            super().write(vals)
            self.browse(lacking).write({"user_id": self._default_salesperson(partner)})
        return True

    def unlink(self) -> bool:
        """Delete quotations and cancelled orders; sent quotations and sales orders
        must be cancelled first (Odoo's UserError)."""
        check_unlink_access(self)
        for order in self.sudo().exists():
            if order.state not in ("draft", "cancel"):
                raise UserError(
                    "You can not delete a sent quotation or a confirmed sales order. "
                    "You must first cancel it."
                )
        return super().unlink()

    def _track_subtype(self, initial_values: dict[str, Any]) -> Any:
        """A change of state to sent or confirmed is posted as that subtype, as in Odoo."""
        self.ensure_one()
        if "state" in initial_values and self.state in ("sale", "sent"):
            xmlid = "sale.mt_order_confirmed" if self.state == "sale" else "sale.mt_order_sent"
            return self.env["ir.model.data"]._xmlid_to_res_id(xmlid) or False
        return super()._track_subtype(initial_values)

    # --- actions ---------------------------------------------------------------
    def _check_action(self) -> None:
        """The records exist and the caller may read them (before any rule applies)."""
        self._ensure_exist()
        self.check_access("read")

    def _confirmation_error_message(self) -> str | bool:
        """Why this order cannot be confirmed (Odoo's message), or false."""
        self.ensure_one()
        if self.state not in ("draft", "sent"):
            return "Some orders are not in a state requiring confirmation."
        if any(
            not line.display_type and not line.is_downpayment and not line.product_id
            for line in self.order_line
        ):
            return (
                "Some order lines are missing a product, you need to correct them before "
                "going further."
            )
        return False

    def action_confirm(self) -> bool:
        """Confirm quotations into sales orders, dated now; true."""
        self._check_action()
        for order in self:
            message = order._confirmation_error_message()
            if message:
                raise UserError(message)
        self.write({"state": "sale", "date_order": self.env.now})
        return True

    def action_cancel(self) -> bool:
        """Cancel the orders (at once: Odoo's confirmation wizard is not here); true."""
        self._check_action()
        if any(order.locked for order in self):
            raise UserError("You cannot cancel a locked order. Please unlock it first.")
        return self.write({"state": "cancel"})

    def action_draft(self) -> bool:
        """Set cancelled orders and sent quotations back to quotations; true."""
        self._check_action()
        orders = self.filtered(lambda order: order.state in ("cancel", "sent"))
        return orders.write({"state": "draft"})

    def action_quotation_sent(self) -> None:
        """Mark quotations as sent (Odoo answers nothing: null)."""
        self._check_action()
        if any(order.state != "draft" for order in self):
            raise UserError("Only draft orders can be marked as sent directly.")
        self.write({"state": "sent"})

    def action_lock(self) -> None:
        """Lock the orders (Odoo answers nothing: null)."""
        self._check_action()
        self.write({"locked": True})

    def action_unlock(self) -> None:
        """Unlock the orders (Odoo answers nothing: null)."""
        self._check_action()
        self.write({"locked": False})
