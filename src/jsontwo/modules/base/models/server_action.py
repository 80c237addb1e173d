"""ir.actions.server: the actions that run on the server. jsontwo keeps them as
records (what a scheduled action runs, ``code``) and runs one kind only: a
call of one method of the model, ``model.method(...)`` with constant
arguments, which is all the scheduled actions it ships contain. jsontwo never
evaluates Python code given by a user."""

from __future__ import annotations

import ast
import logging
from typing import Any

from jsontwo.exceptions import UserError
from jsontwo.modules.base.models.actions import ActionType
from jsontwo.orm import fields

_logger = logging.getLogger(__name__)

USAGES = [
    ("ir_actions_server", "Server Action"),
    ("ir_cron", "Scheduled Action"),
]
STATES = [
    ("object_write", "Update Record"),
    ("object_create", "Create Record"),
    ("object_copy", "Duplicate Record"),
    ("code", "Execute Code"),
    ("webhook", "Send Webhook Notification"),
    ("multi", "Execute Existing Actions"),
]


class ServerAction(ActionType):
    """A server action: which model it runs on, and the code it runs."""

    _name = "ir.actions.server"
    _description = "Server Actions"
    _order = "sequence, name, id"

    usage = fields.Selection(USAGES, "Usage", default="ir_actions_server", required=True)
    state = fields.Selection(
        STATES,
        "Type",
        default="object_write",
        required=True,
        help="Type of server action.",
    )
    sequence = fields.Integer(
        default=5,
        help="When dealing with multiple actions, the execution order is based on the "
        "sequence. Low number means high priority.",
    )
    model_id = fields.Many2one(
        "ir.model",
        "Model",
        required=True,
        ondelete="cascade",
        index=True,
        help="Model on which the server action runs.",
    )
    model_name = fields.Char(related="model_id.model", string="Model Name")
    code = fields.Text(
        "Python Code",
        groups="base.group_system",
        default="",
        help="Write Python code that the action will execute.",
    )

    def run(self) -> Any:
        """Run the actions' code: each is ``model.method(args)`` with constant
        arguments (the only form jsontwo runs); UserError for any other code."""
        result: Any = False
        for action in self.sudo():
            method, args, kwargs = parse_method_call(action.code or "")
            model = self.env[action.model_id.model]
            function = getattr(model, method, None)
            if function is None or not callable(function):
                raise UserError(f"The model {model._name} has no method {method!r} to run.")
            result = function(*args, **kwargs)
        return result


def parse_method_call(code: str) -> tuple[str, list[Any], dict[str, Any]]:
    """``model.method(1, size=2)`` as ``("method", [1], {"size": 2})``; UserError
    for code of any other form (jsontwo does not evaluate Python)."""
    try:
        tree = ast.parse(code.strip(), mode="eval")
        call = tree.body
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "model"
        ):
            raise ValueError(code)
        args = [ast.literal_eval(arg) for arg in call.args]
        kwargs = {str(kw.arg): ast.literal_eval(kw.value) for kw in call.keywords}
    except (SyntaxError, ValueError) as exc:
        raise UserError(
            "jsontwo runs only server actions of the form model.method(constant arguments)"
        ) from exc
    return call.func.attr, args, kwargs
