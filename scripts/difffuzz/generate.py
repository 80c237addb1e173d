"""Seeded calls generated from `fields_get` and the values of real records.

A generated call names records by `Ref` (a symbol both databases share); the
runner turns each into the id of the side it sends to. Every domain starts with
the universe leaf `["id", "in", [...]]`: the records both databases have (or the
fuzzer created on both), so that records other sessions create on the shared
reference Odoo never show up.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from difffuzz.normalise import Schema
from difffuzz.symbols import MISSING_ID, Ref, SymbolTable

STR_OPS = ["=", "!=", "like", "ilike", "not like", "not ilike", "=like", "=ilike", "in", "not in"]
NUM_OPS = ["=", "!=", "<", ">", "<=", ">=", "in", "not in"]
SEL_OPS = ["=", "!=", "in", "not in"]
M2O_OPS = [
    "=",
    "!=",
    "in",
    "not in",
    "ilike",
    "not ilike",
    "child_of",
    "parent_of",
    "any",
    "not any",
]
X2M_OPS = ["=", "!=", "in", "not in", "ilike", "not ilike", "any", "not any"]
OPS_BY_TYPE = {
    "char": STR_OPS, "text": STR_OPS, "html": STR_OPS,
    "integer": NUM_OPS, "float": NUM_OPS, "monetary": NUM_OPS, "date": NUM_OPS, "datetime": NUM_OPS,
    "boolean": SEL_OPS, "selection": SEL_OPS,
    "many2one": M2O_OPS, "many2many": X2M_OPS, "one2many": X2M_OPS,
}  # fmt: skip
EDGE_STRINGS = ["", "Ünïcödé €", "%", "_", "12", "a'b", "  ", "ADMIN"]
DATE_GRANULARITIES = ["day", "week", "month", "quarter", "year", "day_of_week", "month_number"]
AGGREGATORS = {
    "integer": ["sum", "avg", "min", "max", "count_distinct"],
    "float": ["sum", "avg", "min", "max"], "monetary": ["sum", "avg", "min", "max"],
    "many2one": ["count_distinct", "count"], "char": ["count", "count_distinct"],
    "boolean": ["bool_and", "bool_or"], "date": ["min", "max"], "datetime": ["min", "max"],
    "selection": ["count_distinct"],
}  # fmt: skip
VOLATILE_FIELDS = {"create_date", "write_date", "create_uid", "write_uid", "login_date"}
# relational values never point at these models' demo records: a write there would change
# the demo records other sessions read on the shared reference (their x2many inverses)
PROTECTED = {"res.partner", "res.users", "res.company", "res.groups", "res.currency"}
WRITABLE = {"res.partner", "res.partner.category", "res.partner.industry", "res.bank",
            "product.category", "product.template"}  # fmt: skip
METHOD_WEIGHTS = {
    "search": 14, "search_count": 9, "search_read": 15, "read": 10, "web_search_read": 8,
    "formatted_read_group": 10, "read_group": 5, "name_search": 8, "create": 5, "write": 8,
}  # fmt: skip


@dataclass
class Call:
    """One generated call: model, method and body (with `Ref`s), and what it exercises."""

    model: str
    method: str
    body: dict[str, Any]
    notes: dict[str, Any] = field(default_factory=dict)


class Generator:
    """Generates calls over `models` with a seeded RNG."""

    def __init__(
        self, rng: random.Random, schema: Schema, symbols: SymbolTable, models: list[str], run: str
    ) -> None:
        self.rng = rng
        self.schema = schema
        self.symbols = symbols
        self.models = models
        self.run = run
        self.created: dict[str, list[str]] = {}
        self.samples: dict[str, list[dict[str, Any]]] = {}
        self.counter = 0
        # records whose `active` differs between the databases: searches would differ by data
        self.dropped: dict[str, set[str]] = {}

    # -- records and values -------------------------------------------------------------
    def universe(self, model: str) -> list[str]:
        """Symbols of the records both sides have (including the fuzzer's own)."""
        table = self.symbols.load(model)
        dropped = self.dropped.get(model, set())
        return [] if table is None else [s for s in table.common() if s not in dropped]

    def universe_leaf(self, model: str) -> list[Any]:
        """The leaf every generated domain starts with."""
        return ["id", "in", [Ref(model, s) for s in self.universe(model)]]

    def refs(self, model: str, count: int, protected: bool = False) -> list[Any]:
        """Up to `count` records of `model` (only the fuzzer's own when `protected`)."""
        pool = self.created.get(model, []) if protected else self.universe(model)
        return [Ref(model, s) for s in self.rng.sample(pool, min(count, len(pool)))]

    def load_samples(self, model: str, rows: list[dict[str, Any]]) -> None:
        """Keep real records' values (symbolic: ids as `Ref`) to draw domain values from."""
        fields = self.schema.usable(model)
        out = []
        for row in rows:
            rec: dict[str, Any] = {}
            for name, value in row.items():
                desc = fields.get(name)
                if desc is None or value in (False, None, "", []):
                    continue
                rel = desc.get("relation")
                if rel and isinstance(value, list):
                    ids = [value[0]] if desc["type"] == "many2one" else value
                    syms = [self.symbols.sym(0, rel, i) for i in ids]
                    refs = [Ref(rel, s) for s in syms if isinstance(s, str) and s[0] != "?"]
                    if refs:
                        rec[name] = refs[0] if desc["type"] == "many2one" else refs
                elif not rel:
                    rec[name] = value
            out.append(rec)
        self.samples[model] = out

    def sample(self, model: str, name: str) -> Any:
        """A real value of field `name` of `model`, or None when no record has one."""
        values = [r[name] for r in self.samples.get(model, []) if name in r]
        return self.rng.choice(values) if values else None

    def pick_fields(self, model: str, low: int, high: int, pred: Any = None) -> list[str]:
        """A few field names of `model` matching `pred(desc)`."""
        names = sorted(n for n, d in self.schema.usable(model).items() if pred is None or pred(d))
        names = [n for n in names if n not in VOLATILE_FIELDS]
        return self.rng.sample(names, min(len(names), self.rng.randint(low, high)))

    # -- domains ------------------------------------------------------------------------
    def domain_value(self, model: str, name: str, desc: dict[str, Any], op: str) -> Any:
        """A value for `name op value`: a real one most of the time, an edge case otherwise."""
        rng, ftype = self.rng, desc["type"]
        real = self.sample(model, name)
        if op in ("any", "not any"):
            return self.domain(desc["relation"], depth=1, universe=False)
        if op in ("in", "not in"):
            return [self.domain_value(model, name, desc, "=") for _ in range(rng.randint(0, 3))]
        if rng.random() < 0.15:
            return False
        if ftype in ("char", "text", "html", "selection"):
            if ftype == "selection" and rng.random() < 0.8:
                return rng.choice([k for k, _ in desc.get("selection") or [["x", "x"]]])
            if isinstance(real, str) and rng.random() < 0.7:
                if "like" in op and len(real) > 2:
                    start = rng.randint(0, len(real) - 2)
                    return real[start : start + rng.randint(1, 4)]
                return real.upper() if rng.random() < 0.2 else real
            return rng.choice(EDGE_STRINGS)
        if ftype in ("integer", "float", "monetary"):
            if real is not None and rng.random() < 0.7:
                return real
            return rng.choice([0, -1, 1, "3", 2.5, 10**12])
        if ftype == "boolean":
            return rng.choice([True, False, True, 1, 0])
        if ftype in ("date", "datetime"):
            if real is not None and rng.random() < 0.6:
                return real
            return rng.choice(["2020-01-01", "2030-12-31", "2024-02-29 10:00:00", "2024-02-30"])
        # relational
        if isinstance(real, list) and real:
            real = rng.choice(real)
        if "like" in op:
            return rng.choice(["a", "Ad", "", "Ünï", "Deco"])
        if real is not None and rng.random() < 0.75:
            return real
        refs = self.refs(desc["relation"], 1)
        return rng.choice([*refs, MISSING_ID, "Azure"]) if refs else MISSING_ID

    def leaf(self, model: str) -> list[Any]:
        """One random leaf over a searchable field (or a dotted path through a many2one)."""
        rng = self.rng
        fields = {n: d for n, d in self.schema.usable(model).items()
                  if d.get("searchable") and d["type"] in OPS_BY_TYPE and n not in VOLATILE_FIELDS}  # fmt: skip
        if not fields:
            return ["id", "!=", False]
        name = rng.choice(sorted(fields))
        desc, path, fmodel = fields[name], name, model
        if desc["type"] == "many2one" and desc["relation"] in self.models and rng.random() < 0.25:
            comodel = desc["relation"]
            sub = {n: d for n, d in self.schema.usable(comodel).items()
                   if d.get("store") and d["type"] in OPS_BY_TYPE and d["type"] not in
                   ("many2many", "one2many") and n not in VOLATILE_FIELDS}  # fmt: skip
            if sub:
                sub_name = rng.choice(sorted(sub))
                path, desc, fmodel = f"{name}.{sub_name}", sub[sub_name], comodel
                name = sub_name
        op = rng.choice(OPS_BY_TYPE[desc["type"]])
        return [path, op, self.domain_value(fmodel, name, desc, op)]

    def domain(self, model: str, depth: int = 0, universe: bool = True) -> list[Any]:
        """A random domain: the universe leaf, then 0-3 leaves combined by `&`, `|`, `!`."""
        rng = self.rng
        terms: list[Any] = [self.universe_leaf(model)] if universe else []
        count = rng.choice([0, 1, 1, 1, 2, 2, 3]) if depth == 0 else 1
        body: list[Any] = []
        for index in range(count):
            if index and rng.random() < 0.35:
                body.insert(0, "|")
            if rng.random() < 0.1:
                body.append("!")
            body.append(self.leaf(model))
        return terms + body

    # -- methods ------------------------------------------------------------------------
    def order(self, model: str) -> str | None:
        """A random order over sortable stored fields, or None (the model's default)."""
        if self.rng.random() < 0.35:
            return None
        names = self.pick_fields(model, 1, 2, lambda d: d.get("sortable") and d.get("store"))
        return ", ".join(f"{n}{self.rng.choice(['', ' desc', ' asc', ' desc nulls last'])}"
                         for n in names) or None  # fmt: skip

    def paging(self, body: dict[str, Any]) -> None:
        """Maybe add a limit and an offset."""
        if self.rng.random() < 0.4:
            body["limit"] = self.rng.choice([1, 2, 5, 10])
        if self.rng.random() < 0.2:
            body["offset"] = self.rng.choice([1, 3])

    def groupby(self, model: str) -> list[str]:
        """One or two groupable fields; dates with a granularity."""
        names = self.pick_fields(
            model, 1, 2, lambda d: d.get("groupable") and d.get("store") and d["type"] != "one2many"
        )
        out = []
        for name in names:
            if self.schema.usable(model)[name]["type"] in ("date", "datetime"):
                name = f"{name}:{self.rng.choice(DATE_GRANULARITIES)}"
            out.append(name)
        return out

    def aggregates(self, model: str) -> list[str]:
        """`__count` and a few `field:aggregator` specs."""
        fields = self.schema.usable(model)
        names = self.pick_fields(model, 0, 2, lambda d: d["type"] in AGGREGATORS and d.get("store"))
        specs = [f"{n}:{self.rng.choice(AGGREGATORS[fields[n]['type']])}" for n in names]
        return ["__count", *specs] if self.rng.random() < 0.7 else specs

    def call(self) -> Call:
        """The next random call."""
        rng = self.rng
        methods = list(METHOD_WEIGHTS)
        method = rng.choices(methods, weights=[METHOD_WEIGHTS[m] for m in methods])[0]
        model = rng.choice(self.models)
        if method in ("create", "write"):
            writable = [m for m in self.models if m in WRITABLE]
            if method == "write":
                writable = [m for m in writable if self.created.get(m)]
            if not writable:
                method = "search"
            else:
                model = rng.choice(writable)
        body: dict[str, Any] = {}
        if method in ("search", "search_read", "search_count", "web_search_read"):
            body["domain"] = self.domain(model)
            if method != "search_count":
                if order := self.order(model):
                    body["order"] = order
                self.paging(body)
            elif rng.random() < 0.2:
                body["limit"] = rng.choice([1, 3])
        if method == "search_read":
            body["fields"] = self.pick_fields(model, 1, 5)
        elif method == "web_search_read":
            body["specification"] = self.specification(model)
        elif method == "read":
            body["ids"] = self.refs(model, rng.randint(1, 4)) + (
                [MISSING_ID] if rng.random() < 0.05 else []
            )
            body["fields"] = self.pick_fields(model, 1, 5)
        elif method == "formatted_read_group":
            body.update(domain=self.domain(model), groupby=self.groupby(model),
                        aggregates=self.aggregates(model))  # fmt: skip
        elif method == "read_group":
            aggs = [a for a in self.aggregates(model) if a != "__count"]
            body.update(domain=self.domain(model), fields=aggs, groupby=self.groupby(model),
                        lazy=rng.random() < 0.5)  # fmt: skip
        elif method == "name_search":
            body.update(self.name_search(model))
        elif method == "create":
            self.counter += 1
            name = f"zfz{self.run}-{self.counter}"
            vals = {"name": name, **self.vals(model, rng.randint(0, 3))}
            body["vals_list"] = [vals]
            return Call(model, method, body, {"name": name})
        elif method == "write":
            body["ids"] = self.refs(model, 1, protected=True)
            body["vals"] = self.vals(model, rng.randint(1, 2))
        return Call(model, method, body)

    def specification(self, model: str) -> dict[str, Any]:
        """A web_read specification: plain fields, and relational ones with sub-fields."""
        fields = self.schema.usable(model)
        spec: dict[str, Any] = {}
        for name in self.pick_fields(model, 1, 4):
            if (
                fields[name]["type"] in ("many2one", "many2many", "one2many")
                and self.rng.random() < 0.6
            ):
                spec[name] = {"fields": {"display_name": {}}}
            else:
                spec[name] = {}
        return spec

    def name_search(self, model: str) -> dict[str, Any]:
        """name_search arguments: part of a real display name, an operator, a limit."""
        names = [s[5:] for s in self.universe(model) if s.startswith("name:")]
        name = self.rng.choice(names) if names else ""
        if name and self.rng.random() < 0.6:
            start = self.rng.randint(0, max(0, len(name) - 3))
            name = name[start : start + self.rng.randint(1, 5)]
        body: dict[str, Any] = {
            "name": name,
            "domain": self.domain(model),
            "limit": self.rng.choice([5, 8, 100]),
        }
        if self.rng.random() < 0.3:
            body["operator"] = self.rng.choice(["=", "ilike", "like", "=ilike", "not ilike"])
        return body

    # -- values to write ----------------------------------------------------------------
    def vals(self, model: str, count: int) -> dict[str, Any]:
        """Values of `count` writable fields: valid ones mostly, invalid ones sometimes."""
        names = self.pick_fields(
            model, count, count,
            lambda d: not d.get("readonly") and d.get("store") and d["type"] not in ("one2many", "binary"),
        )  # fmt: skip
        fields = self.schema.usable(model)
        return {n: self.write_value(fields[n]) for n in names if n != "name"}

    def write_value(self, desc: dict[str, Any]) -> Any:
        """One value for a field of type `desc['type']`."""
        rng, ftype = self.rng, desc["type"]
        choices: dict[str, list[Any]] = {
            "char": ["text ü", "", False, 42, ["x"], "  padded  "],
            "text": ["line1\nline2", False, ""],
            "html": ["<p>hi<script>alert(1)</script></p>", "<b>x</b>", False, "plain"],
            "integer": [7, -3, "12", 1.7, "abc", False, 2**40],
            "float": [2.5, "3.25", "x", False, 1e20, 3],
            "monetary": [2.5, "3.25", False, 10],
            "boolean": [True, False, 1, 0, "yes", None],
            "date": [
                "2024-02-29",
                "2024-02-30",
                "2024-02-29 10:00:00",
                "29/02/2024",
                False,
                20240229,
            ],
            "datetime": ["2024-02-29 10:00:00", "2024-02-29", "2024-02-29T10:00:00", "bad", False],
        }
        if ftype in choices:
            return rng.choice(choices[ftype])
        if ftype == "selection":
            keys = [k for k, _ in desc.get("selection") or []]
            return rng.choice([*keys, *keys, "not_a_key", False])
        relation = desc.get("relation", "")
        refs = self.refs(relation, 2, protected=relation in PROTECTED)
        if ftype == "many2one":
            valid = refs[:1] or [False]
            return rng.choice([*valid, *valid, MISSING_ID, [*valid, "name"], False, "text"])
        if ftype == "many2many":
            return rng.choice(
                [[[6, 0, refs]], [[4, r] for r in refs], refs, [[4, MISSING_ID]], [[5]], False]
            )
        return False
