"""Differential fuzzer: send the same random JSON-2 calls to the reference Odoo and to jsontwo.

Calls are generated with a seeded RNG from both servers' `fields_get` and real
records' values (domains, searches, reads, groupings, name_search, web reads,
creates and writes on records the fuzzer creates itself); each answer is
normalised (ids as symbols both databases share, volatile values masked) and
every difference is reported with a minimal reproduction, grouped by kind.
See docs/differential.md.

    python scripts/differential.py --ref-env ~/odoo19-reference/ref.env \\
        --url http://127.0.0.1:8069 --db demo --key KEY --calls 2000 --seed 1 --out diff.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from difffuzz.client import Answer, Server, read_env_file
from difffuzz.compare import DEFAULT_ORDERS, category, shorten, signature
from difffuzz.generate import Call, Generator
from difffuzz.normalise import Normaliser, Schema
from difffuzz.symbols import SIDES, SymbolTable

BASE_MODELS = ["res.partner", "res.partner.category", "res.country", "res.country.state",
               "res.currency", "res.company", "res.users", "res.lang", "res.partner.industry",
               "res.bank", "res.partner.bank", "res.groups"]  # fmt: skip
SALE_MODELS = ["product.template", "product.product", "product.category", "uom.uom",
               "account.tax", "sale.order", "sale.order.line"]  # fmt: skip
ORDERED = {"search", "search_read", "web_search_read", "name_search"}
MINIMISE_BUDGET = 40
MINIMISE_PER_KIND = 3  # occurrences of a raw kind minimised before reusing its result


@dataclass
class Outcome:
    """Both answers to one call, raw and normalised."""

    raw: tuple[Answer, Answer]
    norm: tuple[Any, Any]

    @property
    def same(self) -> bool:
        """Whether the normalised answers are equal."""
        return self.norm[0] == self.norm[1]


@dataclass
class Kind:
    """One kind of difference: how often it was met and its smallest reproduction."""

    name: str
    count: int = 0
    models: Counter[str] = field(default_factory=Counter)
    example: dict[str, Any] = field(default_factory=dict)


class Fuzzer:
    """Runs generated calls against both servers and collects the differences."""

    def __init__(
        self, servers: tuple[Server, Server], models: list[str], seed: int, run: str
    ) -> None:
        self.servers = servers
        self.symbols = SymbolTable(servers)
        self.schema = Schema(servers)
        self.universe: dict[str, set[str]] = {}
        self.models = [m for m in models if self._prepare(m)]
        self.normaliser = Normaliser(self.schema, self.symbols, self.universe)
        self.gen = Generator(random.Random(seed), self.schema, self.symbols, self.models, run)
        self.data: dict[str, dict[str, Any]] = {}
        for model in self.models:
            self.check_data(model)
            self.universe[model] = set(self.gen.universe(model))
        for model in self.models:
            self._load_samples(model)
        self.kinds: dict[str, Kind] = {}
        self.raw_kinds: dict[str, tuple[int, str]] = {}
        self.created: list[tuple[str, tuple[int | None, int | None]]] = []
        self.stats: Counter[str] = Counter()

    # -- set-up -------------------------------------------------------------------------
    def _prepare(self, model: str) -> bool:
        """Load a model's symbols and fields; False when one side does not serve it."""
        if not self.schema.fields(model):
            print(f"skipped {model}: not served alike by both", file=sys.stderr)
            return False
        table = self.symbols.load(model)
        if table is None or not table.common():
            print(f"skipped {model}: no record both sides have", file=sys.stderr)
            return False
        self.universe[model] = set(table.common())
        return True

    def check_data(self, model: str) -> None:
        """Compare every record both sides have, field by field: a field whose values differ
        is a data difference, reported apart and left out of the generated calls."""
        names = [n for n, d in self.schema.fields(model).items() if d["type"] != "binary"]
        universe = self.gen.universe_leaf(model)
        rows = []
        self.normaliser.strict = True
        for side in SIDES:
            body = {"domain": self.symbols.to_wire(side, [universe]), "fields": names}
            body["context"] = {"active_test": False}
            found = self.servers[side].ok(model, "search_read", body)
            rows.append({r["id"]: self.normaliser.record(side, model, r) for r in found})
        self.normaliser.strict = False
        by_sym = [{r["id"]: r for r in rows[side].values()} for side in SIDES]
        for name in names:
            differing = [
                s
                for s in by_sym[0]
                if s in by_sym[1] and by_sym[0][s].get(name) != by_sym[1][s].get(name)
            ]
            if differing and name == "active":
                self.gen.dropped.setdefault(model, set()).update(differing)
            if differing:
                self.schema.excluded.setdefault(model, set()).add(name)
                sym = differing[0]
                self.data[f"{model}.{name}"] = {
                    "records": len(differing),
                    "of": len(by_sym[0]),
                    "example": sym,
                    "reference": shorten(by_sym[0][sym].get(name), 200),
                    "jsontwo": shorten(by_sym[1][sym].get(name), 200),
                }

    def _load_samples(self, model: str) -> None:
        names = [
            n
            for n, d in self.schema.fields(model).items()
            if d.get("store") and d["type"] != "binary"
        ]
        domain = self.symbols.to_wire(0, [self.gen.universe_leaf(model)])
        rows = self.servers[0].ok(
            model,
            "search_read",
            {"domain": domain, "fields": names, "limit": 80, "context": {"active_test": False}},
        )
        self.gen.load_samples(model, rows)

    # -- one call -------------------------------------------------------------------------
    def execute(self, call: Call) -> Outcome:
        """Send a call to both sides and normalise the answers."""
        raw = tuple(
            self.servers[s].call(call.model, call.method, self.symbols.to_wire(s, call.body))
            for s in SIDES
        )
        answers = (raw[0], raw[1])
        if call.method == "create":
            self._register(call, answers)
        elif call.method == "write" and answers[0].status != answers[1].status:
            self._diverged(call)
        norm = tuple(self.normaliser.answer(s, call.model, call.method, answers[s]) for s in SIDES)
        return Outcome(answers, (norm[0], norm[1]))

    def _register(self, call: Call, answers: tuple[Answer, Answer]) -> None:
        ids = [
            a.payload[0] if a.status == 200 and isinstance(a.payload, list) else None
            for a in answers
        ]
        if ids[0] is None and ids[1] is None:
            return
        self.created.append((call.model, (ids[0], ids[1])))
        if ids[0] is not None and ids[1] is not None:
            sym = f"new:{call.notes['name']}#{len(self.created)}"
            self.symbols.register(call.model, sym, (ids[0], ids[1]))
            self.universe[call.model].add(sym)
            self.gen.created.setdefault(call.model, []).append(sym)

    def _diverged(self, call: Call) -> None:
        """Leave out records a write changed on one side only: later calls would differ by data."""
        for ref in call.body.get("ids", []):
            self.gen.dropped.setdefault(call.model, set()).add(ref.sym)
            self.universe[call.model].discard(ref.sym)
            if ref.sym in self.gen.created.get(call.model, []):
                self.gen.created[call.model].remove(ref.sym)

    def differs(self, call: Call, outcome: Outcome) -> bool:
        """Whether the answers differ, ties of the order apart."""
        if outcome.same:
            return False
        if call.method in ORDERED and all(a.status == 200 for a in outcome.raw):
            return not self._tie_only(call, outcome)
        return True

    def _ids(self, method: str, payload: Any) -> list[int]:
        if method == "search":
            return list(payload)
        if method == "name_search":
            return [pair[0] for pair in payload]
        records = payload["records"] if method == "web_search_read" else payload
        return [r["id"] for r in records]

    def _tie_only(self, call: Call, outcome: Outcome) -> bool:
        """True when both sides return records in the same order of their order keys."""
        ids = [self._ids(call.method, outcome.raw[s].payload) for s in SIDES]
        syms = [[self.symbols.sym(s, call.model, i) for i in ids[s]] for s in SIDES]
        paged = "limit" in call.body or "offset" in call.body or call.method == "name_search"
        if not paged and sorted(map(str, syms[0])) != sorted(map(str, syms[1])):
            return False
        if call.method == "web_search_read" and outcome.norm[0].get("length") != outcome.norm[
            1
        ].get("length"):
            return False
        fields = self.schema.usable(call.model)
        spec = call.body.get("order") or DEFAULT_ORDERS.get(call.model, "id")
        # the id that ends an order is the tie-break itself: ids differ between the
        # databases, so records tied on the other keys may come in either order
        keys = [c.split()[0].split(".")[0] for c in spec.split(",") if c.strip()]
        keys = [k for k in keys if k != "id"]
        if not keys or any(k not in fields for k in keys):
            # the order uses a field whose values differ (data) or that one side lacks:
            # only the records themselves can be compared
            recs = [sorted(map(str, outcome.norm[s] if call.method != "web_search_read"
                                    else outcome.norm[s]["records"])) for s in SIDES]  # fmt: skip
            return paged or recs[0] == recs[1]
        sequences = []
        for s in SIDES:
            rows = self.servers[s].ok(
                call.model, "read", {"ids": ids[s], "fields": keys or ["display_name"]}
            )
            by_id = {r["id"]: self.normaliser.record(s, call.model, r) for r in rows}
            sequences.append([[by_id[i].get(k) for k in keys] for i in ids[s]])
        self.stats["tie checks"] += 1
        if sequences[0] != sequences[1]:
            return False
        if call.method in ("search_read", "web_search_read") and not paged:
            # same records, same key order: the records themselves must match one by one
            recs = [
                outcome.norm[s] if call.method == "search_read" else outcome.norm[s]["records"]
                for s in SIDES
            ]
            return sorted(map(str, recs[0])) == sorted(map(str, recs[1]))
        return True

    # -- minimal reproductions ----------------------------------------------------------
    def candidates(self, call: Call) -> list[Call]:
        """Smaller variants of a call: one part removed."""
        body, out = call.body, []

        def variant(**changes: Any) -> Call:
            new = {k: v for k, v in {**body, **changes}.items() if v is not _DROP}
            return Call(call.model, call.method, new, call.notes)

        for key in ("order", "limit", "offset", "operator", "lazy"):
            if key in body:
                out.append(variant(**{key: _DROP}))
        domain = body.get("domain")
        if isinstance(domain, list) and len(domain) > 1:
            out.append(variant(domain=domain[:1]))
            leaves = [t for t in domain[1:] if isinstance(t, list)]
            if len(domain) > 2:
                out.extend(variant(domain=[domain[0], leaf]) for leaf in leaves)
        for key in ("fields", "groupby", "aggregates", "ids"):
            items = body.get(key)
            if isinstance(items, list) and len(items) > 1:
                out.extend(variant(**{key: items[:i] + items[i + 1 :]}) for i in range(len(items)))
        if isinstance(body.get("specification"), dict) and len(body["specification"]) > 1:
            for name in body["specification"]:
                out.append(
                    variant(
                        specification={k: v for k, v in body["specification"].items() if k != name}
                    )
                )
        vals = body.get("vals") or (body.get("vals_list") or [None])[0]
        if isinstance(vals, dict) and len(vals) > 1:
            for name in vals:
                if name != "name":
                    smaller = {k: v for k, v in vals.items() if k != name}
                    out.append(
                        variant(vals=smaller) if "vals" in body else variant(vals_list=[smaller])
                    )
        return out

    def minimise(self, call: Call, kind: str) -> tuple[Call, Outcome]:
        """Shrink a differing call while it still shows the same kind of difference."""
        outcome = self.execute(call)
        budget = MINIMISE_BUDGET
        shrunk = True
        while shrunk and budget > 0:
            shrunk = False
            for candidate in self.candidates(call):
                budget -= 1
                self.stats["minimising calls"] += 1
                result = self.execute(candidate)
                if self.differs(candidate, result) and self._category(candidate, result) == kind:
                    call, outcome, shrunk = candidate, result, True
                    break
                if budget <= 0:
                    break
        return call, outcome

    def _category(self, call: Call, outcome: Outcome) -> str:
        return f"{call.method}: {category(call.model, *outcome.norm)}"

    # -- the run --------------------------------------------------------------------------
    def step(self) -> None:
        """Generate one call, send it, record a difference."""
        call = self.gen.call()
        outcome = self.execute(call)
        self.stats["calls"] += 1
        if call.method in ("create", "write") and all(a.status == 200 for a in outcome.raw):
            self._read_back(call)
        if not self.differs(call, outcome):
            self.stats["matching"] += 1
            return
        self.record(call, outcome)

    def record(self, call: Call, outcome: Outcome) -> None:
        """Count a difference under its kind; minimise the first few of each raw kind."""
        cat = self._category(call, outcome)
        raw_kind = f"{cat} | {signature(self.schema, call)}"
        seen, kind_name = self.raw_kinds.get(raw_kind, (0, ""))
        if seen < MINIMISE_PER_KIND:
            small, small_outcome = self.minimise(call, cat)
            kind_name = f"{cat} | {signature(self.schema, small)}"
            kind = self.kinds.setdefault(kind_name, Kind(kind_name))
            if not kind.example or len(shorten(small.body, 10**6)) < len(kind.example["body"]):
                kind.example = self._example(small, small_outcome)
        self.raw_kinds[raw_kind] = (seen + 1, kind_name)
        kind = self.kinds[kind_name]
        kind.count += 1
        kind.models[call.model] += 1

    def _read_back(self, call: Call) -> None:
        """After a create or write both accepted, read the written fields back on both sides."""
        if call.method == "create":
            vals, model = call.body["vals_list"][0], call.model
            table = self.symbols.load(model)
            ids = [self.gen.created[model][-1]] if table and self.gen.created.get(model) else []
        else:
            vals, ids = call.body["vals"], [r.sym for r in call.body["ids"]]
        if not ids or not vals:
            # nothing written: a read of no fields would read them all, mail fields too
            return
        from difffuzz.symbols import Ref

        back = Call(
            call.model, "read", {"ids": [Ref(call.model, s) for s in ids], "fields": sorted(vals)}
        )
        outcome = self.execute(back)
        self.stats["read-backs"] += 1
        if not outcome.same:
            self._diverged(back)
            back.notes["after"] = {"method": call.method, "body": call.body}
            cat = f"{call.method} then read: {category(call.model, *outcome.norm)}"
            fname = cat.rsplit(".", 1)[-1].split("(")[0].split("[")[0]
            ftype = self.schema.fields(call.model).get(fname, {}).get("type", "?")
            name = f"{cat} | {ftype}={type(vals.get(fname)).__name__}"
            kind = self.kinds.setdefault(name, Kind(name))
            if not kind.example:
                kind.example = self._example(back, outcome)
                kind.example["after"] = json.loads(shorten(call.body, 10**6))
            kind.count += 1
            kind.models[call.model] += 1

    def _example(self, call: Call, outcome: Outcome) -> dict[str, Any]:
        return {
            "model": call.model,
            "method": call.method,
            "body": shorten(call.body, 10**6),
            "body_reference": json.dumps(self.symbols.to_wire(0, call.body), ensure_ascii=False),
            "reference": shorten(outcome.norm[0]),
            "jsontwo": shorten(outcome.norm[1]),
        }

    def cleanup(self) -> None:
        """Delete every record the fuzzer created, on both sides."""
        for model, ids in reversed(self.created):
            for side in SIDES:
                if ids[side] is not None:
                    self.servers[side].call(model, "unlink", {"ids": [ids[side]]})


