"""Turning an answer into its transcript form, the same whichever server gave it.

- ids become symbolic names (``RunContext.id_name``) wherever they are ids:
  results of search/create/copy, ``id`` keys, many2one pairs, values of the
  relational fields of ``relations.json``, domains in group results, ``uid``,
  ids quoted in messages (``res.partner(12, 13)``, ``User: 2``);
- values of run variables in strings become ``${name}``;
- volatile keys (dates of creation and change, tracebacks, placeholder avatars)
  become ``<volatile>`` when set, and a step's ``mask`` patterns ``<masked>``.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from jsontwo.conformance.context import RunContext, is_id

#: methods whose result is a list of ids of the step's model
ID_LIST_METHODS = frozenset({"search", "create", "copy"})
#: methods whose result is a list of records (or groups) of the step's model
RECORD_LIST_METHODS = frozenset(
    {
        "read",
        "search_read",
        "web_read",
        "formatted_read_group",
        "read_group",
        "web_save",
        "copy_data",
        "get_metadata",
    }
)
#: methods whose result is one record-like dict of the step's model
RECORD_METHODS = frozenset({"web_search_read", "web_read_group", "default_get", "onchange"})
GROUP_METHODS = frozenset({"read_group", "formatted_read_group", "web_read_group"})
#: keys whose values change from run to run, whatever the model
VOLATILE_KEYS = frozenset(
    {
        "create_date",
        "write_date",
        "__last_update",
        "login_date",
        "debug",
        # placeholder avatars are coloured from a hash of create_date
        "avatar_1920",
        "avatar_1024",
        "avatar_512",
        "avatar_256",
        "avatar_128",
    }
)
#: dates that group labels and ranges show: the date variables cover them
GROUP_LABEL_DATES = frozenset({"create_date", "write_date"})
#: id-valued keys outside records (context_get, session info)
SPECIAL_ID_KEYS = {"uid": "res.users"}
#: aggregate functions whose value is a list of ids (``partner_id:array_agg``)
AGG_ID_FUNCS = frozenset({"array_agg", "array_agg_distinct", "recordset"})
#: always-volatile text: addresses in Python reprs
DEFAULT_MASKS = (r"(?<= at )0x[0-9a-f]+",)
#: ids quoted in messages outside the "model(ids)" form
MESSAGE_ID_PATTERNS = (
    (re.compile(r"User: (\d+)"), "res.users"),
    (re.compile(r"\(id=(\d+)\)"), "res.users"),
)
MODEL_IDS_RE = re.compile(r"\b([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)\(((?:\d+,\s*)*\d*,?)\)")
MASKED = "<masked>"
VOLATILE = "<volatile>"


def is_unset(value: Any) -> bool:
    """False, null, "" and [] (and, as in Python, 0): values a mask leaves as they are."""
    return value in (False, None, "", [])


def mask_text(
    ctx: RunContext,
    text: str,
    masks: tuple[str, ...] | list[str] = (),
    id_patterns: tuple[tuple[str, str], ...] | list[list[str]] = (),
) -> str:
    """``text`` with run variables, quoted ids and masked patterns normalised."""
    for name, value in sorted(ctx.string_masks.items(), key=lambda item: -len(item[1])):
        if value in text:
            text = text.replace(value, f"${{{name}}}")

    def model_ids(match: re.Match[str]) -> str:
        model = match.group(1)
        inner = re.sub(r"\d+", lambda d: str(ctx.id_name(model, int(d.group(0)))), match.group(2))
        return f"{model}({inner})"

    text = MODEL_IDS_RE.sub(model_ids, text)
    patterns = [*MESSAGE_ID_PATTERNS, *((re.compile(rx), model) for rx, model in id_patterns)]
    for regex, model in patterns:
        text = regex.sub(functools.partial(_replace_group, ctx=ctx, model=model), text)
    for pattern in (*DEFAULT_MASKS, *masks):
        text = re.sub(pattern, MASKED, text)
    return text


def _replace_group(match: re.Match[str], ctx: RunContext, model: str) -> str:
    """The match with its first group, an id of ``model``, replaced by its name."""
    name = str(ctx.id_name(model, int(match.group(1))))
    start, end = match.start(1) - match.start(0), match.end(1) - match.start(0)
    return match.group(0)[:start] + name + match.group(0)[end:]


class Normaliser:
    """Normalises the answer to one step (its masks and id patterns apply)."""

    def __init__(self, ctx: RunContext, step: dict[str, Any]) -> None:
        self.ctx = ctx
        self.masks: list[str] = list(step.get("mask", []))
        self.id_patterns: list[list[str]] = list(step.get("id_patterns", []))
        self.mask_keys = frozenset(step.get("mask_keys", [])) | VOLATILE_KEYS
        #: the step asks for ids as they are (``no_id_mask``)
        self.keep_ids = bool(step.get("no_id_mask", False))

    def idn(self, model: str | None, value: Any) -> Any:
        """An id's symbolic name (unless the step keeps ids)."""
        return value if self.keep_ids else self.ctx.id_name(model, value)

    def text(self, value: Any) -> Any:
        """A string masked; other values as they are."""
        if isinstance(value, str):
            return mask_text(self.ctx, value, self.masks, self.id_patterns)
        return value

    def generic(self, value: Any) -> Any:
        """A value of no known model: strings masked, volatile keys and
        ``res_id``/``uid`` ids normalised, recursively."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.generic(item) for item in value]
        if isinstance(value, dict):
            if value.keys() == {"id", "model"} and isinstance(value["model"], str):
                # a reference field's record as web_read gives it: {"id": 7, "model": ...}
                return {"id": self.idn(value["model"], value["id"]), "model": value["model"]}
            out = {}
            for key, item in value.items():
                if key in self.mask_keys and not is_unset(item):
                    out[key] = VOLATILE
                elif key == "res_id" and isinstance(value.get("res_model"), str):
                    out[key] = self.idn(value["res_model"], item)
                elif key in SPECIAL_ID_KEYS and is_id(item):
                    out[key] = self.idn(SPECIAL_ID_KEYS[key], item)
                else:
                    out[key] = self.generic(item)
            return out
        return value

    def relational(self, comodel: str | None, value: Any) -> Any:
        """The value of a relational field of comodel ``comodel``: an id, a
        ``[id, name]`` pair, a list of ids, records or x2many commands."""
        if isinstance(value, bool) or value is None:
            return value
        if is_id(value):
            return self.idn(comodel, value)
        if isinstance(value, dict):
            return self.record(comodel, value)
        if isinstance(value, list):
            if len(value) == 2 and is_id(value[0]) and isinstance(value[1], str):
                return [self.idn(comodel, value[0]), self.text(value[1])]
            return [self._relational_item(comodel, item) for item in value]
        return self.generic(value)

    def _relational_item(self, comodel: str | None, item: Any) -> Any:
        if is_id(item):
            return self.idn(comodel, item)
        if isinstance(item, dict):
            return self.record(comodel, item)
        if isinstance(item, list) and item and is_id(item[0]):
            return self._command(comodel, item)
        return self.generic(item)

    def _command(self, comodel: str | None, command: list[Any]) -> list[Any]:
        """An x2many command ``[code, id, values-or-ids]``."""
        out = list(command)
        if len(out) > 1 and is_id(out[1]):
            out[1] = self.idn(comodel, out[1])
        if len(out) > 2:
            if isinstance(out[2], list):
                out[2] = [self.idn(comodel, x) if is_id(x) else self.generic(x) for x in out[2]]
            elif isinstance(out[2], dict):
                out[2] = self.record(comodel, out[2])
        return out

    def domain(self, model: str | None, domain: Any) -> Any:
        """A domain over ``model``: the ids compared with relational paths named."""
        if not isinstance(domain, list):
            return self.generic(domain)
        return [self._condition(model, item) for item in domain]

    def _condition(self, model: str | None, item: Any) -> Any:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str)):
            return self.generic(item)
        path, operator, value = item
        comodel = self.ctx.path_model(model, path)
        if operator in ("any", "not any") and isinstance(value, list):
            value = self.domain(comodel, value)
        elif comodel and is_id(value):
            value = self.idn(comodel, value)
        elif comodel and isinstance(value, list) and all(is_id(x) for x in value):
            value = self.relational(comodel, value)
        else:
            value = self.generic(value)
        return [path, operator, value]

    def record(self, model: str | None, record: Any) -> Any:
        """A record (or group) of ``model`` as read, searched or grouped."""
        if not isinstance(record, dict):
            return self.generic(record)
        return {key: self._field(model, record, key, value) for key, value in record.items()}

    def _field(self, model: str | None, record: dict[str, Any], key: str, value: Any) -> Any:
        """The value of one key of a record."""
        if key in self.mask_keys:
            return value if is_unset(value) else VOLATILE
        if key == "id" and is_id(value):
            return self.idn(model, value)
        if key in ("__extra_domain", "__domain"):
            return self.domain(model, value)
        if key == "res_id" and isinstance(record.get("res_model"), str):
            return self.idn(record["res_model"], value)
        if ":" in key:  # a groupby spec (date_order:month) or an aggregate (amount:sum)
            base, func = key.split(":", 1)
            comodel = model if base == "id" else self.ctx.path_model(model, base)
            if func in AGG_ID_FUNCS and isinstance(value, list) and comodel:
                return [self.idn(comodel, x) if is_id(x) else self.generic(x) for x in value]
            return self.generic(value)
        if "." in key:  # a groupby through a many2one (partner_id.country_id)
            comodel = self.ctx.path_model(model, key)
            return self.relational(comodel, value) if comodel else self.generic(value)
        if key in ("__records", "__groups", "groups") and isinstance(value, list):
            return [self.record(model, r) for r in value]
        if key == "records" and isinstance(value, list) and all(isinstance(r, dict) for r in value):
            return [self.record(model, r) for r in value]
        comodel = self.ctx.relation(model, key)
        if comodel:
            return self.relational(comodel, value)
        return self.text(value) if isinstance(value, str) else self.generic(value)

    def result(self, model: str | None, method: str | None, result: Any) -> Any:
        """The result of ``model.method``, normalised by what the method returns."""
        if method in GROUP_METHODS:
            # the labels and ranges of groups by date are covered by the date variables
            self.mask_keys = self.mask_keys - GROUP_LABEL_DATES
        if method in ID_LIST_METHODS and isinstance(result, list) and all(map(is_id, result)):
            return [self.idn(model, x) for x in result]
        if method in ("name_search", "name_create"):
            if isinstance(result, list) and result and isinstance(result[0], list):
                return [self.relational(model, pair) for pair in result]
            return self.relational(model, result)
        if method in RECORD_LIST_METHODS and isinstance(result, list):
            return [self.record(model, r) for r in result]
        if method in RECORD_METHODS and isinstance(result, dict):
            return self.record(model, result)
        return self.generic(result)
