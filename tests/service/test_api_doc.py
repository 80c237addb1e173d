"""The API documentation's signature objects (Odoo's ``parse_signature`` shape) and
the "Technical Documentation" group every database gets, new or old."""

from __future__ import annotations

from typing import Any, Self

from jsontwo.db import Storage
from jsontwo.orm import Environment, api
from jsontwo.service import Databases, create_database
from jsontwo.service.api_doc import GROUP_ALLOW_DOC, describe_function
from jsontwo.service.databases import with_superuser
from tests.conftest import as_made_by_an_older_jsontwo, new_db_name

#: a default that is no JSON value
NOT_JSON = object()


class Dummy:
    """Methods documented the ways model methods are."""

    @api.model
    @api.readonly
    def documented(self, domain: list[Any], limit: int | None = None) -> Self:
        """Find things.

        Second paragraph with ``code`` and *stress*.

        :param domain: what to match,
            over two lines
        :param int limit: at most this many
        :returns: the records found
        :raises AccessError: when reading is not allowed
        :raises ValueError: on a bad domain
        """
        raise NotImplementedError

    def typed_by_docstring(self, a, b=1):  # type: ignore[no-untyped-def]
        """:type a: str
        :rtype: bool
        """

    def kinds(self, first, /, second, *rest, only=NOT_JSON, **extra):  # type: ignore[no-untyped-def]
        pass

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Any:
        """Make records.

        :var ignored: an info field the documentation does not know
        """
        raise NotImplementedError


def test_a_documented_method() -> None:
    assert describe_function(Dummy.documented) == {
        "signature": "(domain, limit=None) -> list[int]",
        "parameters": {
            "domain": {"annotation": "list[Any]", "doc": "<p>what to match,\nover two lines</p>"},
            "limit": {
                "default": None,
                "annotation": "int | None",
                "doc": "<p>at most this many</p>",
            },
        },
        "return": {"annotation": "list[int]", "doc": "<p>the records found</p>"},
        "api": ["model", "readonly"],
        "raise": {
            "AccessError": "<p>when reading is not allowed</p>",
            "ValueError": "<p>on a bad domain</p>",
        },
        "doc": '<div class="document">\n\n\n<p>Find things.</p>\n'
        '<p>Second paragraph with <tt class="docutils literal">code</tt> and '
        "<em>stress</em>.</p>\n</div>",
    }


def test_annotations_from_the_docstring_fill_missing_ones() -> None:
    described = describe_function(Dummy.typed_by_docstring)
    assert described["signature"] == "(a, b=1) -> bool"
    assert described["parameters"] == {"a": {"annotation": "str"}, "b": {"default": 1}}
    assert described["return"] == {"annotation": "bool"}
    assert "api" not in described and "raise" not in described


def test_parameter_kinds_and_defaults_that_are_not_json() -> None:
    described = describe_function(Dummy.kinds)
    assert described == {
        "signature": f"(first, second, rest, only={NOT_JSON!r}, extra)",
        "parameters": {
            "first": {"kind": "POSITIONAL_ONLY"},
            "second": {},
            "rest": {"kind": "VAR_POSITIONAL"},
            "only": {"kind": "KEYWORD_ONLY"},  # its default is no JSON: left out
            "extra": {"kind": "VAR_KEYWORD"},
        },
    }
    assert "doc" not in described  # no docstring, no doc


def test_create_is_a_model_method_and_unknown_fields_are_ignored() -> None:
    described = describe_function(Dummy.create)
    assert described["api"] == ["model"]
    assert described["doc"] == '<div class="document">\n\n\n<p>Make records.</p>\n</div>'
    assert described["parameters"] == {
        "vals_list": {"annotation": "list[dict[str, Any]] | dict[str, Any]"}
    }


def test_html_in_docstrings_is_escaped() -> None:
    def method(self: Any) -> None:
        """Use <script> & ``a < b``."""

    assert describe_function(method)["doc"] == (
        '<div class="document">\n\n\n<p>Use &lt;script&gt; &amp; '
        '<tt class="docutils literal">a &lt; b</tt>.</p>\n</div>'
    )


# --- the group ----------------------------------------------------------------


def group_state(env: Environment) -> tuple[str, bool, bool, bool]:
    """The group's name; whether Settings implies it; whether the admin and a
    plain internal user are in it."""
    group = env.ref(GROUP_ALLOW_DOC)
    system = env.ref("base.group_system")
    assert group is not None and system is not None
    admin = env.ref("base.user_admin")
    assert admin is not None
    plain = env["res.users"].create({"login": new_db_name("plain"), "name": "Plain"})
    return (
        str(group.name),
        group.id in system.implied_ids.ids,
        bool(admin._has_group(GROUP_ALLOW_DOC)),
        bool(plain._has_group(GROUP_ALLOW_DOC)),
    )


def test_new_and_older_databases_have_the_group(storage: Storage) -> None:
    name = new_db_name("apidoc")
    registry = create_database(storage, name)
    try:
        assert with_superuser(registry, group_state) == (
            "Technical Documentation",
            True,
            True,
            False,
        )

        def forget_group(env: Environment) -> None:
            # a database made before the group existed
            group = env.ref(GROUP_ALLOW_DOC)
            assert group is not None
            env.cr.execute('DELETE FROM "res_groups_implied_rel" WHERE hid = %s', [group.id])
            env.cr.execute('DELETE FROM "res_groups" WHERE id = %s', [group.id])
            env.cr.execute(
                "DELETE FROM \"ir_model_data\" WHERE module = 'api_doc' AND name = 'group_allow_doc'"
            )
            as_made_by_an_older_jsontwo(env)

        with_superuser(registry, forget_group)
        registry.database.dispose()
        reopened = Databases(storage).registry(name)  # a server starting on it
        assert with_superuser(reopened, group_state) == (
            "Technical Documentation",
            True,
            True,
            False,
        )
        reopened.database.dispose()
    finally:
        storage.drop(name)
