"""ir.module.module's icon and the lists of what a module made (views, menus,
reports), as Odoo 19's clients read them (docs/modules.md)."""

from __future__ import annotations

import base64
from typing import Any

from tests.conftest import Api
from tests.modules.base.test_methods_api import ok

M = "ir.module.module"
FIELDS = ["name", "icon", "icon_image", "views_by_module", "menus_by_module", "reports_by_module"]


def read_module(api: Api, name: str) -> dict[str, Any]:
    [row] = ok(api, M, "search_read", {"domain": [("name", "=", name)], "fields": FIELDS})
    return dict(row)


def test_each_module_has_its_own_icon(api: Api) -> None:
    """``icon`` is the path Odoo gives; ``icon_image`` a PNG, another for each module."""
    base, sale = read_module(api, "base"), read_module(api, "sale")
    assert base["icon"] == "/base/static/description/icon.png"
    assert sale["icon"] == "/sale/static/description/icon.png"
    images = [base64.b64decode(row["icon_image"]) for row in (base, sale)]
    assert all(image.startswith(b"\x89PNG\r\n\x1a\n") for image in images)
    assert images[0] != images[1]


def test_what_a_module_made(api: Api) -> None:
    """The views (extensions marked), menus (full paths) and reports a module's
    external ids name, one a line, sorted, as Odoo lists them."""
    assert read_module(api, "sale")["reports_by_module"] == "PRO-FORMA Invoice\nQuotation / Order"
    parent = ok(
        api,
        "ir.ui.view",
        "create",
        {
            "vals_list": [
                {
                    "name": "modinfo zeta",
                    "model": "res.partner",
                    "arch": "<form><field name='name'/></form>",
                }
            ]
        },
    )[0]
    child = ok(
        api,
        "ir.ui.view",
        "create",
        {
            "vals_list": [
                {
                    "name": "modinfo alpha",
                    "model": "res.partner",
                    "inherit_id": parent,
                    "arch": "<field name='name' position='after'><field name='ref'/></field>",
                }
            ]
        },
    )[0]
    top = ok(api, "ir.ui.menu", "create", {"vals_list": [{"name": "Modinfo"}]})[0]
    sub = ok(api, "ir.ui.menu", "create", {"vals_list": [{"name": "Sub", "parent_id": top}]})[0]
    made = [("ir.ui.view", parent), ("ir.ui.view", child), ("ir.ui.menu", sub), ("ir.ui.menu", top)]
    ok(
        api,
        "ir.model.data",
        "create",
        {
            "vals_list": [
                {"module": "modinfo_probe", "name": f"x{n}", "model": model, "res_id": res_id}
                for n, (model, res_id) in enumerate(made)
            ]
        },
    )
    # a module of that name, installed, lists them
    ok(api, M, "create", {"vals_list": [{"name": "modinfo_probe", "state": "installed"}]})
    row = read_module(api, "modinfo_probe")
    assert row["views_by_module"] == "* INHERIT modinfo alpha (form)\nmodinfo zeta (form)"
    assert row["menus_by_module"] == "Modinfo\nModinfo/Sub"
    assert row["reports_by_module"] == ""
    # no icon of its own: base's, as Odoo shows
    assert row["icon"] == "/base/static/description/icon.png"
