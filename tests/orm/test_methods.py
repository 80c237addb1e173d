"""The model methods besides CRUD and search (docs/internals/orm-behaviour.md,
"Other model methods"): name_search, name_create, default_get, copy, has_access,
check_access_rights, get_metadata, action_archive/unarchive, search_fetch;
batched field reads. parent_path is in test_hierarchy.py."""

from __future__ import annotations

import re
from typing import Any

import pytest

from jsontwo.exceptions import MissingError, ValidationError
from jsontwo.orm import Environment, Registry
from tests.orm.conftest import a_company, run, unique


# --- name_search / name_create ------------------------------------------------------
def test_name_search_operators(models_registry: Registry) -> None:
    run_id = unique("ns")

    def work(env: Environment) -> Any:
        Partner = env["res.partner"]
        apple = Partner.create({"name": f"{run_id} Apple"})
        apricot = Partner.create({"name": f"{run_id} Apricot", "email": "nothing@ap.example"})
        banana = Partner.create({"name": f"{run_id} Banana"})
        mine = [["name", "ilike", run_id]]

        def ids(**kw: Any) -> list[int]:
            return [rid for rid, _name in Partner.name_search(**kw)]

        return (apple.id, apricot.id, banana.id), {
            "prefix": ids(name=f"{run_id} Ap"),
            "limit": ids(name=f"{run_id} Ap", limit=1),
            "eq": ids(name=f"{run_id} Apple", operator="="),
            "eq-ilike": ids(name=f"{run_id} A%", operator="=ilike"),
            # a negative operator excludes every record a positive one finds (by name or
            # email), even though the others' empty emails "do not contain" the text
            "not-ilike": ids(name="Ap", operator="not ilike", domain=mine),
            "not-eq": ids(name=f"{run_id} Apple", operator="!=", domain=mine),
            "empty": ids(name="", domain=mine),
            # an empty pattern matches every name, its negation none
            "not-empty": ids(name="", operator="not ilike", domain=mine),
            "by-email": ids(name="nothing@ap"),
            "pairs": Partner.name_search(name=f"{run_id} Ban"),
        }

    (apple, apricot, banana), got = run(models_registry, work)
    assert got["prefix"] == [apple, apricot]
    assert got["limit"] == [apple]
    assert got["eq"] == [apple]
    assert got["eq-ilike"] == [apple, apricot]
    assert got["not-ilike"] == [banana]
    assert got["not-eq"] == [apricot, banana]
    assert got["empty"] == [apple, apricot, banana]
    assert got["not-empty"] == []
    assert got["by-email"] == [apricot]
    assert got["pairs"] == [(banana, f"{run_id} Banana")]


def test_name_create(models_registry: Registry) -> None:
    name = unique("nc")

    def work(env: Environment) -> Any:
        created = env["x.tag"].name_create(name)
        assert isinstance(created, tuple)  # x.tag has a name field
        rid, label = created
        return (
            (rid, label),
            env["x.tag"].browse([rid]).read(["name"]),
            env["x.pin"].name_create("x"),
        )

    (rid, label), rows, nameless = run(models_registry, work)
    assert label == name and rows == [{"id": rid, "name": name}]
    assert nameless is False  # no name field to create from


