"""Creating, reading, writing and deleting partners and partner tags over JSON-2:
the values and errors a client sees for res.partner and res.partner.category."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok
from tests.modules.base.test_partner import unique

UNPROCESSABLE = "werkzeug.exceptions.UnprocessableEntity"
VALIDATION = "odoo.exceptions.ValidationError"
MISSING = "odoo.exceptions.MissingError"


def call(api: Api, model: str, method: str, body: dict[str, Any]) -> Any:
    """The result of a JSON-2 call that must succeed."""
    return assert_ok(api.call(model, method, body))


def create(api: Api, vals_list: Any, model: str = "res.partner") -> list[int]:
    """Create records; the ids in the order of the values."""
    ids = call(api, model, "create", {"vals_list": vals_list})
    assert isinstance(ids, list)
    return ids


def read(api: Api, ids: Any, fields: list[str], model: str = "res.partner") -> Any:
    return call(api, model, "read", {"ids": ids, "fields": fields})


def lookup(api: Api, model: str, domain: list[Any]) -> int:
    """The id of the one record ``domain`` finds."""
    (rid,) = call(api, model, "search", {"domain": domain})
    return int(rid)


def admin_id(api: Api) -> int:
    return lookup(api, "res.users", [["login", "=", "admin"]])


def tags(api: Api, *names: str) -> list[int]:
    """New partner tags, one per name."""
    return create(api, [{"name": name} for name in names], "res.partner.category")


# --- create ---------------------------------------------------------------------


def test_create_answers_one_id_per_value_and_reads_partner_defaults(api: Api) -> None:
    """Each created partner reads back its values or the partner defaults."""
    run = unique("Create")
    ids = create(
        api,
        [
            {"name": f"{run} A", "is_company": True},
            {"name": f"{run} B", "email": f"b.{run[-8:]}@example.com"},
            {"name": f"{run} C", "color": 3},
        ],
    )
    assert len(ids) == 3 and ids == sorted(ids)
    assert create(api, []) == []
    fields = ["name", "is_company", "email", "color", "type", "active", "company_type"]
    defaults = {"is_company": False, "email": False, "color": 0, "type": "contact", "active": True}
    assert read(api, ids, fields) == [
        {
            "id": ids[0],
            **defaults,
            "name": f"{run} A",
            "is_company": True,
            "company_type": "company",
        },
        {
            "id": ids[1],
            **defaults,
            "name": f"{run} B",
            "email": f"b.{run[-8:]}@example.com",
            "company_type": "person",
        },
        {"id": ids[2], **defaults, "name": f"{run} C", "color": 3, "company_type": "person"},
    ]


def test_create_with_a_parent_a_country_and_tags(api: Api) -> None:
    """A many2one takes an id and reads as [id, name]; tags take a plain list of ids."""
    run = unique("Relations")
    belgium = lookup(api, "res.country", [["code", "=", "BE"]])
    (company,) = create(api, {"name": f"{run} Co", "is_company": True})
    t1, t2 = tags(api, f"{run} Tag 1", f"{run} Tag 2")
    (child,) = create(
        api,
        {
            "name": f"{run} Child",
            "parent_id": company,
            "country_id": belgium,
            "category_id": [t1, t2],
        },
    )
    fields = ["parent_id", "country_id", "commercial_partner_id", "display_name", "category_id"]
    assert read(api, [child], fields) == [
        {
            "id": child,
            "parent_id": [company, f"{run} Co"],
            "country_id": [belgium, "Belgium"],
            "commercial_partner_id": [company, f"{run} Co"],
            "display_name": f"{run} Co, {run} Child",
            "category_id": [t1, t2],
        }
    ]


def test_context_defaults_fill_the_values_not_given(api: Api) -> None:
    """default_<field> keys of the context give values to create."""
    body = {
        "vals_list": {"name": unique("Defaulted")},
        "context": {"default_function": "Tester", "default_color": 7},
    }
    ids = call(api, "res.partner", "create", body)
    assert read(api, ids, ["function", "color"]) == [
        {"id": ids[0], "function": "Tester", "color": 7}
    ]


# --- errors -------------------------------------------------------------------------

TAG_REQUIRED = (
    "The operation cannot be completed: Missing required value for the field 'Name' (name).\n"
    "Model: 'Partner Tags' (res.partner.category)\n"
    "- create/update: a mandatory field is not set\n"
    "- delete: another model requires the record being deleted, you can archive it instead\n"
)
NO_NAME = "The operation cannot be completed: Contacts require a name"

#: (model, method, body, status, error name, message); ``ids`` in a body are filled
#: with an existing partner
ERRORS = [
    ("res.partner", "create", {"vals_list": {"name": "x", "no_such_field": 1}}, 500,
     "builtins.ValueError", "Invalid field 'no_such_field' in 'res.partner'"),
    ("res.partner", "create", {"vals_list": {"name": "x", "type": "bogus"}}, 500,
     "builtins.ValueError", "Wrong value for res.partner.type: 'bogus'"),
    ("res.partner", "create", {"vals_list": {"email": "noname@example.com"}}, 422,
     VALIDATION, NO_NAME),
    ("res.partner.category", "create", {"vals_list": {"color": 2}}, 422,
     VALIDATION, TAG_REQUIRED),
    ("res.partner", "create", {}, 422,
     UNPROCESSABLE, "missing a required argument: 'vals_list'"),
    ("res.partner", "write", {"ids": [], "vals": {"no_such_field": 1}}, 500,
     "builtins.KeyError", "no_such_field"),
    ("res.partner", "write", {"ids": [], "vals": {"type": "bogus"}}, 500,
     "builtins.ValueError", "Wrong value for res.partner.type: 'bogus'"),
    ("res.partner", "write", {"ids": [], "vals": {"name": False}}, 422, VALIDATION, NO_NAME),
    ("res.partner", "write", {"ids": []}, 422, UNPROCESSABLE, "missing a required argument: 'vals'"),
    ("res.partner", "read", {"ids": [], "fields": ["name", "no_such_field"]}, 500,
     "builtins.ValueError", "Invalid field 'no_such_field' on 'res.partner'"),
    ("res.partner", "read", {"ids": [], "fields": "name"}, 500,  # a string is a list of letters
     "builtins.ValueError", "Invalid field 'n' on 'res.partner'"),
    ("res.partner", "unlink", {"ids": [], "force": True}, 422,
     UNPROCESSABLE, "got an unexpected keyword argument 'force'"),
]  # fmt: skip


@pytest.mark.parametrize(("model", "method", "body", "status", "name", "message"), ERRORS)
def test_errors_of_create_read_write_unlink(
    api: Api, model: str, method: str, body: dict[str, Any], status: int, name: str, message: str
) -> None:
    """Each wrong call fails with Odoo's status, error name and message."""
    if "ids" in body:
        body = {**body, "ids": create(api, {"name": unique("Target")})}
    assert_error(api.call(model, method, body), status, name, message)


