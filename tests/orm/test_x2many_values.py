"""x2many values Odoo ignores or refuses: an empty list, unknown command codes,
commands lacking their arguments, values that are no list."""

from __future__ import annotations

import re
from typing import Any

import pytest

from jsontwo.orm import Environment, Registry
from tests.orm.conftest import run


def tags_after(registry: Registry, value: Any) -> list[str]:
    """Names of the tags of a thing linked to tags a and b, after writing ``value``."""

    def work(env: Environment) -> list[str]:
        tags = env["x.tag"].create([{"name": "a"}, {"name": "b"}])
        thing = env["x.thing"].create({"name": "x2m", "tag_ids": [[6, 0, tags.ids]]})
        thing.write({"tag_ids": value})
        env.invalidate()
        return sorted(thing.tag_ids.mapped("name"))

    return run(registry, work)


@pytest.mark.parametrize("value", [[], [[7, 1]], [["x", 1]], [[9, 1, 2]]])
def test_empty_list_and_unknown_commands_change_nothing(
    models_registry: Registry, value: Any
) -> None:
    assert tags_after(models_registry, value) == ["a", "b"]


@pytest.mark.parametrize("value", [[[6]], [[4]], [[1, 5]], [[0, 0]]])
def test_command_lacking_its_arguments_is_an_index_error(
    models_registry: Registry, value: Any
) -> None:
    with pytest.raises(IndexError, match="list index out of range"):
        tags_after(models_registry, value)


def test_set_of_none_is_a_type_error(models_registry: Registry) -> None:
    with pytest.raises(TypeError, match="'NoneType' object is not iterable"):
        tags_after(models_registry, [[6, 0, None]])


@pytest.mark.parametrize(("value", "shown"), [("abc", "abc"), (5, "5"), ({"a": 1}, "{'a': 1}")])
def test_value_that_is_no_list_is_refused_in_odoos_words(
    models_registry: Registry, value: Any, shown: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(f"Wrong value for x.thing.tag_ids: {shown}")):
        tags_after(models_registry, value)
