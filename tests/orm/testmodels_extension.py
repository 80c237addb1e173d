"""A later version of the test models: ``x.thing`` gains fields and a new model
appears. A registry with module paths ``tests.orm.testmodels`` and this one
(``tests.orm.testmodels_extension``) brings an older database up to date.
"""

from __future__ import annotations

from jsontwo.orm import api, fields, models

MODULE = __name__


class ThingExtension(models.Model):
    _inherit = "x.thing"

    size = fields.Integer(default=3)
    label = fields.Char()
    kind = fields.Selection([("a", "A"), ("b", "B")], default="b")
    checked = fields.Boolean(default=True)
    double = fields.Integer(compute="_compute_double", store=True)
    extra_id = fields.Many2one("x.extra", ondelete="set null")
    extra_tag_ids = fields.Many2many("x.tag", "x_thing_extra_tag_rel", "thing_id", "tag_id")

    @api.depends("count")
    def _compute_double(self) -> None:
        for thing in self:
            thing.double = 2 * thing.count


class Extra(models.Model):
    _name = "x.extra"
    _description = "Test Extra"

    name = fields.Char(required=True)