def test_values_that_are_not_dicts_fail_as_a_server_error(api: Api) -> None:
    """create refuses a list of strings with a 500, as Odoo's crash does."""
    response = api.call("res.partner", "create", {"vals_list": ["oops"]})
    assert response.status_code == 500, response.text


# --- read ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def company(api: Api) -> dict[str, int]:
    """A company in the United States with one contact, and a deleted partner."""
    us = lookup(api, "res.country", [["code", "=", "US"]])
    run = unique("Read")
    (co,) = create(
        api,
        {
            "name": f"{run} Co",
            "is_company": True,
            "country_id": us,
            "website": "www.example.com",
            "comment": "<p>Hello <b>world</b></p>",
            "partner_latitude": 50.5,
            "color": 4,
            "ref": f"R-{run}",
        },
    )
    (person,) = create(api, {"name": f"{run} Person", "parent_id": co, "function": "CEO"})
    (gone,) = create(api, {"name": f"{run} Gone"})
    assert call(api, "res.partner", "unlink", {"ids": [gone]}) is True
    return {"co": co, "person": person, "gone": gone, "us": us}


def test_read_answers_values_in_json_formats(api: Api, company: dict[str, int]) -> None:
    """Stored values read back normalised (website) or as written; language defaults."""
    fields = ["is_company", "country_id", "website", "comment", "partner_latitude", "color", "type"]
    (row,) = read(api, [company["co"]], [*fields, "lang"])
    assert row == {
        "id": company["co"],
        "is_company": True,
        "country_id": [company["us"], "United States"],
        "website": "http://www.example.com",
        "comment": "<p>Hello <b>world</b></p>",
        "partner_latitude": 50.5,
        "color": 4,
        "type": "contact",
        "lang": "en_US",
    }


