"""uom.uom as Odoo 19 has it: units defined against a reference unit, the
shipped units with Odoo's external ids, conversions, and the guards on
factors and on deleting the system's units."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import Environment, Registry
from jsontwo.service.apikeys import create_api_key
from jsontwo.service.databases import with_superuser
from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok
from tests.modules.base.test_apikeys import new_user, unique

USER_ERROR = "odoo.exceptions.UserError"
VALIDATION_ERROR = "odoo.exceptions.ValidationError"
ACCESS_ERROR = "odoo.exceptions.AccessError"


def ref(registry: Registry, xmlid: str) -> int:
    """The id of the record named ``xmlid``."""

    def work(env: Environment) -> int:
        found = env["ir.model.data"]._xmlid_to_res_id(xmlid, raise_if_not_found=True)
        assert found is not None
        return found

    return with_superuser(registry, work, defer_write_lock=True)


def test_units_and_dozens_with_odoos_external_ids(api: Api, registry: Registry) -> None:
    unit, dozen = ref(registry, "uom.product_uom_unit"), ref(registry, "uom.product_uom_dozen")
    rows = assert_ok(
        api.call(
            "uom.uom",
            "read",
            {
                "ids": [unit, dozen],
                "fields": ["name", "relative_factor", "relative_uom_id", "factor", "rounding"],
            },
        )
    )
    assert rows == [
        {
            "id": unit,
            "name": "Units",
            "relative_factor": 1.0,
            "relative_uom_id": False,
            "factor": 1.0,
            "rounding": 0.01,
        },
        {
            "id": dozen,
            "name": "Dozens",
            "relative_factor": 12.0,
            "relative_uom_id": [unit, "Units"],
            "factor": 12.0,
            "rounding": 0.01,
        },
    ]
    # Odoo's order: sequence (from the factor), then the reference unit; Dozens
    # are archived, as in Odoo
    everything = {"fields": ["name"], "context": {"active_test": False}}
    names = [row["name"] for row in assert_ok(api.call("uom.uom", "search_read", everything))]
    assert names.index("Units") < names.index("Pack of 6") < names.index("Dozens")


def test_a_unit_of_a_unit_multiplies_the_factors(api: Api) -> None:
    dozen = assert_ok(
        api.call(
            "uom.uom",
            "name_search",
            {"name": "Dozens", "operator": "=", "context": {"active_test": False}},
        )
    )
    box = assert_ok(
        api.call(
            "uom.uom",
            "create",
            {
                "vals_list": [
                    {"name": unique("Box"), "relative_factor": 10, "relative_uom_id": dozen[0][0]}
                ]
            },
        )
    )
    read = api.call("uom.uom", "read", {"ids": box, "fields": ["factor", "sequence"]})
    assert assert_ok(read)[0]["factor"] == 120.0
    # the reference grows: the units defined against it follow
    unit = assert_ok(
        api.call(
            "uom.uom", "create", {"vals_list": [{"name": unique("Base"), "relative_factor": 1}]}
        )
    )
    crate = assert_ok(
        api.call(
            "uom.uom",
            "create",
            {
                "vals_list": [
                    {"name": unique("Crate"), "relative_factor": 4, "relative_uom_id": unit[0]}
                ]
            },
        )
    )
    assert_ok(api.call("uom.uom", "write", {"ids": crate, "vals": {"relative_factor": 5}}))
    read = api.call("uom.uom", "read", {"ids": crate, "fields": ["factor", "parent_path"]})
    row = assert_ok(read)[0]
    assert row["factor"] == 5.0
    assert row["parent_path"] == f"{unit[0]}/{crate[0]}/"


def test_factor_guards(api: Api, registry: Registry) -> None:
    error = assert_error(
        api.call(
            "uom.uom", "create", {"vals_list": [{"name": unique("Zero"), "relative_factor": 0}]}
        ),
        422,
        VALIDATION_ERROR,
    )
    assert error["message"] == (
        "The operation cannot be completed: The conversion ratio for a unit of measure cannot be 0!"
    )
    assert_error(
        api.call(
            "uom.uom", "create", {"vals_list": [{"name": unique("Lost"), "relative_factor": 3}]}
        ),
        422,
        USER_ERROR,
        "Reference unit of measure is missing.",
    )
    # a factor too large for the sequence worked out from it: no sequence, no error
    units = ref(registry, "uom.product_uom_unit")
    for factor in (1e308, -1e308):
        vals = {"name": unique("Huge"), "relative_factor": factor, "relative_uom_id": units}
        assert assert_ok(api.call("uom.uom", "create", {"vals_list": [vals]}))


def test_system_units_are_archived_not_deleted(api: Api, registry: Registry) -> None:
    unit = ref(registry, "uom.product_uom_unit")
    assert_error(
        api.call("uom.uom", "unlink", {"ids": [unit]}),
        422,
        USER_ERROR,
        "The following units of measure are used by the system and cannot be deleted: "
        "Units\nYou can archive them instead.",
    )
    mine = assert_ok(api.call("uom.uom", "create", {"vals_list": [{"name": unique("Mine")}]}))
    assert assert_ok(api.call("uom.uom", "unlink", {"ids": mine})) is True


def test_conversions(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        unit = env.ref("uom.product_uom_unit")
        dozen = env.ref("uom.product_uom_dozen")
        assert unit is not None and dozen is not None
        return (
            dozen._compute_quantity(2, unit),
            unit._compute_quantity(18, dozen),
            unit._compute_quantity(1, dozen),
            unit._compute_quantity(1, dozen, round=False),
            dozen._compute_price(120.0, unit),
            unit._compute_price(10.0, dozen),
        )

    assert with_superuser(registry, work) == (24.0, 1.5, 0.09, 1 / 12, 10.0, 120.0)


def test_internal_users_read_units_portal_users_do_not(api: Api, registry: Registry) -> None:
    demo = create_api_key(registry, "demo", unique("demo"))
    found = assert_ok(api.call("uom.uom", "search_count", {"domain": []}, key=demo))
    assert found >= 2
    error = assert_error(
        api.call("uom.uom", "create", {"vals_list": [{"name": "x"}]}, key=demo), 403, ACCESS_ERROR
    )
    assert error["message"].startswith(
        "You are not allowed to create 'Product Unit of Measure' (uom.uom) records."
    )
    portal = new_user(registry, groups=["base.group_portal"])
    assert_error(
        api.call("uom.uom", "search_count", {"domain": []}, key=portal.key), 403, ACCESS_ERROR
    )
