"""The normaliser: ids to symbolic names, run values to variables, masks."""

from __future__ import annotations

from typing import Any

from jsontwo.conformance.normalise import Normaliser, mask_text

from .helpers import context


def normaliser(step: dict[str, Any] | None = None) -> tuple[Normaliser, Any]:
    ctx = context()
    return Normaliser(ctx, step or {}), ctx


def test_saved_ids_take_the_variable_name_others_a_number_by_appearance() -> None:
    norm, ctx = normaliser()
    ctx.save("co", 42, "res.partner")
    ctx.save("pair", [7, 8], "res.partner")
    assert norm.result("res.partner", "search", [42, 99, 8, 98, 99]) == [
        "<co>",
        "<res.partner#1>",
        "<pair[1]>",
        "<res.partner#2>",
        "<res.partner#1>",
    ]


def test_ids_are_named_per_model() -> None:
    norm, _ = normaliser()
    record = {"id": 5, "country_id": [5, "Belgium"], "parent_id": False}
    assert norm.result("res.partner", "read", [record]) == [
        {"id": "<res.partner#1>", "country_id": ["<res.country#1>", "Belgium"], "parent_id": False}
    ]


def test_relational_values_lists_and_commands_follow_relations() -> None:
    norm, ctx = normaliser()
    ctx.save("tag", 3, "res.partner.category")
    record = {
        "category_id": [3, 4],
        "child_ids": [[0, 0, {"name": "x", "country_id": 9}], [4, 11], [6, 0, [12, 13]]],
    }
    assert norm.record("res.partner", record) == {
        "category_id": ["<tag>", "<res.partner.category#1>"],
        "child_ids": [
            [0, 0, {"name": "x", "country_id": "<res.country#1>"}],
            [4, "<res.partner#1>"],
            [6, 0, ["<res.partner#2>", "<res.partner#3>"]],
        ],
    }


def test_a_reference_record_names_its_id_in_its_own_model() -> None:
    norm, ctx = normaliser()
    ctx.save("users", 70, "ir.actions.act_window")
    record = {"id": 5, "action": {"id": {"id": 70, "model": "ir.actions.act_window"}}}
    assert norm.result("ir.ui.menu", "web_read", [record]) == [
        {
            "id": "<ir.ui.menu#1>",
            "action": {"id": {"id": "<users>", "model": "ir.actions.act_window"}},
        }
    ]


def test_booleans_zero_and_negative_numbers_are_not_ids() -> None:
    norm, _ = normaliser()
    assert norm.result("res.partner", "search", [True, 0, -1]) == [True, 0, -1]
    assert norm.record("res.partner", {"id": True, "parent_id": 0}) == {"id": True, "parent_id": 0}


def test_run_values_become_variables_longest_first() -> None:
    norm, ctx = normaliser()
    ctx.save("ref", "R-cftest01", None)
    assert norm.text("cftest01 Co") == "${run} Co"
    assert norm.text("ref R-cftest01") == "ref ${ref}"
    assert norm.text("CFTEST01") == "${RUN}"
    assert norm.text("on 2026-03-16 10:30:00") == "on ${now}"
    assert (
        norm.text("from 2026-03-01 to 2026-04-01") == "from ${month_start} to ${next_month_start}"
    )


def test_short_strings_and_the_database_name_stay() -> None:
    norm, ctx = normaliser()
    ctx.save("short", "abc", None)
    assert norm.text("abc db1") == "abc db1"


def test_volatile_keys_are_masked_only_when_set() -> None:
    norm, _ = normaliser({"mask_keys": ["ref"]})
    record = {
        "write_date": "2026-01-01 00:00:00",
        "create_date": False,
        "ref": "x",
        "avatar_128": "",
    }
    assert norm.record("res.partner", record) == {
        "write_date": "<volatile>",
        "create_date": False,
        "ref": "<volatile>",
        "avatar_128": "",
    }


def test_group_results_keep_their_date_labels() -> None:
    norm, _ = normaliser()
    groups = [{"create_date:month": "March 2026", "create_date": "x", "__count": 2}]
    assert norm.result("res.partner", "formatted_read_group", groups) == [
        {"create_date:month": "${month_label}", "create_date": "x", "__count": 2}
    ]


def test_ids_in_messages_are_named() -> None:
    _, ctx = normaliser()
    ctx.save("p", 12, "res.partner")
    text = "Record does not exist: res.partner(12, 13,) for User: 2 (id=2)"
    assert mask_text(ctx, text) == (
        "Record does not exist: res.partner(<p>, <res.partner#1>,) "
        "for User: <res.users#1> (id=<res.users#1>)"
    )


def test_step_masks_id_patterns_and_reprs() -> None:
    norm, _ = normaliser(
        {"mask": [r"token \w+"], "id_patterns": [[r"tag #(\d+)", "res.partner.category"]]}
    )
    text = "<object at 0x7f3a2b> token abc tag #5"
    assert norm.text(text) == "<object at <masked>> <masked> tag #<res.partner.category#1>"


def test_no_id_mask_keeps_ids() -> None:
    norm, _ = normaliser({"no_id_mask": True})
    assert norm.result("res.partner", "search", [4, 5]) == [4, 5]


def test_domains_of_groups_name_the_ids_of_relational_paths() -> None:
    norm, _ = normaliser()
    group = {
        "__extra_domain": [["country_id", "=", 3], ["parent_id.id", "in", [4]], ["name", "=", "x"]],
        "__count": 1,
    }
    assert norm.record("res.partner", group)["__extra_domain"] == [
        ["country_id", "=", "<res.country#1>"],
        ["parent_id.id", "in", ["<res.partner#1>"]],
        ["name", "=", "x"],
    ]


def test_aggregates_of_ids_and_groupby_paths() -> None:
    norm, _ = normaliser()
    group = {"country_id:array_agg": [3, 4], "parent_id.country_id": [3, "Belgium"], "id:count": 2}
    assert norm.record("res.partner", group) == {
        "country_id:array_agg": ["<res.country#1>", "<res.country#2>"],
        "parent_id.country_id": ["<res.country#1>", "Belgium"],
        "id:count": 2,
    }


def test_name_search_pairs_and_name_create() -> None:
    norm, _ = normaliser()
    assert norm.result("res.partner", "name_search", [[8, "A"], [9, "B"]]) == [
        ["<res.partner#1>", "A"],
        ["<res.partner#2>", "B"],
    ]
    assert norm.result("res.partner", "name_create", [8, "A"]) == ["<res.partner#1>", "A"]


def test_special_keys_outside_records() -> None:
    norm, _ = normaliser()
    answer = {"uid": 2, "res_model": "res.partner", "res_id": 7, "lang": "en_US"}
    assert norm.result("res.users", "context_get", answer) == {
        "uid": "<res.users#1>",
        "res_model": "res.partner",
        "res_id": "<res.partner#1>",
        "lang": "en_US",
    }


def test_a_save_infers_the_model_through_relational_fields() -> None:
    _, ctx = normaliser()
    assert ctx.infer_model("res.partner", "$[0].country_id[0]") == "res.country"
    assert ctx.infer_model("res.partner", "$.records[0].id") == "res.partner"
    assert ctx.infer_model("res.partner", "$[0].name") is None


def test_substitution_keeps_json_types_alone_and_interpolates_inside() -> None:
    _, ctx = normaliser()
    ctx.save("ids", [1, 2], "res.partner")
    body = {"ids": "${ids}", "name": "${run} x ${ids}", "other": "${unknown}"}
    assert ctx.subst(body) == {"ids": [1, 2], "name": "cftest01 x [1, 2]", "other": "${unknown}"}
