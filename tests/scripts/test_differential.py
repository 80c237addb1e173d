"""The differential fuzzer's pure parts: symbols, normalisation, generation, kinds."""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from difffuzz.client import Server
from difffuzz.compare import category, first_difference, signature
from difffuzz.generate import Call, Generator
from difffuzz.normalise import Normaliser, Schema
from difffuzz.symbols import MISSING_ID, Ref, SymbolTable, mask_message

FIELDS = {
    "name": {"type": "char", "searchable": True, "store": True, "sortable": True, "groupable": True},
    "color": {"type": "integer", "searchable": True, "store": True, "sortable": True, "groupable": True},
    "country_id": {"type": "many2one", "relation": "res.country", "searchable": True,
                   "store": True, "sortable": True, "groupable": True},
    "message_ids": {"type": "one2many", "relation": "mail.message", "searchable": True},
}  # fmt: skip


class FakeServer(Server):
    """A server answering from tables: {model: {id: display_name}} and external ids."""

    def __init__(
        self, name: str, names: dict[str, dict[int, str]], xmlids: dict[str, dict[int, str]]
    ):
        super().__init__(name, "http://fake", "db", "key")
        self.names, self.xmlids = names, xmlids

    def ok(self, model: str, method: str, body: dict[str, Any]) -> Any:
        if model == "ir.model.data":
            target = body["domain"][0][2]
            return [
                {"module": x.split(".")[0], "name": x.split(".")[1], "res_id": rid}
                for rid, x in self.xmlids.get(target, {}).items()
            ]
        if method == "fields_get":
            return (
                FIELDS
                if model == "res.partner"
                else {"name": {"type": "char"}, "code": {"type": "char"}}
            )
        rows = self.names.get(model, {})
        if method == "search_count":
            return len(rows)
        return [{"id": rid, "display_name": name} for rid, name in rows.items()]


def servers() -> tuple[Server, Server]:
    """Two databases holding the same records under other ids (and one record each alone)."""
    ref = FakeServer(
        "ref",
        {
            "res.partner": {1: "Azure", 2: "Deco", 3: "Other session's"},
            "res.country": {10: "Belgium"},
        },
        {"res.partner": {1: "base.res_partner_12"}},
    )
    mine = FakeServer(
        "mine",
        {"res.partner": {7: "Azure", 9: "Deco", 8: "Only mine"}, "res.country": {20: "Belgium"}},
        {"res.partner": {7: "base.res_partner_12"}},
    )
    return ref, mine


def test_records_are_named_by_external_id_then_unique_display_name() -> None:
    table = SymbolTable(servers())
    partners = table.load("res.partner")
    assert partners is not None
    assert partners.common() == ["base.res_partner_12", "name:Deco"]
    assert table.sym(0, "res.partner", 1) == table.sym(1, "res.partner", 7) == "base.res_partner_12"
    assert table.sym(0, "res.partner", 3) == "?Other session's"
    assert table.to_wire(1, {"ids": [Ref("res.partner", "name:Deco"), 5]}) == {"ids": [9, 5]}
    assert table.to_wire(0, Ref("res.partner", "name:Nobody")) == MISSING_ID


def test_answers_are_normalised_to_symbols() -> None:
    pair = servers()
    table = SymbolTable(pair)
    normaliser = Normaliser(
        Schema(pair), table, {"res.partner": {"base.res_partner_12", "name:Deco"}}
    )
    record = {
        "id": 9,
        "country_id": [20, "Belgium"],
        "write_date": "2026-01-01 10:00:00",
        "color": 0,
    }
    assert normaliser.record(1, "res.partner", record) == {
        "id": "name:Deco",
        "country_id": ["name:Belgium", "Belgium"],
        "write_date": "<masked>",
        "color": 0,
    }
    group_domain = ["&", ["id", "in", [7, 9]], ["country_id", "=", 20]]
    assert normaliser.domain(1, "res.partner", group_domain) == [
        "&", "<universe>", ["country_id", "=", "name:Belgium"],
    ]  # fmt: skip


def test_error_messages_lose_their_ids() -> None:
    message = "Record does not exist or has been deleted.\n(Record: res.partner(12, 13), User: 2)"
    assert mask_message(message) == (
        "Record does not exist or has been deleted.\n(Record: res.partner(<ids>), User: <id>)"
    )
    hierarchy = (
        "Invalid field res.country.parent_id in condition ('parent_id', 'in', OrderedSet([174]))"
    )
    assert mask_message(hierarchy) == (
        "Invalid field res.country.parent_id in condition ('parent_id', 'in', OrderedSet([<ids>]))"
    )


def test_a_count_of_a_relational_field_in_a_group_is_a_number() -> None:
    pair = servers()
    normaliser = Normaliser(Schema(pair), SymbolTable(pair), {})
    group = {"__domain": [["name", "=", "x"]], "name": "x", "country_id": 3}
    assert normaliser.record(1, "res.partner", group)["country_id"] == 3


def test_generation_is_seeded_and_uses_real_fields() -> None:
    def calls(seed: int) -> list[str]:
        pair = servers()
        gen = Generator(random.Random(seed), Schema(pair), SymbolTable(pair), ["res.partner"], "t")
        gen.load_samples(
            "res.partner", [{"id": 1, "name": "Azure", "color": 3, "country_id": [10, "Belgium"]}]
        )
        return [repr(gen.call()) for _ in range(30)]

    assert calls(1) == calls(1)
    assert calls(1) != calls(2)
    generated = " ".join(calls(3))
    assert "message_ids" not in generated  # mail fields are left alone
    assert "res.partner:base.res_partner_12" in generated  # the universe leaf, by symbol


def test_kinds_group_by_what_differs() -> None:
    schema = Schema(servers())
    ref_error = {"status": 500, "error": "builtins.ValueError", "message": "x"}
    assert category("res.partner", ref_error, []) == "status 500 builtins.ValueError / 200"
    assert category("res.partner", [{"id": "a", "name": "x"}], [{"id": "a", "name": "y"}]) == (
        "value res.partner.name"
    )
    assert first_difference([1, 2], [1]) == "(length)"
    call = Call(
        "res.partner", "search", {"domain": [["id", "in", []], ["color", "<", False]], "limit": 1}
    )
    assert signature(schema, call) == "integer < bool; limit"


def test_a_group_keyed_by_a_record_only_one_side_has_is_left_out() -> None:
    pair = servers()
    normaliser = Normaliser(Schema(pair), SymbolTable(pair), {})
    groups = [
        {"__extra_domain": [["country_id", "=", 20]], "country_id": [20, "Belgium"]},
        {"__extra_domain": [["country_id", "=", 99]], "country_id": [99, "Nowhere"]},
    ]
    rows = normaliser.result(1, "res.partner", "formatted_read_group", groups)
    assert [row["country_id"] for row in rows] == [["name:Belgium", "Belgium"]]
