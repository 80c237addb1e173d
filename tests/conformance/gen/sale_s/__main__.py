"""Write track S's scenario files: ``python3 -m tests.conformance.gen.sale_s``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.conformance.gen.sale_s.amounts import s8_sale_amounts, s9_sale_queries
from tests.conformance.gen.sale_s.catalog import s1_fields_get, s2_uom, s3_category
from tests.conformance.gen.sale_s.common import OUT
from tests.conformance.gen.sale_s.demo import s7_demo, s10_names
from tests.conformance.gen.sale_s.orders import s6_sale_order
from tests.conformance.gen.sale_s.products import s4_product, s5_tax
from tests.conformance.gen.shapes import write_scenario

SCENARIOS: dict[str, Callable[[], dict[str, Any]]] = {
    "s1_fields_get": s1_fields_get,
    "s2_uom": s2_uom,
    "s3_category": s3_category,
    "s4_product": s4_product,
    "s5_tax": s5_tax,
    "s6_sale_order": s6_sale_order,
    "s7_demo": s7_demo,
    "s8_sale_amounts": s8_sale_amounts,
    "s9_sale_queries": s9_sale_queries,
    "s10_names": s10_names,
}


def main() -> None:
    """Rewrite every scenario file of track S."""
    for name, build in SCENARIOS.items():
        print(f"{name}.json: {write_scenario(OUT / f'{name}.json', build())} steps")


if __name__ == "__main__":
    main()
