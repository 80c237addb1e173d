"""Track f of issue 16: every field type with valid and invalid values.

Writes the scenario files ``scenarios/base/f*.json`` (recorded on the ``ref``
database) and ``scenarios/sale/f*.json`` (recorded on ``sale``). Each value is
written (or created) and read back, so that both what is refused and what is
stored are compared. Run: ``python3 tests/conformance/gen/f_fields.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shapes import SCENARIOS, Step, ref, step, unique_id, write_scenario

#: a 1x1 transparent PNG, a GIF and text that is valid base64 but no image
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
GIF = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
TEXT_B64 = "aGVsbG8gd29ybGQ="  # "hello world"


def slug(value: Any) -> str:
    """A short step-id fragment for a value."""
    text = json.dumps(value)
    out = "".join(c if c.isalnum() else "-" for c in text)[:24].strip("-")
    return out or "empty"


class Scenario:
    """Steps of one scenario file, built with a few helpers."""

    def __init__(self, description: str) -> None:
        self.description = description
        self.steps: list[Step] = []
        self.ids: set[str] = set()

    def add(self, sid: str, model: str, method: str, body: dict[str, Any], **extra: Any) -> None:
        self.steps.append(step(unique_id(sid, self.ids), model, method, body, **extra))

    def create(
        self,
        sid: str,
        model: str,
        vals: dict[str, Any] | list[Any],
        save: str | None = None,
        **extra: Any,
    ) -> None:
        if save:
            extra["save"] = {save: "$[0]"}
        self.add(sid, model, "create", {"vals_list": vals}, **extra)

    def read(self, sid: str, model: str, rec: str, fields: list[str], **extra: Any) -> None:
        self.add(sid, model, "read", {"ids": [ref(rec)], "fields": fields}, **extra)

    def write_read(
        self,
        prefix: str,
        model: str,
        rec: str,
        field: str,
        values: list[Any],
        read_fields: list[str] | None = None,
        context: dict[str, Any] | None = None,
    ) -> None:
        """Write each value to ``field`` of ``rec``, then read the field back."""
        for value in values:
            sid = f"{prefix}-{slug(value)}"
            body: dict[str, Any] = {"ids": [ref(rec)], "vals": {field: value}}
            if context:
                body["context"] = context
            self.add(f"w-{sid}", model, "write", body)
            self.read(f"r-{sid}", model, rec, read_fields or [field])

    def create_read(
        self,
        prefix: str,
        model: str,
        base: dict[str, Any],
        field: str,
        values: list[Any],
        read_fields: list[str] | None = None,
        marker: str = "ref",
    ) -> None:
        """Create a record with each value of ``field``, then read it back by a
        ``marker`` field set to a unique text (nothing when the create failed)."""
        for i, value in enumerate(values):
            sid = f"{prefix}-{slug(value)}"
            mark = f"${{run}}-{prefix}-{i}"
            self.create(f"c-{sid}", model, {**base, marker: mark, field: value})
            self.add(
                f"r-{sid}",
                model,
                "search_read",
                {
                    "domain": [[marker, "=", mark]],
                    "fields": read_fields or [field],
                    "context": {"active_test": False},
                },
            )

    def dump(self, path: Path, cleanup: list[dict[str, Any]] | None = None) -> int:
        data: dict[str, Any] = {"description": self.description, "steps": self.steps}
        if cleanup:
            data["cleanup"] = cleanup
        return write_scenario(path, data)


def lookups(s: Scenario) -> None:
    s.add(
        "lookup-be", "res.country", "search", {"domain": [["code", "=", "BE"]]}, save={"be": "$[0]"}
    )
    s.add(
        "lookup-fr", "res.country", "search", {"domain": [["code", "=", "FR"]]}, save={"fr": "$[0]"}
    )


STRINGS: list[Any] = [
    "plain",
    "  padded  ",
    "tab\there",
    "line\nbreak",
    "ünïcödé ✓ 漢字",
    "emoji 😀",
    "",
    "x" * 300,
    42,
    4.5,
    True,
    [1, 2],
    {"a": 1},
    "<b>not html</b>",
    "null\u0000byte",
]
INTS: list[Any] = [
    5,
    "7",
    "abc",
    "",
    3.7,
    -2.5,
    "3.5",
    True,
    2**31 - 1,
    2**31,
    -(2**31),
    -(2**31) - 1,
    10**20,
    None,
    False,
    0,
    [1],
    {"a": 1},
]
FLOATS: list[Any] = [
    1.25,
    "2.5",
    "abc",
    "",
    7,
    True,
    1e308,
    -0.0,
    123456789.123456789,
    "1e3",
    None,
    False,
    [1.5],
    "NaN",
    0.1 + 0.2,
]
BOOLS: list[Any] = [True, False, 1, 0, "true", "false", "", "0", None, [], [0], 2, {"a": 1}]


def f1_char_text(out: Path) -> int:
    s = Scenario(
        "char and text fields: strings, unicode, padding, non-string values, create and write"
    )
    lookups(s)
    s.create("setup", "res.partner", {"name": "${run} Char"}, save="p")
    s.write_read("ref", "res.partner", "p", "ref", STRINGS)
    s.write_read(
        "function", "res.partner", "p", "function", ["Buyer", "  Spaces  ", 12, False, None]
    )
    s.write_read(
        "email",
        "res.partner",
        "p",
        "email",
        ["a@${run}.example.com", "not-an-email", " x@${run}.example.com ", False],
        read_fields=["email", "email_formatted"],
    )
    s.write_read(
        "website",
        "res.partner",
        "p",
        "website",
        ["example.org/${run}", "https://example.org/${run}", "ftp://x", "", False],
    )
    s.write_read("zip", "res.partner", "p", "zip", ["1000", 1000, "  1000 "])
    s.write_read(
        "name",
        "res.partner",
        "p",
        "name",
        ["${run} Renamed", "  ${run} Padded  ", "${run} ✓ ünïcödé", "", False, 12],
        read_fields=["name", "display_name"],
    )
    s.create_read(
        "cname",
        "res.partner",
        {"is_company": True},
        "name",
        ["${run} Co", "  ${run} CoPad ", 42, "", False, None],
        read_fields=["name", "display_name"],
    )
    # text field: res.partner.category has none in base, res.users signature is html; res.lang has
    s.create("tag", "res.partner.category", {"name": "${run} CharTag"}, save="tag")
    s.write_read(
        "tagname",
        "res.partner.category",
        "tag",
        "name",
        ["${run} Tag ✓", "  ${run} TagPad ", 7, "", False],
        read_fields=["name", "display_name"],
    )
    s.add(
        "fields-text-types",
        "res.partner",
        "fields_get",
        {
            "allfields": ["name", "ref", "comment", "email", "zip", "vat", "barcode"],
            "attributes": ["type", "size", "trim", "translate", "sanitize"],
        },
    )
    return s.dump(out / "f1_char_text.json")


HTML_VALUES: list[Any] = [
    "<p>plain</p>",
    "plain text no tags",
    "<p>a<script>alert(1)</script>b</p>",
    "<script>alert(1)</script>",
    '<p onclick="alert(1)" class="c" id="x">click</p>',
    '<img src="x.png" onerror="alert(1)">',
    '<a href="javascript:alert(1)">js link</a>',
    '<a href="https://example.org" target="_blank" rel="noopener">ok link</a>',
    '<a href="mailto:x@example.org">mail</a>',
    '<p style="color: red; position: fixed">styled</p>',
    '<div style="background-image: url(javascript:x)">bg</div>',
    '<iframe src="https://example.org"></iframe>',
    '<form action="/x"><input name="a"></form>',
    "<style>p{color:red}</style><p>after style</p>",
    "<p>unclosed <b>bold",
    "<b>bold</b> <i>it</i> <u>u</u> <s>s</s> <em>em</em> <strong>st</strong>",
    "<h1>t</h1><ul><li>one</li></ul><ol><li>two</li></ol><blockquote>q</blockquote>",
    "<table><tr><td>cell</td></tr></table>",
    "<p>&amp; &lt; &gt; &nbsp; &eacute; &#169;</p>",
    "5 < 6 & 7 > 3",
    "<!-- comment --><p>after comment</p>",
    '<object data="x"></object><embed src="y">',
    "<p>line<br>break<br/>two</p>",
    '<span data-oe-model="x" data-foo="bar" title="t">data attrs</span>',
    '<meta http-equiv="refresh" content="0"><p>meta</p>',
    '<svg><circle r="1"/></svg>',
    '<img src="data:image/png;base64,' + PNG + '">',
    "<p>   spaced   </p>",
    "",
    "   ",
    False,
    None,
    42,
    "<html><head><title>T</title></head><body><p>body</p></body></html>",
    "<p>ünïcödé ✓</p>",
    '<font color="red">font</font><center>c</center>',
    '<link rel="stylesheet" href="x.css"><p>l</p>',
    '<button type="submit">b</button><select><option>o</option></select><textarea>t</textarea>',
    "<p>a</p>\n<p>b</p>",
    '<p class="o_x fa fa-check">classes</p>',
    '<base href="https://evil"><p>base</p>',
    '<video src="v.mp4" controls></video>',
    "<pre>  pre\n  text</pre>",
    "<p>one</p><p></p>",
    "<P>UPPER</P>",
]


def f2_html(out: Path) -> int:
    s = Scenario(
        "html fields: what Odoo's sanitizer stores for scripts, event attributes, styles, links, "
        "forms and plain text (res.partner.comment)"
    )
    s.create("setup", "res.partner", {"name": "${run} Html"}, save="p")
    s.write_read("comment", "res.partner", "p", "comment", HTML_VALUES)
    s.create_read("ccomment", "res.partner", {"name": "${run} HtmlC"}, "comment", HTML_VALUES[:12])
    s.add(
        "fields-html",
        "res.partner",
        "fields_get",
        {
            "allfields": ["comment"],
            "attributes": [
                "type",
                "sanitize",
                "sanitize_tags",
                "sanitize_attributes",
                "sanitize_style",
                "sanitize_form",
                "strip_style",
                "strip_classes",
            ],
        },
    )
    return s.dump(out / "f2_html.json")


def f3_numbers(out: Path) -> int:
    s = Scenario(
        "integer and float fields: numbers as strings, floats in integer fields, huge values, "
        "booleans, null and false, lists"
    )
    s.create("setup", "res.partner", {"name": "${run} Num"}, save="p")
    s.write_read("color", "res.partner", "p", "color", INTS)
    s.write_read("lat", "res.partner", "p", "partner_latitude", FLOATS)
    s.create_read(
        "ccolor", "res.partner", {"name": "${run} NumC"}, "color", [9, "4", "x", 2.9, 2**40, None]
    )
    s.create_read(
        "clat",
        "res.partner",
        {"name": "${run} LatC"},
        "partner_latitude",
        [1.5, "3.25", "x", 8, None],
    )
    s.create("tag", "res.partner.category", {"name": "${run} NumTag"}, save="tag")
    s.write_read(
        "tagcolor", "res.partner.category", "tag", "color", [3, "11", 1.9, "z", False, None, 2**33]
    )
    s.add(
        "search-currency-eur",
        "res.currency",
        "search",
        {"domain": [["name", "=", "EUR"]], "context": {"active_test": False}},
        save={"eur": "$[0]"},
    )
    s.add(
        "read-eur-rounding",
        "res.currency",
        "read",
        {
            "ids": ["${eur}"],
            "fields": ["rounding", "decimal_places", "position", "symbol", "active"],
        },
    )
    return s.dump(out / "f3_numbers.json")


def f4_bool_selection(out: Path) -> int:
    s = Scenario(
        "boolean and selection fields: 0/1, strings, null; selection keys valid, wrong, false, "
        "empty, non-string"
    )
    s.create("setup", "res.partner", {"name": "${run} Bool"}, save="p")
    s.write_read(
        "is_company",
        "res.partner",
        "p",
        "is_company",
        BOOLS,
        read_fields=["is_company", "company_type"],
    )
    s.write_read("employee", "res.partner", "p", "employee", [1, "yes", 0, None])
    s.write_read(
        "type",
        "res.partner",
        "p",
        "type",
        [
            "invoice",
            "delivery",
            "other",
            "contact",
            "bogus",
            "",
            False,
            None,
            1,
            "Invoice",
            ["invoice"],
        ],
    )
    s.write_read(
        "company_type",
        "res.partner",
        "p",
        "company_type",
        ["company", "person", "bogus", False],
        read_fields=["company_type", "is_company"],
    )
    s.write_read(
        "tz",
        "res.partner",
        "p",
        "tz",
        ["Europe/Brussels", "UTC", "Not/AZone", "", False, "europe/brussels"],
        read_fields=["tz", "tz_offset"],
    )
    s.write_read(
        "lang", "res.partner", "p", "lang", ["en_US", "fr_FR", "xx_XX", "", False, "EN_us"]
    )
    s.create_read(
        "ctype", "res.partner", {"name": "${run} TypeC"}, "type", ["delivery", "bogus", False, None]
    )
    s.create_read(
        "cbool", "res.partner", {"name": "${run} BoolC"}, "is_company", [1, "no", None, 0]
    )
    s.create("inactive", "res.partner", {"name": "${run} Inactive", "active": False}, save="ina")
    s.add("read-inactive", "res.partner", "read", {"ids": ["${ina}"], "fields": ["active", "name"]})
    s.write_read("active", "res.partner", "ina", "active", [1, "", "x", None, True])
    return s.dump(out / "f4_bool_selection.json")


def f5_many2one(out: Path) -> int:
    s = Scenario(
        "many2one: ids, unknown ids, [id, name] pairs, 0, false, strings, floats, archived targets"
    )
    lookups(s)
    s.create("setup", "res.partner", {"name": "${run} M2O"}, save="p")
    s.create("parent", "res.partner", {"name": "${run} M2O Parent", "is_company": True}, save="par")
    s.create(
        "archived",
        "res.partner",
        {"name": "${run} M2O Archived", "active": False, "is_company": True},
        save="arch",
    )
    s.write_read(
        "country",
        "res.partner",
        "p",
        "country_id",
        [
            "${be}",
            999999,
            0,
            -1,
            False,
            None,
            "${be}",
            [1, "x"],
            "1",
            1.0,
            1.5,
            "Belgium",
            True,
            [],
            {"id": 1},
        ],
    )
    s.add(
        "w-country-pair-real",
        "res.partner",
        "write",
        {"ids": ["${p}"], "vals": {"country_id": ["${fr}", "France"]}},
    )
    s.read("r-country-pair-real", "res.partner", "p", ["country_id"])
    s.write_read(
        "parent",
        "res.partner",
        "p",
        "parent_id",
        ["${par}", "${arch}", 999999, False],
        read_fields=["parent_id", "commercial_partner_id", "display_name"],
    )
    s.write_read("parent-self", "res.partner", "par", "parent_id", ["${par}"])
    s.write_read("state", "res.partner", "p", "state_id", [999999, False])
    s.write_read("user", "res.partner", "p", "user_id", [999999, 0, False])
    s.write_read("industry", "res.partner", "p", "industry_id", [999999, False])
    s.write_read("company", "res.partner", "p", "company_id", [999999, False])
    s.create_read(
        "cparent",
        "res.partner",
        {"name": "${run} M2OC"},
        "parent_id",
        ["${par}", 999999, 0, [1, "x"], "abc"],
        read_fields=["parent_id"],
    )
    s.create("tag", "res.partner.category", {"name": "${run} M2OTag"}, save="tag")
    s.create(
        "tag2",
        "res.partner.category",
        {"name": "${run} M2OTag2", "parent_id": "${tag}"},
        save="tag2",
    )
    s.read(
        "r-tag2",
        "res.partner.category",
        "tag2",
        ["parent_id", "display_name", "parent_path"],
        mask=[r"\d+/"],
        doc="parent_path holds ids: masked",
    )
    s.write_read(
        "tagparent",
        "res.partner.category",
        "tag",
        "parent_id",
        ["${tag2}", "${tag}", 999999, False],
        read_fields=["parent_id", "display_name"],
    )
    return s.dump(out / "f5_many2one.json")


def f6_x2many(out: Path) -> int:
    s = Scenario(
        "one2many and many2many: every command, plain id lists, unknown ids, nested creates, "
        "invalid commands"
    )
    s.create("t1", "res.partner.category", {"name": "${run} X1"}, save="t1")
    s.create("t2", "res.partner.category", {"name": "${run} X2"}, save="t2")
    s.create("t3", "res.partner.category", {"name": "${run} X3"}, save="t3")
    s.create("setup", "res.partner", {"name": "${run} X2M", "is_company": True}, save="p")
    tags: list[tuple[str, Any]] = [
        ("set", [[6, 0, ["${t1}", "${t2}"]]]),
        ("link", [[4, "${t3}"]]),
        ("link-again", [[4, "${t3}", 0]]),
        ("unlink", [[3, "${t1}"]]),
        ("unlink-not-linked", [[3, "${t1}"]]),
        ("clear", [[5]]),
        ("clear-0-0", [[5, 0, 0]]),
        ("plain-ids", ["${t1}", "${t3}"]),
        ("empty-list", []),
        ("false", False),
        ("create", [[0, 0, {"name": "${run} XNew"}]]),
        ("create-virtual-id", [[0, "virtual_1", {"name": "${run} XNew2"}]]),
        ("update", [[1, "${t1}", {"name": "${run} X1 upd"}]]),
        ("set-unknown", [[6, 0, [999999]]]),
        ("link-unknown", [[4, 999999]]),
        ("unlink-unknown", [[3, 999999]]),
        ("update-unknown", [[1, 999999, {"name": "x"}]]),
        ("delete-unknown", [[2, 999999]]),
        ("plain-unknown", [999999]),
        ("bad-command-7", [[7, "${t1}"]]),
        ("bad-command-str", [["x", 1]]),
        ("bad-command-short", [[6]]),
        ("bad-command-4-short", [[4]]),
        ("pairs", [["${t1}", "X"]]),
        ("string", "abc"),
        ("int", "${t1}"),
        ("dict", {"a": 1}),
        ("set-strings", [[6, 0, ["1"]]]),
        ("create-invalid", [[0, 0, {"name": "${run} bad", "color": "z"}]]),
        ("create-missing-required", [[0, 0, {"color": 1}]]),
        ("set-none", [[6, 0, None]]),
        ("set-final", [[6, 0, ["${t2}"]]]),
        ("delete", [[2, "${t2}"]]),
    ]
    for name, value in tags:
        s.add(
            f"w-tags-{name}",
            "res.partner",
            "write",
            {"ids": ["${p}"], "vals": {"category_id": value}},
            id_patterns=[[r"category_id: (\d+)", "res.partner.category"]],
        )
        s.add(f"r-tags-{name}", "res.partner", "read", {"ids": ["${p}"], "fields": ["category_id"]})
    s.add("r-t2-after-delete", "res.partner.category", "search", {"domain": [["id", "=", "${t2}"]]})
    s.add(
        "r-tags-by-run",
        "res.partner.category",
        "search_read",
        {"domain": [["name", "like", "${run}"]], "fields": ["name"], "order": "name"},
    )
    s.create("loose", "res.partner", {"name": "${run} Child Loose"}, save="loose")
    children: list[tuple[str, Any]] = [
        (
            "create",
            [
                [0, 0, {"name": "${run} Child A"}],
                [0, 0, {"name": "${run} Child B", "type": "invoice"}],
            ],
        ),
        ("create-bad-selection", [[0, 0, {"name": "${run} Child C", "type": "bogus"}]]),
        (
            "create-nested-tags",
            [[0, 0, {"name": "${run} Child T", "category_id": [[0, 0, {"name": "${run} XN"}]]}]],
        ),
        ("plain-ids-o2m", ["${loose}"]),
        ("unknown-link", [[4, 999999]]),
        ("update-unknown", [[1, 999999, {"name": "x"}]]),
        ("clear", [[5]]),
        ("false", False),
    ]
    for name, value in children:
        s.add(
            f"w-child-{name}",
            "res.partner",
            "write",
            {"ids": ["${p}"], "vals": {"child_ids": value}},
        )
        s.add(
            f"r-child-{name}",
            "res.partner",
            "search_read",
            {
                "domain": [["name", "like", "${run} Child"]],
                "context": {"active_test": False},
                "fields": ["name", "parent_id", "active", "type", "category_id"],
                "order": "name",
            },
        )
    s.create(
        "c-nested",
        "res.partner",
        {
            "name": "${run} Nest",
            "is_company": True,
            "child_ids": [
                [
                    0,
                    0,
                    {"name": "${run} NestKid", "child_ids": [[0, 0, {"name": "${run} NestGrand"}]]},
                ]
            ],
            "category_id": [[0, 0, {"name": "${run} NestTag"}], [4, "${t3}"]],
        },
        save="nest",
    )
    s.add(
        "r-nested",
        "res.partner",
        "search_read",
        {
            "domain": [["name", "like", "${run} Nest"]],
            "fields": ["name", "parent_id", "child_ids", "category_id"],
            "order": "name",
        },
    )
    s.create(
        "c-child-link-cmd",
        "res.partner",
        {"name": "${run} LinkP", "child_ids": [[6, 0, []]]},
        save="lp",
    )
    s.read("r-child-link-cmd", "res.partner", "lp", ["child_ids"])
    s.create("c-tags-unknown", "res.partner", {"name": "${run} BadTags", "category_id": [999999]})
    s.create(
        "c-tags-bad-command", "res.partner", {"name": "${run} BadTags", "category_id": [[9, 1, 2]]}
    )
    return s.dump(
        out / "f6_x2many.json",
        cleanup=[{"model": "res.partner.category", "domain": [["name", "like", "${run}"]]}],
    )


def f7_binary(out: Path) -> int:
    s = Scenario(
        "binary and image fields: valid base64, invalid base64, base64 that is no image, bin_size"
    )
    s.create("setup", "res.partner", {"name": "${run} Bin"}, save="p")
    imgs: list[Any] = [PNG, GIF, TEXT_B64, "not base64!!", "aGVsbG8", "", False, None, 12]
    for value in imgs:
        sid = slug(value)
        s.add(
            f"w-image-{sid}",
            "res.partner",
            "write",
            {"ids": ["${p}"], "vals": {"image_1920": value}},
        )
        s.add(
            f"r-image-size-{sid}",
            "res.partner",
            "read",
            {"ids": ["${p}"], "fields": ["image_1920"], "context": {"bin_size": True}},
        )
    s.add("w-image-png", "res.partner", "write", {"ids": ["${p}"], "vals": {"image_1920": PNG}})
    s.add("r-image-png-full", "res.partner", "read", {"ids": ["${p}"], "fields": ["image_1920"]})
    s.add(
        "w-image-128-readonly",
        "res.partner",
        "write",
        {"ids": ["${p}"], "vals": {"image_128": PNG}},
    )
    s.add(
        "fields-binary",
        "res.partner",
        "fields_get",
        {
            "allfields": ["image_1920", "image_128"],
            "attributes": ["type", "readonly", "attachment"],
        },
    )
    return s.dump(out / "f7_binary.json")


def f8_readonly_unknown_required(out: Path) -> int:
    s = Scenario(
        "readonly, computed and magic fields written; unknown fields; required fields missing"
    )
    s.create(
        "setup", "res.partner", {"name": "${run} RO", "email": "ro@${run}.example.com"}, save="p"
    )
    for fname, value in [
        ("display_name", "Other"),
        ("email_formatted", "x"),
        ("commercial_partner_id", 1),
        ("id", 5),
        ("create_date", "2020-01-01 00:00:00"),
        ("write_uid", 1),
        ("complete_name", "x"),
        ("contact_address", "x"),
        ("tz_offset", "+0100"),
        ("country_code", "BE"),
        ("is_public", True),
        ("partner_share", False),
        ("no_such_field", 1),
        ("NAME", "x"),
        ("", 1),
        ("category_id.name", "x"),
    ]:
        s.add(f"w-{slug(fname)}", "res.partner", "write", {"ids": ["${p}"], "vals": {fname: value}})
    s.read(
        "r-after",
        "res.partner",
        "p",
        ["name", "display_name", "email", "email_formatted", "complete_name"],
    )
    s.create(
        "c-display-name",
        "res.partner",
        {"name": "${run} RO2", "display_name": "ignored"},
        save="p2",
    )
    s.read("r-display-name", "res.partner", "p2", ["name", "display_name"])
    s.create("c-unknown", "res.partner", {"name": "${run} RO3", "bogus": 1})
    s.create(
        "c-id",
        "res.partner",
        {"name": "${run} RO4", "id": 99999999},
        compare="status",
        doc="the answer (an id) differs in value between servers",
    )
    s.create("c-cat-missing-name", "res.partner.category", {"color": 1})
    s.create("c-cat-name-false", "res.partner.category", {"name": False})
    s.create("c-cat-name-empty", "res.partner.category", {"name": ""}, save="catempty")
    s.create("c-country-missing", "res.country", {"code": "QQ"})
    s.create("c-currency-missing", "res.currency", {"name": "QQQ"})
    s.create("c-lang-missing", "res.lang", {"name": "${run} Lang"})
    s.create("c-bank-missing-acc", "res.partner.bank", {"partner_id": "${p}"})
    s.create("c-bank-missing-partner", "res.partner.bank", {"acc_number": "${run}1"})
    s.create("c-user-missing-login", "res.users", {"name": "${run} U"})
    s.create("c-company-missing-name", "res.company", {"email": "x@${run}.example.com"})
    s.add(
        "w-cat-name-false",
        "res.partner.category",
        "write",
        {"ids": ["${catempty}"], "vals": {"name": False}},
    )
    s.add("w-partner-name-empty", "res.partner", "write", {"ids": ["${p}"], "vals": {"name": ""}})
    s.add("w-partner-name-none", "res.partner", "write", {"ids": ["${p}"], "vals": {"name": None}})
    s.add("w-missing-record", "res.partner", "write", {"ids": [999999], "vals": {"ref": "x"}})
    s.add(
        "w-missing-record-unknown-field",
        "res.partner",
        "write",
        {"ids": [999999], "vals": {"bogus": "x"}},
    )
    s.add("w-vals-list", "res.partner", "write", {"ids": ["${p}"], "vals": [{"ref": "x"}]})
    s.add("c-vals-string", "res.partner", "create", {"vals_list": "abc"})
    s.add("c-vals-list-of-int", "res.partner", "create", {"vals_list": [1]})
    return s.dump(out / "f8_readonly_required.json")


def f9_models(out: Path) -> int:
    s = Scenario(
        "field types on res.partner.bank, res.company, res.users, res.currency, res.country, res.lang"
    )
    lookups(s)
    s.create("partner", "res.partner", {"name": "${run} Bank"}, save="p")
    for i, acc in enumerate(
        ["BE68 5390 0754 7034", "be68-5390.0754 7034", "  ${run} 12  ", "${run}-a.b/c"]
    ):
        s.create(
            f"c-bank-{i}",
            "res.partner.bank",
            {"acc_number": acc, "partner_id": "${p}"},
            save=f"b{i}",
        )
        s.read(
            f"r-bank-{i}",
            "res.partner.bank",
            f"b{i}",
            [
                "acc_number",
                "sanitized_acc_number",
                "acc_holder_name",
                "allow_out_payment",
                "display_name",
            ],
        )
    s.create(
        "c-bank-dup", "res.partner.bank", {"acc_number": "BE68539007547034", "partner_id": "${p}"}
    )
    s.create(
        "c-bank-int", "res.partner.bank", {"acc_number": 123456, "partner_id": "${p}"}, save="bint"
    )
    s.read("r-bank-int", "res.partner.bank", "bint", ["acc_number", "sanitized_acc_number"])
    s.write_read(
        "bankacc",
        "res.partner.bank",
        "b3",
        "acc_number",
        ["${run} 99 88", "", False],
        read_fields=["acc_number", "sanitized_acc_number"],
    )
    s.write_read("bankpartner", "res.partner.bank", "b3", "partner_id", [999999, False])
    s.add(
        "lookup-main-company",
        "res.company",
        "search",
        {"domain": [], "limit": 1, "order": "id"},
        save={"co": "$[0]"},
    )
    s.read(
        "r-company",
        "res.company",
        "co",
        [
            "name",
            "currency_id",
            "country_id",
            "email",
            "phone",
            "sequence",
            "color",
            "logo",
            "font",
            "layout_background",
            "primary_color",
            "secondary_color",
        ],
        compare="keys",
        doc="demo values of the main company vary with other tracks; compare keys only",
    )
    s.add(
        "company-fields",
        "res.company",
        "fields_get",
        {
            "allfields": [
                "name",
                "currency_id",
                "sequence",
                "color",
                "logo",
                "primary_color",
                "font",
                "layout_background",
                "email",
                "partner_id",
            ],
            "attributes": ["type", "required", "readonly", "selection"],
        },
    )
    s.add(
        "lookup-admin",
        "res.users",
        "search",
        {"domain": [["login", "=", "admin"]]},
        save={"admin": "$[0]"},
    )
    s.read(
        "r-admin",
        "res.users",
        "admin",
        ["login", "share", "active", "tz", "lang", "notification_type"],
        compare="keys",
        doc="other tracks may change admin's preferences",
    )
    s.create("c-user", "res.users", {"name": "${run} U", "login": "${run}-u"}, save="u")
    s.read(
        "r-user",
        "res.users",
        "u",
        ["name", "login", "share", "active", "email", "partner_id", "tz", "lang"],
    )
    s.write_read("user-tz", "res.users", "u", "tz", ["Europe/Brussels", "Bad/Zone", False])
    s.write_read("user-lang", "res.users", "u", "lang", ["fr_FR", "xx_XX", "en_US"])
    s.write_read("user-login", "res.users", "u", "login", ["  ${run}-pad ", "${run}-U2", "", False])
    s.write_read("user-active", "res.users", "u", "active", [False, "", True])
    s.write_read(
        "user-email",
        "res.users",
        "u",
        "email",
        ["u@${run}.example.com", False],
        read_fields=["email", "partner_id"],
    )
    s.create("c-user-dup-login", "res.users", {"name": "${run} U3", "login": "${run}-U2"})
    s.add(
        "lookup-eur",
        "res.currency",
        "search",
        {"domain": [["name", "=", "EUR"]], "context": {"active_test": False}},
        save={"eur": "$[0]"},
    )
    s.read(
        "r-eur",
        "res.currency",
        "eur",
        [
            "name",
            "symbol",
            "rounding",
            "decimal_places",
            "position",
            "active",
            "currency_unit_label",
            "currency_subunit_label",
            "full_name",
        ],
    )
    s.create("c-currency-dup", "res.currency", {"name": "EUR", "symbol": "€"})
    s.read(
        "r-be",
        "res.country",
        "be",
        [
            "name",
            "code",
            "phone_code",
            "currency_id",
            "address_format",
            "state_required",
            "zip_required",
            "vat_label",
            "name_position",
        ],
    )
    s.add(
        "lookup-en", "res.lang", "search", {"domain": [["code", "=", "en_US"]]}, save={"en": "$[0]"}
    )
    s.read(
        "r-en",
        "res.lang",
        "en",
        [
            "name",
            "code",
            "iso_code",
            "direction",
            "date_format",
            "time_format",
            "week_start",
            "grouping",
            "decimal_point",
            "thousands_sep",
            "active",
            "url_code",
        ],
    )
    s.add(
        "lang-fields",
        "res.lang",
        "fields_get",
        {
            "allfields": ["direction", "week_start", "grouping", "date_format"],
            "attributes": ["type", "required", "selection"],
        },
    )
    return s.dump(
        out / "f9_models.json",
        cleanup=[{"model": "res.users", "domain": [["login", "like", "${run}"]]}],
    )


def sale_f1_product(out: Path) -> int:
    s = Scenario(
        "product.template and product.product: float and monetary fields, selection type, "
        "many2many taxes, uom, booleans"
    )
    s.add(
        "lookup-unit",
        "uom.uom",
        "search",
        {"domain": [["name", "=", "Units"]]},
        save={"unit": "$[0]"},
    )
    s.add(
        "lookup-dozen",
        "uom.uom",
        "search",
        {"domain": [["name", "=", "Pack of 6"]]},
        save={"dozen": "$[0]"},
    )
    s.add(
        "lookup-tax",
        "account.tax",
        "search",
        {"domain": [["type_tax_use", "=", "sale"]], "limit": 1, "order": "id"},
        save={"tax": "$[0]"},
    )
    s.create("setup", "product.template", {"name": "${run} Prod"}, save="pt")
    s.read(
        "r-defaults",
        "product.template",
        "pt",
        [
            "list_price",
            "standard_price",
            "type",
            "sale_ok",
            "purchase_ok",
            "uom_id",
            "weight",
            "volume",
            "active",
            "description_sale",
            "default_code",
            "barcode",
            "is_storable",
            "invoice_policy",
        ],
    )
    s.write_read(
        "list_price",
        "product.template",
        "pt",
        "list_price",
        [12.5, "9.99", "abc", 1e15, -3, 1.23456789, None, False, True, "", 0.005],
        read_fields=["list_price"],
    )
    s.write_read(
        "standard_price",
        "product.template",
        "pt",
        "standard_price",
        [4.2, "5", 1.234567, None],
        read_fields=["standard_price"],
    )
    s.write_read("weight", "product.template", "pt", "weight", [1.23456, "2", "w", None])
    s.write_read(
        "type",
        "product.template",
        "pt",
        "type",
        ["service", "combo", "consu", "product", "bogus", False],
    )
    s.write_read("sale_ok", "product.template", "pt", "sale_ok", [False, 1, "", None, True])
    s.write_read(
        "uom",
        "product.template",
        "pt",
        "uom_id",
        ["${dozen}", 999999, False, "${unit}"],
        read_fields=["uom_id"],
    )
    s.write_read(
        "taxes",
        "product.template",
        "pt",
        "taxes_id",
        [[[6, 0, ["${tax}"]]], [[5]], ["${tax}"], [[4, 999999]], [[3, "${tax}"]], False],
        read_fields=["taxes_id"],
    )
    s.write_read(
        "desc", "product.template", "pt", "description_sale", ["line1\nline2", "<b>b</b>", 5, False]
    )
    s.write_read(
        "desc-html",
        "product.template",
        "pt",
        "description",
        ["<p>ok</p><script>x</script>", '<p onclick="x">c</p>', "plain", False],
    )
    s.write_read(
        "default_code", "product.template", "pt", "default_code", ["  ${run}-DC  ", 77, False]
    )
    s.write_read("sequence", "product.template", "pt", "sequence", [5, "6", 2.5, "x", None])
    s.create_read(
        "cprice",
        "product.template",
        {"name": "${run} PC"},
        "list_price",
        [3, "4.5", "bad", None],
        marker="default_code",
    )
    s.create_read(
        "ctype",
        "product.template",
        {"name": "${run} PT"},
        "type",
        ["service", "bogus", None],
        marker="default_code",
    )
    s.add(
        "lookup-variant",
        "product.product",
        "search",
        {"domain": [["product_tmpl_id", "=", "${pt}"]]},
        save={"pp": "$[0]"},
    )
    s.write_read(
        "pp-price",
        "product.product",
        "pp",
        "lst_price",
        [20, "21.5", "x"],
        read_fields=["lst_price", "list_price"],
    )
    s.write_read("pp-code", "product.product", "pp", "default_code", ["${run}-V", False])
    s.write_read("pp-weight", "product.product", "pp", "weight", [3.5, "k"])
    s.create(
        "c-variant",
        "product.product",
        {"name": "${run} Var", "list_price": "7.25", "type": "service"},
        save="pv",
    )
    s.read(
        "r-variant",
        "product.product",
        "pv",
        ["name", "list_price", "lst_price", "type", "product_tmpl_id"],
    )
    s.create("c-variant-bad-type", "product.product", {"name": "${run} Var2", "type": "nope"})
    return s.dump(
        out / "f1_product_fields.json",
        cleanup=[
            {"model": "product.product", "domain": [["name", "like", "${run}"]]},
            {"model": "product.template", "domain": [["name", "like", "${run}"]]},
        ],
    )


DATES: list[Any] = [
    "2024-03-15",
    "2024-03-15 10:20:30",
    "2024-03-15T10:20:30",
    "2024-02-30",
    "15/03/2024",
    "2024-3-5",
    "not a date",
    "",
    False,
    None,
    20240315,
    "0001-01-01",
    "9999-12-31",
    "2024-03-15 25:00:00",
    "2024-03-15Z",
]
DATETIMES: list[Any] = [
    "2024-03-15 10:20:30",
    "2024-03-15",
    "2024-03-15T10:20:30",
    "2024-03-15 10:20:30.123456",
    "2024-03-15 10:20",
    "2024-03-15T10:20:30Z",
    "2024-03-15 10:20:30+02:00",
    "2024-02-30 10:00:00",
    "2024-03-15 24:00:00",
    "garbage",
    "",
    1710498030,
    "0001-01-01 00:00:00",
    "9999-12-31 23:59:59",
    False,
]


def sale_f2_order(out: Path) -> int:
    s = Scenario(
        "sale.order and sale.order.line: date and datetime values, monetary and float values"
    )
    s.add(
        "lookup-partner",
        "res.partner",
        "search",
        {"domain": [["name", "=", "Azure Interior"]]},
        save={"deco": "$[0]"},
    )
    s.add(
        "lookup-unit",
        "uom.uom",
        "search",
        {"domain": [["name", "=", "Units"]]},
        save={"unit": "$[0]"},
    )
    s.create(
        "product",
        "product.product",
        {"name": "${run} SO Prod", "list_price": 10.0, "type": "service"},
        save="prod",
    )
    s.create(
        "order", "sale.order", {"partner_id": "${deco}", "client_order_ref": "${run}"}, save="so"
    )
    s.write_read("validity", "sale.order", "so", "validity_date", DATES)
    s.write_read("commitment", "sale.order", "so", "commitment_date", DATETIMES)
    s.write_read(
        "date_order",
        "sale.order",
        "so",
        "date_order",
        ["2024-01-02 03:04:05", "2024-01-02", "2024-01-02T03:04:05.999", "bad", False],
    )
    s.write_read("note", "sale.order", "so", "note", ["<p>n</p><script>x</script>", "plain", False])
    s.write_read("so-partner", "sale.order", "so", "partner_id", [999999, [1, "x"], False])
    s.create(
        "line",
        "sale.order.line",
        {"order_id": "${so}", "product_id": "${prod}", "product_uom_qty": 2},
        save="sol",
    )
    s.read(
        "r-line",
        "sale.order.line",
        "sol",
        [
            "price_unit",
            "product_uom_qty",
            "price_subtotal",
            "discount",
            "price_total",
            "name",
            "product_uom_id",
        ],
    )
    s.write_read(
        "price_unit",
        "sale.order.line",
        "sol",
        "price_unit",
        [12.345, "7.5", "x", 1e12, -1, None],
        read_fields=["price_unit", "price_subtotal"],
    )
    s.write_read(
        "qty",
        "sale.order.line",
        "sol",
        "product_uom_qty",
        [3, "4", 0.333333, "q", False],
        read_fields=["product_uom_qty", "price_subtotal"],
    )
    s.write_read(
        "discount",
        "sale.order.line",
        "sol",
        "discount",
        [10, "12.5", 150, "d", False],
        read_fields=["discount", "price_subtotal"],
    )
    s.read(
        "r-order-amounts",
        "sale.order",
        "so",
        ["amount_untaxed", "amount_total", "currency_id", "state"],
    )
    s.create_read(
        "cvalid",
        "sale.order",
        {"partner_id": "${deco}"},
        "validity_date",
        ["2025-01-01", "bad", "2025-01-01 12:00:00"],
        marker="client_order_ref",
    )
    s.create("c-line-bad-order", "sale.order.line", {"order_id": 999999, "product_id": "${prod}"})
    s.create("c-order-missing-partner", "sale.order", {"client_order_ref": "${run}"})
    return s.dump(
        out / "f2_order_fields.json",
        cleanup=[
            {"model": "sale.order", "domain": [["client_order_ref", "like", "${run}"]]},
            {"model": "product.product", "domain": [["name", "like", "${run}"]]},
        ],
    )


def sale_f3_uom(out: Path) -> int:
    s = Scenario("uom.uom fields: relative factor, rounding, parent unit")
    s.add(
        "lookup-unit",
        "uom.uom",
        "search",
        {"domain": [["name", "=", "Units"]]},
        save={"unit": "$[0]"},
    )
    s.read(
        "r-unit",
        "uom.uom",
        "unit",
        ["name", "relative_factor", "factor", "rounding", "relative_uom_id", "active", "sequence"],
    )
    s.create(
        "c-uom",
        "uom.uom",
        {"name": "${run} Pack", "relative_factor": 6, "relative_uom_id": "${unit}"},
        save="u",
    )
    s.read(
        "r-uom",
        "uom.uom",
        "u",
        ["name", "relative_factor", "factor", "rounding", "relative_uom_id"],
    )
    s.write_read(
        "factor",
        "uom.uom",
        "u",
        "relative_factor",
        [12, "3", "x", 0, -1, None],
        read_fields=["relative_factor", "factor"],
    )
    s.write_read("uom-parent", "uom.uom", "u", "relative_uom_id", [999999, False, "${unit}"])
    s.create("c-uom-missing-name", "uom.uom", {"relative_factor": 2})
    return s.dump(
        out / "f3_uom_fields.json",
        cleanup=[{"model": "uom.uom", "domain": [["name", "like", "${run}"]]}],
    )


def main() -> None:
    base = SCENARIOS / "base"
    sale = SCENARIOS / "sale"
    base.mkdir(parents=True, exist_ok=True)
    sale.mkdir(parents=True, exist_ok=True)
    total = 0
    for gen in (
        f1_char_text,
        f2_html,
        f3_numbers,
        f4_bool_selection,
        f5_many2one,
        f6_x2many,
        f7_binary,
        f8_readonly_unknown_required,
        f9_models,
    ):
        total += gen(base)
    for gen in (sale_f1_product, sale_f2_order, sale_f3_uom):
        total += gen(sale)
    print(f"{total} steps")


if __name__ == "__main__":
    main()
