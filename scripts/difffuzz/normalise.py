"""Answers of both servers made comparable: ids as symbols, volatile values masked."""

from __future__ import annotations

import json
from typing import Any

from difffuzz.client import Answer, Server
from difffuzz.symbols import VOLATILE_KEYS, SymbolTable, mask_message

RELATIONAL = {"many2one", "one2many", "many2many", "many2one_reference"}
# fields whose values legitimately differ between the two databases (mail, ids of the
# installed modules' data, counters over models only one side has)
SKIPPED_FIELDS = {"message_ids", "website_message_ids", "activity_ids", "message_follower_ids"}
# ids (and paths of ids) differ between the databases by nature
NEVER_USED = {"id", "parent_path"}
# values the server picks at random (a new tag's colour: 1 to 11): compared by range
RANDOM_DEFAULTS = {("res.partner.category", "color"): range(1, 12)}
SKIPPED_PREFIXES = ("message_", "activity_", "has_message", "rating_", "website_")


def skipped(name: str) -> bool:
    """Whether the fuzzer leaves a field alone (mail and activity fields, see the brief)."""
    return name in SKIPPED_FIELDS or name.startswith(SKIPPED_PREFIXES)


class Schema:
    """The fields both servers describe alike for each model (same name, type and relation)."""

    def __init__(self, servers: tuple[Server, Server]) -> None:
        self.servers = servers
        self._fields: dict[str, dict[str, dict[str, Any]]] = {}
        # fields whose values differ between the two databases' records (a data difference,
        # found by `Fuzzer.check_data`): calls are not generated over them
        self.excluded: dict[str, set[str]] = {}

    def usable(self, model: str) -> dict[str, dict[str, Any]]:
        """The fields calls may use: those both describe alike, without data differences."""
        excluded = self.excluded.get(model, set())
        # ids differ between the databases by nature; binary values are not worth comparing
        return {
            n: d
            for n, d in self.fields(model).items()
            if n not in excluded
            and n not in NEVER_USED
            and (model, n) not in RANDOM_DEFAULTS
            and d["type"] != "binary"
        }

    def fields(self, model: str) -> dict[str, dict[str, Any]]:
        """`fields_get` of `model` on the reference, restricted to what jsontwo has alike."""
        if model not in self._fields:
            try:
                ref, mine = (
                    s.ok(
                        model,
                        "fields_get",
                        {
                            "attributes": [
                                "type",
                                "relation",
                                "string",
                                "selection",
                                "store",
                                "readonly",
                                "required",
                                "searchable",
                                "sortable",
                                "groupable",
                            ]
                        },
                    )
                    for s in self.servers
                )
            except RuntimeError:
                ref, mine = {}, {}
            common: dict[str, dict[str, Any]] = {}
            for name, desc in ref.items():
                other = mine.get(name)
                if other is None or skipped(name):
                    continue
                if (desc["type"], desc.get("relation")) == (other["type"], other.get("relation")):
                    common[name] = desc
            self._fields[model] = common
        return self._fields[model]

    def path_field(self, model: str, path: str) -> tuple[str, dict[str, Any]] | None:
        """The model and description of the last field of a dotted `path` (None if unknown)."""
        parts = path.split(".")
        for index, part in enumerate(parts):
            desc = self.fields(model).get(part)
            if part == "id":
                desc = {"type": "integer", "relation": model, "is_id": True}
            if desc is None:
                return None
            if index == len(parts) - 1:
                return model, desc
            if desc.get("relation") is None:
                return None
            model = desc["relation"]
        return None


