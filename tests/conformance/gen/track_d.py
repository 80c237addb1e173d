"""Write track d's scenario files (run from anywhere: ``python tests/conformance/gen/track_d.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import track_d_base
import track_d_sale
import track_d_views


def main() -> None:
    """Generate every scenario file of track d and print its step count."""
    files = [
        ("base", "d1_domain_scalar", track_d_base.domains_scalar()),
        ("base", "d2_domain_relational", track_d_base.domains_relational()),
        ("base", "d3_domain_syntax", track_d_base.domains_syntax()),
        ("base", "d4_order_limit", track_d_views.orderings()),
        ("base", "d5_grouping", track_d_views.grouping()),
        ("base", "d6_web_read", track_d_views.web_reads()),
        ("base", "d7_demo_models", track_d_base.demo_models()),
        ("base", "d8_archived", track_d_base.archived()),
        ("base", "d9_grouping_more", track_d_views.grouping_more()),
        ("base", "d10_non_stored", track_d_base.non_stored()),
        ("base", "d11_negative_paths", track_d_base.negative_paths()),
        ("base", "d12_by_names", track_d_base.by_names()),
        ("base", "d13_odd_values", track_d_base.odd_values()),
        ("sale", "d1_domain_dates_money", track_d_sale.domains()),
        ("sale", "d2_order_group_dates", track_d_sale.orders_and_groups()),
        ("sale", "d3_uom_hierarchy", track_d_sale.uom()),
        ("sale", "d4_order_lines", track_d_sale.order_lines()),
    ]
    total = 0
    for db, name, scenario in files:
        n = scenario.write(db, name)
        total += n
        print(f"{db}/{name}: {n} steps")
    print(f"total: {total} steps")


if __name__ == "__main__":
    main()
