"""The library module's own tests: a real jsontwo server (the pytest plugin),
each test with a database of its own that has the module (see the
``[tool.pytest.ini_options]`` of pyproject.toml), called over JSON-2."""

from __future__ import annotations

from jsontwo.client import Client


def test_a_book_is_a_long_read_from_500_pages(jsontwo_client: Client) -> None:
    ids = jsontwo_client.call(
        "library.book",
        "create",
        {"vals_list": [{"name": "Short"}, {"name": "Long", "pages": 800}]},
    )
    books = jsontwo_client.call("library.book", "read", {"ids": ids, "fields": ["name", "is_long"]})
    assert [(b["name"], b["is_long"]) for b in books] == [("Short", False), ("Long", True)]
    found = jsontwo_client.call("library.book", "search", {"domain": [["is_long", "=", True]]})
    assert ids[1] in found and ids[0] not in found


def test_a_partner_has_its_books_and_a_library_card(jsontwo_client: Client) -> None:
    [partner] = jsontwo_client.call("res.partner", "create", {"vals_list": [{"name": "Ann"}]})
    jsontwo_client.call(
        "library.book", "create", {"vals_list": [{"name": "Ann's", "author_id": partner}]}
    )
    jsontwo_client.call(
        "res.partner", "write", {"ids": [partner], "vals": {"library_card": "lib-042"}}
    )
    [read] = jsontwo_client.call(
        "res.partner", "read", {"ids": [partner], "fields": ["library_card", "book_count"]}
    )
    # the module's write() capitalises the card, then res.partner's own write runs
    assert read["library_card"] == "LIB-042"
    assert read["book_count"] == 1


def test_the_demo_books_are_there(jsontwo_client: Client) -> None:
    books = jsontwo_client.call(
        "library.book", "search_read", {"domain": [], "fields": ["name", "author_id"]}
    )
    assert {"The Office Garden", "A History of Chairs"} <= {b["name"] for b in books}