def test_empty_values_read_as_false_zero_or_empty_list(api: Api, company: dict[str, int]) -> None:
    """A contact without values reads false, 0, 0.0 and []; it takes its company's country."""
    fields = ["email", "phone", "street", "color", "partner_latitude", "country_id"]
    fields += ["category_id", "child_ids", "comment", "vat", "employee"]
    (row,) = read(api, [company["person"]], fields)
    assert row == {
        "id": company["person"],
        "email": False,
        "phone": False,
        "street": False,
        "color": 0,
        "partner_latitude": 0.0,
        "country_id": [company["us"], "United States"],
        "category_id": [],
        "child_ids": [],
        "comment": False,
        "vat": False,
        "employee": False,
    }
    assert read(api, [company["co"]], ["child_ids"]) == [
        {"id": company["co"], "child_ids": [company["person"]]}
    ]


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (["person", "co"], ["person", "co"]),  # the order of the ids
        (["gone"], []),  # deleted ids are left out, without an error
        (["gone", "co"], ["co"]),
        (["co", "co"], ["co", "co"]),  # a repeated id is read twice
        ([], []),
        (None, []),  # no ids at all
    ],
)
def test_read_follows_the_ids_given(
    api: Api, company: dict[str, int], ids: list[str] | None, expected: list[str]
) -> None:
    """read answers one row per existing id given, in the order given."""
    body: dict[str, Any] = {"fields": ["id"]}
    if ids is not None:
        body["ids"] = [company[name] for name in ids]
    assert call(api, "res.partner", "read", body) == [{"id": company[n]} for n in expected]


def test_read_without_load_gives_bare_many2one_ids(api: Api, company: dict[str, int]) -> None:
    """load=null reads many2one values as ids instead of [id, name] pairs."""
    body = {"ids": [company["person"]], "fields": ["parent_id", "country_id"], "load": None}
    assert call(api, "res.partner", "read", body) == [
        {"id": company["person"], "parent_id": company["co"], "country_id": company["us"]}
    ]


def test_read_who_created_a_partner(api: Api, company: dict[str, int]) -> None:
    """create_uid and write_uid are the calling user, with its name."""
    (row,) = read(api, [company["co"]], ["create_uid", "write_uid"])
    admin = [admin_id(api), "Mitchell Admin"]
    assert row == {"id": company["co"], "create_uid": admin, "write_uid": admin}


def test_read_a_country(api: Api) -> None:
    """A country reads its code, phone prefix and currency."""
    us = lookup(api, "res.country", [["code", "=", "US"]])
    usd = lookup(api, "res.currency", [["name", "=", "USD"]])
    assert read(api, [us], ["name", "code", "phone_code", "currency_id"], "res.country") == [
        {
            "id": us,
            "name": "United States",
            "code": "US",
            "phone_code": 1,
            "currency_id": [usd, "USD"],
        }
    ]


# --- write --------------------------------------------------------------------------


def test_write_stores_and_normalises_values(api: Api) -> None:
    """write answers true; the website gets a scheme, the time zone and any language stick."""
    run = unique("Write")
    (pid,) = create(api, {"name": run})
    vals = {
        "email": "w1@example.com",
        "phone": "+32 2 123 45 67",
        "color": 9,
        "partner_latitude": 1.25,
        "function": "Buyer",
        "type": "other",
        "comment": "<p>note</p>",
        "website": "example.org/w",
        "tz": "Europe/Brussels",
        "lang": "xx_XX",
    }
    assert call(api, "res.partner", "write", {"ids": [pid], "vals": vals}) is True
    (row,) = read(api, [pid], list(vals))
    assert row == {"id": pid, **vals, "website": "http://example.org/w"}


