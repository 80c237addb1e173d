"""A test module whose data fails to load, after its first record: installing it
must leave nothing behind."""

from __future__ import annotations

from jsontwo.orm import Environment, fields, models


class Thing(models.Model):
    """A thing of the broken module."""

    _name = "broken.thing"
    _description = "Broken Thing"

    name = fields.Char("Name")


class Partner(models.Model):
    """A column on res.partner, which the failure must take back."""

    _inherit = "res.partner"

    broken_flag = fields.Boolean("Broken")


def load_data(env: Environment) -> None:
    env["broken.thing"].create({"name": "made before the failure"})
    raise RuntimeError("broken: the data cannot be loaded")
