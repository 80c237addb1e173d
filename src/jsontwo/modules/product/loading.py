"""Product categories every database gets and the demo products, with Odoo's
external ids (``product.product_category_all``, ``product.product_delivery_01``...)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

from jsontwo.modules.base.access_data import load_access_files
from jsontwo.orm import Environment

#: (external id, name, parent's external id), parents first
CATEGORIES: tuple[tuple[str, str, str | None], ...] = (
    ("product.product_category_all", "All", None),
    ("product.product_category_1", "Saleable", "product.product_category_all"),
    ("product.cat_expense", "Expenses", "product.product_category_all"),
)
DEMO_CATEGORIES: tuple[tuple[str, str, str | None], ...] = (
    ("product.product_category_5", "Office Furniture", "product.product_category_1"),
    ("product.product_category_3", "Services", "product.product_category_all"),
)


def load_data(env: Environment) -> None:
    """Create the product categories (and the access rights)."""
    upgrade_data(env)


def upgrade_data(env: Environment) -> None:
    """Create the categories a database lacks (idempotent), then the access rights."""
    _ensure_categories(env, CATEGORIES)
    load_access_files(env, "product")


def _ensure_categories(
    env: Environment, categories: tuple[tuple[str, str, str | None], ...]
) -> None:
    """Create the categories of ``categories`` that do not exist, a level of the
    tree per create (parents first)."""
    data = env["ir.model.data"]
    known = {xmlid: data._xmlid_to_res_id(xmlid) for xmlid, _name, _parent in categories}
    while True:
        todo = [
            (xmlid, name, parent)
            for xmlid, name, parent in categories
            if known[xmlid] is None and (parent is None or known.get(parent, 0) is not None)
        ]
        if not todo:
            return
        parents = {p: known.get(p) or data._xmlid_to_res_id(p) for _x, _n, p in todo if p}
        created = env["product.category"].create(
            [
                {"name": name, "parent_id": (parents.get(parent) if parent else None) or False}
                for _x, name, parent in todo
            ]
        )
        data._declare_many([xmlid for xmlid, _name, _parent in todo], created)
        known.update(zip((xmlid for xmlid, _n, _p in todo), created.ids, strict=True))


def _demo_product_vals(item: dict[str, Any], ref: Callable[[str], int | bool]) -> dict[str, Any]:
    """The values of the demo product ``item`` (of ``demo/products.json``)."""
    vals: dict[str, Any] = {
        "name": item["name"],
        "type": item.get("type", "consu"),
        "list_price": item["list_price"],
        "standard_price": item["standard_price"],
        "categ_id": ref(item["categ"]),
        # given rather than defaulted: a default is worked out once per product
        "uom_id": ref(item.get("uom", "uom.product_uom_unit")),
    }
    for key in ("default_code", "barcode", "description_sale"):
        if key in item:
            vals[key] = item[key]
    return vals


def load_demo(env: Environment) -> None:
    """Create the demo categories and products (one create for all the products)."""
    _ensure_categories(env, DEMO_CATEGORIES)
    data = env["ir.model.data"]
    items: list[dict[str, Any]] = json.loads(
        resources.files("jsontwo.modules.product")
        .joinpath("demo", "products.json")
        .read_text(encoding="utf-8")
    )
    # each external id is looked up once, however many products name it
    lookup = functools.cache(functools.partial(data._xmlid_to_res_id, raise_if_not_found=True))

    def ref(xmlid: str) -> int | bool:
        """The id named by ``xmlid`` (in the product module without a module)."""
        return lookup(xmlid if "." in xmlid else f"product.{xmlid}") or False

    variants = env["product.product"].create([_demo_product_vals(item, ref) for item in items])
    templates = [
        row["product_tmpl_id"]
        for row in variants.with_context(active_test=False).read(["product_tmpl_id"], load=None)
    ]
    archived = [
        tid for tid, item in zip(templates, items, strict=True) if not item.get("active", True)
    ]
    if archived:  # archiving a template archives its variant
        env["product.template"].browse(archived).write({"active": False})
    names = [f"product.{item['id']}" for item in items]
    data._declare_many(names, variants)
    data._declare_many(
        [f"{name}_product_template" for name in names],
        env["product.template"].browse(templates),
    )
