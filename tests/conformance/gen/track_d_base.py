# mypy: disable-error-code="assignment,var-annotated"
"""Track d scenarios on the ``ref`` database: domains, orderings, grouping and web reads on res.partner
(and demo countries, currencies, languages, users) over a fixture of run-suffixed records."""

from __future__ import annotations

from typing import Any

from track_d_common import Domain, Scenario, Step, slug, step

RUN = "${run}"
P = "res.partner"
MINE: Domain = [["name", "=like", f"{RUN}%"]]


def fixture() -> list[Step]:
    """Countries looked up by code, three run tags (one a child) and five run partners (one archived)."""
    return [
        step(
            "lookup-countries",
            "res.country",
            "search_read",
            {"domain": [["code", "in", ["BE", "DE", "FR"]]], "fields": ["code"], "order": "code"},
            save={"be": "$[0].id", "de": "$[1].id", "fr": "$[2].id"},
        ),
        step(
            "setup-tags",
            "res.partner.category",
            "create",
            {
                "vals_list": [
                    {"name": f"{RUN} tagA", "color": 1},
                    {"name": f"{RUN} tagB", "color": 2},
                ]
            },
            save={"ta": "$[0]", "tb": "$[1]"},
        ),
        step(
            "setup-child-tag",
            "res.partner.category",
            "create",
            {"vals_list": [{"name": f"{RUN} tagA1", "parent_id": "${ta}", "color": 5}]},
            save={"ta1": "$[0]"},
        ),
        step(
            "setup-p1",
            P,
            "create",
            {
                "vals_list": [
                    {
                        "name": f"{RUN} Alpha",
                        "is_company": True,
                        "ref": "A1",
                        "email": "alpha@example.com",
                        "comment": "<p>Hello <b>World</b></p>",
                        "color": 1,
                        "partner_latitude": 1.5,
                        "type": "contact",
                        "country_id": "${be}",
                        "category_id": [[6, 0, ["${ta}"]]],
                        "function": "CEO",
                    }
                ]
            },
            save={"p1": "$[0]"},
        ),
        step(
            "setup-p2",
            P,
            "create",
            {
                "vals_list": [
                    {
                        "name": f"{RUN} beta",
                        "ref": "b2",
                        "email": "beta@example.com",
                        "comment": "<p>hello again</p>",
                        "color": 2,
                        "partner_latitude": -2.25,
                        "type": "invoice",
                        "parent_id": "${p1}",
                        "country_id": "${de}",
                        "category_id": [[6, 0, ["${ta1}", "${tb}"]]],
                    }
                ]
            },
            save={"p2": "$[0]"},
        ),
        step(
            "setup-p3-p4",
            P,
            "create",
            {
                "vals_list": [
                    {
                        "name": f"{RUN} Gamma 100%",
                        "ref": "",
                        "color": 0,
                        "partner_latitude": 0.0,
                        "type": "delivery",
                        "function": "",
                        "city": "Bruxelles",
                    },
                    {
                        "name": f"{RUN} delta_x",
                        "ref": "d_4",
                        "email": "DELTA@EXAMPLE.COM",
                        "color": 10,
                        "partner_latitude": 100.125,
                        "type": "other",
                        "parent_id": "${p2}",
                        "country_id": "${fr}",
                        "category_id": [[6, 0, ["${tb}"]]],
                    },
                ]
            },
            save={"p3": "$[0]", "p4": "$[1]"},
        ),
        step(
            "setup-p5-archived",
            P,
            "create",
            {
                "vals_list": [
                    {
                        "name": f"{RUN} Épsilon",
                        "color": 3,
                        "comment": "<b>bold</b>",
                        "partner_latitude": 3.0,
                        "active": False,
                        "is_company": True,
                    }
                ]
            },
            save={"p5": "$[0]"},
        ),
    ]


def search(
    sc: Scenario,
    prefix: str,
    leaf: Any,
    *,
    model: str = P,
    doc: str | None = None,
    context: dict[str, Any] | None = None,
) -> None:
    """A ``search`` of the run's partners restricted by ``leaf`` (a leaf or a list of domain items)."""
    is_items = (
        isinstance(leaf, list)
        and leaf
        and (not isinstance(leaf[0], str) or leaf[0] in ("!", "|", "&"))
    )
    items = leaf if is_items else [leaf]
    body: dict[str, Any] = {"domain": MINE + items, "order": "id"}
    if context:
        body["context"] = context
    extra = {"doc": doc} if doc else {}
    sc.add(step(f"{prefix}-{slug(leaf)}", model, "search", body, **extra))


CHAR_OPS = [
    "=",
    "!=",
    "like",
    "not like",
    "ilike",
    "not ilike",
    "=like",
    "=ilike",
    "not =like",
    "not =ilike",
    "<",
    ">=",
    "in",
    "not in",
    "=?",
]


