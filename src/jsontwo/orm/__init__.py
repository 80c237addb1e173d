"""The Odoo-style ORM: models, fields, domains, recordsets and the registry.

Declare a model the way Odoo developers know::

    from jsontwo.orm import api, fields, models

    class Tag(models.Model):
        _name = "x.tag"
        _description = "Tag"
        name = fields.Char(required=True)
"""

from jsontwo.orm import api, fields, models
from jsontwo.orm.commands import Command
from jsontwo.orm.environment import SUPERUSER_ID, Environment
from jsontwo.orm.registry import Registry

__all__ = ["SUPERUSER_ID", "Command", "Environment", "Registry", "api", "fields", "models"]