def test_write_false_or_null_clears_values(api: Api) -> None:
    """false and null empty a char, an integer and a many2one."""
    france = lookup(api, "res.country", [["code", "=", "FR"]])
    (pid,) = create(
        api, {"name": unique("Clear"), "email": "c@example.com", "color": 2, "country_id": france}
    )
    body = {
        "ids": [pid],
        "vals": {"email": False, "color": False, "country_id": False, "function": None},
    }
    assert call(api, "res.partner", "write", body) is True
    assert read(api, [pid], ["email", "color", "country_id", "function"]) == [
        {"id": pid, "email": False, "color": 0, "country_id": False, "function": False}
    ]


@pytest.mark.parametrize("body", [{"ids": [], "vals": {"name": "x"}}, {"vals": {}}])
def test_write_with_nothing_to_do_answers_true(api: Api, body: dict[str, Any]) -> None:
    """No ids, or no values, is a successful write that changes nothing."""
    name = unique("Untouched")
    (pid,) = create(api, {"name": name})
    body = {"ids": [pid], **body}
    assert call(api, "res.partner", "write", body) is True
    assert read(api, [pid], ["name"]) == [{"id": pid, "name": name}]


def test_write_several_partners_at_once(api: Api) -> None:
    """One write gives the same values to every id."""
    ref = unique("SAME")
    france = lookup(api, "res.country", [["code", "=", "FR"]])
    ids = create(api, [{"name": unique("W1")}, {"name": unique("W2")}])
    body = {"ids": ids, "vals": {"ref": ref, "country_id": france}}
    assert call(api, "res.partner", "write", body) is True
    assert read(api, ids, ["ref", "country_id"]) == [
        {"id": pid, "ref": ref, "country_id": [france, "France"]} for pid in ids
    ]


def test_write_a_tag(api: Api) -> None:
    """A tag's new name is its display name."""
    name = unique("Tag")
    (tag,) = tags(api, name)
    body = {"ids": [tag], "vals": {"name": f"{name} renamed", "color": 11}}
    assert call(api, "res.partner.category", "write", body) is True
    assert read(api, [tag], ["name", "color", "display_name"], "res.partner.category") == [
        {"id": tag, "name": f"{name} renamed", "color": 11, "display_name": f"{name} renamed"}
    ]


def test_a_company_cannot_become_its_contacts_child(api: Api) -> None:
    """Making a partner the parent of its own parent is a 422 ValidationError."""
    (co,) = create(api, {"name": unique("Co"), "is_company": True})
    (person,) = create(api, {"name": unique("Person"), "parent_id": co})
    response = api.call("res.partner", "write", {"ids": [co], "vals": {"parent_id": person}})
    assert_error(response, 422, VALIDATION, "You cannot create recursive Partner hierarchies.")


# --- tags: the many2many commands on category_id -------------------------------------


def partner_tags(api: Api, pid: int) -> list[int]:
    (row,) = read(api, [pid], ["category_id"])
    return list(row["category_id"])


def write_tags(api: Api, pid: int, value: Any) -> None:
    body = {"ids": [pid], "vals": {"category_id": value}}
    assert call(api, "res.partner", "write", body) is True


def test_tag_commands_link_unlink_and_set(api: Api) -> None:
    """LINK, UNLINK, SET, CLEAR, a plain id list and false on a partner's tags; tags
    read in name order."""
    run = unique("Cmd")
    t1, t2, t3, t4 = tags(api, f"{run} T1", f"{run} T2", f"{run} T3", f"{run} T4")
    (pid,) = create(api, {"name": run, "category_id": [[6, 0, [t1]]]})
    assert partner_tags(api, pid) == [t1]
    steps: list[tuple[Any, list[int]]] = [
        ([[4, t2], [4, t3]], [t1, t2, t3]),
        ([[4, t2, 0]], [t1, t2, t3]),  # linking a linked tag changes nothing
        ([[3, t1]], [t2, t3]),
        ([[6, 0, [t4, t1]]], [t1, t4]),
        ([[5]], []),
        ([t2, t3], [t2, t3]),  # a plain list of ids sets the tags
        ([[5, 0, 0], [4, t1], [4, t4], [3, t4]], [t1]),  # commands apply in order
        (False, []),
        ([[9, 0, 0]], []),  # an unknown command is ignored
    ]
    for value, expected in steps:
        write_tags(api, pid, value)
        assert partner_tags(api, pid) == expected, value
    existing = call(api, "res.partner.category", "search", {"domain": [["id", "in", [t1, t4]]]})
    assert sorted(existing) == [t1, t4]  # unlinking never deletes a tag
    assert read(api, [t1], ["partner_ids"], "res.partner.category") == [
        {"id": t1, "partner_ids": []}
    ]