def domains_scalar() -> Scenario:
    """Every comparison operator on char, html, integer, float, boolean and selection fields."""
    sc = Scenario(
        "domain operators on char/html/integer/float/boolean/selection fields of res.partner, "
        "with False/None/empty values, strings as numbers and lists in '='"
    )
    for s in fixture():
        sc.add(s)
    values_char: list[Any] = [f"{RUN} beta", f"{RUN} BETA", "amm", "AMM", "", False]
    for op in CHAR_OPS:
        for v in values_char:
            if op in ("in", "not in"):
                v = [v] if v is not False else [False]
            search(sc, f"name-{op}", ["name", op, v])
    for leaf in (
        ["name", "like", "100%"],
        ["name", "like", "_x"],
        ["name", "=like", f"{RUN} _eta"],
        ["name", "=ilike", f"{RUN} B%"],
        ["name", "ilike", "épsilon"],
        ["name", "ilike", "ÉPSILON"],
        ["name", "in", []],
        ["name", "not in", []],
        ["name", "=", [f"{RUN} beta", f"{RUN} Alpha"]],
        ["name", "!=", [f"{RUN} beta"]],
        ["name", "in", f"{RUN} beta"],
        ["name", "=", None],
        ["name", "like", None],
        ["name", ">", f"{RUN} b"],
        ["name", "<=", f"{RUN} beta"],
        ["name", "=", 5],
    ):
        search(sc, "name", leaf)
    for op in ("=", "!=", "like", "not like", "ilike", "not ilike", "in", "not in", "=ilike", "=?"):
        for v in ("", False, "a", "A1"):
            value: Any = [v] if op in ("in", "not in") else v
            search(sc, f"ref-{op}", ["ref", op, value])
    search(sc, "ref", ["ref", "in", [False, "A1"]])
    search(sc, "ref", ["ref", "not in", [False, "A1"]])
    search(sc, "ref", ["ref", "in", ["", "b2"]])
    search(sc, "function", ["function", "=", ""])
    search(sc, "function", ["function", "!=", ""])
    search(sc, "email", ["email", "ilike", "delta@"])
    search(sc, "email", ["email", "like", "delta@"])
    search(sc, "email", ["email", "=ilike", "DELTA@example.com"])
    # html
    for leaf in (
        ["comment", "ilike", "world"],
        ["comment", "like", "<b>"],
        ["comment", "=", False],
        ["comment", "!=", False],
        ["comment", "=", "<p>hello again</p>"],
        ["comment", "not ilike", "hello"],
        ["comment", "in", ["<p>hello again</p>"]],
        ["comment", "=", ""],
    ):
        search(sc, "html", leaf)
    # integer
    for op in ("=", "!=", "<", "<=", ">", ">="):
        for v in (2, 0, False, "2", 1.5):
            search(sc, f"int-{op}", ["color", op, v])
    for leaf in (
        ["color", "in", [1, 2]],
        ["color", "not in", [1, 2]],
        ["color", "in", [False, 0]],
        ["color", "in", []],
        ["color", "not in", []],
        ["color", "in", ["1", "10"]],
        ["color", "=", None],
        ["color", "like", "1"],
        ["color", "ilike", "0"],
        ["color", "not like", "1"],
        ["color", "=", [1, 2]],
        ["color", "=", "abc"],
        ["color", "in", "1"],
        ["color", "=?", False],
        ["color", "=?", 2],
        ["color", "=", True],
    ):
        search(sc, "int", leaf)
    # float
    for op in ("=", "!=", "<", "<=", ">", ">="):
        for v in (1.5, 0, False, "1.5", -2.25):
            search(sc, f"float-{op}", ["partner_latitude", op, v])
    for leaf in (
        ["partner_latitude", "in", [1.5, 0]],
        ["partner_latitude", "not in", [1.5]],
        ["partner_latitude", "=", 100.125],
        ["partner_latitude", "like", "1.5"],
        ["partner_latitude", "=", "x"],
        ["partner_latitude", "in", [False]],
    ):
        search(sc, "float", leaf)
    # boolean
    for op in ("=", "!="):
        for v in (True, False, None, 1, 0, "true", "", "False"):
            search(sc, f"bool-{op}", ["is_company", op, v])
    for leaf in (
        ["is_company", "in", [True]],
        ["is_company", "in", [False]],
        ["is_company", "in", [True, False]],
        ["is_company", "not in", [True]],
        ["is_company", "in", []],
        ["is_company", "<", True],
        ["is_company", "like", "t"],
        ["is_company", "=?", False],
    ):
        search(sc, "bool", leaf)
    for leaf in (
        ["active", "=", False],
        ["active", "=", True],
        ["active", "in", [True, False]],
        ["active", "!=", True],
    ):
        search(sc, "active", leaf)
    search(sc, "active-test-false", ["color", ">=", 0], context={"active_test": False})
    search(sc, "active-test-false", ["active", "=", True], context={"active_test": False})
    # selection
    for op in ("=", "!=", "in", "not in", "like", "ilike", "not ilike", "<", ">="):
        for v in ("invoice", "nope", False, "INV"):
            value = [v] if op in ("in", "not in") else v
            search(sc, f"sel-{op}", ["type", op, value])
    for leaf in (
        ["image_1920", "=", False],
        ["image_1920", "!=", False],
        ["image_1920", "in", [False]],
        ["image_1920", "ilike", "x"],
        ["image_1920", "=", "aGVsbG8="],
        ["avatar_128", "!=", False],
        ["properties", "=", False],
        ["properties", "!=", False],
        ["properties.nope", "=", 1],
        ["tz", "=", False],
        ["tz", "=", "Europe/Brussels"],
        ["lang", "=", "en_US"],
        ["lang", "!=", False],
    ):
        search(sc, "misc", leaf)
    search(sc, "sel", ["type", "in", ["invoice", "delivery"]])
    search(sc, "sel", ["type", "=", 1])
    search(sc, "sel", ["type", "in", []])
    return sc


