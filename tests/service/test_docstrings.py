"""Docstrings rendered as reStructuredText (docutils), as Odoo's documentation
renders them: what a reader of the documentation pages sees of a method."""

from __future__ import annotations

from jsontwo.service.docstrings import InfoField, render_docstring


def test_a_literal_block_is_preformatted_text() -> None:
    rendered = render_docstring(
        """The taxes, in Odoo's shape::

            {"total_included": 230.0, "taxes": [...]}

        Then prose again.
        """
    )
    assert rendered.html == (
        '<div class="document">\n\n\n'
        "<p>The taxes, in Odoo's shape:</p>\n"
        '<pre class="literal-block">\n'
        "{&quot;total_included&quot;: 230.0, &quot;taxes&quot;: [...]}\n"
        "</pre>\n"
        "<p>Then prose again.</p>\n</div>"
    )
    assert rendered.fields == ()


def test_lists_and_info_fields() -> None:
    rendered = render_docstring(
        """Archive records.

        * the active ones only
        * in one write

        :param list[int] ids: the records
        :rtype: bool
        :meta private: not an info field the documentation knows
        """
    )
    assert "<li>the active ones only</li>" in rendered.html
    assert ":param" not in rendered.html and "private" not in rendered.html
    assert rendered.fields == (
        InfoField("param", "list[int] ids", "<p>the records</p>", "the records"),
        InfoField("rtype", "", "<p>bool</p>", "bool"),
    )


def test_raw_html_and_file_inclusion_are_off() -> None:
    rendered = render_docstring(
        """Safe.

        .. raw:: html

            <script>alert(1)</script>

        .. include:: /etc/passwd
        """
    )
    assert "<script>" not in rendered.html
    assert "root:" not in rendered.html
    assert "<p>Safe.</p>" in rendered.html


def test_broken_markup_renders_without_warnings() -> None:
    rendered = render_docstring("An ``unclosed literal and a *star.")
    assert "unclosed literal" in rendered.html
    assert "System Message" not in rendered.html and "WARNING" not in rendered.html