_DROP = object()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line (see the module docstring)."""
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--ref-env", help="KEY=VALUE file of the reference (ODOO_URL, ODOO_DB, ODOO_API_KEY)"
    )
    p.add_argument("--ref-url", default="http://127.0.0.1:8070")
    p.add_argument("--ref-db")
    p.add_argument("--ref-key")
    p.add_argument("--url", required=True, help="jsontwo's base URL")
    p.add_argument("--db", required=True, help="jsontwo's database")
    p.add_argument("--key", required=True, help="an API key of jsontwo's admin")
    p.add_argument(
        "--models", help="comma-separated models (default: base models, + sale ones on a sale db)"
    )
    p.add_argument(
        "--sale", action="store_true", help="fuzz the sale models (on the reference's sale db)"
    )
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--calls", type=int, default=1000)
    p.add_argument("--run", help="suffix of the names of created records (default: from the clock)")
    p.add_argument("--out", default="differential.json", help="JSON report of the differences")
    p.add_argument(
        "-v", "--verbose", action="store_true", help="print each difference as it is found"
    )
    return p.parse_args(argv)


def reference(args: argparse.Namespace) -> Server:
    """The reference server from --ref-env or --ref-url/--ref-db/--ref-key."""
    env = read_env_file(args.ref_env) if args.ref_env else {}
    url = env.get("ODOO_URL", args.ref_url)
    db, key = args.ref_db or env.get("ODOO_DB"), args.ref_key or env.get("ODOO_API_KEY")
    if not db or not key:
        sys.exit("the reference needs --ref-env or --ref-db and --ref-key")
    return Server("reference", url, db, key)


def report(fuzzer: Fuzzer, args: argparse.Namespace, seconds: float) -> dict[str, Any]:
    """The summary printed and written to --out."""
    stats = fuzzer.stats
    kinds = sorted(fuzzer.kinds.values(), key=lambda k: (-k.count, k.name))
    return {
        "reference": {"url": fuzzer.servers[0].url, "db": fuzzer.servers[0].db},
        "jsontwo": {"url": fuzzer.servers[1].url, "db": fuzzer.servers[1].db},
        "seed": args.seed,
        "models": fuzzer.models,
        "calls": stats["calls"],
        "matching": stats["matching"],
        "differing": stats["calls"] - stats["matching"],
        "extra_calls": {k: v for k, v in stats.items() if k not in ("calls", "matching")},
        "seconds": round(seconds, 1),
        "data_differences": fuzzer.data,
        "kinds": [
            {"kind": k.name, "count": k.count, "models": dict(k.models), **k.example} for k in kinds
        ],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the fuzzer; exit 1 when a difference was found."""
    args = parse_args(argv)
    ref = reference(args)
    mine = Server("jsontwo", args.url, args.db, args.key)
    models = (
        args.models.split(",") if args.models else BASE_MODELS + (SALE_MODELS if args.sale else [])
    )
    run = args.run or time.strftime("%H%M%S")
    started = time.monotonic()
    fuzzer = Fuzzer((ref, mine), models, args.seed, run)
    try:
        for index in range(args.calls):
            fuzzer.step()
            if args.verbose and (index + 1) % 100 == 0:
                print(f"{index + 1} calls, {len(fuzzer.kinds)} kinds", file=sys.stderr)
    finally:
        fuzzer.cleanup()
    result = report(fuzzer, args, time.monotonic() - started)
    Path(args.out).write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print(
        f"calls: {result['calls']}, matching: {result['matching']}, differing: {result['differing']}"
    )
    print(f"data differences (fields left out): {len(fuzzer.data)}")
    for name, diff in sorted(fuzzer.data.items()):
        print(f"  {name}: {diff['records']}/{diff['of']} records, e.g. {diff['example']}: "
              f"{diff['reference'][:60]} / {diff['jsontwo'][:60]}")  # fmt: skip
    for kind in result["kinds"]:
        print(f"{kind['count']:6d}  {kind['kind']}")
    return 1 if result["differing"] else 0


if __name__ == "__main__":
    sys.exit(main())