def domains_relational() -> Scenario:
    """many2one, one2many and many2many fields: ids, names, paths, any/not any, hierarchy operators."""
    sc = Scenario(
        "domain operators on many2one/one2many/many2many fields of res.partner, dotted paths, "
        "any / not any, child_of / parent_of, id and display_name"
    )
    for s in fixture():
        sc.add(s)
    m2o: list[list[Any]] = []
    for op in ("=", "!=", "in", "not in"):
        for v in ("${be}", False, "Belgium", "belg"):
            m2o.append(["country_id", op, [v] if op in ("in", "not in") else v])
    for op in ("like", "ilike", "not like", "not ilike", "=like", "=ilike"):
        for v in ("Belg", "belgium", "", False):
            m2o.append(["country_id", op, v])
    m2o += [
        ["country_id", "in", ["${be}", "${de}"]],
        ["country_id", "in", []],
        ["country_id", "not in", []],
        ["country_id", "=", ["${be}", "${de}"]],
        ["country_id", "in", [False, "${be}"]],
        ["country_id", "not in", [False, "${be}"]],
        ["country_id", "=", 0],
        ["country_id", "in", [0]],
        ["country_id", "=", 999999999],
        ["parent_id", "<", "${p2}"],
        ["country_id", ">", 0],
        ["country_id", "=", ["${be}", "Belgium"]],
        ["country_id", "=", None],
        ["country_id", "=", True],
        ["country_id", "=", "${be}.0"],
    ]
    for leaf in m2o:
        search(sc, "m2o", leaf)
    paths = [
        ["country_id.code", "=", "BE"],
        ["country_id.code", "in", ["BE", "FR"]],
        ["country_id.code", "!=", "BE"],
        ["country_id.name", "ilike", "germ"],
        ["country_id.code", "=", False],
        ["country_id.id", "=", "${be}"],
        ["country_id.id", "!=", False],
        ["parent_id.name", "ilike", "alpha"],
        ["parent_id.name", "not ilike", "alpha"],
        ["parent_id.parent_id", "=", "${p1}"],
        ["parent_id.parent_id.name", "=like", "%Alpha"],
        ["parent_id.country_id.code", "=", "BE"],
        ["parent_id.is_company", "=", True],
        ["parent_id.is_company", "=", False],
        ["parent_id.color", ">", 1],
        ["parent_id.category_id.name", "ilike", "tagA"],
        ["child_ids.name", "ilike", "beta"],
        ["child_ids.color", ">", 5],
        ["child_ids.child_ids.name", "ilike", "delta"],
        ["category_id.name", "=", f"{RUN} tagB"],
        ["category_id.parent_id", "=", "${ta}"],
        ["category_id.color", "=", 2],
        ["category_id.parent_id.name", "ilike", "tagA"],
        ["country_id.nope", "=", 1],
        ["name.foo", "=", 1],
        ["nope", "=", 1],
        ["nope.bar", "=", 1],
        ["parent_id.", "=", 1],
        ["country_id.currency_id.name", "=", "EUR"],
    ]
    for leaf in paths:
        search(sc, "path", leaf)
    for op in ("any", "not any"):
        for sub in ([["name", "ilike", "alpha"]], [], [["color", ">", 100]], [["nope", "=", 1]]):
            search(sc, f"any-parent-{op}", ["parent_id", op, sub])
            search(sc, f"any-child-{op}", ["child_ids", op, sub])
            search(sc, f"any-tag-{op}", ["category_id", op, sub])
    search(sc, "any", ["country_id", "any", [["code", "in", ["BE", "DE"]]]])
    search(sc, "any", ["name", "any", [["x", "=", 1]]])
    search(sc, "any", ["parent_id", "any", "not a domain"])
    search(sc, "any", ["parent_id", "any", ["!", ["color", "=", 1]]])
    o2m: list[list[Any]] = []
    for op in ("=", "!=", "in", "not in"):
        for v in ("${p2}", False, "beta"):
            o2m.append(["child_ids", op, [v] if op in ("in", "not in") else v])
    o2m += [
        ["child_ids", "ilike", "beta"],
        ["child_ids", "not ilike", "beta"],
        ["child_ids", "in", ["${p2}", "${p4}"]],
        ["child_ids", "in", []],
        ["child_ids", "=", True],
        ["child_ids", "like", False],
    ]
    for leaf in o2m:
        search(sc, "o2m", leaf)
    m2m: list[list[Any]] = []
    for op in ("=", "!=", "in", "not in"):
        for v in ("${ta}", "${tb}", False, "tagA"):
            m2m.append(["category_id", op, [v] if op in ("in", "not in") else v])
    m2m += [
        ["category_id", "in", ["${ta}", "${tb}"]],
        ["category_id", "not in", ["${ta}", "${tb}"]],
        ["category_id", "ilike", "taga"],
        ["category_id", "not ilike", "tagA"],
        ["category_id", "in", []],
        ["category_id", "not in", []],
        ["category_id", "=", ["${ta}", "${tb}"]],
        ["category_id", "child_of", "${ta}"],
        ["category_id", "parent_of", "${ta1}"],
        ["category_id", "child_of", f"{RUN} tagA"],
        ["category_id", "child_of", []],
        ["category_id", "=like", f"{RUN} tag_"],
    ]
    for leaf in m2m:
        search(sc, "m2m", leaf)
    hier = [
        ["id", "child_of", "${p1}"],
        ["id", "child_of", ["${p1}", "${p3}"]],
        ["id", "parent_of", "${p4}"],
        ["id", "parent_of", ["${p4}", "${p3}"]],
        ["id", "child_of", f"{RUN} beta"],
        ["id", "child_of", []],
        ["id", "child_of", False],
        ["id", "parent_of", []],
        ["parent_id", "child_of", "${p1}"],
        ["parent_id", "parent_of", "${p4}"],
        ["child_ids", "child_of", "${p2}"],
        ["id", "child_of", 999999999],
        ["color", "child_of", 1],
        ["id", "child_of", "nothing matches"],
    ]
    for leaf in hier:
        search(sc, "hier", leaf)
    idd = [
        ["id", "=", "${p1}"],
        ["id", "!=", "${p1}"],
        ["id", "in", ["${p1}", "${p2}"]],
        ["id", "not in", ["${p1}"]],
        ["id", "=", False],
        ["id", "!=", False],
        ["id", "in", []],
        ["id", "not in", []],
        ["id", "<", 0],
        ["id", ">", 0],
        ["id", "=", "abc"],
        ["id", "in", [False]],
        ["id", "=", None],
        ["id", "in", "${p1}"],
        ["id", "ilike", "x"],
        ["id", "any", [["name", "ilike", "a"]]],
    ]
    for leaf in idd:
        search(sc, "id", leaf)
    disp = [
        ["display_name", "ilike", "alpha"],
        ["display_name", "=", f"{RUN} Alpha, {RUN} beta"],
        ["display_name", "=", f"{RUN} beta"],
        ["display_name", "in", [f"{RUN} Alpha"]],
        ["display_name", "not ilike", "alpha"],
        ["display_name", "like", "Alpha, "],
        ["display_name", "!=", f"{RUN} Alpha"],
        ["display_name", "=", False],
        ["display_name", "!=", False],
        ["display_name", ">", "a"],
        ["complete_name", "ilike", "Alpha, "],
        ["complete_name", "=", False],
    ]
    for leaf in disp:
        search(sc, "display_name", leaf)
    for leaf in (
        ["create_date", ">", "${now_minus_1d}"],
        ["create_date", "<", "2000-01-01"],
        ["create_date", ">=", "2000-01-01"],
        ["create_date", "=", False],
        ["create_date", "!=", False],
        ["create_date", ">", "not a date"],
        ["create_date", "<", "2000-01-01 00:00:00"],
        # a date on a datetime field is the start of that day in the user's
        # timezone: ">=" today holds at any hour east of UTC, ">" today does
        # not (late in the evening the user's day is already the next one)
        ["create_date", ">=", "${today}"],
        ["create_date", "<", 5],
        ["create_date", "in", ["2000-01-01"]],
        ["create_date", "like", "20"],
        ["write_uid.login", "=", "admin"],
        ["create_uid", "=", "admin"],
        ["create_uid", "ilike", "administrator"],
    ):
        search(sc, "datetime", leaf)
    return sc