def test_tag_commands_create_update_and_delete(api: Api) -> None:
    """CREATE makes and links a tag; UPDATE renames without linking; DELETE removes the tag."""
    run = unique("Cmd")
    t2, t4 = tags(api, f"{run} T2", f"{run} T4")
    (pid,) = create(api, {"name": run, "category_id": [t2]})
    write_tags(api, pid, [[0, 0, {"name": f"{run} T New"}]])
    new = lookup(api, "res.partner.category", [["name", "=", f"{run} T New"]])
    assert partner_tags(api, pid) == [new, t2]  # "T New" sorts before "T2"
    write_tags(api, pid, [[1, new, {"name": f"{run} T New Renamed"}], [1, t4, {"color": 4}]])
    assert read(api, [new], ["name"], "res.partner.category") == [
        {"id": new, "name": f"{run} T New Renamed"}
    ]
    assert partner_tags(api, pid) == [new, t2]
    write_tags(api, pid, [[2, new]])
    body = {"domain": [["id", "=", new]], "context": {"active_test": False}}
    assert call(api, "res.partner.category", "search", body) == []
    assert partner_tags(api, pid) == [t2]


def test_linking_a_deleted_tag_is_a_validation_error(api: Api) -> None:
    """A LINK to a tag that no longer exists fails with a 422 ValidationError."""
    (tag,) = tags(api, unique("Gone"))
    assert call(api, "res.partner.category", "unlink", {"ids": [tag]}) is True
    (pid,) = create(api, {"name": unique("Linker")})
    response = api.call("res.partner", "write", {"ids": [pid], "vals": {"category_id": [[4, tag]]}})
    assert_error(response, 422, VALIDATION)
    assert partner_tags(api, pid) == []


# --- unlink -------------------------------------------------------------------------


@pytest.mark.parametrize("body", [{"ids": []}, {}])
def test_unlink_of_no_records_answers_true(api: Api, body: dict[str, Any]) -> None:
    """unlink without ids deletes nothing and answers true."""
    assert call(api, "res.partner", "unlink", body) is True


def test_a_deleted_partner_is_missing_for_write_and_unlink(api: Api) -> None:
    """After unlink, the partner is gone from search; writing or deleting it again is a 404."""
    name = unique("Deleted")
    (pid,) = create(api, {"name": name})
    assert call(api, "res.partner", "unlink", {"ids": [pid]}) is True
    body = {"domain": [["id", "=", pid]], "context": {"active_test": False}}
    assert call(api, "res.partner", "search", body) == []
    assert call(api, "res.partner", "search_count", {"domain": [["name", "=", name]]}) == 0
    message = (
        f"Record does not exist or has been deleted.\n(Record: res.partner({pid},), "
        f"User: {admin_id(api)})"
    )
    write = api.call("res.partner", "write", {"ids": [pid], "vals": {"name": "ghost"}})
    assert_error(write, 404, MISSING, message)
    assert_error(api.call("res.partner", "unlink", {"ids": [pid]}), 404, MISSING, message)


def test_deleting_a_company_leaves_its_contacts_on_their_own(api: Api) -> None:
    """The contacts of a deleted company lose their parent and become their own
    commercial partner."""
    name = unique("Child")
    (co,) = create(api, {"name": unique("Co"), "is_company": True})
    (child,) = create(api, {"name": name, "parent_id": co})
    assert call(api, "res.partner", "unlink", {"ids": [co]}) is True
    assert read(api, [child], ["parent_id", "display_name", "commercial_partner_id"]) == [
        {
            "id": child,
            "parent_id": False,
            "display_name": name,
            "commercial_partner_id": [child, name],
        }
    ]


