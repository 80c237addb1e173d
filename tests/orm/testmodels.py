"""Models used only by the ORM tests: one field of every type, and relations
with each ``ondelete``. A registry includes them with the module path
``tests.orm.testmodels`` (see ``jsontwo.orm.assembly.module_path``).
"""

from __future__ import annotations

from typing import ClassVar

from jsontwo.orm import api, fields, models

MODULE = __name__
STATES = [("draft", "Draft"), ("done", "Done")]


class Tag(models.Model):
    _name = "x.tag"
    _description = "Test Tag"
    _order = "name, id"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)


class Thing(models.Model):
    _name = "x.thing"
    _description = "Test Thing"

    name = fields.Char("Label", help="What the thing is called", index=True)
    code = fields.Char(size=4)
    notes = fields.Text()
    body = fields.Html()
    count = fields.Integer(default=7)
    ratio = fields.Float(digits=(6, 2))
    amount = fields.Monetary()
    currency_id = fields.Many2one("res.currency")
    flag = fields.Boolean()
    day = fields.Date()
    moment = fields.Datetime()
    state = fields.Selection(STATES, default="draft")
    blob = fields.Binary()
    data = fields.Json()
    identifier = fields.Char(readonly=True, default=lambda self: f"T-{self.env.uid}")
    tag_id = fields.Many2one("x.tag", ondelete="set null")
    tag_ids = fields.Many2many("x.tag")
    line_ids = fields.One2many("x.line", "thing_id")
    note_ids = fields.One2many("x.note", "thing_id")
    active = fields.Boolean(default=True)


class Line(models.Model):
    """Deleted with its thing; removing it from ``line_ids`` deletes it."""

    _name = "x.line"
    _description = "Test Line"

    name = fields.Char(required=True)
    thing_id = fields.Many2one("x.thing", ondelete="cascade")
    active = fields.Boolean(default=True)


class Note(models.Model):
    """Kept, unlinked, when its thing goes."""

    _name = "x.note"
    _description = "Test Note"

    name = fields.Char()
    thing_id = fields.Many2one("x.thing", ondelete="set null")
    # stored related fields: one written through to the thing, one read-only
    thing_label = fields.Char(related="thing_id.name", store=True, readonly=False)
    thing_tag_id = fields.Many2one("x.tag", related="thing_id.tag_id", store=True)


class Pin(models.Model):
    """Forbids deleting the thing it points to."""

    _name = "x.pin"
    _description = "Test Pin"

    thing_id = fields.Many2one("x.thing", ondelete="restrict")


class Order(models.Model):
    """Copied with its lines (``copy=True`` on the one2many), not with its reference."""

    _name = "x.order"
    _description = "Test Order"

    name = fields.Char(required=True)
    reference = fields.Char(copy=False)
    line_ids = fields.One2many("x.order.line", "order_id", copy=True)
    tag_ids = fields.Many2many("x.tag")
    partner_id = fields.Many2one("res.partner")
    total = fields.Integer(compute="_compute_total", store=True)
    # computed with the total, by the same method (as Odoo's order amounts are)
    line_count = fields.Integer(compute="_compute_total", store=True)
    active = fields.Boolean(default=True)

    #: the ids each run of ``_compute_total`` computed, for the tests to count runs
    total_runs: ClassVar[list[tuple[int, ...]]] = []

    @api.depends("line_ids.quantity")
    def _compute_total(self) -> None:
        type(self).total_runs.append(tuple(self.ids))
        for order in self:
            order.total = sum(line.quantity for line in order.line_ids)
            order.line_count = len(order.line_ids)


class OrderLine(models.Model):
    _name = "x.order.line"
    _description = "Test Order Line"

    name = fields.Char()
    quantity = fields.Integer()
    order_id = fields.Many2one("x.order", ondelete="cascade")


class Node(models.Model):
    """A tree keeping ``parent_path``."""

    _name = "x.node"
    _description = "Test Node"
    _parent_store = True

    name = fields.Char()
    parent_id = fields.Many2one("x.node", ondelete="cascade")
    # computed, not stored: a self many2many (no relation table) and a one2many
    # without inverse
    sibling_ids = fields.Many2many("x.node", compute="_compute_family")
    child_node_ids = fields.One2many("x.node", compute="_compute_family")

    @api.depends("parent_id")
    def _compute_family(self) -> None:
        for node in self:
            parent = node.parent_id.id
            kin = self.search([["parent_id", "=", parent], ["id", "!=", node.id]])
            node.sibling_ids = kin if parent else self.browse([])
            node.child_node_ids = self.search([["parent_id", "=", node.id]])