def domains_syntax() -> Scenario:
    """Logical operators, malformed domains and search_count / search_read / demo models."""
    sc = Scenario(
        "domain syntax: & | ! nesting and arity, malformed leaves and domains, special leaves; "
        "search_count and search_read; demo countries, currencies, languages, users, companies"
    )
    for s in fixture():
        sc.add(s)
    good: list[Any] = [
        ["|", ["color", "=", 1], ["color", "=", 2]],
        ["!", ["color", "=", 1]],
        ["&", ["color", ">", 0], ["color", "<", 3]],
        ["|", "!", ["color", "=", 1], ["type", "=", "other"]],
        ["&", "|", ["color", "=", 1], ["color", "=", 2], ["type", "=", "invoice"]],
        ["!", "!", ["color", "=", 1]],
        ["!", "|", ["color", "=", 1], ["color", "=", 2]],
        ["|", "|", ["color", "=", 1], ["color", "=", 2], ["color", "=", 10]],
        [[1, "=", 1]],
        [[0, "=", 1]],
        ["!", [1, "=", 1]],
        ["|", [0, "=", 1], ["color", "=", 2]],
        ["&", ["color", "=", 1]],
        ["|", ["color", "=", 1]],
        ["|"],
        ["&"],
        ["!"],
        ["!", ["color", "=", 1], ["color", "=", 2]],
        ["|", "&", ["color", "=", 1]],
        [["color", "bad", 1]],
        [["color", "="]],
        [["color", "=", 1, 2]],
        [[]],
        [["color"]],
        [1],
        [True],
        [None],
        ["color", "=", 1],
        ["xor", ["color", "=", 1]],
        [["color", "between", [1, 2]]],
        [["color", "==", 1]],
        [["color", "<>", 1]],
        [["color", "IN", [1]]],
        [["color", "Like", "1"]],
        [["color", "any!", []]],
        [["parent_id", "any!", [["color", "=", 1]]]],
        [["parent_id", "not any!", []]],
        [["color", "not =like", "1"]],
        [["name", "not =ilike", f"{RUN} b%"]],
        [[["color", "=", 1]]],
        [{"color": 1}],
        [["color", "=", {"a": 1}]],
        [[5, "=", 1]],
        [["", "=", 1]],
        [["color ", "=", 1]],
        [["COLOR", "=", 1]],
    ]
    for leaf in good:
        sc.add(step(f"logic-{slug(leaf)}", P, "search", {"domain": MINE + leaf, "order": "id"}))
    for dom in ("[('name','=','x')]", {"name": "x"}, 5, True, "", [], None, False, [[]], "name"):
        sc.add(
            step(
                f"bad-domain-{slug(dom)}",
                "res.country",
                "search_count",
                {"domain": dom},
                **(
                    {
                        "compare": "shape",
                        "doc": "a domain of every record: its count is that of the demo countries, not what this step is about",
                    }
                    if dom is True or dom == [] or dom is None
                    else {
                        "doc": "res.country: a count over all records must not depend on what others create"
                    }
                ),
            )
        )
    for leaf in (
        [["color", ">", 0]],
        [["color", ">", 0], ["type", "=", "contact"]],
        [["nope", "=", 1]],
    ):
        sc.add(step(f"count-{slug(leaf)}", P, "search_count", {"domain": MINE + leaf}))
        sc.add(
            step(
                f"count-limit-{slug(leaf)}", P, "search_count", {"domain": MINE + leaf, "limit": 2}
            )
        )
        sc.add(
            step(
                f"read-{slug(leaf)}",
                P,
                "search_read",
                {
                    "domain": MINE + leaf,
                    "fields": ["name", "color", "country_id", "category_id", "type"],
                    "order": "id",
                },
            )
        )
    # demo records: counts over models nobody writes to in this issue
    demo: list[tuple[str, Domain]] = [
        ("res.country", [["code", "in", ["BE", "FR", "ZZ"]]]),
        ("res.country", [["code", "=ilike", "b_"]]),
        ("res.country", [["phone_code", "=", 32]]),
        ("res.country", [["phone_code", ">", 900]]),
        ("res.country", [["code", "=", "be"]]),
        ("res.country", [["code", "ilike", "be"]]),
        ("res.country", [["display_name", "ilike", "belg"]]),
        ("res.currency", [["active", "=", False], ["name", "=", "CHF"]]),
        ("res.currency", [["decimal_places", "=", 0], ["name", "=", "JPY"]]),
        ("res.currency", [["position", "=", "before"], ["name", "in", ["EUR", "USD"]]]),
        ("res.lang", [["code", "=", "en_US"]]),
        ("res.lang", [["active", "in", [True, False]], ["code", "in", ["fr_FR", "en_US"]]]),
        ("res.lang", [["direction", "=", "rtl"], ["code", "=", "ar_001"]]),
        ("res.users", [["login", "=", "admin"]]),
        ("res.users", [["login", "in", ["admin", "demo"]]]),
        ("res.users", [["partner_id.name", "ilike", "administrator"], ["login", "=", "admin"]]),
        ("res.users", [["share", "=", False], ["login", "in", ["admin", "demo", "portal"]]]),
        ("res.users", [["company_ids", "!=", False], ["login", "=", "admin"]]),
        ("res.company", [["name", "ilike", "YourCompany"]]),
        ("res.company", [["parent_id", "=", False], ["name", "ilike", "YourCompany"]]),
        ("res.partner.category", [["name", "=", "Vendor"]]),
    ]
    for model, dom in demo:
        sc.add(step(f"demo-count-{model}-{slug(dom)}", model, "search_count", {"domain": dom}))
    return sc