def test_deleting_a_tag_deletes_its_child_tags(api: Api) -> None:
    """A tag's children go with it (ondelete cascade)."""
    (parent,) = tags(api, unique("Parent"))
    (child,) = create(api, {"name": unique("Child"), "parent_id": parent}, "res.partner.category")
    assert call(api, "res.partner.category", "unlink", {"ids": [parent]}) is True
    body = {"domain": [["id", "in", [parent, child]]], "context": {"active_test": False}}
    assert call(api, "res.partner.category", "search", body) == []


def test_web_save_multi_writes_each_record_its_own_values(api: Api) -> None:
    """``web_save_multi``: the i-th values on the i-th record, then the records as
    ``web_read`` gives them; a count of values that does not match is refused."""
    first, second = create(api, [{"name": unique("Multi A")}, {"name": unique("Multi B")}])
    spec: dict[str, Any] = {"name": {}, "email": {}, "is_company": {}}
    saved = call(
        api,
        "res.partner",
        "web_save_multi",
        {
            "ids": [first, second],
            "vals_list": [
                {"email": "a@example.com"},
                {"email": "b@example.com", "is_company": True},
            ],
            "specification": spec,
        },
    )
    names = [row["name"] for row in read(api, [first, second], ["name"])]
    assert saved == [
        {"id": first, "name": names[0], "email": "a@example.com", "is_company": False},
        {"id": second, "name": names[1], "email": "b@example.com", "is_company": True},
    ]
    response = api.call(
        "res.partner",
        "web_save_multi",
        {"ids": [first, second], "vals_list": [{"email": "c@example.com"}], "specification": spec},
    )
    assert_error(
        response, 500, "builtins.ValueError", "Each record must have a corresponding vals entry."
    )
    assert [row["email"] for row in read(api, [first, second], ["email"])] == [
        "a@example.com",
        "b@example.com",
    ]


def test_a_contact_of_a_company_that_does_not_exist_is_missing(api: Api) -> None:
    """Odoo reads a new contact's company before the database checks the key: a
    company that does not exist is a 404 MissingError (a write gives the key's
    ValidationError, as Odoo)."""
    message = (
        "Record does not exist or has been deleted.\n"
        f"(Record: res.partner(999999,), User: {admin_id(api)})"
    )
    response = api.call(
        "res.partner", "create", {"vals_list": [{"name": unique("C"), "parent_id": 999_999}]}
    )
    assert_error(response, 404, MISSING, message)
    (pid,) = create(api, {"name": unique("C")})
    response = api.call("res.partner", "write", {"ids": [pid], "vals": {"parent_id": 999_999}})
    assert_error(response, 422, VALIDATION)


def test_a_foreign_key_error_names_the_field_holding_the_key(api: Api) -> None:
    """res_partner_industry_id_fkey is res.partner's industry_id, not the id of
    res.partner.industry."""
    (pid,) = create(api, {"name": unique("I")})
    response = api.call("res.partner", "write", {"ids": [pid], "vals": {"industry_id": 999_999}})
    error = assert_error(response, 422, VALIDATION)
    assert "The troublemaker is: 'Contact' (res.partner)\n" in error["message"]
    assert "Thanks to the following constraint: 'Industry' (industry_id)\n" in error["message"]
    # a create too (its INSERT waits for the computed fields: the error is the same)
    vals_list = [{"name": unique("I")}, {"name": unique("I"), "industry_id": 999_999}]
    response = api.call("res.partner", "create", {"vals_list": vals_list})
    assert assert_error(response, 422, VALIDATION)["message"] == error["message"]


def test_an_email_without_at_is_formatted_as_odoo_does(api: Api) -> None:
    """email_formatted splits the address at its last "@" and puts it back."""
    name = unique("Mail")
    (pid,) = create(api, {"name": name, "email": "not-an-email"})
    (row,) = read(api, [pid], ["email_formatted"])
    assert row["email_formatted"] == f'"{name}" <@not-an-email>'


def test_the_display_name_is_not_a_written_complete_name(api: Api) -> None:
    """A complete_name a client wrote is kept, but the display name is worked out
    afresh from the name (as Odoo)."""
    name = unique("Shown")
    (pid,) = create(api, {"name": name})
    call(api, "res.partner", "write", {"ids": [pid], "vals": {"complete_name": "x"}})
    (row,) = read(api, [pid], ["complete_name", "display_name"])
    assert (row["complete_name"], row["display_name"]) == ("x", name)
