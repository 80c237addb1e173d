"""Write track S's scenario files: ``python3 -m tests.conformance.gen.sale_s``."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.conformance.gen.sale_s.amounts import s8_sale_amounts, s9_sale_queries
from tests.conformance.gen.sale_s.catalog import s1_fields_get, s2_uom, s3_category
from tests.conformance.gen.sale_s.common import OUT
from tests.conformance.gen.sale_s.demo import s7_demo, s10_names
from tests.conformance.gen.sale_s.orders import s6_sale_order
from tests.conformance.gen.sale_s.products import s4_product, s5_tax

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
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in SCENARIOS.items():
        data = build()
        path = OUT / f"{name}.json"
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{path.name}: {len(data['steps'])} steps")


if __name__ == "__main__":
    main()