def demo_models() -> Scenario:
    """Domains, orders and web reads on demo users, companies and tags, and search_read options."""
    sc = Scenario(
        "domains over res.users (fields inherited from the partner), res.company, tags searched "
        "by display name (a tag's display name includes its parents), search_read options"
    )
    for s in fixture():
        sc.add(s)
    users: list[list[Any]] = [
        ["name", "ilike", "administrator"],
        ["email", "!=", False],
        ["partner_id.name", "ilike", "admin"],
        ["display_name", "ilike", "admin"],
        ["display_name", "=", "admin"],
        ["display_name", "in", ["admin", "demo"]],
        ["display_name", "not ilike", "admin"],
        ["login", "=ilike", "ADMIN"],
        ["share", "=", False],
        ["company_id.name", "!=", False],
        ["company_ids", "!=", False],
        ["partner_id", "ilike", "admin"],
        ["partner_id.is_company", "=", False],
        ["active", "in", [True, False]],
        ["id", "child_of", 2],
        ["name", "=", False],
        ["lang", "=", "en_US"],
        ["tz", "!=", False],
        ["partner_id.user_ids.login", "=", "admin"],
        ["company_id", "child_of", 1],
    ]
    logins = [["login", "in", ["admin", "demo"]]]
    for leaf in users:
        sc.add(
            step(
                f"users-{slug(leaf)}",
                "res.users",
                "search_read",
                {"domain": [*logins, leaf], "fields": ["login"], "order": "login"},
            )
        )
    for order in (
        "name, login",
        "login desc",
        "partner_id, login",
        "company_id, login",
        "id desc",
    ):
        sc.add(
            step(
                f"users-order-{slug(order)}",
                "res.users",
                "search_read",
                {"domain": logins, "fields": ["login"], "order": order},
            )
        )
    sc.add(
        step(
            "users-wsr",
            "res.users",
            "web_search_read",
            {
                "domain": [["login", "=", "admin"]],
                "specification": {
                    "login": {},
                    "partner_id": {"fields": {"email": {}, "is_company": {}}},
                    "company_id": {"fields": {"display_name": {}}},
                },
            },
        )
    )
    sc.add(
        step(
            "users-frg-share",
            "res.users",
            "formatted_read_group",
            {"domain": logins, "groupby": ["share"], "aggregates": ["__count"]},
        )
    )
    tags: list[list[Any]] = [
        ["display_name", "ilike", "tagA1"],
        ["display_name", "ilike", "tagA"],
        ["display_name", "not ilike", "tagA1"],
        ["display_name", "=", f"{RUN} tagA / {RUN} tagA1"],
        ["display_name", "=", f"{RUN} tagA1"],
        ["display_name", "in", [f"{RUN} tagB"]],
        ["id", "child_of", "${ta}"],
        ["id", "parent_of", "${ta1}"],
        ["id", "child_of", f"{RUN} tagA"],
        ["parent_id", "=", False],
        ["child_ids", "!=", False],
        ["parent_path", "!=", False],
        ["partner_ids", "!=", False],
        ["partner_ids.name", "ilike", "beta"],
        ["color", "=", 2],
        ["active", "=", True],
    ]
    for leaf in tags:
        sc.add(
            step(
                f"tags-{slug(leaf)}",
                "res.partner.category",
                "search",
                {"domain": [["name", "=like", f"{RUN}%"], leaf], "order": "id"},
            )
        )
    for leaf in (
        ["category_id", "ilike", "tagA1"],
        ["category_id", "not ilike", "tagA1"],
        ["category_id", "=", f"{RUN} tagA1"],
        ["category_id", "in", [f"{RUN} tagA1", "${tb}"]],
        ["category_id", "not in", [f"{RUN} tagA1"]],
        ["category_id", "like", "tagA"],
    ):
        search(sc, "partner-tags", leaf)
    for extra in (
        {"load": ""},
        {"load": None},
        {"load": "_classic_read"},
        {"fields": ["nope"]},
        {"fields": ["display_name", "country_id", "category_id"]},
        {"fields": "name"},
    ):
        body: dict[str, Any] = {
            "domain": MINE,
            "fields": ["country_id", "parent_id"],
            "order": "id",
            "limit": 2,
        }
        body.update(extra)
        sc.add(step(f"search-read-{slug(extra)}", P, "search_read", body))
    return sc


