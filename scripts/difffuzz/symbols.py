"""Ids mapped to symbols both databases share, and answers normalised with them.

Ids differ between the reference Odoo's database and jsontwo's, so a record is
named by what both know: its external id (`base.res_partner_1`) when both give
it the same one, else its display name when that is unique on both sides. Ids
the other side lacks become `?<display name>` (a data difference shows as one).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from difffuzz.client import Server

SIDES = (0, 1)  # 0: the reference Odoo, 1: jsontwo
VOLATILE_KEYS = {"create_date", "write_date", "debug", "__last_update", "login_date", "parent_path"}
MISSING_ID = 987654321  # an id neither database has
MODEL_IDS_RE = re.compile(r"\b([a-z_]+(?:\.[a-z_0-9]+)+)\(([\d, ]*)\)")
ORDERED_SET_RE = re.compile(r"OrderedSet\(\[[\d, ]*\]\)")
LAZY_MODEL_LIMIT = 5000  # comodels bigger than this are not mapped (their ids stay masked)


@dataclass(frozen=True)
class Ref:
    """A record named by its symbol in a generated call; each side sends its own id."""

    model: str
    sym: str

    def __repr__(self) -> str:
        return f"<{self.model}:{self.sym}>"


@dataclass
class ModelSymbols:
    """Both sides' ids of one model's records, and the symbol of each."""

    to_sym: tuple[dict[int, str], dict[int, str]] = field(default_factory=lambda: ({}, {}))
    to_id: tuple[dict[str, int], dict[str, int]] = field(default_factory=lambda: ({}, {}))

    def add(self, sym: str, ids: tuple[int, int]) -> None:
        """Name the pair of ids `sym`."""
        for side in SIDES:
            self.to_sym[side][ids[side]] = sym
            self.to_id[side][sym] = ids[side]

    def common(self) -> list[str]:
        """The symbols of records both sides have, sorted."""
        return sorted(set(self.to_id[0]) & set(self.to_id[1]))


def _xmlids(server: Server, model: str) -> dict[int, set[str]]:
    rows = server.ok(
        "ir.model.data",
        "search_read",
        {"domain": [["model", "=", model]], "fields": ["module", "name", "res_id"]},
    )
    found: dict[int, set[str]] = {}
    for row in rows:
        found.setdefault(row["res_id"], set()).add(f"{row['module']}.{row['name']}")
    return found


def _names(server: Server, model: str) -> dict[int, str] | None:
    count = server.ok(model, "search_count", {"domain": [], "context": {"active_test": False}})
    if count > LAZY_MODEL_LIMIT:
        return None
    rows = server.ok(
        model,
        "search_read",
        {"domain": [], "fields": ["display_name"], "context": {"active_test": False}},
    )
    return {row["id"]: str(row["display_name"]) for row in rows}


class SymbolTable:
    """Symbols of every model met so far, loaded from both servers on first use."""

    def __init__(self, servers: tuple[Server, Server]) -> None:
        self.servers = servers
        self.models: dict[str, ModelSymbols | None] = {}

    def load(self, model: str) -> ModelSymbols | None:
        """Map `model`'s records of both sides (None when the model is too big or unreadable)."""
        if model in self.models:
            return self.models[model]
        try:
            names = [_names(server, model) for server in self.servers]
            xmlids = [_xmlids(server, model) for server in self.servers]
        except RuntimeError:
            names = [None, None]
            xmlids = [{}, {}]
        if names[0] is None or names[1] is None:
            self.models[model] = None
            return None
        table = ModelSymbols()
        by_xmlid = {x: rid for rid, xs in xmlids[1].items() for x in xs}
        taken: set[int] = set()
        for rid in sorted(names[0]):
            for xid in sorted(xmlids[0].get(rid, ())):
                if xid in by_xmlid and by_xmlid[xid] not in taken:
                    table.add(xid, (rid, by_xmlid[xid]))
                    taken.add(by_xmlid[xid])
                    break
        self._match_names(table, names[0], names[1], taken)
        self.models[model] = table
        return table

    @staticmethod
    def _match_names(
        table: ModelSymbols, names0: dict[int, str], names1: dict[int, str], taken: set[int]
    ) -> None:
        """Pair the records left by display name, where the name is unique on both sides."""

        def unique(names: dict[int, str], skip: Iterable[int]) -> dict[str, int]:
            skipped = set(skip)
            counts: dict[str, list[int]] = {}
            for rid, name in names.items():
                if rid not in skipped:
                    counts.setdefault(name, []).append(rid)
            return {name: ids[0] for name, ids in counts.items() if len(ids) == 1}

        left = unique(names0, table.to_sym[0])
        right = unique(names1, taken)
        for name in sorted(set(left) & set(right)):
            table.add(f"name:{name}", (left[name], right[name]))
        for side, names in ((0, names0), (1, names1)):
            for rid, name in names.items():
                table.to_sym[side].setdefault(rid, f"?{name}")

    def register(self, model: str, sym: str, ids: tuple[int, int]) -> None:
        """Name a record created on both sides by the fuzzer."""
        table = self.load(model)
        if table is not None:
            table.add(sym, ids)

    def sym(self, side: int, model: str, rid: Any) -> Any:
        """The symbol of id `rid` of `model` on `side` (the id itself when not an id)."""
        if not isinstance(rid, int) or isinstance(rid, bool):
            return rid
        table = self.load(model)
        if table is None:
            return "<id>"
        return table.to_sym[side].get(rid, f"?#{rid}")

    def to_wire(self, side: int, value: Any) -> Any:
        """The generated value with each `Ref` replaced by `side`'s id."""
        if isinstance(value, Ref):
            table = self.load(value.model)
            return MISSING_ID if table is None else table.to_id[side].get(value.sym, MISSING_ID)
        if isinstance(value, list | tuple):
            return [self.to_wire(side, item) for item in value]
        if isinstance(value, dict):
            return {key: self.to_wire(side, item) for key, item in value.items()}
        return value


def mask_message(message: str) -> str:
    """An error message without the ids that differ between databases."""
    message = MODEL_IDS_RE.sub(lambda m: f"{m.group(1)}(<ids>)", message)
    # the ids a hierarchy operator looked for: ('parent_id', 'in', OrderedSet([7]))
    message = ORDERED_SET_RE.sub("OrderedSet([<ids>])", message)
    return re.sub(r"\b(User|uid|id|ID|Record)(:? ?#?)\d+", r"\1\2<id>", message)