# --- default_get --------------------------------------------------------------------
def test_default_get_answers_in_write_format(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        tags = env["x.tag"].create([{"name": unique("dg")}, {"name": unique("dg")}])
        orders = env["x.order"].with_context(default_tag_ids=tags.ids, default_name="N")
        partners = env["res.partner"].with_context(category_id=[])
        return tags.ids, {
            "order": orders.default_get(["tag_ids", "name", "reference", "nope"]),
            "thing": env["x.thing"].default_get(["count", "state", "active", "name"]),
            "partner": partners.default_get(["type", "lang", "active", "category_id"]),
        }

    tag_ids, got = run(models_registry, work)
    assert got["order"] == {"tag_ids": [[6, 0, tag_ids]], "name": "N"}
    assert got["thing"] == {"count": 7, "state": "draft", "active": True}
    # a default that gives nothing is an empty value, as in Odoo (no tags: a set command)
    assert got["partner"] == {
        "type": "contact",
        "lang": "en_US",
        "active": True,
        "category_id": [[6, 0, []]],
    }


# --- copy ---------------------------------------------------------------------------
def test_copy_duplicates_what_is_copied(models_registry: Registry) -> None:
    name = unique("copy")

    def work(env: Environment) -> Any:
        tag = env["x.tag"].create({"name": name})
        order = env["x.order"].create(
            {
                "name": name,
                "reference": "R1",
                "tag_ids": [tag.id],
                "line_ids": [[0, 0, {"name": "a", "quantity": 2}], [0, 0, {"name": "b"}]],
            }
        )
        copy = order.copy()
        renamed = order.copy({"name": f"{name} 2", "line_ids": []})
        fields = ["name", "reference", "tag_ids", "total"]
        return (
            order.read(fields)[0],
            copy.read(fields)[0],
            copy.line_ids.read(["name", "quantity"], load=None),
            renamed.read(["name", "line_ids"])[0],
            set(order.line_ids.ids) & set(copy.line_ids.ids),
            len(copy),
        )

    original, copy, lines, renamed, shared, count = run(models_registry, work)
    assert count == 1 and copy["id"] != original["id"]
    assert copy["name"] == original["name"] and copy["tag_ids"] == original["tag_ids"]
    assert copy["reference"] is False  # copy=False
    assert copy["total"] == 2  # stored computed fields are computed again
    assert [(line["name"], line["quantity"]) for line in lines] == [("a", 2), ("b", 0)]
    assert not shared  # the lines are new lines
    assert renamed["name"].endswith(" 2") and renamed["line_ids"] == []


def test_copy_of_one2many_without_copy_flag_and_of_several_records(
    models_registry: Registry,
) -> None:
    def work(env: Environment) -> Any:
        things = env["x.thing"].create(
            [
                {"name": "t1", "line_ids": [[0, 0, {"name": "l"}]]},
                {"name": "t2", "code": "C2"},
            ]
        )
        copies = things.copy()
        return copies.read(["name", "code", "line_ids"])

    rows = run(models_registry, work)
    assert [(r["name"], r["code"], r["line_ids"]) for r in rows] == [
        ("t1", False, []),
        ("t2", "C2", []),
    ]


def test_copy_of_a_deleted_record_is_a_missing_error(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        tag = env["x.tag"].create({"name": unique("gone")})
        tag.unlink()
        return tag.copy()

    with pytest.raises(MissingError, match=r"Record does not exist or has been deleted\.\n"):
        run(models_registry, work)


# --- access, metadata, archiving ------------------------------------------------------
def test_has_access_and_check_access_rights(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        tag = env["x.tag"].create({"name": unique("acc")})
        Tag = env["x.tag"]
        return (
            [Tag.has_access(op) for op in ("read", "write", "create", "unlink")],
            tag.has_access("write"),
            Tag.check_access_rights("read"),
            Tag.check_access_rights("unlink", raise_exception=False),
        )

    assert run(models_registry, work) == ([True] * 4, True, None, True)
    with pytest.raises(AssertionError, match="Invalid access mode"):
        run(models_registry, lambda env: env["x.tag"].has_access("delete"))
    with pytest.raises(AssertionError, match="Invalid access mode"):
        run(models_registry, lambda env: env["x.tag"].check_access_rights("bogus"))

    def deleted(env: Environment) -> Any:
        tag = env["x.tag"].create({"name": unique("acc")})
        tag.unlink()
        return tag.has_access("read")

    with pytest.raises(MissingError, match=re.escape("(Record: x.tag(")):
        run(models_registry, deleted)


def test_get_metadata(models_registry: Registry) -> None:
    login = unique("meta")

    def work(env: Environment) -> Any:
        user = env["res.users"].create({**a_company(env), "login": login, "name": "Meta User"})
        tag = env["x.tag"].with_user(user.id).create({"name": login})
        return user.id, tag.id, env["x.tag"].browse([tag.id, 999999]).get_metadata()

    uid, rid, rows = run(models_registry, work)
    assert len(rows) == 1  # records that do not exist are left out
    row = rows[0]
    assert list(row) == [
        "id",
        "create_uid",
        "create_date",
        "write_uid",
        "write_date",
        "xmlid",
        "xmlids",
        "noupdate",
    ]
    assert row["id"] == rid and row["create_uid"] == row["write_uid"] == [uid, "Meta User"]
    assert (row["xmlid"], row["xmlids"], row["noupdate"]) == (False, [], False)


def test_archive_and_unarchive(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        tags = env["x.tag"].create([{"name": unique("arch")}, {"name": unique("arch")}])
        every = env["x.tag"].with_context(active_test=False).browse(tags.ids)
        # the answer itself is checked: None, which JSON-2 sends as null
        first = tags.action_archive()  # type: ignore[func-returns-value]
        after_archive = every.read(["active"])
        tags.action_archive()  # archiving archived records changes nothing
        tags.browse(tags.ids[:1]).action_unarchive()
        return first, after_archive, every.read(["active"])

    result, archived, partly = run(models_registry, work)
    assert result is None
    assert [row["active"] for row in archived] == [False, False]
    assert [row["active"] for row in partly] == [True, False]
    with pytest.raises(AssertionError, match=re.escape("No 'active' field on model x.pin")):
        run(models_registry, lambda env: env["x.pin"].create({}).action_archive())


def test_search_fetch_loads_the_fields(models_registry: Registry) -> None:
    name = unique("sf")

    def work(env: Environment) -> Any:
        env["x.tag"].create([{"name": f"{name} b"}, {"name": f"{name} a"}])
        env.invalidate()
        found = env["x.tag"].search_fetch([["name", "like", name]], ["name"], limit=1)
        cached = env.transaction.cache.known(("x.tag", "name"))
        return found.ids, [cached.get(rid) for rid in found.ids]

    ids, names = run(models_registry, work)
    assert len(ids) == 1 and names == [f"{name} a"]


# --- reading fields: batches, empty recordsets, sizes ------------------------------
def test_reading_a_field_over_records_fetches_them_together(
    models_registry: Registry, statements: list[str]
) -> None:
    name = unique("prefetch")

    def work(env: Environment) -> Any:
        tags = env["x.tag"].create([{"name": f"{name} {i}"} for i in range(30)])
        orders = env["x.order"].create(
            [{"name": f"{name} {i}", "tag_ids": [tag.id]} for i, tag in enumerate(tags)]
        )
        env.invalidate()
        statements.clear()
        names = [order.name for order in orders]
        tag_names = [tag.name for order in orders for tag in order.tag_ids]
        labels = orders.read(["display_name"])
        return names, tag_names, labels

    names, tag_names, labels = run(models_registry, work)
    assert len(names) == len(tag_names) == len(labels) == 30
    assert tag_names[3] == f"{name} 3"
    # one query per field read in a loop (names, links, tag names, display names)
    assert len(statements) <= 5, statements


def test_fields_of_no_record_are_empty(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        none = env["x.thing"]
        return none.name, none.count, none.tag_id, none.tag_ids, none.tag_id.name

    name, count, tag, tags, tag_name = run(models_registry, work)
    assert (name, count, tag_name) == (False, 0, False)
    assert (tag._name, len(tag), tags._name, len(tags)) == ("x.tag", 0, "x.tag", 0)


def test_binary_sizes_with_bin_size(models_registry: Registry) -> None:
    blob = "aGVsbG8gd29ybGQh"  # "hello world!": 12 bytes

    def work(env: Environment) -> Any:
        thing = env["x.thing"].create({"name": "bin", "blob": blob})
        empty = env["x.thing"].create({"name": "no bin"})
        both = env["x.thing"].browse([thing.id, empty.id])
        return (
            both.read(["blob"]),
            both.with_context(bin_size=True).read(["blob"]),
            both.with_context(bin_size_blob=True).read(["blob"]),
        )

    plain, sized, per_field = run(models_registry, work)
    assert [row["blob"] for row in plain] == [blob, False]
    assert [row["blob"] for row in sized] == ["12.00 bytes", False]
    assert per_field == sized


def test_external_ids_name_their_record_and_copy_with_a_suffix(
    models_registry: Registry,
) -> None:
    """ir.model.data: the display name is the named record's, ``complete_name`` is
    ``module.name``; a copy gets a random suffix (external ids are unique)."""

    def work(env: Environment) -> Any:
        partner = env["res.partner"].create({"name": unique("xid partner")})
        data = env["ir.model.data"].create(
            {"name": unique("xid"), "module": "m16", "model": "res.partner", "res_id": partner.id}
        )
        copy = data.copy()
        gone = env["ir.model.data"].create(
            {"name": unique("gone"), "module": "m16", "model": "res.partner", "res_id": 0}
        )
        return partner, data, copy, gone

    def check(env: Environment, found: Any) -> None:
        partner, data, copy, gone = found
        assert data.display_name == partner.name
        assert data.complete_name == f"m16.{data.name}"
        assert data.reference == f"res.partner,{partner.id}"
        assert copy.name.startswith(f"{data.name}_") and len(copy.name) == len(data.name) + 5
        assert gone.display_name == gone.complete_name

    run(models_registry, lambda env: check(env, work(env)))


def test_base_models_defaults_as_odoo(models_registry: Registry) -> None:
    """default_get of base models gives Odoo's defaults: a country's address format
    and zip requirement, a language's separators, a random tag colour; no default
    where Odoo has none (a group's share flag)."""

    def work(env: Environment) -> Any:
        return (
            env["res.country"].default_get(["zip_required", "address_format"]),
            env["res.lang"].default_get(["decimal_point", "thousands_sep", "grouping"]),
            env["res.partner.category"].default_get(["color"]),
            env["res.groups"].default_get(["share", "api_key_duration"]),
        )

    country, lang, tag, group = run(models_registry, work)
    assert country["zip_required"] is True
    assert country["address_format"].startswith("%(street)s\n%(street2)s\n%(city)s")
    assert lang == {"decimal_point": ".", "thousands_sep": ",", "grouping": "[3,0]"}
    assert 1 <= tag["color"] <= 11
    assert group == {}


def test_currency_decimals_follow_rounding_and_accounts_show_their_bank(
    models_registry: Registry,
) -> None:
    """A currency's decimal places are computed from its rounding factor; a bank
    account is named by its number, then its bank's name."""

    def work(env: Environment) -> Any:
        currency = env["res.currency"].create(
            {"name": "QZX", "symbol": "q", "rounding": 0.001, "active": False}
        )
        first = currency.decimal_places
        currency.write({"rounding": 1.0})
        partner = env["res.partner"].create({"name": unique("holder")})
        bank = env["res.bank"].create({"name": unique("bank")})
        account = env["res.partner.bank"].create(
            {"acc_number": unique("acc"), "partner_id": partner.id, "bank_id": bank.id}
        )
        second = currency.decimal_places
        currency.unlink()  # the code is unique: leave it free for another run
        return first, second, account.display_name, account.acc_number, bank.name

    first, second, shown, number, bank_name = run(models_registry, work)
    assert (first, second) == (3, 0)
    assert shown == f"{number} - {bank_name}"


def test_groups_are_named_by_their_full_name(models_registry: Registry) -> None:
    """res.groups is named by its full name (its name here, no group having a
    privilege): searching on it searches the name; name_create fails as in Odoo
    (the full name is no name); a copy is "<name> (copy)"."""

    def work(env: Environment) -> Any:
        name = unique("grp")
        group = env["res.groups"].create({"name": name})
        found = env["res.groups"].search([["full_name", "=", name]]).ids
        copy = group.copy()
        try:
            env["res.groups"].name_create(unique("nc"))
        except ValidationError as exc:
            failed = str(exc)
        else:
            failed = ""
        return group.id, found, group.display_name, name, copy.name, failed

    gid, found, shown, name, copy_name, failed = run(models_registry, work)
    assert found == [gid] and shown == name
    assert copy_name == f"{name} (copy)"
    assert "Missing required value for the field 'Name' (name)" in failed


def test_default_get_of_inherited_fields_is_the_parents(models_registry: Registry) -> None:
    """A user's partner fields default as a partner's do (Odoo's _inherits), unless
    the context gives a default."""

    def work(env: Environment) -> Any:
        users = env["res.users"]
        return (
            users.default_get(["lang", "type", "color", "category_id", "active"]),
            users.with_context(default_type="invoice").default_get(["type"]),
        )

    plain, given = run(models_registry, work)
    assert plain == {
        "lang": "en_US",
        "type": "contact",
        "color": 0,
        "category_id": [[6, 0, []]],
        "active": True,
    }
    assert given == {"type": "invoice"}


def test_small_public_methods_of_the_base_models(models_registry: Registry) -> None:
    """get_external_id, is_transient, res.country.get_address_fields,
    res.lang.get_installed, res.users.get_company_currency_id; a field of the
    registry is found by its label only, as in Odoo."""

    def work(env: Environment) -> Any:
        partner = env["res.partner"].create({"name": unique("xid")})
        name = unique("x")
        env["ir.model.data"].create(
            {"name": name, "module": "m16", "model": "res.partner", "res_id": partner.id}
        )
        bare = env["res.partner"].create({"name": unique("bare")})
        country = env["res.country"].create({"name": unique("land"), "code": "Q9"})
        address = country.get_address_fields()  # the default format
        country.unlink()  # the code is unique: leave it free for another run
        by_name = env["ir.model.fields"].name_search("country_id", [["model", "=", "res.partner"]])
        return (
            env["res.partner"].browse([partner.id, bare.id]).get_external_id(),
            {partner.id: f"m16.{name}", bare.id: ""},
            env["res.partner"].is_transient(),
            address,
            env["res.lang"].get_installed(),
            env["res.users"].get_company_currency_id() == env.company.currency_id.id,
            by_name,
        )

    got, wanted, transient, address, installed, currency, by_name = run(models_registry, work)
    assert got == wanted and transient is False
    assert address == ["street", "street2", "city", "state_code", "zip", "country_name"]
    assert installed == sorted(installed, key=lambda pair: pair[1])  # the active ones, by name
    assert currency is True
    assert by_name == []


def test_users_avatar_timezone_offset_and_password_description(
    models_registry: Registry,
) -> None:
    """A new internal user without a picture gets their initial as one (as in Odoo);
    the time zone offset is the user's own field; the password is described as
    Odoo's, a field that is not stored (so neither searched nor sorted on)."""

    def work(env: Environment) -> Any:
        user = env["res.users"].create(
            {**a_company(env), "login": unique("av"), "name": "Zed", "tz": "Europe/Brussels"}
        )
        described = env["res.users"].fields_get(["password", "tz_offset"])
        return (bool(user.image_1920), user.share), user.tz_offset, described

    (has_image, share), offset, described = run(models_registry, work)
    assert has_image is not share  # internal users get one (this database may have no groups)
    assert offset in ("+0100", "+0200")
    assert "related" not in described["tz_offset"]
    assert described["tz_offset"]["depends"] == ["tz"]
    password = described["password"]
    assert [password[k] for k in ("store", "searchable", "sortable", "groupable")] == [False] * 4


def test_writable_computed_and_related_fields(models_registry: Registry) -> None:
    """``readonly=False`` makes a computed or related field writable (as in Odoo): a
    bank account's holder name is the holder's unless given; its bank's name and
    code are written on the bank."""

    def work(env: Environment) -> Any:
        partner = env["res.partner"].create({"name": unique("holder")})
        bank = env["res.bank"].create({"name": unique("bank")})
        accounts = env["res.partner.bank"].create(
            [
                {"acc_number": unique("a"), "partner_id": partner.id, "bank_id": bank.id},
                {"acc_number": unique("b"), "partner_id": partner.id, "acc_holder_name": "X"},
            ]
        )
        accounts.browse([accounts.ids[0]]).write({"bank_bic": "NEWBIC"})
        described = env["res.partner.bank"].fields_get(
            ["acc_holder_name", "bank_bic"], ["readonly", "depends"]
        )
        return partner.name, accounts.mapped("acc_holder_name"), bank.bic, described

    name, holders, bic, described = run(models_registry, work)
    assert holders == [name, "X"] and bic == "NEWBIC"
    assert described == {
        "acc_holder_name": {"readonly": False, "depends": ["partner_id"]},
        "bank_bic": {"readonly": False, "depends": ["bank_id.bic"]},
    }


def test_bank_account_type_colour_and_country(models_registry: Registry) -> None:
    """res.partner.bank: the account type is always a plain one here, the colour
    tells trusted accounts apart, the country code is the holder's; a related
    field's help and size come from the end of its path."""

    def work(env: Environment) -> Any:
        partner = env["res.partner"].create({"name": unique("holder")})
        account = env["res.partner.bank"].create(
            {"acc_number": unique("n"), "partner_id": partner.id, "allow_out_payment": True}
        )
        model = env["res.partner.bank"]
        return (
            [account.acc_type, account.color, account.country_code],
            model.get_supported_account_types(),
            model.retrieve_acc_type("BE71"),
            model.fields_get(["country_code"], ["size", "help"])["country_code"],
        )

    values, types, kind, described = run(models_registry, work)
    assert values == ["bank", 10, False]
    assert types == [("bank", "Normal")] and kind == "bank"
    assert described["size"] == 2 and described["help"].startswith("The ISO country code")