def archived() -> Scenario:
    """How archived co-records take part in relational conditions, orders, groups and web reads."""
    sc = Scenario(
        "archived records in relational conditions (ids, names, paths, any), with and without "
        "active_test; in orders, groups and web reads of x2many fields"
    )
    sc.add(
        step(
            "setup-tags",
            "res.partner.category",
            "create",
            {
                "vals_list": [
                    {"name": f"{RUN} live tag", "color": 1},
                    {"name": f"{RUN} old tag", "color": 2, "active": False},
                ]
            },
            save={"lt": "$[0]", "ot": "$[1]"},
        )
    )
    sc.add(
        step(
            "setup-parents",
            P,
            "create",
            {
                "vals_list": [
                    {"name": f"{RUN} old parent", "is_company": True, "active": False},
                    {"name": f"{RUN} live parent", "is_company": True},
                ]
            },
            save={"op": "$[0]", "lp": "$[1]"},
        )
    )
    sc.add(
        step(
            "setup-children",
            P,
            "create",
            {
                "vals_list": [
                    {"name": f"{RUN} c1", "parent_id": "${op}", "category_id": [[6, 0, ["${ot}"]]]},
                    {
                        "name": f"{RUN} c2",
                        "parent_id": "${lp}",
                        "category_id": [[6, 0, ["${lt}", "${ot}"]]],
                    },
                    {
                        "name": f"{RUN} c3 old",
                        "parent_id": "${lp}",
                        "active": False,
                        "category_id": [[6, 0, ["${lt}"]]],
                    },
                    {"name": f"{RUN} c4"},
                ]
            },
            save={"c1": "$[0]", "c2": "$[1]", "c3": "$[2]", "c4": "$[3]"},
        )
    )
    leaves: list[list[Any]] = [
        ["category_id", "=", "${ot}"],
        ["category_id", "in", ["${ot}", "${lt}"]],
        ["category_id", "!=", "${ot}"],
        ["category_id", "not in", ["${lt}"]],
        ["category_id", "=", False],
        ["category_id", "!=", False],
        ["category_id.name", "ilike", "old tag"],
        ["category_id", "ilike", "old tag"],
        ["category_id", "any", [["color", "=", 2]]],
        ["category_id", "not any", [["color", "=", 2]]],
        ["category_id", "=", f"{RUN} old tag"],
        ["category_id.active", "=", False],
        ["parent_id", "=", "${op}"],
        ["parent_id.name", "ilike", "old parent"],
        ["parent_id", "ilike", "old parent"],
        ["parent_id", "any", [["is_company", "=", True]]],
        ["parent_id.active", "=", False],
        ["parent_id", "child_of", "${op}"],
        ["id", "child_of", "${lp}"],
        ["id", "parent_of", "${c3}"],
        ["child_ids", "!=", False],
        ["child_ids", "=", False],
        ["child_ids", "in", ["${c3}"]],
        ["child_ids.name", "ilike", "c3 old"],
        ["child_ids", "any", [["active", "=", False]]],
        ["child_ids", "ilike", "c3 old"],
        ["child_ids", "not in", ["${c3}"]],
    ]
    mine = [["name", "=like", f"{RUN}%"]]
    for leaf in leaves:
        for ctx in ({}, {"active_test": False}):
            body: dict[str, Any] = {"domain": [*mine, leaf], "order": "id"}
            if ctx:
                body["context"] = ctx
            sc.add(step(f"{'all' if ctx else 'live'}-{slug(leaf)}", P, "search", body))
    for order in ("parent_id, id", "parent_id desc, id"):
        sc.add(
            step(
                f"order-{slug(order)}",
                P,
                "search",
                {"domain": mine, "order": order, "context": {"active_test": False}},
            )
        )
    for ctx in ({}, {"active_test": False}):
        sc.add(
            step(
                f"frg-tags-{slug(ctx)}",
                P,
                "formatted_read_group",
                {
                    "domain": mine,
                    "groupby": ["category_id"],
                    "aggregates": ["__count"],
                    "context": ctx,
                },
            )
        )
        sc.add(
            step(
                f"frg-parent-{slug(ctx)}",
                P,
                "formatted_read_group",
                {
                    "domain": mine,
                    "groupby": ["parent_id"],
                    "aggregates": ["__count"],
                    "context": ctx,
                },
            )
        )
        sc.add(
            step(
                f"wsr-{slug(ctx)}",
                P,
                "web_search_read",
                {
                    "domain": [["id", "in", ["${lp}", "${op}", "${c2}"]]],
                    "order": "id",
                    "context": ctx,
                    "specification": {
                        "name": {},
                        "child_ids": {"fields": {"name": {}}},
                        "category_id": {"fields": {"name": {}}},
                        "parent_id": {"fields": {"name": {}}},
                    },
                },
            )
        )
        sc.add(
            step(
                f"read-{slug(ctx)}",
                P,
                "read",
                {"ids": ["${lp}", "${c2}"], "fields": ["child_ids", "category_id"], "context": ctx},
            )
        )
    sc.add(
        step(
            "wsr-subcontext",
            P,
            "web_search_read",
            {
                "domain": [["id", "=", "${lp}"]],
                "specification": {
                    "child_ids": {"fields": {"name": {}}, "context": {"active_test": False}}
                },
            },
        )
    )
    sc.add(
        step(
            "wrg-unfold",
            P,
            "web_read_group",
            {
                "domain": mine,
                "groupby": ["parent_id"],
                "aggregates": ["__count"],
                "auto_unfold": True,
                "unfold_read_specification": {"name": {}},
                "order": "parent_id",
                "context": {"active_test": False},
            },
        )
    )
    sc.add(
        step(
            "wrg-limit",
            P,
            "web_read_group",
            {
                "domain": mine,
                "groupby": ["is_company"],
                "aggregates": ["__count"],
                "limit": 1,
                "order": "is_company",
            },
        )
    )
    return sc


