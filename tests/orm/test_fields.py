"""Field types and attributes: what create/write accept and what read answers
(docs/internals/orm-behaviour.md, "Read formats"), on the test models of
``testmodels``."""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Any

import pytest
import sqlalchemy as sa

from jsontwo.exceptions import AccessError, NumericValueOutOfRange, ValidationError
from jsontwo.orm import Environment, Registry
from tests.orm.conftest import grant, run

READ_ALL = [
    "name", "code", "notes", "body", "count", "ratio", "amount", "currency_id", "flag",
    "day", "moment", "state", "blob", "data", "identifier", "tag_id", "tag_ids",
    "line_ids", "note_ids", "active",
]  # fmt: skip


def create_read(registry: Registry, vals: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """Create one x.thing and read ``fields`` back in another transaction."""
    rid = run(registry, lambda env: env["x.thing"].create(vals).id)
    return run(registry, lambda env: env["x.thing"].browse(rid).read(fields))[0]


def test_unset_fields_read_as_their_empty_value(models_registry: Registry) -> None:
    got = create_read(models_registry, {"name": "empty"}, READ_ALL)
    assert got == {
        "id": got["id"],
        "name": "empty",
        "code": False,
        "notes": False,
        "body": False,
        "count": 7,  # default
        "ratio": 0.0,
        "amount": 0.0,
        "currency_id": False,
        "flag": False,
        "day": False,
        "moment": False,
        "state": "draft",  # default
        "blob": False,
        "data": False,
        "identifier": "T-1",  # callable default, evaluated as the superuser
        "tag_id": False,
        "tag_ids": [],
        "line_ids": [],
        "note_ids": [],
        "active": True,
    }
    assert isinstance(got["ratio"], float) and isinstance(got["amount"], float)


def test_values_read_back_in_json_formats(models_registry: Registry) -> None:
    written = {
        "name": "full",
        "code": "AB",
        "notes": "line 1\nline 2",
        "body": "<p>Hello <b>you</b></p>",
        "count": 0,
        "ratio": 1.23456,
        "amount": 12.5,
        "flag": True,
        "day": "2024-02-29",
        "moment": "2024-02-29 13:14:15",
        "state": "done",
        "blob": base64.b64encode(b"\x00\x01binary\xff").decode(),
        "data": {"a": [1, 2, {"b": None}], "c": "d"},
    }
    got = create_read(models_registry, written, [*written, "currency_id"])
    # the float is rounded to its digits (6, 2); everything else reads as written
    assert got == {"id": got["id"], **written, "ratio": 1.23, "currency_id": False}


@pytest.mark.parametrize(
    ("vals", "expected"),
    [
        ({"code": "ABCDEFG"}, {"code": "ABCD"}),  # char size truncates silently
        ({"code": 12}, {"code": "12"}),
        ({"code": ""}, {"code": ""}),  # an empty string is kept, as in Odoo (only NULL is false)
        ({"count": "42"}, {"count": 42}),
        ({"ratio": 3}, {"ratio": 3.0}),
        ({"flag": 1}, {"flag": True}),
        ({"day": "2024-03-01 10:11:12"}, {"day": "2024-03-01"}),
        ({"moment": "2024-03-01"}, {"moment": "2024-03-01 00:00:00"}),
        ({"moment": dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))},
         {"moment": "2024-03-01 10:00:00"}),  # aware datetimes are stored in UTC
        ({"blob": b"raw bytes"}, {"blob": base64.b64encode(b"raw bytes").decode()}),
        ({"data": [1, "two", 3.5]}, {"data": [1, "two", 3.5]}),
        ({"data": 0}, {"data": 0}),
        ({"code": False, "count": False, "day": False, "data": None},
         {"code": False, "count": 0, "day": False, "data": False}),
    ],
)  # fmt: skip
def test_written_values_are_converted(
    models_registry: Registry, vals: dict[str, Any], expected: dict[str, Any]
) -> None:
    got = create_read(models_registry, {"name": "conv", **vals}, list(expected))
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("vals", "message"),
    [
        ({"state": "x"}, "Wrong value for x.thing.state: 'x'"),
        ({"moment": "2024-03-01T10:00:00"}, "does not match format"),
        ({"day": "03/01/2024"}, "does not match format"),
        ({"blob": "not base64!"}, "Invalid base64 value for x.thing.blob"),
        ({"count": "many"}, "invalid literal"),
        ({"tag_id": [1, "Tag"]}, "Wrong value for x.thing.tag_id"),
    ],
)
def test_invalid_values_raise_value_error(
    models_registry: Registry, vals: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        run(models_registry, lambda env: env["x.thing"].create({"name": "bad", **vals}))


def test_null_boolean_reads_as_false(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        thing = env["x.thing"].create({"name": "null flag"})
        # the ORM always writes true/false; a column added later holds NULLs
        env.cr.execute('UPDATE "x_thing" SET flag = NULL WHERE id = %s', [thing.id])
        return thing.read(["flag"])[0]["flag"], thing.flag

    assert run(models_registry, work) == (False, False)


def test_integer_range_is_the_same_on_every_backend(models_registry: Registry) -> None:
    """PostgreSQL integers are 32-bit; SQLite would take more, so the ORM checks."""
    biggest, smallest = 2**31 - 1, -(2**31)
    got = create_read(models_registry, {"name": "int", "count": biggest}, ["count"])
    assert got["count"] == biggest
    got = create_read(models_registry, {"name": "int", "count": smallest}, ["count"])
    assert got["count"] == smallest
    with pytest.raises(NumericValueOutOfRange, match="integer out of range"):
        run(models_registry, lambda env: env["x.thing"].create({"count": smallest - 1}))


def test_many2one_reads_as_id_and_display_name(models_registry: Registry) -> None:
    def work(env: Environment) -> tuple[int, int, Any, Any, Any]:
        tag = env["x.tag"].create({"name": "m2o tag"})
        eur = env["res.currency"].create({"name": "ZZA", "symbol": "z"})
        thing = env["x.thing"].create({"name": "m2o", "tag_id": tag.id, "currency_id": eur.id})
        classic = thing.read(["tag_id", "currency_id"])[0]
        bare = thing.read(["tag_id", "currency_id"], load=None)[0]
        by_id = thing.read(["tag_id"], load="id")[0]
        return tag.id, eur.id, classic, bare, by_id

    tag_id, eur_id, classic, bare, by_id = run(models_registry, work)
    assert classic["tag_id"] == [tag_id, "m2o tag"]
    assert classic["currency_id"] == [eur_id, "ZZA"]
    assert bare["tag_id"] == tag_id and bare["currency_id"] == eur_id
    assert by_id["tag_id"] == tag_id


def test_x2many_read_as_ids_without_archived_co_records(models_registry: Registry) -> None:
    def work(env: Environment) -> dict[str, Any]:
        tags = env["x.tag"].create([{"name": "x2m b"}, {"name": "x2m a"}, {"name": "x2m c"}])
        thing = env["x.thing"].create(
            {
                "name": "x2m",
                "tag_ids": tags.ids,
                "line_ids": [[0, 0, {"name": "l1"}], [0, 0, {"name": "l2"}]],
            }
        )
        tags.browse(tags.ids[2]).write({"active": False})
        line_ids = thing.line_ids.ids
        thing.line_ids.browse(line_ids[0]).write({"active": False})
        default = thing.read(["tag_ids", "line_ids"])[0]
        everything = thing.with_context(active_test=False).read(["tag_ids", "line_ids"])[0]
        return {
            "tags": tags.ids,
            "lines": line_ids,
            "default": default,
            "everything": everything,
        }

    got = run(models_registry, work)
    b, a, c = got["tags"]
    assert got["default"]["tag_ids"] == [a, b]  # in x.tag's order (name), archived c left out
    assert got["default"]["line_ids"] == got["lines"][1:]
    assert got["everything"]["tag_ids"] == [a, b, c]
    assert got["everything"]["line_ids"] == got["lines"]


def test_read_keeps_the_order_of_ids_and_drops_missing_ones(models_registry: Registry) -> None:
    def work(env: Environment) -> tuple[list[int], Any]:
        things = env["x.thing"].create([{"name": "r1"}, {"name": "r2"}, {"name": "r3"}])
        first, second, third = things.ids
        order = [third, 999_999_999, first, second]
        return [third, first, second], env["x.thing"].browse(order).read(["name"])

    expected, got = run(models_registry, work)
    assert [row["id"] for row in got] == expected
    assert list(got[0]) == ["id", "name"]


def test_read_of_a_repeated_id_answers_it_each_time(models_registry: Registry) -> None:
    """An id given twice reads twice; ["id"] reads only ids; no ids read nothing."""

    def work(env: Environment) -> Any:
        rid = env["x.thing"].create({"name": "twice"}).id
        return (
            rid,
            env["x.thing"].browse([rid, rid]).read(["name"]),
            env["x.thing"].browse(rid).read(["id"]),
            env["x.thing"].browse().read(["name"]),
        )

    rid, twice, only_id, nothing = run(models_registry, work)
    assert twice == [{"id": rid, "name": "twice"}, {"id": rid, "name": "twice"}]
    assert only_id == [{"id": rid}]
    assert nothing == []


def test_write_of_false_or_none_clears_values(models_registry: Registry) -> None:
    """false and None written empty a char, an integer, a selection and a many2one."""

    def work(env: Environment) -> Any:
        tag = env["x.tag"].create({"name": "cleared tag"})
        thing = env["x.thing"].create(
            {"name": "clear", "code": "AB", "count": 3, "state": "done", "tag_id": tag.id}
        )
        thing.write({"code": False, "count": False, "state": None, "tag_id": None})
        return thing.read(["code", "count", "state", "tag_id"])[0]

    row = run(models_registry, work)
    assert row == {"id": row["id"], "code": False, "count": 0, "state": False, "tag_id": False}


@pytest.mark.parametrize(
    ("vals", "message"),
    [
        ({"state": "x"}, "Wrong value for x.thing.state: 'x'"),
        ({"day": "03/01/2024"}, "does not match format"),
        ({"count": "many"}, "invalid literal"),
    ],
)
def test_invalid_values_raise_value_error_on_write(
    models_registry: Registry, vals: dict[str, Any], message: str
) -> None:
    """write refuses the values create refuses, with the same message."""
    rid = run(models_registry, lambda env: env["x.thing"].create({"name": "w"}).id)
    with pytest.raises(ValueError, match=re.escape(message)):
        run(models_registry, lambda env: env["x.thing"].browse(rid).write(vals))


def test_read_of_display_name_and_unknown_field(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        tag = env["x.tag"].create({"name": "dn tag"})
        line = env["x.line"].create({"name": "dn line"})
        return tag.read(["display_name"])[0]["display_name"], line.display_name

    assert run(models_registry, work) == ("dn tag", "dn line")
    with pytest.raises(ValueError, match=re.escape("Invalid field 'foo' on 'x.thing'")):
        run(models_registry, lambda env: env["x.thing"].create({"name": "u"}).read(["foo"]))
    # a string is a sequence of names, as in Odoo
    with pytest.raises(ValueError, match=re.escape("Invalid field 'n' on 'x.thing'")):
        run(models_registry, lambda env: env["x.thing"].create({"name": "u"}).read("name"))


def test_fields_get_describes_attributes(models_registry: Registry) -> None:
    desc = run(models_registry, lambda env: env["x.thing"].fields_get())
    assert desc["name"]["string"] == "Label"
    assert desc["name"]["help"] == "What the thing is called"
    assert "help" not in desc["notes"]
    assert desc["state"]["selection"] == [["draft", "Draft"], ["done", "Done"]]
    assert desc["state"]["type"] == "selection"
    assert desc["identifier"]["readonly"] is True
    assert desc["identifier"]["string"] == "Identifier"
    assert desc["tag_id"]["relation"] == "x.tag"
    assert desc["tag_id"]["string"] == "Tag"
    assert desc["tag_ids"]["type"] == "many2many" and desc["tag_ids"]["string"] == "Tag"
    assert desc["line_ids"]["relation_field"] == "thing_id"
    assert desc["currency_id"]["string"] == "Currency"
    line = run(models_registry, lambda env: env["x.line"].fields_get(["name"], ["required"]))
    assert line == {"name": {"required": True}}


def test_readonly_fields_are_writable_over_the_api(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        thing = env["x.thing"].create({"name": "ro", "identifier": "given"})
        thing.write({"identifier": "changed"})
        return thing.read(["identifier"])[0]["identifier"]

    assert run(models_registry, work) == "changed"


def test_defaults_from_field_context_and_values(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        things = env["x.thing"].with_context(default_count=3, default_state="done")
        plain = things.create({"name": "ctx"})
        given = things.create({"name": "given", "count": 5})
        return (
            plain.read(["count", "state"])[0],
            given.read(["count"])[0]["count"],
            env["x.thing"].default_get(["count", "state", "name"]),
            env["x.thing"].with_context(default_name="N").default_get(["name"]),
        )

    plain, given, defaults, from_context = run(models_registry, work)
    assert (plain["count"], plain["state"]) == (3, "done")
    assert given == 5
    assert defaults == {"count": 7, "state": "draft"}
    assert from_context == {"name": "N"}


def test_callable_default_sees_the_calling_user(models_registry: Registry) -> None:
    got = run(models_registry, lambda env: env["x.thing"].create({}).identifier, uid=2)
    assert got == "T-2"


def test_required_field_missing_raises_validation_error(models_registry: Registry) -> None:
    message = (
        "The operation cannot be completed: Missing required value for the field 'Name' (name).\n"
        "Model: 'Test Line' (x.line)\n"
        "- create/update: a mandatory field is not set\n"
        "- delete: another model requires the record being deleted, you can archive it instead\n"
    )
    with pytest.raises(ValidationError) as info:
        run(models_registry, lambda env: env["x.line"].create({"thing_id": False}))
    assert info.value.message == message
    line = run(models_registry, lambda env: env["x.line"].create({"name": "req"}).id)
    with pytest.raises(ValidationError) as info:
        run(models_registry, lambda env: env["x.line"].browse(line).write({"name": False}))
    assert info.value.message == message
    # other required fields that the write does not touch are not in question
    assert run(models_registry, lambda env: env["x.line"].browse(line).write({"thing_id": False}))


def test_indexed_fields_have_a_database_index(models_registry: Registry) -> None:
    inspector = sa.inspect(models_registry.database.engine)
    indexed = {tuple(ix["column_names"]) for ix in inspector.get_indexes("x_thing")}
    assert ("name",) in indexed
    assert ("tag_id",) in indexed  # many2one columns are always indexed
    assert ("code",) not in indexed


def test_a_related_field_is_no_way_around_the_targets_access(models_registry: Registry) -> None:
    def setup(env: Environment) -> int:
        vault = env["x.vault"].create({"secret": "kept"})
        return int(env["x.vault.door"].create({"vault_id": vault.id}).id)

    door = run(models_registry, setup)
    grant(models_registry, "x.vault", "r")  # everyone reads vaults, nobody changes them
    grant(models_registry, "x.vault.door")

    def write(env: Environment) -> None:
        env["x.vault.door"].browse([door]).write({"vault_secret": "changed"})

    with pytest.raises(AccessError, match=r"not allowed to modify 'Test Vault' \(x.vault\)"):
        run(models_registry, lambda env: write(env(uid=2, su=False)))
    got = run(models_registry, lambda env: env["x.vault.door"].browse([door]).vault_secret)
    assert got == "kept"
    run(models_registry, write)  # the superuser may
    got = run(models_registry, lambda env: env["x.vault.door"].browse([door]).vault_secret)
    assert got == "changed"
