"""Product categories every database gets and the demo products, with Odoo's
external ids (``product.product_category_goods``, ``product.product_delivery_01``...)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

from jsontwo.modules.base.access_data import load_access_files
from jsontwo.orm import Environment

#: (external id, name, parent's external id), parents first: Odoo's categories
CATEGORIES: tuple[tuple[str, str, str | None], ...] = (
    ("product.product_category_goods", "Goods", None),
    ("product.product_category_expenses", "Expenses", None),
    ("product.product_category_services", "Services", None),
)
DEMO_CATEGORIES: tuple[tuple[str, str, str | None], ...] = (
    ("product.product_category_furniture", "Furniture", None),
    ("product.product_category_office", "Office", "product.product_category_furniture"),
    ("product.product_category_outdoor_furniture", "Outdoor", "product.product_category_furniture"),
    ("product.product_category_construction", "Home Construction", None),
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
    """The values of the demo product ``item`` (of ``demo/products.json``); its
    taxes, if any, come with the account module's demo (they do not exist yet)."""
    vals: dict[str, Any] = {
        "name": item["name"],
        "type": item.get("type", "consu"),
        "list_price": item["list_price"],
        "standard_price": item["standard_price"],
        "categ_id": ref(item["categ"]),
        # given rather than defaulted: a default is worked out once per product
        "uom_id": ref(item["uom"]),
        "taxes_id": [[6, 0, []]],
    }
    for key in ("default_code", "barcode", "description_sale", "sale_ok", "purchase_ok"):
        if key in item:
            vals[key] = item[key]
    return vals


def demo_products() -> list[dict[str, Any]]:
    """The demo products of ``demo/products.json``: Odoo's, a variant per template
    (its external ids, ``xmlids``, and its template's, ``template_xmlids``)."""
    items: list[dict[str, Any]] = json.loads(
        resources.files("jsontwo.modules.product")
        .joinpath("demo", "products.json")
        .read_text(encoding="utf-8")
    )
    return items


def load_demo(env: Environment) -> None:
    """Create the demo categories and products (one create for all the products)."""
    _ensure_categories(env, DEMO_CATEGORIES)
    data = env["ir.model.data"]
    items = demo_products()
    # each external id is looked up once, however many products name it
    ref = functools.cache(functools.partial(data._xmlid_to_res_id, raise_if_not_found=True))
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
    # external ids in two creates: the variants', the templates'
    named: dict[str, tuple[list[str], list[int]]] = {
        "xmlids": ([], []),
        "template_xmlids": ([], []),
    }
    for key, ids in (("xmlids", variants.ids), ("template_xmlids", templates)):
        for rid, item in zip(ids, items, strict=True):
            named[key][0].extend(item[key])
            named[key][1].extend([rid] * len(item[key]))
    data._declare_many(named["xmlids"][0], variants.browse(named["xmlids"][1]))
    data._declare_many(
        named["template_xmlids"][0], env["product.template"].browse(named["template_xmlids"][1])
    )