def non_stored() -> Scenario:
    """Conditions, orders and groups on fields without a column: related fields (searchable, sortable),
    computed ones without a search method (Odoo's errors), the one2many of users."""
    sc = Scenario(
        "non-stored fields of res.partner in domains, orders and groupings: related fields, "
        "computed fields without search, properties_base_definition_id"
    )
    for s in fixture():
        sc.add(s)
    leaves: list[list[Any]] = [
        ["country_code", "=", "BE"],
        ["country_code", "in", ["BE", "FR"]],
        ["country_code", "=", False],
        ["country_code", "ilike", "e"],
        ["parent_name", "ilike", "alpha"],
        ["parent_name", "=", False],
        ["parent_name", "!=", False],
        ["company_type", "=", "company"],
        ["contact_address", "ilike", "x"],
        ["email_formatted", "ilike", "alpha"],
        ["same_vat_partner_id", "=", False],
        ["self", "=", "${p1}"],
        ["is_public", "=", False],
        ["active_lang_count", ">", 0],
        ["avatar_128", "=", False],
        ["tz_offset", "=", "+0000"],
        ["vat_label", "=", False],
        ["type_address_label", "!=", False],
        ["main_user_id", "=", False],
        ["user_ids", "=", False],
        ["user_ids.login", "=", "admin"],
        ["commercial_partner_id", "=", "${p1}"],
        ["commercial_partner_id.name", "ilike", "alpha"],
        ["commercial_company_name", "ilike", "alpha"],
        ["properties_base_definition_id", "=", False],
    ]
    for leaf in leaves:
        search(sc, "nonstored", leaf)
    for order in (
        "country_code, id",
        "parent_name desc, id",
        "company_type",
        "contact_address",
        "commercial_partner_id, id",
        "commercial_company_name, id",
        "self",
        "avatar_128",
    ):
        sc.add(step(f"order-{slug(order)}", P, "search", {"domain": MINE, "order": order}))
    for gb in (
        ["country_code"],
        ["parent_name"],
        ["company_type"],
        ["commercial_partner_id"],
        ["self"],
        ["avatar_128"],
        ["image_1920"],
        ["properties"],
    ):
        sc.add(
            step(
                f"frg-{slug(gb)}",
                P,
                "formatted_read_group",
                {"domain": MINE, "groupby": gb, "aggregates": ["__count"]},
            )
        )
    for agg in (
        "country_code:count",
        "parent_name:count_distinct",
        "company_type:count",
        "image_1920:count",
    ):
        sc.add(
            step(
                f"agg-{slug(agg)}",
                P,
                "formatted_read_group",
                {"domain": MINE, "groupby": ["type"], "aggregates": [agg], "order": "type"},
            )
        )
    return sc


