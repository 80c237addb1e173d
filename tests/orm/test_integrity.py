"""A write to a record that does not exist, through a many2one or a many2many,
is refused in Odoo's words, naming the model and field (or the constraint of a
relation table), on SQLite as on PostgreSQL."""

from __future__ import annotations

import pytest

from jsontwo.db import IntegrityFailure
from jsontwo.exceptions import MissingError
from jsontwo.orm import Environment, Registry
from jsontwo.orm.integrity import PREFIX, integrity_message
from tests.orm.conftest import run


def refused(registry: Registry, vals: dict[str, object]) -> IntegrityFailure:
    def work(env: Environment) -> None:
        env["x.thing"].create({"name": "fk"}).write(vals)

    with pytest.raises(IntegrityFailure) as caught:
        run(registry, work)
    return caught.value


def test_many2one_to_a_missing_record(models_registry: Registry) -> None:
    failure = refused(models_registry, {"tag_id": 999_999})
    assert failure.constraint == "x_thing_tag_id_fkey"
    assert integrity_message(models_registry, failure) == (
        PREFIX + "Another model is using the record you are trying to delete.\n\n"
        "The troublemaker is: 'Test Thing' (x.thing)\n"
        "Thanks to the following constraint: 'Tag' (tag_id)\n"
        "How about archiving the record instead?"
    )


def test_many2many_link_to_a_missing_record(models_registry: Registry) -> None:
    failure = refused(models_registry, {"tag_ids": [[4, 999_999]]})
    message = integrity_message(models_registry, failure)
    assert failure.constraint and failure.constraint.endswith("_fkey")
    assert "The troublemaker is: Unknown\n" in message
    assert f"Thanks to the following constraint: {failure.constraint}\n" in message


def test_many2many_link_to_a_missing_record_on_create_is_missing_error(
    models_registry: Registry,
) -> None:
    with pytest.raises(MissingError, match=r"x\.tag\(999999,\)"):
        run(models_registry, lambda env: env["x.thing"].create({"name": "m", "tag_ids": [999_999]}))


def test_many2many_id_that_is_no_integer_is_missing_error(models_registry: Registry) -> None:
    with pytest.raises(MissingError, match=r"x\.tag\('1',\)"):
        run(
            models_registry,
            lambda env: env["x.thing"].create({"name": "m"}).write({"tag_ids": [[6, 0, ["1"]]]}),
        )
