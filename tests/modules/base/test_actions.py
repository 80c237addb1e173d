"""The action types as records (ir.actions.act_window, .client, .act_url,
.server): each shares the id of its ir.actions.actions record, as in Odoo, so
a user's home action reads the same either way; the window actions of the
modules are there under Odoo's external ids; only administrators read them."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import Registry
from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok
from tests.modules.base.test_apikeys import new_user


def ref(api: Api, module: str, name: str) -> int:
    """The id of the record named ``module.name``."""
    body = {"module": module, "xml_id": name}
    return int(assert_ok(api.call("ir.model.data", "check_object_reference", body))[1])


def read(api: Api, model: str, ids: list[int], fields: list[str]) -> list[dict[str, Any]]:
    return list(assert_ok(api.call(model, "read", {"ids": ids, "fields": fields})))


def test_the_modules_window_actions_are_there(api: Api) -> None:
    partners = ref(api, "base", "action_partner_form")
    [window] = read(
        api,
        "ir.actions.act_window",
        [partners],
        ["name", "type", "res_model", "view_mode", "context", "views", "target", "limit"],
    )
    assert window == {
        "id": partners,
        "name": "Customers",
        "type": "ir.actions.act_window",
        "res_model": "res.partner",
        "view_mode": "list,kanban,form",
        "context": "{'res_partner_search_mode': 'customer'}",
        "views": [[False, "list"], [False, "kanban"], [False, "form"]],
        "target": "current",
        "limit": 80,
    }
    # the same id is the generic action
    assert read(api, "ir.actions.actions", [partners], ["name", "type"]) == [
        {"id": partners, "name": "Customers", "type": "ir.actions.act_window"}
    ]
    orders = ref(api, "sale", "action_orders")
    assert read(api, "ir.actions.act_window", [orders], ["res_model", "path"]) == [
        {"id": orders, "res_model": "sale.order", "path": "orders"}
    ]


def test_each_type_shares_the_id_of_its_action(api: Api) -> None:
    client = assert_ok(
        api.call(
            "ir.actions.client",
            "create",
            {"vals_list": [{"name": "Actions dashboard", "tag": "dashboard"}]},
        )
    )[0]
    url = assert_ok(
        api.call(
            "ir.actions.act_url",
            "create",
            {"vals_list": [{"name": "Actions site", "url": "https://example.com"}]},
        )
    )[0]
    window = assert_ok(
        api.call(
            "ir.actions.act_window",
            "create",
            {
                "vals_list": [
                    {
                        "name": "Actions window",
                        "res_model": "res.partner",
                        "view_mode": "form,list",
                        "view_ids": [[0, 0, {"view_mode": "list", "sequence": 1}]],
                    }
                ]
            },
        )
    )[0]
    assert len({client, url, window}) == 3
    generic = read(api, "ir.actions.actions", [client, url, window], ["name", "type"])
    assert [(a["name"], a["type"]) for a in generic] == [
        ("Actions dashboard", "ir.actions.client"),
        ("Actions site", "ir.actions.act_url"),
        ("Actions window", "ir.actions.act_window"),
    ]
    assert read(api, "ir.actions.act_url", [url], ["target", "url"]) == [
        {"id": url, "target": "new", "url": "https://example.com"}
    ]
    # the listed views first, then the modes of view_mode not yet listed
    assert read(api, "ir.actions.act_window", [window], ["views"]) == [
        {"id": window, "views": [[False, "list"], [False, "form"]]}
    ]
    # a renamed window action is renamed as an action too
    assert_ok(api.call("ir.actions.act_window", "write", {"ids": [window], "vals": {"name": "W2"}}))
    assert read(api, "ir.actions.actions", [window], ["name"]) == [{"id": window, "name": "W2"}]
    # the user's home action takes any of them
    assert_ok(api.call("res.users", "write", {"ids": [2], "vals": {"action_id": client}}))
    assert read(api, "res.users", [2], ["action_id"]) == [
        {"id": 2, "action_id": [client, "Actions dashboard"]}
    ]
    assert_ok(api.call("res.users", "write", {"ids": [2], "vals": {"action_id": False}}))
    # deleting a type's record deletes the action
    assert assert_ok(api.call("ir.actions.client", "unlink", {"ids": [client]}))
    assert read(api, "ir.actions.actions", [client, url], ["name"]) == [
        {"id": url, "name": "Actions site"}
    ]
    assert assert_ok(api.call("ir.actions.actions", "unlink", {"ids": [url, window]}))
    assert read(api, "ir.actions.act_url", [url], ["name"]) == []
    assert read(api, "ir.actions.act_window", [window], ["name"]) == []


def test_only_administrators_read_actions(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    for model in ("ir.actions.act_window", "ir.actions.client", "ir.actions.server"):
        assert_error(
            api.call(model, "search_read", {"fields": ["name"]}, key=user.key),
            403,
            "odoo.exceptions.AccessError",
        )
