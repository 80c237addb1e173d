"""create, write and unlink (docs/internals/orm-behaviour.md, "Create, write and unlink");
the x2many commands are in test_x2many.py."""

from __future__ import annotations

import re
from typing import Any

import pytest

from jsontwo.db import IntegrityFailure
from jsontwo.exceptions import MissingError, ValidationError
from jsontwo.orm import Command, Environment, Registry
from tests.orm.conftest import run, unique


# --- create -------------------------------------------------------------------
def test_create_takes_a_dict_or_a_list_and_returns_records(models_registry: Registry) -> None:
    name = unique("create")

    def work(env: Environment) -> Any:
        one = env["x.thing"].create({"name": name})
        many = env["x.thing"].create([{"name": f"{name}-a"}, {"name": f"{name}-b", "count": 1}])
        none = env["x.thing"].create([])
        return (
            (one._name, len(one)),
            [r["name"] for r in many.read(["name"])],
            many.ids == sorted(many.ids),
            len(none),
        )

    assert run(models_registry, work) == (("x.thing", 1), [f"{name}-a", f"{name}-b"], True, 0)


def test_create_in_batches_keeps_the_order_of_values(models_registry: Registry) -> None:
    """Rows with different keys go in different INSERTs; ids still follow the input."""
    name = unique("batch")
    vals = [{"name": f"{name}-{i}", **({"code": str(i)} if i % 3 else {})} for i in range(1200)]
    got = run(models_registry, lambda env: env["x.thing"].create(vals).read(["name", "code"]))
    assert [row["name"] for row in got] == [v["name"] for v in vals]
    assert [row["code"] for row in got] == [str(i) if i % 3 else False for i in range(1200)]


def test_create_with_an_unknown_field_raises(models_registry: Registry) -> None:
    with pytest.raises(ValueError, match=re.escape("Invalid field 'foo' in 'x.thing'")):
        run(models_registry, lambda env: env["x.thing"].create({"name": "x", "foo": 1}))


def test_create_with_a_nonexistent_many2one_is_refused_by_the_database(
    models_registry: Registry,
) -> None:
    with pytest.raises(IntegrityFailure):
        run(models_registry, lambda env: env["x.thing"].create({"tag_id": 999_999_999}))


# --- write --------------------------------------------------------------------
def test_write_returns_true_and_changes_every_record(models_registry: Registry) -> None:
    name = unique("write")

    def work(env: Environment) -> Any:
        things = env["x.thing"].create([{"name": name}, {"name": name}])
        done = things.write({"count": 3, "state": "done"})
        empty = env["x.thing"].browse().write({"count": 4})
        return done, empty, things.read(["count", "state"])

    done, empty, rows = run(models_registry, work)
    assert done is True and empty is True
    assert [(r["count"], r["state"]) for r in rows] == [(3, "done"), (3, "done")]


def test_write_of_no_values_returns_true_and_changes_nothing(models_registry: Registry) -> None:
    """write({}) succeeds and leaves the record as it was."""
    name = unique("novals")

    def work(env: Environment) -> Any:
        thing = env["x.thing"].create({"name": name, "count": 2})
        return thing.write({}), thing.read(["name", "count"])[0]

    done, row = run(models_registry, work)
    assert done is True
    assert (row["name"], row["count"]) == (name, 2)


def test_write_on_missing_records_raises_and_changes_nothing(models_registry: Registry) -> None:
    name = unique("missing")
    rid = run(models_registry, lambda env: env["x.thing"].create({"name": name}).id)
    with pytest.raises(MissingError, match="Record does not exist or has been deleted"):
        run(
            models_registry,
            lambda env: env["x.thing"].browse([rid, 999_999_999]).write({"name": "changed"}),
        )
    assert run(models_registry, lambda env: env["x.thing"].browse(rid).name) == name


def test_write_with_an_unknown_field_raises(models_registry: Registry) -> None:
    rid = run(models_registry, lambda env: env["x.thing"].create({"name": "w"}).id)
    # Odoo 19 answers a bare KeyError naming the field (conformance 15_write)
    with pytest.raises(KeyError, match="foo"):
        run(models_registry, lambda env: env["x.thing"].browse(rid).write({"foo": 1}))


# --- unlink -------------------------------------------------------------------
def test_unlink_applies_ondelete_cascade_and_set_null(models_registry: Registry) -> None:
    def work(env: Environment) -> dict[str, Any]:
        tag = env["x.tag"].create({"name": unique("gone")})
        kept_tag = env["x.tag"].create({"name": unique("kept")})
        thing = env["x.thing"].create(
            {
                "name": "doomed",
                "tag_id": tag.id,
                "tag_ids": [tag.id, kept_tag.id],
                "line_ids": [Command.create({"name": "line"})],
                "note_ids": [Command.create({"name": "note"})],
            }
        )
        other = env["x.thing"].create({"name": "stays", "tag_id": tag.id, "tag_ids": [tag.id]})
        line_ids, note_ids = thing.line_ids.ids, thing.note_ids.ids
        assert tag.unlink() is True
        after_tag = other.read(["tag_id", "tag_ids"])[0]
        assert thing.unlink() is True
        return {
            "other": after_tag,
            "thing": env["x.thing"].browse(thing.id).exists().ids,
            "lines": env["x.line"].browse(line_ids).exists().ids,
            "notes": env["x.note"].browse(note_ids).read(["thing_id"]),
            "kept_tag": kept_tag.exists().ids,
        }

    got = run(models_registry, work)
    assert got["other"]["tag_id"] is False  # set null
    assert got["other"]["tag_ids"] == []  # relation rows go with the record
    assert got["thing"] == []
    assert got["lines"] == []  # cascade
    assert [n["thing_id"] for n in got["notes"]] == [False]  # set null
    assert len(got["kept_tag"]) == 1  # deleting a record never deletes its many2many targets


def test_unlink_of_a_restricted_record_is_refused_naming_the_troublemaker(
    models_registry: Registry,
) -> None:
    def setup(env: Environment) -> int:
        thing = env["x.thing"].create({"name": unique("pinned")})
        env["x.pin"].create({"thing_id": thing.id})
        return thing.id

    rid = run(models_registry, setup)
    with pytest.raises(ValidationError) as refused:
        run(models_registry, lambda env: env["x.thing"].browse(rid).unlink())
    assert str(refused.value) == (
        "The operation cannot be completed: Another model is using the record you are "
        "trying to delete.\n\nThe troublemaker is: 'Test Pin' (x.pin)\n"
        "Thanks to the following constraint: 'Thing' (thing_id)\n"
        "How about archiving the record instead?"
    )
    assert run(models_registry, lambda env: env["x.thing"].browse(rid).exists().ids) == [rid]


def test_unlink_of_missing_records_raises(models_registry: Registry) -> None:
    with pytest.raises(MissingError):
        run(models_registry, lambda env: env["x.thing"].browse(999_999_999).unlink())
    assert run(models_registry, lambda env: env["x.thing"].browse().unlink()) is True
