"""Write track d's scenario files (run from anywhere: ``python tests/conformance/gen/track_d.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import track_d_base
import track_d_sale
import track_d_views

#: steps where both servers refuse the call with a 500 but word it differently: Odoo lets the
#: database or Python fail (its message quotes SQL or internals), jsontwo refuses it first with a
#: message that says what is wrong (docs/compatibility.md): the status is what they share
STATUS_ONLY = {
    "d4_order_limit": {
        "limit--1",
        "limit-x",
        "limit-(1)",
        "offset--1",
        "offset-x",
        "count-limit--1",
    },
    "d5_grouping": {"agg-name:sum", "group-limit--1-0"},
    "d6_web_read": {"wr-bad-spec-2"},
    "d2_domain_relational": {"m2o-(country_id_=_true)", "o2m-(child_ids_=_true)", "id-(id_=_abc)"},
    "d13_odd_values": {"odd-(country_id_in_(true))", "odd-(category_id_=_true)", "odd-(id_=_true)"},
}
STATUS_ONLY_DOC = (
    "both refuse with a 500; Odoo's message is its database's or Python's, jsontwo's says what is "
    "wrong (a deliberate difference, docs/compatibility.md): only the status is compared"
)


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
        for item in scenario.steps:
            if item["id"] in STATUS_ONLY.get(name, ()):
                item["compare"], item["doc"] = "status", STATUS_ONLY_DOC
        n = scenario.write(db, name)
        total += n
        print(f"{db}/{name}: {n} steps")
    print(f"total: {total} steps")


if __name__ == "__main__":
    main()
