"""The x2many write commands on one2many and many2many fields, as lists of
commands or as plain ids (docs/internals/orm-behaviour.md, "x2many commands")."""

from __future__ import annotations

from typing import Any

import pytest

from jsontwo.db import IntegrityFailure
from jsontwo.exceptions import MissingError
from jsontwo.orm import Command, Environment, Registry
from tests.orm.conftest import run, unique


def links(env: Environment, thing_ids: list[int]) -> dict[int, dict[str, list[int]]]:
    """The x2many values of things, archived co-records included."""
    rows = (
        env["x.thing"]
        .with_context(active_test=False)
        .browse(thing_ids)
        .read(["line_ids", "note_ids", "tag_ids"])
    )
    return {row.pop("id"): row for row in rows}


# --- one2many commands ----------------------------------------------------------
def test_one2many_create_update_delete(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        things = env["x.thing"].create([{"name": "o2m a"}, {"name": "o2m b"}])
        things.write({"line_ids": [[0, 0, {"name": "per parent"}]]})
        lines = {t.id: t.line_ids for t in things}
        first, second = (lines[t].ids for t in things.ids)
        things.browse(things.ids[0]).write(
            {"line_ids": [[1, first[0], {"name": "renamed"}], [2, second[0]]]}
        )
        return (
            [len(lines[t]) for t in things.ids],
            env["x.line"].browse(first).read(["name", "thing_id"]),
            env["x.line"].browse(second).exists().ids,
            things.ids,
        )

    counts, first, second, ids = run(models_registry, work)
    assert counts == [1, 1]  # CREATE makes one line per written record
    assert first[0]["name"] == "renamed" and first[0]["thing_id"][0] == ids[0]
    assert second == []  # DELETE removes the co-record even from another parent


def test_one2many_unlink_deletes_cascade_lines_and_detaches_others(
    models_registry: Registry,
) -> None:
    def work(env: Environment) -> Any:
        thing = env["x.thing"].create(
            {
                "name": "o2m unlink",
                "line_ids": [Command.create({"name": "l1"}), Command.create({"name": "l2"})],
                "note_ids": [Command.create({"name": "n1"}), Command.create({"name": "n2"})],
            }
        )
        lines, notes = thing.line_ids.ids, thing.note_ids.ids
        thing.write({"line_ids": [[3, lines[0]]], "note_ids": [[3, notes[0]]]})
        return (
            links(env, [thing.id])[thing.id],
            env["x.line"].browse(lines).exists().ids,
            env["x.note"].browse(notes).read(["thing_id"]),
            lines,
            notes,
            thing.id,
        )

    state, lines_left, notes_read, lines, notes, rid = run(models_registry, work)
    assert state["line_ids"] == lines[1:] and state["note_ids"] == notes[1:]
    assert lines_left == lines[1:]  # the cascade line was deleted
    assert [n["thing_id"] for n in notes_read] == [False, [rid, "o2m unlink"]]


def test_one2many_link_moves_and_set_replaces(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        a, b = env["x.thing"].create([{"name": "o2m a"}, {"name": "o2m b"}])
        notes = env["x.note"].create([{"name": f"n{i}", "thing_id": a.id} for i in range(3)])
        n0, n1, n2 = notes.ids
        b.write({"note_ids": [[4, n0]]})  # LINK moves it from a to b
        after_link = links(env, [a.id, b.id])
        a.write({"note_ids": [[6, 0, [n2, n0]]]})  # SET: n1 detached, n0 back from b
        after_set = links(env, [a.id, b.id])
        return a.id, b.id, notes.ids, after_link, after_set, env["x.note"].browse(n1).thing_id

    a, b, (n0, n1, n2), after_link, after_set, n1_thing = run(models_registry, work)
    assert after_link[a]["note_ids"] == [n1, n2] and after_link[b]["note_ids"] == [n0]
    assert after_set[a]["note_ids"] == [n0, n2] and after_set[b]["note_ids"] == []
    assert not n1_thing  # SET detaches (set null) the lines it does not list


def test_one2many_clear_plain_ids_and_false(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        thing = env["x.thing"].create(
            {"name": "o2m clear", "line_ids": [[0, 0, {"name": "l"}]], "note_ids": [[0, 0, {}]]}
        )
        line, note = thing.line_ids.id, thing.note_ids.id
        thing.write({"line_ids": [[5]], "note_ids": [[5, 0, 0]]})
        cleared = links(env, [thing.id])[thing.id]
        gone = env["x.line"].browse(line).exists().ids, env["x.note"].browse(note).exists().ids
        thing.write({"note_ids": [note]})  # a plain id list is SET
        plain = links(env, [thing.id])[thing.id]["note_ids"]
        thing.write({"note_ids": False})  # false is CLEAR
        return cleared, gone, plain, links(env, [thing.id])[thing.id]["note_ids"], note

    cleared, (line_left, note_left), plain, after_false, note = run(models_registry, work)
    assert cleared == {"line_ids": [], "note_ids": [], "tag_ids": []}
    assert line_left == [] and note_left == [note]  # cascade line deleted, note detached
    assert plain == [note]
    assert after_false == []


def test_one2many_set_and_clear_in_create_only_link(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        owner = env["x.thing"].create({"name": "owner", "note_ids": [[0, 0, {"name": "n"}]]})
        note = owner.note_ids.id
        taker = env["x.thing"].create({"name": "taker", "note_ids": [[5], [6, 0, [note]]]})
        return links(env, [owner.id, taker.id]), owner.id, taker.id, note

    state, owner, taker, note = run(models_registry, work)
    assert state[owner]["note_ids"] == [] and state[taker]["note_ids"] == [note]


# --- many2many commands ---------------------------------------------------------
def test_many2many_create_update_delete(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        things = env["x.thing"].create([{"name": "m2m a"}, {"name": "m2m b"}])
        things.write({"tag_ids": [[0, 0, {"name": unique("shared")}]]})
        shared = things.browse(things.ids[0]).tag_ids.id
        other = env["x.tag"].create({"name": unique("other")})
        things.browse(things.ids[0]).write({"tag_ids": [[1, other.id, {"name": "updated"}]]})
        after_update = links(env, things.ids), other.name
        things.browse(things.ids[1]).write({"tag_ids": [[2, shared]]})
        return things.ids, shared, after_update, links(env, things.ids), other.id

    (a, b), shared, (after_update, other_name), after_delete, _other = run(models_registry, work)
    assert after_update[a]["tag_ids"] == [shared] and after_update[b]["tag_ids"] == [shared]
    assert other_name == "updated"  # UPDATE writes the co-record without linking it
    assert after_delete[a]["tag_ids"] == [] and after_delete[b]["tag_ids"] == []
    assert run(models_registry, lambda env: env["x.tag"].browse(shared).exists().ids) == []


def test_many2many_link_unlink_set_clear(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        tags = env["x.tag"].create([{"name": unique(f"t{i}")} for i in range(3)])
        t0, t1, t2 = tags.ids
        thing = env["x.thing"].create({"name": "m2m"})
        steps: list[list[int]] = []
        for value in (
            [[4, t0], [4, t1], [4, t0]],  # LINK, twice the same is one link
            [[3, t0]],  # UNLINK removes the link only
            [[6, 0, [t2, t0]]],  # SET replaces exactly
            [[5]],  # CLEAR
            [t1, t2],  # plain ids = SET
            False,  # false = CLEAR
        ):
            thing.write({"tag_ids": value})
            steps.append(sorted(links(env, [thing.id])[thing.id]["tag_ids"]))
        return tags.ids, steps, tags.exists().ids

    (t0, t1, t2), steps, existing = run(models_registry, work)
    assert steps == [[t0, t1], [t1], sorted([t0, t2]), [], [t1, t2], []]
    assert existing == [t0, t1, t2]


def test_many2many_commands_apply_in_order_within_one_write(models_registry: Registry) -> None:
    """CLEAR, two LINKs and an UNLINK in one write leave what the sequence leaves."""

    def work(env: Environment) -> Any:
        t1, t2, t3 = env["x.tag"].create([{"name": unique(f"seq{i}")} for i in range(3)])
        thing = env["x.thing"].create({"name": "seq", "tag_ids": [t2.id, t3.id]})
        thing.write({"tag_ids": [[5, 0, 0], [4, t1.id], [4, t3.id], [3, t3.id]]})
        return t1.id, thing.tag_ids.ids

    t1, linked = run(models_registry, work)
    assert linked == [t1]


def test_many2many_set_and_link_in_create(models_registry: Registry) -> None:
    """SET, LINK and a plain id list given to create link the co-records."""

    def work(env: Environment) -> Any:
        t1, t2 = env["x.tag"].create([{"name": unique("c1")}, {"name": unique("c2")}])
        things = env["x.thing"].create(
            [
                {"name": "set", "tag_ids": [[6, 0, [t1.id]]]},
                {"name": "link", "tag_ids": [[4, t1.id], [4, t2.id]]},
                {"name": "plain", "tag_ids": [t2.id]},
            ]
        )
        return (t1.id, t2.id), [thing.tag_ids.ids for thing in things]

    (t1, t2), linked = run(models_registry, work)
    assert linked == [[t1], sorted([t1, t2]), [t2]]


def test_many_new_records_given_the_same_links_each_get_them(models_registry: Registry) -> None:
    """Records created together with the same many2many links (linked in one go)
    each hold them, read in the same transaction as after it, with the values
    they were given, their defaults and nothing in their one2many fields."""
    fields = ["name", "count", "flag", "moment", "data", "state", "tag_ids", "line_ids"]

    def work(env: Environment) -> Any:
        t1, t2 = env["x.tag"].create([{"name": unique("same1")}, {"name": unique("same2")}])
        vals: list[dict[str, Any]] = [
            *({"name": f"alike {i}", "tag_ids": [Command.set([t1.id, t2.id])]} for i in range(3)),
            {"name": "linked", "tag_ids": [Command.link(t2.id)], "flag": True},
            {"name": 5, "moment": "2024-02-29 10:11:12", "data": {"a": [1]}},
        ]
        things = env["x.thing"].create(vals)
        return (t1.id, t2.id), things.ids, things.read(fields)

    (t1, t2), ids, during = run(models_registry, work)
    after = run(models_registry, lambda env: env["x.thing"].browse(ids).read(fields))
    assert during == after
    assert [row["tag_ids"] for row in after] == [[t1, t2]] * 3 + [[t2], []]
    assert [row["line_ids"] for row in after] == [[]] * 5
    assert after[4]["name"] == "5" and after[4]["count"] == 7 and after[4]["data"] == {"a": [1]}
    assert after[4]["moment"] == "2024-02-29 10:11:12" and after[3]["flag"] is True


def test_new_records_linked_alike_to_a_missing_record_are_refused(
    models_registry: Registry,
) -> None:
    def work(env: Environment) -> Any:
        env["x.thing"].create(
            [{"name": f"missing {i}", "tag_ids": [Command.set([999_999_999])]} for i in range(3)]
        )

    with pytest.raises(MissingError, match=r"x\.tag\(999999999,\)"):
        run(models_registry, work)


def test_linking_a_nonexistent_many2many_record_is_refused_by_the_database(
    models_registry: Registry,
) -> None:
    """A LINK to a missing co-record breaks the relation table's foreign key."""
    rid = run(models_registry, lambda env: env["x.thing"].create({"name": "dangling"}).id)
    with pytest.raises(IntegrityFailure):
        run(
            models_registry,
            lambda env: env["x.thing"].browse(rid).write({"tag_ids": [[4, 999_999_999]]}),
        )
    assert run(models_registry, lambda env: env["x.thing"].browse(rid).tag_ids.ids) == []


def test_unknown_command_codes_are_ignored_and_bad_shapes_raise(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        tag = env["x.tag"].create({"name": unique("kept")})
        thing = env["x.thing"].create({"name": "cmd", "tag_ids": [tag.id]})
        result = thing.write({"tag_ids": [[9, 0, 0]]})  # as in Odoo: no error, no change
        return result, thing.tag_ids.ids, tag.id, thing.id

    result, tag_ids, tag, rid = run(models_registry, work)
    assert result is True and tag_ids == [tag]
    # a code that is no integer is no command either (Odoo compares it to each code)
    bad_values: list[tuple[Any, type[Exception]]] = [
        ("nope", ValueError),
        ([[]], IndexError),
        ([["4", 1], "x"], ValueError),
    ]
    for value, error in bad_values:
        with pytest.raises(error):
            run(
                models_registry,
                lambda env, v=value: env["x.thing"].browse(rid).write({"tag_ids": v}),
            )


# --- each x2many command, on each kind of x2many ---------------------------------
#: the x2many fields of x.thing: a one2many whose lines are detached (set null) when
#: unlinked, a one2many whose lines are deleted (ondelete cascade), a many2many
X2MANY_KINDS = {"one2many": "note_ids", "one2many-cascade": "line_ids", "many2many": "tag_ids"}
#: what becomes of a co-record the command unlinks, per kind
UNLINKED = {"one2many": "detached", "one2many-cascade": "deleted", "many2many": "kept"}


def _command(code: str, co: dict[str, int]) -> list[Any]:
    commands: dict[str, list[Any]] = {
        "CREATE": [0, 0, {"name": "made"}],
        "UPDATE": [1, co["c0"], {"name": "updated"}],
        "DELETE": [2, co["c0"]],
        "UNLINK": [3, co["c0"]],
        "LINK": [4, co["c2"]],
        "CLEAR": [5],
        "SET": [6, 0, [co["c1"], co["c2"]]],
    }
    return commands[code]


#: command -> (co-records linked afterwards, what becomes of c0: "linked", "updated",
#: "deleted" or "unlinked" (see UNLINKED))
COMMAND_EFFECTS = {
    "CREATE": (["c0", "c1", "made"], "linked"),
    "UPDATE": (["c0", "c1"], "updated"),
    "DELETE": (["c1"], "deleted"),
    "UNLINK": (["c1"], "unlinked"),
    "LINK": (["c0", "c1", "c2"], "linked"),
    "CLEAR": ([], "unlinked"),
    "SET": (["c1", "c2"], "unlinked"),
}


@pytest.mark.parametrize("kind", list(X2MANY_KINDS))
@pytest.mark.parametrize("code", list(COMMAND_EFFECTS))
def test_x2many_command(models_registry: Registry, code: str, kind: str) -> None:
    """Thing T links c0 and c1; c2 belongs to another thing (one2many) or to none."""
    fname = X2MANY_KINDS[kind]

    def work(env: Environment) -> Any:
        thing, other = env["x.thing"].create([{"name": "T"}, {"name": "other"}])
        comodel = env[thing.fields_get([fname], ["relation"])[fname]["relation"]]
        co_records = comodel.create([{"name": unique(n)} for n in ("c0", "c1", "c2")])
        co = dict(zip(("c0", "c1", "c2"), co_records.ids, strict=True))
        thing.write({fname: [[4, co["c0"]], [4, co["c1"]]]})
        if kind != "many2many":
            other.write({fname: [[4, co["c2"]]]})
        thing.write({fname: [_command(code, co)]})
        linked = links(env, [thing.id])[thing.id][fname]
        names = {rid: sym for sym, rid in co.items()}
        linked_names = sorted(names.get(rid) or comodel.browse(rid).name for rid in linked)
        c0 = comodel.with_context(active_test=False).browse(co["c0"]).exists()
        if not c0:
            fate = "deleted"
        elif c0.name == "updated":
            fate = "updated"
        elif co["c0"] in linked:
            fate = "linked"
        else:
            fate = "unlinked"
        owner_of_c0 = c0.thing_id.id if c0 and kind != "many2many" else None
        return linked_names, fate, owner_of_c0

    linked, fate, owner_of_c0 = run(models_registry, work)
    expected_linked, expected_fate = COMMAND_EFFECTS[code]
    assert linked == expected_linked
    if expected_fate == "unlinked":
        if UNLINKED[kind] == "deleted":
            assert fate == "deleted"
        else:
            assert fate == "unlinked"
            if kind == "one2many":
                assert owner_of_c0 is False  # the inverse many2one is cleared
    else:
        assert fate == expected_fate
