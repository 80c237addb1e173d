"""Which databases a server serves: ``--db-filter`` and ``--database`` (Odoo's
``db_filter``), and the database a request without a name gets (monodb)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from jsontwo.db import Storage
from jsontwo.exceptions import NotFound
from jsontwo.service import Databases, DbFilter
from tests.conftest import new_db_name

NAMES = ["acme", "acme_test", "globex", "www"]


@pytest.mark.parametrize(
    ("pattern", "host", "kept"),
    [
        ("^acme", None, ["acme", "acme_test"]),  # matched at the start, not anchored at the end
        ("^acme$", None, ["acme"]),
        ("glob", None, ["globex"]),
        ("test", None, []),  # re.match: the start of the name only
        ("^%d$", "acme.example.com", ["acme"]),
        ("^%d$", "www.globex.example.com:8069", ["globex"]),  # www. and the port are dropped
        ("^%d_test$", "acme.example.com", ["acme_test"]),
        ("^%d$", "ACME.example.com", []),  # the host as sent, as Odoo compares it
        ("^%h$", "www", ["www"]),  # a bare host is its own first label
        ("^%h$", "a.b+c", []),  # the host is escaped, never read as a regex
        ("^%d", None, []),  # no host: nothing (Odoo's empty %d would keep everything)
        ("^%d", "", []),
        ("^%d", ":8069", []),
        ("^%d", "www.", []),
        ("^acme", None, ["acme", "acme_test"]),  # a pattern without %h/%d needs no host
    ],
)
def test_db_filter_matches_names_as_odoo(pattern: str, host: str | None, kept: list[str]) -> None:
    """A pattern keeps the names it matches at their start, with %h/%d from the host."""
    assert DbFilter(pattern).keep(NAMES, host) == kept


def test_database_list_applies_without_a_filter() -> None:
    """``--database`` alone lists the databases served; a filter wins over it."""
    assert DbFilter(names=("globex", "nope")).keep(NAMES) == ["globex"]
    assert DbFilter("^acme$", ("globex",)).keep(NAMES) == ["acme"]
    assert DbFilter().keep(NAMES) == NAMES
    assert not DbFilter().active
    assert DbFilter(names=("x",)).active


def test_an_invalid_filter_says_what_is_wrong() -> None:
    """A pattern that is not a regular expression, once a host is put in, is
    refused up front."""
    with pytest.raises(ValueError, match=r"Invalid database filter '\^\(acme': missing \)"):
        DbFilter("^(acme")
    with pytest.raises(ValueError, match="Invalid database filter"):
        DbFilter("(?P<%h>x)")


@pytest.fixture
def two_databases(storage: Storage) -> Iterator[list[str]]:
    """Two empty databases (enough to be listed), dropped afterwards."""
    names = sorted(new_db_name("filter") for _ in range(2))
    for name in names:
        storage.create_empty(name)
    yield names
    for name in names:
        storage.drop(name)


def test_the_filter_decides_monodb(storage: Storage, two_databases: list[str]) -> None:
    """Without a name, the only database the filter keeps is used, whatever else exists."""
    first, second = two_databases
    databases = Databases(storage, db_filter=DbFilter(f"^{second}$"))
    assert databases.names() == [second]
    assert databases.select(None) == second
    per_host = Databases(storage, db_filter=DbFilter("^%d$"))
    assert per_host.select(None, f"{first}.example.com") == first
    with pytest.raises(
        NotFound, match=re.escape("No database is served for host 'nobody.example.com'.")
    ):
        per_host.select(None, "www.nobody.example.com:80")


def test_a_filtered_out_database_is_absent(storage: Storage, two_databases: list[str]) -> None:
    """A request naming a database the filter leaves out is told it does not exist."""
    first, second = two_databases
    databases = Databases(storage, db_filter=DbFilter(names=(first,)))
    assert databases.select(first) == first
    assert databases.serves(first) and not databases.serves(second)
    with pytest.raises(NotFound, match=f"Database '{second}' does not exist."):
        databases.select(second)
