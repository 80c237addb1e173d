"""The generated partners: the same ones on every server (so that the same call
reads the same rows), created by bulk ``create`` over JSON-2, 1000 per call.

A partner's values depend only on its number and on the list of country codes,
which both servers share (ISO codes): so seeding is idempotent, a server that
has ``n`` generated partners gets numbers ``n`` and above."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

from target import Target

#: what every generated partner's name starts with
PREFIX = "Bench Partner "
#: partners per bulk-create call
BULK = 1000
#: what the bulk-create call's partners' names start with
BULK_PREFIX = "Bench Bulk "
#: partners one unlink call removes
UNLINK_BATCH = 5000
CITIES = ("Brussels", "Paris", "Austin", "Berlin", "Leeds")


def partner(number: int, codes: list[str]) -> dict[str, object]:
    """Generated partner ``number``: one in ten a company, spread over every
    country (``country_code`` is replaced by the server's id before creating)."""
    return {
        "name": f"{PREFIX}{number:05d}",
        "is_company": number % 10 == 0,
        "email": f"bench{number}@example.com",
        "city": CITIES[number % len(CITIES)],
        # a hash, not a counter: neighbours fall in different countries
        "country_code": codes[zlib.crc32(str(number).encode()) % len(codes)],
    }


def values_for(
    numbers: range, codes: list[str], country_ids: dict[str, int]
) -> list[dict[str, object]]:
    """The create values of the partners ``numbers`` on a server whose countries
    have the ids ``country_ids`` (by code)."""
    values = []
    for number in numbers:
        vals = partner(number, codes)
        vals["country_id"] = country_ids.get(str(vals.pop("country_code")), False)
        values.append(vals)
    return values


def batches(start: int, stop: int, size: int = BULK) -> Iterator[range]:
    """``range(start, stop)`` in slices of ``size``."""
    for first in range(start, stop, size):
        yield range(first, min(first + size, stop))


def country_ids(target: Target) -> dict[str, int]:
    """The server's country ids by code."""
    rows = target.call("res.country", "search_read", domain=[], fields=["code"])
    return {row["code"]: row["id"] for row in rows}


def count(target: Target) -> int:
    """How many generated partners the server has."""
    return int(target.call("res.partner", "search_count", domain=[["name", "=like", f"{PREFIX}%"]]))


def seed(
    target: Target,
    codes: list[str],
    total: int,
    advance: Callable[[int], None] = lambda n: None,
    parallel: int = 1,
) -> int:
    """Create generated partners until the server has ``total``, ``parallel``
    calls at a time (one per worker keeps every worker busy); answer how many
    were created (``advance`` is told each batch's size: a progress bar)."""
    have = count(target)
    ids = country_ids(target)

    def create(numbers: range) -> None:
        target.call("res.partner", "create", vals_list=values_for(numbers, codes, ids))
        advance(len(numbers))

    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(create, batches(have, total)))  # list: a failed call raises here
    return max(total - have, 0)


def first_ids(target: Target, limit: int = 80) -> list[int]:
    """The ids of the first ``limit`` generated partners (the ``read`` call's)."""
    ids = target.call(
        "res.partner", "search", domain=[["name", "=like", f"{PREFIX}%"]], order="id", limit=limit
    )
    return [int(i) for i in ids]


def remove_bulk(target: Target) -> int:
    """Unlink the partners the bulk-create call made (its warm-up's, or a run's on
    Odoo), so that the database keeps its size; answer how many."""
    removed = 0
    domain = [["name", "=like", f"{BULK_PREFIX}%"]]
    while ids := target.call("res.partner", "search", domain=domain, limit=UNLINK_BATCH):
        target.call("res.partner", "unlink", ids=ids, timeout=600)
        removed += len(ids)
    return removed