class Animal(models.Model):
    """The parent of ``x.dog`` (delegation inheritance)."""

    _name = "x.animal"
    _description = "Test Animal"
    _order = "name, id"

    name = fields.Char(required=True)
    legs = fields.Integer(default=4)
    born = fields.Date()
    kind = fields.Selection([("mammal", "Mammal"), ("bird", "Bird")], readonly=True)
    tag_ids = fields.Many2many("x.tag")
    note = fields.Char(compute="_compute_note")
    active = fields.Boolean(default=True)

    @api.depends("name", "legs")
    def _compute_note(self) -> None:
        for animal in self:
            animal.note = f"{animal.name} ({animal.legs})"


class Cat(models.Model):
    """A cat is an animal with the animal's id (``_inherits_ids``), as Odoo's
    action types share the ids of ``ir.actions.actions``."""

    _name = "x.cat"
    _description = "Test Cat"
    _inherits = {"x.animal": "animal_id"}
    _inherits_ids = "x.animal"

    animal_id = fields.Many2one("x.animal", required=True, ondelete="cascade")
    lives = fields.Integer(default=9)


class Dog(models.Model):
    """A dog is an animal: the animal's fields are the dog's, kept on the animal."""

    _name = "x.dog"
    _description = "Test Dog"
    _inherits = {"x.animal": "animal_id"}
    _order = "name desc, id"

    animal_id = fields.Many2one("x.animal", required=True, ondelete="cascade")
    breed = fields.Char()
    #: the dog's own, not the animal's
    active = fields.Boolean(default=True)
    #: stored, from an inherited field: recomputed when the animal is written directly
    label = fields.Char(compute="_compute_label", store=True)

    @api.depends("name", "breed")
    def _compute_label(self) -> None:
        for dog in self:
            dog.label = f"{dog.name} the {dog.breed or 'dog'}"


#: (field, operator, value) of every call of x.gauge's search methods
GAUGE_SEARCHES: list[tuple[str, str, object]] = []


class Gauge(models.Model):
    """Non-stored computed fields searched through their ``search=`` methods."""

    _name = "x.gauge"
    _description = "Test Gauge"

    level = fields.Integer()
    high = fields.Boolean(compute="_compute_high", search="_search_high")
    band = fields.Char(compute="_compute_band", search="_search_band")
    shown = fields.Char(compute="_compute_band")

    @api.depends("level")
    def _compute_high(self) -> None:
        for gauge in self:
            gauge.high = gauge.level >= 10

    @api.depends("level")
    def _compute_band(self) -> None:
        for gauge in self:
            gauge.band = gauge.shown = "high" if gauge.level >= 10 else "low"

    def _search_high(self, operator: str, value: object) -> object:
        """Only knows ``in [True]``."""
        GAUGE_SEARCHES.append(("high", operator, value))
        if operator == "in" and value == [True]:
            return [["level", ">=", 10]]
        return NotImplemented

    def _search_band(self, operator: str, value: object) -> object:
        """Only knows ``=`` with one band."""
        GAUGE_SEARCHES.append(("band", operator, value))
        if operator == "=" and value in ("low", "high"):
            return [["level", "<" if value == "low" else ">=", 10]]
        return NotImplemented


class Vault(models.Model):
    """A model only superuser mode may change (as settings are), for access tests."""

    _name = "x.vault"
    _description = "Test Vault"

    secret = fields.Char()


class VaultDoor(models.Model):
    """Points into a vault through an editable related field."""

    _name = "x.vault.door"
    _description = "Test Vault Door"

    vault_id = fields.Many2one("x.vault")
    vault_secret = fields.Char(related="vault_id.secret", readonly=False)


class Ledger(models.Model):
    """Has a field for administrators only (field-level ``groups``)."""

    _name = "x.ledger"
    _description = "Test Ledger"

    name = fields.Char()
    cost = fields.Float(groups="base.group_system")
    parent_id = fields.Many2one("x.ledger")


class Word(models.Model):
    """A model with translated fields (tests/orm/test_translate.py)."""

    _name = "x.word"
    _description = "Test Word"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    notes = fields.Text(translate=True)
    code = fields.Char()
    parent_id = fields.Many2one("x.word", ondelete="set null")
