"""ir.ui.view: inheritance and the arch_* fields over JSON-2, as Odoo 19 answers
(docs/models.md, "Views")."""

from __future__ import annotations

import uuid
from typing import Any

from tests.conftest import Api
from tests.modules.base.test_methods_api import error, ok

V = "ir.ui.view"
PARENT_ARCH = '<form><field name="name"/><field name="email"/></form>'
PARSE_ERROR = "Error while parsing or validating view:\n\n"


def xpath(after: str, field: str) -> str:
    """An inheriting view's spec adding ``field`` after ``after``."""
    return (
        f'<xpath expr="//field[@name=\'{after}\']" position="after"><field name="{field}"/></xpath>'
    )


def create(api: Api, **vals: Any) -> int:
    vals.setdefault("name", f"view_{uuid.uuid4().hex[:10]}")
    [view_id] = ok(api, V, "create", {"vals_list": [vals]})
    return int(view_id)


def read(api: Api, view_id: int, fields: list[str]) -> dict[str, Any]:
    [row] = ok(api, V, "read", {"ids": [view_id], "fields": fields})
    return dict(row)


def test_a_primary_view_and_its_inheriting_views(api: Api) -> None:
    """The type comes from the root tag or the parent; a view without a mode that
    inherits is an extension; ``arch`` is the view's own text, kept as
    ``arch_db`` and as the previous architecture."""
    parent = create(api, model="res.partner", priority=1000, arch=PARENT_ARCH)
    # children come in the views' order (priority, name, id): names that sort as made
    run = uuid.uuid4().hex[:10]
    ext = create(
        api, model="res.partner", inherit_id=parent, arch=xpath("name", "ref"), name=f"a_{run}"
    )
    prim = create(
        api,
        model="res.partner",
        inherit_id=parent,
        mode="primary",
        arch=xpath("email", "phone"),
        name=f"b_{run}",
    )
    fields = ["type", "mode", "arch", "arch_base", "arch_db", "arch_prev", "arch_updated"]
    assert read(api, parent, fields) == {
        "id": parent,
        "type": "form",
        "mode": "primary",
        "arch": PARENT_ARCH,
        "arch_base": PARENT_ARCH,
        "arch_db": PARENT_ARCH,
        "arch_prev": PARENT_ARCH,
        "arch_updated": False,
    }
    assert read(api, ext, ["type", "mode", "arch"]) == {
        "id": ext,
        "type": "form",
        "mode": "extension",
        "arch": xpath("name", "ref"),
    }
    assert read(api, prim, ["mode", "inherit_id"])["mode"] == "primary"
    assert read(api, parent, ["inherit_children_ids"])["inherit_children_ids"] == [ext, prim]
    more = read(api, parent, ["xml_id", "model_data_id", "warning_info", "invalid_locators"])
    assert more == {
        "id": parent,
        "xml_id": "",
        "model_data_id": False,
        "warning_info": "",
        "invalid_locators": False,
    }
    assert read(api, parent, ["model_id"])["model_id"][1] == "Contact"


def test_writing_arch_writes_arch_db(api: Api) -> None:
    """Writing ``arch`` marks the view modified and keeps the old text; writing
    ``arch_db`` keeps the old text only."""
    view = create(api, model="res.partner", priority=1000, arch=PARENT_ARCH)
    new_arch = '<form><field name="name"/></form>'
    assert ok(api, V, "write", {"ids": [view], "vals": {"arch": new_arch}}) is True
    fields = ["arch", "arch_db", "arch_prev", "arch_updated"]
    assert read(api, view, fields) == {
        "id": view,
        "arch": new_arch,
        "arch_db": new_arch,
        "arch_prev": PARENT_ARCH,
        "arch_updated": True,
    }
    other = create(api, model="res.partner", priority=1000, arch=PARENT_ARCH)
    ok(api, V, "write", {"ids": [other], "vals": {"arch_db": new_arch}})
    assert read(api, other, ["arch", "arch_prev", "arch_updated"]) == {
        "id": other,
        "arch": new_arch,
        "arch_prev": PARENT_ARCH,
        "arch_updated": False,
    }


def test_an_architecture_must_be_xml(api: Api) -> None:
    """Odoo's errors: text that is no XML (a ValidationError with a null context),
    an encoding declaration (a UserError when writing ``arch``, the parser's
    ValueError when creating), a root tag that is no view type, no architecture."""
    view = create(api, model="res.partner", priority=1000, arch=PARENT_ARCH)
    bad = error(api, V, "write", {"ids": [view], "vals": {"arch": "<form><field></form>"}}, 422)
    assert bad["name"] == "odoo.exceptions.ValidationError"
    assert bad["message"].startswith(PARSE_ERROR) and bad["context"] is None
    assert read(api, view, ["arch"])["arch"] == PARENT_ARCH
    vals = {"model": "res.partner", "type": "form", "arch": "no xml", "name": "bad"}
    assert error(api, V, "create", {"vals_list": [vals]}, 422)["message"].startswith(PARSE_ERROR)
    declared = '<?xml version="1.0" encoding="utf-8"?><form/>'
    encoded = error(api, V, "write", {"ids": [view], "vals": {"arch": declared}}, 422)
    assert encoded["message"] == (
        "Unicode strings with encoding declaration are not supported in XML.\n"
        "Remove the encoding declaration."
    )
    created = error(api, V, "create", {"vals_list": [{**vals, "arch": declared}]}, 500)
    assert created["name"] == "builtins.ValueError"
    odd = {"model": "res.partner", "arch": "<foo/>", "name": "odd"}
    assert error(api, V, "create", {"vals_list": [odd]}, 422)["message"].startswith(
        "Invalid view type: 'foo'."
    )
    missing = {"model": "res.partner", "name": "missing"}
    assert error(api, V, "create", {"vals_list": [missing]}, 422)["message"] == (
        "Missing view architecture."
    )
    empty = create(api, model="res.partner", type="form", priority=1000, arch="")
    assert read(api, empty, ["arch"])["arch"] == ""


def test_inheritance_rules(api: Api) -> None:
    """An extension needs a parent, inheritance may not loop, a parent with
    children cannot go, a view that stops inheriting becomes primary, and a view
    without a name is named after its model and type."""
    alone = {"model": "res.partner", "mode": "extension", "arch": "<form/>", "name": "alone"}
    refused = error(api, V, "create", {"vals_list": [alone]}, 422)
    assert "Invalid inheritance mode" in refused["message"]
    parent = create(api, model="res.partner", priority=1000, arch=PARENT_ARCH)
    child = create(api, model="res.partner", inherit_id=parent, arch=xpath("name", "ref"))
    loop = error(api, V, "write", {"ids": [parent], "vals": {"inherit_id": child}}, 422)
    assert loop["message"] == "You cannot create recursive inherited views."
    gone = error(api, V, "unlink", {"ids": [parent]}, 422)
    assert gone["name"] == "odoo.exceptions.ValidationError"
    ok(api, V, "write", {"ids": [child], "vals": {"inherit_id": False, "arch": PARENT_ARCH}})
    assert read(api, child, ["mode", "inherit_id"]) == {
        "id": child,
        "mode": "primary",
        "inherit_id": False,
    }
    [unnamed] = ok(api, V, "create", {"vals_list": [{"model": "res.partner", "arch": "<list/>"}]})
    assert read(api, unnamed, ["name", "type"]) == {
        "id": unnamed,
        "name": "res.partner list",
        "type": "list",
    }
