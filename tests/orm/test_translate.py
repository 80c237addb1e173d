"""Translated fields (``translate=True``): a value per language, read, searched,
sorted and grouped in the context's language with en_US as the fallback, as
Odoo 19 (docs/translations.md); on the test model ``x.word``."""

from __future__ import annotations

import json
from typing import Any

import pytest

from jsontwo.exceptions import UserError
from jsontwo.orm import Environment, Registry
from tests.orm.conftest import run, unique

FR = {"lang": "fr_FR"}


@pytest.fixture(scope="module")
def words(models_registry: Registry) -> Registry:
    """The test models' database, with French active."""

    def activate(env: Environment) -> None:
        langs = env["res.lang"].with_context(active_test=False)
        if not langs.search([("code", "=", "fr_FR")]):
            langs.create(
                {"name": "French / Français", "code": "fr_FR", "iso_code": "fr", "url_code": "fr"}
            )
        langs.search([("code", "=", "fr_FR")]).write({"active": True})

    run(models_registry, activate)
    return models_registry


def stored(registry: Registry, wid: int, column: str = "name") -> dict[str, str] | None:
    """What the column holds: the JSON object of the record's values per language."""
    raw = run(
        registry, lambda env: env.cr.execute(f'SELECT "{column}" FROM x_word WHERE id = %s', [wid])
    )
    value = raw[0][0]
    return value if value is None or isinstance(value, dict) else json.loads(value)


def create(registry: Registry, vals: dict[str, Any], **context: Any) -> int:
    return int(run(registry, lambda env: env["x.word"].create(vals).id, **context))


def read(registry: Registry, wid: int, fields: list[str], **context: Any) -> dict[str, Any]:
    return dict(run(registry, lambda env: env["x.word"].browse(wid).read(fields)[0], **context))


def write(registry: Registry, wid: int, vals: dict[str, Any], **context: Any) -> None:
    run(registry, lambda env: env["x.word"].browse(wid).write(vals), **context)


def test_a_new_value_is_every_language_s_until_translated(words: Registry) -> None:
    wid = create(words, {"name": "Chair", "notes": "Sit on it"})
    assert stored(words, wid) == {"en_US": "Chair"}
    assert read(words, wid, ["name", "notes"], **FR)["name"] == "Chair"  # en_US, the fallback
    write(words, wid, {"name": "Chaise"}, **FR)
    assert read(words, wid, ["name", "notes"])["name"] == "Chair"
    assert read(words, wid, ["name", "notes"], **FR) == {
        "id": wid,
        "name": "Chaise",
        "notes": "Sit on it",
    }
    assert stored(words, wid) == {"en_US": "Chair", "fr_FR": "Chaise"}


def test_a_record_created_in_another_language_has_it_as_english_too(words: Registry) -> None:
    wid = create(words, {"name": "Table basse"}, **FR)
    assert stored(words, wid) == {"en_US": "Table basse", "fr_FR": "Table basse"}
    write(words, wid, {"name": "Coffee table"})
    assert read(words, wid, ["name"])["name"] == "Coffee table"
    assert read(words, wid, ["name"], **FR)["name"] == "Table basse"


def test_writing_english_changes_the_languages_without_a_value_of_their_own(
    words: Registry,
) -> None:
    untranslated = create(words, {"name": "Lamp"})
    translated = create(words, {"name": "Desk"})
    write(words, translated, {"name": "Bureau"}, **FR)
    for wid, new in ((untranslated, "Lamp (new)"), (translated, "Desk (new)")):
        write(words, wid, {"name": new})
    assert read(words, untranslated, ["name"], **FR)["name"] == "Lamp (new)"
    assert read(words, translated, ["name"], **FR)["name"] == "Bureau"


def test_a_language_written_on_an_empty_value_gives_english_its_text(words: Registry) -> None:
    wid = create(words, {"name": "Shelf"})
    write(words, wid, {"notes": "Une étagère"}, **FR)
    assert stored(words, wid, "notes") == {"en_US": "Une étagère", "fr_FR": "Une étagère"}


