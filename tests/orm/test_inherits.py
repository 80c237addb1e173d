"""Delegation inheritance, ``_inherits``: the fields of the parent model are
fields of the child, kept on a linked parent record (docs/internals/orm-behaviour.md,
"Create, write and unlink", "Dotted paths" and "Core models")."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from jsontwo.orm import Environment, Registry
from tests.orm.conftest import run


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_create_makes_the_parent_from_the_inherited_values(models_registry: Registry) -> None:
    name = unique("rex")

    def work(env: Environment) -> Any:
        dog = env["x.dog"].create({"name": name, "legs": 3, "breed": "collie"})
        animal = dog.animal_id
        return (
            env["x.animal"].browse(animal.ids).read(["name", "legs"], load=None),
            dog.read(["name", "legs", "breed", "animal_id"], load=None),
        )

    animals, dogs = run(models_registry, work)
    assert animals == [{"id": animals[0]["id"], "name": name, "legs": 3}]
    assert dogs == [
        {
            "id": dogs[0]["id"],
            "name": name,
            "legs": 3,
            "breed": "collie",
            "animal_id": animals[0]["id"],
        }
    ]


def test_create_gives_the_parent_its_own_defaults(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        return env["x.dog"].create({"name": unique("d")}).read(["legs", "active"])[0]

    row = run(models_registry, work)
    assert (row["legs"], row["active"]) == (4, True)


def test_create_with_the_link_writes_the_inherited_values_on_that_parent(
    models_registry: Registry,
) -> None:
    def work(env: Environment) -> Any:
        animal = env["x.animal"].create({"name": unique("a"), "legs": 2})
        name = unique("renamed")
        dog = env["x.dog"].create({"animal_id": animal.id, "name": name})
        count = env["x.animal"].search_count([["id", "=", animal.id]])
        return dog.animal_id.id == animal.id, animal.read(["name", "legs"])[0], name, count

    same, row, name, count = run(models_registry, work)
    assert same and count == 1
    assert (row["name"], row["legs"]) == (name, 2)


def test_write_routes_inherited_values_to_the_parent(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        dogs = env["x.dog"].create([{"name": unique("w1")}, {"name": unique("w2")}])
        tag = env["x.tag"].create({"name": unique("t")})
        dogs.write({"legs": 5, "breed": "pug", "tag_ids": [[4, tag.id]]})
        return (
            dogs.read(["legs", "breed", "tag_ids", "note"]),
            dogs.mapped("animal_id").read(["legs", "tag_ids"]),
            tag.id,
        )

    dogs, animals, tag_id = run(models_registry, work)
    assert [(d["legs"], d["breed"], d["tag_ids"]) for d in dogs] == [(5, "pug", [tag_id])] * 2
    assert [(a["legs"], a["tag_ids"]) for a in animals] == [(5, [tag_id])] * 2
    assert dogs[0]["note"].endswith("(5)")


def test_python_attribute_access_reads_and_assigns_through_the_link(
    models_registry: Registry,
) -> None:
    def work(env: Environment) -> Any:
        dog = env["x.dog"].create({"name": unique("py")})
        before = dog.legs
        dog.legs = 6
        return before, dog.legs, dog.animal_id.legs

    assert run(models_registry, work) == (4, 6, 6)


def test_inherited_fields_are_searchable_and_orderable(models_registry: Registry) -> None:
    prefix = unique("s")

    def work(env: Environment) -> Any:
        env["x.dog"].create(
            [
                {"name": f"{prefix}-b", "legs": 3},
                {"name": f"{prefix}-a", "legs": 4},
                {"name": f"{prefix}-c", "legs": 4, "born": "2020-02-01"},
            ]
        )
        dogs = env["x.dog"]
        return (
            dogs.search_read([["name", "like", prefix]], ["name"], order="name"),
            dogs.search_read([["name", "like", prefix]], ["name"]),  # _order: name desc
            dogs.search_count([["name", "like", prefix], ["legs", "=", 4]]),
            dogs.search_count([["animal_id.name", "like", prefix], ["legs", "!=", 4]]),
            dogs.search_count([["name", "like", prefix], ["born.month_number", "=", 2]]),
            dogs.search_count([["animal_id", "any", [["name", "like", prefix], ["legs", "=", 3]]]]),
        )

    asc, desc, fours, others, february, through_any = run(models_registry, work)
    assert [r["name"] for r in asc] == [f"{prefix}-a", f"{prefix}-b", f"{prefix}-c"]
    assert [r["name"] for r in desc] == [f"{prefix}-c", f"{prefix}-b", f"{prefix}-a"]
    assert (fours, others, february, through_any) == (2, 1, 1, 1)


def test_inherited_many2many_is_searchable(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        tag = env["x.tag"].create({"name": unique("tag")})
        dog = env["x.dog"].create({"name": unique("m"), "tag_ids": [[6, 0, [tag.id]]]})
        return (
            dog.id,
            env["x.dog"].search([["tag_ids", "in", [tag.id]]]).ids,
            env["x.dog"].search([["tag_ids.name", "=", tag.name]]).ids,
        )

    dog_id, by_id, by_name = run(models_registry, work)
    assert by_id == [dog_id] and by_name == [dog_id]


def test_fields_get_lists_the_parent_fields_as_related(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        return env["x.dog"].fields_get(
            attributes=["type", "related", "store", "readonly", "required", "sortable", "selection"]
        )

    desc = run(models_registry, work)
    assert desc["name"] == {
        "type": "char",
        "related": "animal_id.name",
        "store": False,
        "readonly": False,
        "required": True,
        "sortable": True,
    }
    assert desc["kind"]["readonly"] is True
    assert desc["kind"]["selection"] == [["mammal", "Mammal"], ["bird", "Bird"]]
    assert desc["note"]["sortable"] is False
    assert "related" not in desc["breed"] and "related" not in desc["active"]


def test_copy_makes_a_new_parent(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        dog = env["x.dog"].create({"name": unique("c"), "legs": 3})
        twin = dog.copy()
        return dog.animal_id.id, twin.animal_id.id, twin.legs

    original, copied, legs = run(models_registry, work)
    assert original != copied and legs == 3


def test_the_child_own_field_wins_over_the_parent_one(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        dog = env["x.dog"].create({"name": unique("own")})
        dog.write({"active": False})
        return dog.with_context(active_test=False).read(["active"])[0]["active"], (
            dog.animal_id.active
        )

    assert run(models_registry, work) == (False, True)


@pytest.mark.parametrize("bad", [{"animal_id": 0}, {}])
def test_a_parent_is_made_whenever_the_link_is_empty(models_registry: Registry, bad: Any) -> None:
    def work(env: Environment) -> Any:
        return bool(env["x.dog"].create({**bad, "name": unique("e")}).animal_id)

    assert run(models_registry, work) is True


def test_a_stored_field_depending_on_an_inherited_one_follows_the_parent(
    models_registry: Registry,
) -> None:
    def work(env: Environment) -> Any:
        dog = env["x.dog"].create({"name": unique("rex"), "breed": "collie"})
        first = dog.label
        dog.animal_id.write({"name": "Lassie"})  # the parent, written directly
        env.invalidate()
        through_parent = dog.label
        dog.write({"name": "Laddie"})  # through the child
        env.invalidate()
        return first, through_parent, dog.label, dog.name

    first, through_parent, through_child, name = run(models_registry, work)
    assert first.endswith(" the collie")
    assert through_parent == "Lassie the collie"
    assert (through_child, name) == ("Laddie the collie", "Laddie")


def test_a_model_may_take_the_ids_of_its_parents(models_registry: Registry) -> None:
    """``_inherits_ids``: each record has its parent's id, however many records
    of the parent alone were made before (the two tables' counters differ)."""

    def work(env: Environment) -> Any:
        env["x.animal"].create([{"name": unique("a")} for _ in range(3)])
        cats = env["x.cat"].create([{"name": unique("c")}, {"name": unique("c"), "lives": 7}])
        one = env["x.cat"].create({"name": unique("c")})
        env["x.animal"].create({"name": unique("a")})
        two = env["x.cat"].create({"name": unique("c")})
        return [
            (cat.id, cat.animal_id.id, cat.lives)
            for cat in env["x.cat"].browse([*cats.ids, *one.ids, *two.ids])
        ]

    rows = run(models_registry, work)
    assert [cat_id == animal_id for cat_id, animal_id, _lives in rows] == [True] * 4
    assert [lives for _cat, _animal, lives in rows] == [9, 7, 9, 9]
    assert len({cat_id for cat_id, _animal, _lives in rows}) == 4