class Normaliser:
    """Normalise one side's answers (`side` 0 is the reference Odoo, 1 is jsontwo)."""

    def __init__(self, schema: Schema, symbols: SymbolTable, universe: dict[str, set[str]]) -> None:
        # strict: keep the ids of x2many values that only one side has (to find data differences)
        self.strict = False
        self.schema = schema
        self.symbols = symbols
        self.universe = universe

    def answer(self, side: int, model: str, method: str, answer: Answer) -> Any:
        """The comparable form of an answer."""
        if answer.status != 200:
            payload = answer.payload if isinstance(answer.payload, dict) else {}
            return {
                "status": answer.status,
                "error": payload.get("name"),
                "message": mask_message(str(payload.get("message", payload.get("non_json", "")))),
            }
        return self.result(side, model, method, answer.payload)

    def result(self, side: int, model: str, method: str, res: Any) -> Any:
        """The comparable form of a successful result of `model.method`."""
        sym = self.symbols.sym
        if method in ("search", "create") and isinstance(res, list):
            return [sym(side, model, rid) for rid in res]
        if method == "name_search" and isinstance(res, list):
            return [[sym(side, model, pair[0]), pair[1]] for pair in res]
        if method == "web_search_read" and isinstance(res, dict):
            return {**res, "records": [self.record(side, model, r) for r in res.get("records", [])]}
        if isinstance(res, list) and all(isinstance(r, dict) for r in res):
            rows = [self.record(side, model, r) for r in res]
            if method in ("read_group", "formatted_read_group"):
                # a group keyed by a record only one side has (another session's
                # partner linked to a demo tag on the shared reference) is data
                rows = [row for row in rows if not self._foreign_group(row)]
            return rows
        return res

    @staticmethod
    def _foreign_group(row: dict[str, Any]) -> bool:
        """Whether a group's key is a record only one side has (``?name``)."""
        if "__domain" not in row and "__extra_domain" not in row:
            return False
        return any(
            isinstance(value, list)
            and len(value) == 2
            and isinstance(value[0], str)
            and value[0].startswith("?")
            for value in row.values()
        )

    def record(self, side: int, model: str, rec: dict[str, Any]) -> dict[str, Any]:
        """A record (or a group of read_group) with its ids as symbols."""
        fields = self.schema.fields(model)
        # a group of the legacy read_group names an aggregate after its field: a
        # relational field's count there is a number, not an id
        group = "__domain" in rec
        out: dict[str, Any] = {}
        for key, value in rec.items():
            if group and isinstance(value, int) and not isinstance(value, bool):
                out[key] = value
                continue
            if (key in VOLATILE_KEYS or (model, key) in RANDOM_DEFAULTS) and value not in (
                False,
                None,
                "",
                [],
            ):
                out[key] = "<masked>"
            elif key == "id":
                out[key] = self.symbols.sym(side, model, value)
            elif key in ("__domain", "__extra_domain") and isinstance(value, list):
                out[key] = self.domain(side, model, value)
            elif key in fields and fields[key]["type"] in RELATIONAL:
                out[key] = self.rel_value(side, fields[key]["relation"], value)
            else:
                out[key] = value
        return out

    def rel_value(self, side: int, comodel: str, value: Any) -> Any:
        """A relational value: an id, an `[id, name]` pair, a list of ids or of web_read dicts."""
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int):
            return self.symbols.sym(side, comodel, value)
        if isinstance(value, dict):
            return self.record(side, comodel, value)
        if isinstance(value, list):
            if len(value) == 2 and isinstance(value[0], int) and isinstance(value[1], str):
                return [self.symbols.sym(side, comodel, value[0]), value[1]]
            items = [self.rel_value(side, comodel, item) for item in value]
            # ids of records only one side has (another session's records on the shared
            # reference) are dropped, and the order of an x2many's ids is not compared
            if not self.strict:
                # records only one side has, or left out of the universe (changed on one
                # side only), are not compared
                known = self.universe.get(comodel)
                items = [i for i in items if not self._foreign(i, known)]
            return sorted(items, key=lambda i: json.dumps(i, sort_keys=True, default=str))
        return value

    @staticmethod
    def _foreign(item: Any, known: set[str] | None) -> bool:
        """Whether an x2many item (a symbol, or a web_read dict) is a record only one
        side has, or one left out of the universe."""
        sym = item.get("id") if isinstance(item, dict) else item
        if not isinstance(sym, str):
            return False
        return sym.startswith("?") or bool(known and sym not in known)

    def domain(self, side: int, model: str, domain: list[Any]) -> list[Any]:
        """A domain (of a group) with ids as symbols; the universe conjunct shows as `<universe>`."""
        out: list[Any] = []
        for term in domain:
            if isinstance(term, list) and len(term) == 3 and isinstance(term[0], str):
                out.append(self.leaf(side, model, term))
            else:
                out.append(term)
        return out

    def leaf(self, side: int, model: str, term: list[Any]) -> Any:
        """One domain leaf with its ids as symbols."""
        path, op, value = term
        found = self.schema.path_field(model, path)
        if found is None or found[1].get("relation") is None:
            return term
        comodel = found[1]["relation"]
        if isinstance(value, list):
            mapped = sorted(str(self.symbols.sym(side, comodel, v)) for v in value)
            if path == "id" and set(mapped) == self.universe.get(model):
                return "<universe>"
            return [path, op, mapped]
        return [path, op, self.symbols.sym(side, comodel, value)]
