"""The html sanitizer: what Odoo 19 stores for each input (recorded from its
default sanitizer, see the conformance scenario base/f2_html)."""

from __future__ import annotations

import pytest

from jsontwo.orm import Environment, Registry
from jsontwo.orm.html import SANITIZE_FAILED, sanitize
from tests.orm.conftest import run

CASES = [
    ("<p>plain</p>", "<p>plain</p>"),
    ("plain text", "<p>plain text</p>"),
    ("5 < 6 & 7 > 3", "<p>5 &lt; 6 &amp; 7 &gt; 3</p>"),
    ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
    ("<script>alert(1)</script>", ""),
    ('<p onclick="alert(1)" class="c" id="x">click</p>', '<p class="c" id="x">click</p>'),
    ('<img src="x.png" onerror="alert(1)">', '<img src="x.png">'),
    ('<a href="javascript:alert(1)">js</a>', '<a href="">js</a>'),
    ('<a href="https://example.org" target="_blank">ok</a>',
     '<a href="https://example.org" target="_blank">ok</a>'),
    ('<div style="background-image: url(javascript:x)">bg</div>',
     '<div style="background-image: url()">bg</div>'),
    ('<p style="color: red">styled</p>', '<p style="color: red">styled</p>'),
    ('<iframe src="https://example.org"></iframe>', "<div></div>"),
    ('<form action="/x"><input name="a"></form>', "<div></div>"),
    ("<style>p{color:red}</style><p>after</p>", "<p>after</p>"),
    ("<p>unclosed <b>bold", "<p>unclosed <b>bold</b></p>"),
    ("<b>bold</b> <i>it</i>", "<span><b>bold</b> <i>it</i></span>"),
    ("<p>a</p>\n<p>b</p>", "<p>a</p>\n<p>b</p>"),
    ("<blockquote>q</blockquote>",
     '<blockquote data-o-mail-quote-node="1" data-o-mail-quote="1">q</blockquote>'),
    ("<p>&amp; &lt; &nbsp; &eacute; &#169;</p>", "<p>&amp; &lt; &nbsp; é ©</p>"),
    ("<!-- comment --><p>after</p>", "<p>after</p>"),
    ("<p>a<!-- kept -->b</p>", "<p>a<!-- kept -->b</p>"),
    ('<object data="x"></object><embed src="y">', "<span></span>"),
    ("<p>line<br>break<br/>two</p>", "<p>line<br>break<br>two</p>"),
    ('<span data-oe-model="x" data-foo="bar" title="t">d</span>',
     '<span data-oe-model="x" title="t">d</span>'),
    ('<meta http-equiv="refresh" content="0"><p>meta</p>', "<p>meta</p>"),
    ('<svg><circle r="1"/></svg>', "<svg></svg>"),
    ("<html><head><title>T</title></head><body><p>body</p></body></html>", "<p>body</p>"),
    ("<P>UPPER</P>", "<p>UPPER</p>"),
    ("<ul><li></li></ul>", "<ul><li></ul>"),
    ("<table><tr><td>cell</td></tr></table>", "<table><tr><td>cell</td></tr></table>"),
    ("   ", ""),
    ("", ""),
    ("-- \nsig", '<p><span data-o-mail-quote="1">-- \nsig</span></p>'),
    ('<a href="https://e.org/a b">sp</a>', '<a href="https://e.org/a%20b">sp</a>'),
    ('<p title="a &amp; b">t</p>', '<p title="a &amp; b">t</p>'),
]  # fmt: skip


@pytest.mark.parametrize(("source", "stored"), CASES)
def test_sanitize_stores_what_odoo_stores(source: str, stored: str) -> None:
    assert sanitize(source) == stored


def test_html_field_sanitizes_on_write_and_marks_other_values(models_registry: Registry) -> None:
    def work(env: Environment) -> tuple[str, str]:
        thing = env["x.thing"].create({"name": "html", "body": "<p>a<script>x</script></p>"})
        created = thing.read(["body"])[0]["body"]
        thing.write({"body": 42})
        env.invalidate()
        return created, thing.read(["body"])[0]["body"]

    assert run(models_registry, work) == ("<p>a</p>", SANITIZE_FAILED)
