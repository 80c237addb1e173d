"""Stored related fields (``related=..., store=True``): a column following the
path, recomputed when a hop or the target changes, written through when
writable, and described by fields_get as Odoo does."""

from __future__ import annotations

from jsontwo.orm import Environment, Registry
from tests.orm.conftest import run


def test_value_follows_the_path(models_registry: Registry) -> None:
    """The column holds the target's value at creation, and follows a change of
    the target or of a hop."""

    def work(env: Environment) -> None:
        red = env["x.tag"].create({"name": "red"})
        blue = env["x.tag"].create({"name": "blue"})
        one = env["x.thing"].create({"name": "One", "tag_id": red.id})
        two = env["x.thing"].create({"name": "Two"})
        note = env["x.note"].create({"name": "n", "thing_id": one.id})
        assert (note.thing_label, note.thing_tag_id.id) == ("One", red.id)
        one.write({"name": "Uno", "tag_id": blue.id})
        env.invalidate("x.note")
        assert (note.thing_label, note.thing_tag_id.id) == ("Uno", blue.id)
        note.write({"thing_id": two.id})
        env.invalidate("x.note")
        assert (note.thing_label, note.thing_tag_id.id) == ("Two", False)
        # stored: searched and sorted on its column
        found = env["x.note"].search([["thing_label", "=", "Two"]])
        assert found.ids == [note.id]
        rows = env.cr.execute('SELECT thing_label FROM "x_note" WHERE id = %s', [note.id])
        assert [tuple(row) for row in rows] == [("Two",)]

    run(models_registry, work)


def test_writing_writes_the_target(models_registry: Registry) -> None:
    """A writable stored related field given on create or write writes the target."""

    def work(env: Environment) -> None:
        thing = env["x.thing"].create({"name": "Old"})
        note = env["x.note"].create({"name": "n", "thing_id": thing.id, "thing_label": "New"})
        env.invalidate("x.thing")
        assert (thing.name, note.thing_label) == ("New", "New")
        note.write({"thing_label": "Newer"})
        env.invalidate("x.thing")
        env.invalidate("x.note")
        assert (thing.name, note.thing_label) == ("Newer", "Newer")

    run(models_registry, work)


def test_fields_get_describes_it_as_odoo(models_registry: Registry) -> None:
    def work(env: Environment) -> None:
        desc = env["x.note"].fields_get(["thing_label", "thing_tag_id"])
        label, tag = desc["thing_label"], desc["thing_tag_id"]
        assert label["related"] == "thing_id.name"
        assert label["depends"] == ["thing_id.name"]
        assert (label["store"], label["readonly"], label["sortable"]) == (True, False, True)
        assert (tag["store"], tag["readonly"], tag["depends"]) == (
            True,
            True,
            ["thing_id.tag_id"],
        )

    run(models_registry, work)