def test_false_empties_every_language(words: Registry) -> None:
    wid = create(words, {"name": "Rug", "notes": "Soft"})
    write(words, wid, {"notes": "Doux"}, **FR)
    write(words, wid, {"notes": False}, **FR)
    assert stored(words, wid, "notes") is None
    assert read(words, wid, ["notes"])["notes"] is False


def test_search_order_and_group_use_the_context_language(words: Registry) -> None:
    code = unique("so")
    a = create(words, {"name": "Apple", "code": code})
    b = create(words, {"name": "Banana", "code": code})
    write(words, a, {"name": "Zeste pomme"}, **FR)  # A first in English, last in French

    def search(domain: list[Any], **context: Any) -> list[int]:
        full = [("code", "=", code), *domain]
        return list(run(words, lambda env: env["x.word"].search(full).ids, **context))

    assert search([]) == [a, b]
    assert search([], **FR) == [b, a]
    assert search([("name", "ilike", "zeste")], **FR) == [a]
    assert search([("name", "ilike", "zeste")]) == []
    assert search([("name", "=", "Apple")]) == [a]
    assert search([("name", "=", "Apple")], **FR) == []
    assert search([("name", "=", "Banana")], **FR) == [b]  # the fallback is searched too

    groups = run(
        words,
        lambda env: env["x.word"].read_group([("code", "=", code)], ["name"], ["name"]),
        lang="fr_FR",
    )
    assert [g["name"] for g in groups] == ["Banana", "Zeste pomme"]


def test_a_many2one_label_is_in_the_context_language(words: Registry) -> None:
    parent = create(words, {"name": "Furniture"})
    write(words, parent, {"name": "Meubles"}, **FR)
    child = create(words, {"name": "Stool", "parent_id": parent})
    assert read(words, child, ["parent_id"], **FR)["parent_id"] == [parent, "Meubles"]
    assert read(words, child, ["parent_id"])["parent_id"] == [parent, "Furniture"]
    found = run(
        words,
        lambda env: env["x.word"].search_read([("id", "=", child)], ["parent_id", "display_name"]),
        lang="fr_FR",
    )
    assert found == [{"id": child, "parent_id": [parent, "Meubles"], "display_name": "Stool"}]


def test_records_read_in_two_languages_in_one_transaction(words: Registry) -> None:
    wid = create(words, {"name": "Door"})
    write(words, wid, {"name": "Porte"}, **FR)

    def both(env: Environment) -> list[str]:
        word = env["x.word"].browse(wid)
        return [
            word.name,
            word.with_context(lang="fr_FR").name,
            word.with_context(lang="fr_FR").display_name,
            word.display_name,
        ]

    assert run(words, both) == ["Door", "Porte", "Porte", "Door"]


def test_a_language_that_is_not_active_is_refused(words: Registry) -> None:
    wid = create(words, {"name": "Window"})
    with pytest.raises(UserError, match="Invalid language code: de_DE"):
        read(words, wid, ["name"], lang="de_DE")


def test_field_translations_read_and_written_at_once(words: Registry) -> None:
    wid = create(words, {"name": "Bed"})

    def call(method: str, *args: Any) -> Any:
        return run(words, lambda env: getattr(env["x.word"].browse(wid), method)(*args))

    assert call("update_field_translations", "name", {"fr_FR": "Lit"}) is True
    got, context = call("get_field_translations", "name", ["fr_FR"])
    assert got == [{"lang": "fr_FR", "source": "Bed", "value": "Lit"}]
    assert context == {"translation_type": "char", "translation_show_source": False}
    # false removes the language's own value: it reads as en_US again
    assert call("update_field_translations", "name", {"fr_FR": False}) is True
    assert read(words, wid, ["name"], **FR)["name"] == "Bed"
    assert stored(words, wid) == {"en_US": "Bed"}
    assert call("get_field_translations", "code") == (
        [],
        {"translation_type": "char", "translation_show_source": False},
    )
    assert call("update_field_translations", "code", {"fr_FR": "x"}) is False
    with pytest.raises(UserError, match="The following languages are not activated: de_DE"):
        call("update_field_translations", "name", {"de_DE": "Bett"})
    with pytest.raises(UserError, match="only accept falsy values and str"):
        call("update_field_translations", "name", {"fr_FR": 3})
