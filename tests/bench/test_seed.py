"""The generated partners (bench/seed.py): the same on every server."""

from __future__ import annotations

import seed

CODES = ["BE", "DE", "FR", "US"]


def test_a_partner_depends_only_on_its_number() -> None:
    assert seed.partner(1234, CODES) == seed.partner(1234, list(CODES))
    first = seed.partner(10, CODES)
    assert first["name"] == "Bench Partner 00010"
    assert first["is_company"] is True
    assert seed.partner(11, CODES)["is_company"] is False


def test_partners_spread_over_every_country() -> None:
    codes = {seed.partner(n, CODES)["country_code"] for n in range(200)}
    assert codes == set(CODES)


def test_each_server_gets_its_own_country_ids() -> None:
    values = seed.values_for(range(3), CODES, {"BE": 1, "DE": 2, "FR": 3})
    for number, vals in enumerate(values):
        code = seed.partner(number, CODES)["country_code"]
        assert vals["country_id"] == {"BE": 1, "DE": 2, "FR": 3}.get(str(code), False)
        assert "country_code" not in vals


def test_batches_cover_the_range_once() -> None:
    parts = list(seed.batches(2500, 5000, 1000))
    assert parts == [range(2500, 3500), range(3500, 4500), range(4500, 5000)]
    assert list(seed.batches(5000, 5000)) == []