def negative_paths() -> Scenario:
    """Negative and falsy conditions through many2one, one2many and many2many paths, nested any,
    and counts of path conditions (no duplicate rows from the joins)."""
    sc = Scenario(
        "negative/falsy conditions through dotted paths, nested any/not any, and search_count "
        "of path conditions"
    )
    for s in fixture():
        sc.add(s)
    leaves: list[Any] = [
        ["parent_id.name", "!=", f"{RUN} Alpha"],
        ["parent_id.name", "not ilike", "alpha"],
        ["parent_id.name", "=", False],
        ["parent_id.color", "=", False],
        ["parent_id.color", "!=", 1],
        ["parent_id.parent_id", "=", False],
        ["parent_id.parent_id", "!=", False],
        ["parent_id.category_id", "=", False],
        ["parent_id.category_id", "not in", ["${ta}"]],
        ["child_ids.name", "!=", f"{RUN} beta"],
        ["child_ids.name", "not ilike", "beta"],
        ["child_ids.color", "!=", 2],
        ["child_ids.color", "=", False],
        ["child_ids.parent_id", "=", False],
        ["category_id.name", "not in", [f"{RUN} tagA"]],
        ["category_id.name", "!=", f"{RUN} tagB"],
        ["category_id.parent_id", "=", False],
        ["category_id.parent_id", "!=", False],
        ["country_id.code", "not in", ["BE"]],
        ["country_id.name", "not ilike", "bel"],
        ["country_id.code", "!=", False],
        ["parent_id", "any", [["child_ids", "any", [["color", ">", 5]]]]],
        ["child_ids", "not any", [["category_id", "any", [["name", "ilike", "tagB"]]]]],
        ["category_id", "any", [["parent_id", "!=", False]]],
        ["category_id", "not any", []],
        ["child_ids", "not any", []],
        ["parent_id", "not any", [["is_company", "=", False]]],
        ["!", ["parent_id.name", "ilike", "alpha"]],
        ["!", ["child_ids.color", "=", 2]],
        ["!", ["category_id", "in", ["${ta}", "${tb}"]]],
    ]
    for leaf in leaves:
        search(sc, "path", leaf)
    for leaf in (
        ["child_ids.name", "ilike", RUN],
        ["category_id.name", "ilike", RUN],
        ["category_id", "!=", False],
        ["child_ids.category_id.name", "ilike", "tag"],
        ["parent_id.category_id", "!=", False],
    ):
        sc.add(step(f"count-{slug(leaf)}", P, "search_count", {"domain": [*MINE, leaf]}))
        sc.add(
            step(
                f"read-{slug(leaf)}",
                P,
                "search_read",
                {"domain": [*MINE, leaf], "fields": ["name"], "order": "id", "limit": 3},
            )
        )
    return sc


def by_names() -> Scenario:
    """Relational conditions given names, searched with each comodel's display-name search
    (res.partner: complete name, email, ref, vat, company registry; res.country: name, code;
    res.users: an exact login first)."""
    sc = Scenario("relational conditions given names: each comodel's display-name search fields")
    for s in fixture():
        sc.add(s)
    leaves: list[list[Any]] = [
        ["country_id", "=", "BE"],
        ["country_id", "=", "be"],
        ["country_id", "in", ["BE", "Germany"]],
        ["country_id", "in", ["BE", "${fr}"]],
        ["country_id", "not in", ["BE"]],
        ["country_id", "!=", "Belgium"],
        ["country_id", "ilike", "DE"],
        ["country_id", "=ilike", "fr"],
        ["country_id", "not ilike", "BE"],
        ["parent_id", "=", "A1"],
        ["parent_id", "ilike", "alpha@example"],
        ["parent_id", "ilike", "b2"],
        ["parent_id", "=", f"{RUN} Alpha"],
        ["parent_id", "=", f"{RUN} Alpha, {RUN} beta"],
        ["parent_id", "in", [f"{RUN} Alpha", False]],
        ["parent_id", "not in", [f"{RUN} Alpha"]],
        ["child_ids", "=", "b2"],
        ["child_ids", "ilike", "DELTA@"],
        ["child_ids", "in", ["d_4", "A1"]],
        ["category_id", "=", f"{RUN} tagA / {RUN} tagA1"],
        ["category_id", "in", [f"{RUN} tagB", "${ta}"]],
        ["create_uid", "ilike", "admin"],
        ["create_uid", "=", "Mitchell Admin"],
        ["create_uid", "in", ["admin", "nobody"]],
        ["create_uid", "not in", ["admin"]],
        ["write_uid", "=", "__system__"],
        ["company_id", "=", False],
        ["user_id", "ilike", "admin"],
        ["user_id", "not ilike", "admin"],
    ]
    for leaf in leaves:
        search(sc, "names", leaf)
    return sc


def odd_values() -> Scenario:
    """Values of the wrong type: booleans, numbers, lists and objects where another type is expected."""
    sc = Scenario(
        "odd values in conditions: booleans, numbers, lists and objects on char, integer, float, "
        "selection, boolean, many2one and x2many fields"
    )
    for s in fixture():
        sc.add(s)
    leaves: list[list[Any]] = [
        ["name", "=", True],
        ["name", "in", [True]],
        ["name", "!=", True],
        ["name", "like", True],
        ["name", "ilike", 100],
        ["name", "like", ["a"]],
        ["name", "ilike", {"a": 1}],
        ["name", "<", 5],
        ["ref", "=", 0],
        ["ref", "in", [0, "A1"]],
        ["color", "in", [True]],
        ["color", "=", "1.0"],
        ["color", ">", "x"],
        ["color", "in", [[1]]],
        ["color", "like", 1],
        ["partner_latitude", "=", True],
        ["partner_latitude", "in", ["1.5", 0]],
        ["partner_latitude", ">", "abc"],
        ["type", "=", True],
        ["type", "in", [None]],
        ["type", "like", 1],
        ["is_company", "=", "yes"],
        ["is_company", "=", "no"],
        ["is_company", "=", "1"],
        ["is_company", "in", ["true", "false"]],
        ["is_company", "=", 2],
        ["country_id", "=", [[1]]],
        ["country_id", "in", [True]],
        ["country_id", "=", 1.0],
        ["country_id", "=", {"id": 1}],
        ["category_id", "=", True],
        ["category_id", "in", [[1, 2]]],
        ["category_id", "=", 1.5],
        ["child_ids", "in", [False, "${p2}"]],
        ["child_ids", "=", 0],
        ["id", "=", True],
        ["id", "in", [1.0]],
        ["id", ">", "1"],
        ["id", "<", 1.5],
    ]
    for leaf in leaves:
        search(sc, "odd", leaf)
    return sc
