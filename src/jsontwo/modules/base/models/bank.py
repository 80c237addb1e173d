"""res.bank and res.partner.bank: banks and the bank accounts of partners."""

from __future__ import annotations

import re
from typing import Any

from jsontwo.orm import api, fields, models


def sanitize_account_number(number: Any) -> str | bool:
    """An account number without spaces or punctuation, upper case (how Odoo compares
    them); a number that is not text is a TypeError, as in Odoo."""
    return re.sub(r"\W+", "", number).upper() if number else False


class Bank(models.Model):
    """A bank, identified by its BIC."""

    _name = "res.bank"
    _missing_ignored = frozenset({"write", "unlink"})  # as Odoo: missing ids are passed over
    _description = "Bank"
    _order = "name, id"
    _rec_names_search = ("name", "bic")

    name = fields.Char(required=True)
    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char()
    city = fields.Char()
    state = fields.Many2one(
        "res.country.state", "Fed. State", domain="[('country_id', '=?', country)]"
    )
    country = fields.Many2one("res.country")
    country_code = fields.Char(related="country.code", string="Country Code")
    email = fields.Char()
    phone = fields.Char()
    active = fields.Boolean(default=True)
    bic = fields.Char("Bank Identifier Code", index=True, help="Sometimes called BIC or Swift.")

    @api.depends("bic")
    def _compute_display_name(self) -> None:
        for bank in self:
            bank.display_name = f"{bank.name} - {bank.bic}" if bank.bic else bank.name

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Any:
        """Create banks, their BIC in upper case (as Odoo stores it)."""
        for vals in [vals_list] if isinstance(vals_list, dict) else vals_list:
            _upper_bic(vals)
        return super().create(vals_list)

    def write(self, vals: dict[str, Any]) -> bool:
        """Write banks, a BIC in upper case."""
        _upper_bic(vals)
        return bool(super().write(vals))


def _upper_bic(vals: Any) -> None:
    """Upper-case the BIC of ``vals`` in place when it is text (a value of
    another type goes on to the field's own conversion: Odoo fails on it with a
    500, jsontwo stores its text)."""
    if isinstance(vals, dict) and isinstance(vals.get("bic"), str):
        vals["bic"] = vals["bic"].upper()


class PartnerBank(models.Model):
    """A bank account of a partner."""

    _name = "res.partner.bank"
    _description = "Bank Accounts"
    _rec_name = "acc_number"
    _order = "sequence, id"
    _sql_constraints = (
        (
            "unique_number",
            "unique(sanitized_acc_number, partner_id)",
            "The combination Account Number/Partner must be unique.",
        ),
    )

    active = fields.Boolean(default=True)
    acc_number = fields.Char("Account Number", required=True, search="_search_acc_number")
    sanitized_acc_number = fields.Char(
        "Sanitized Account Number", compute="_compute_sanitized_acc_number", store=True
    )
    acc_holder_name = fields.Char(
        "Account Holder Name",
        help="Account holder name, in case it is different than the name of the Account Holder",
        compute="_compute_account_holder_name",
        store=True,
        readonly=False,
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Account Holder",
        required=True,
        index=True,
        ondelete="cascade",
        # what the web client offers (the ORM applies no domain to a many2one)
        domain=["|", ("is_company", "=", True), ("parent_id", "=", False)],
    )
    allow_out_payment = fields.Boolean(
        "Send Money", help="This account can be used for outgoing payments", default=False
    )
    bank_id = fields.Many2one("res.bank", "Bank")
    bank_name = fields.Char(related="bank_id.name", string="Name", readonly=False)
    bank_bic = fields.Char(related="bank_id.bic", string="Bank Identifier Code", readonly=False)
    sequence = fields.Integer(default=10)
    currency_id = fields.Many2one("res.currency", "Currency")
    clearing_number = fields.Char("Clearing Number")
    note = fields.Text("Notes")
    acc_type = fields.Selection(
        "get_supported_account_types",
        "Type",
        compute="_compute_acc_type",
        help="Bank account type: Normal or IBAN. Inferred from the bank account number.",
    )
    country_code = fields.Char(related="partner_id.country_code", string="Country Code")
    color = fields.Integer(compute="_compute_color")
    company_id = fields.Many2one(
        "res.company", "Company", related="partner_id.company_id", store=True, index=True
    )

    def _search_acc_number(self, operator: str, value: Any) -> list[Any]:
        """An account number is searched sanitized (as Odoo does): "BE71 0961" and
        "be71-0961" find the same account; a pattern of spaces alone is empty."""
        if isinstance(value, list | tuple):
            value = [sanitize_account_number(item) for item in value]
        else:
            value = sanitize_account_number(value)
        return [["sanitized_acc_number", operator, value]]

    @api.depends("acc_number", "bank_id")
    def _compute_display_name(self) -> None:
        """The account number, then the bank's name when there is a bank."""
        for account in self:
            bank = account.bank_id
            account.display_name = (
                f"{account.acc_number} - {bank.name}" if bank else account.acc_number
            )

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Any:
        """Create accounts; a holder name given wins over the holder's (as for any
        writable computed field in Odoo)."""
        items = [vals_list] if isinstance(vals_list, dict) else vals_list
        if isinstance(items, list):
            for vals in items:
                self._check_new_values(vals)
        records = super().create(vals_list)
        for account, vals in zip(records, items, strict=True):
            if isinstance(vals, dict) and "acc_holder_name" in vals:
                account.write({"acc_holder_name": vals["acc_holder_name"]})
        return records

    def write(self, vals: dict[str, Any]) -> bool:
        """Write accounts (values checked as :meth:`_check_new_values` says)."""
        self._check_new_values(vals)
        return bool(super().write(vals))

    def _check_new_values(self, vals: Any) -> None:
        """Refuse, before the database sees them, values Odoo refuses while working
        out an account's computed fields: a number that is not text (TypeError) and
        a holder that does not exist (MissingError: its name, the holder name, cannot be
        read; unless a holder name is given)."""
        if not isinstance(vals, dict):
            return
        if "acc_number" in vals:
            sanitize_account_number(vals["acc_number"])
        holder = vals.get("partner_id")
        if type(holder) is int and holder and "acc_holder_name" not in vals:
            self.env["res.partner"].browse(holder)._ensure_exist()

    @api.readonly
    def get_supported_account_types(self) -> list[tuple[str, str]]:
        """The kinds of account numbers known: plain ones only (Odoo's base)."""
        return [("bank", "Normal")]

    @api.readonly
    def retrieve_acc_type(self, acc_number: str) -> str:
        """The kind of an account number: always a plain one here."""
        return "bank"

    @api.depends("acc_number")
    def _compute_acc_type(self) -> None:
        for account in self:
            account.acc_type = self.retrieve_acc_type(account.acc_number)

    @api.depends("allow_out_payment")
    def _compute_color(self) -> None:
        """The colour the web client shows an account in: trusted ones (money may be
        sent to them) apart."""
        for account in self:
            account.color = 10 if account.allow_out_payment else 1

    @api.depends("partner_id")
    def _compute_account_holder_name(self) -> None:
        """The holder's name by default (written otherwise when it differs)."""
        for account in self:
            account.acc_holder_name = account.partner_id.name

    @api.depends("acc_number")
    def _compute_sanitized_acc_number(self) -> None:
        for account in self:
            account.sanitized_acc_number = sanitize_account_number(account.acc_number)
