"""Sanitizing html fields the way Odoo 19 does by default.

Odoo parses the value as tag soup (libxml2's HTML parser), cleans the tree
(scripts, frames, forms, page structure and unsafe attributes go; links to
``javascript:`` are emptied) and writes it back as HTML. This module does the
same with the standard library's tokenizer and a small tree of its own:

1. :class:`_TreeBuilder` builds the document the way libxml2 repairs tag soup:
   an implied ``<p>`` around text that starts the document, a ``<head>`` for
   scripts and styles that come first, open elements closed by the tags that
   close them (a ``<div>`` closes a ``<p>``), whitespace dropped where libxml2
   drops it;
2. :func:`_fragment` picks what is kept, as Odoo does: a single element, or
   the body renamed ``div`` (block content) or ``span`` (inline content);
3. :func:`_clean` removes and unwraps elements and attributes (Odoo's lists);
4. :func:`_serialize` writes HTML as libxml2 does; a ``div`` wrapper added in
   step 2 is taken off again and non-breaking spaces are written ``&nbsp;``.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from urllib.parse import quote, unquote_plus


def words(*texts: str) -> frozenset[str]:
    """The words of ``texts``, as a set (the lists below are written as text)."""
    return frozenset(" ".join(texts).split())


#: what Odoo stores when its sanitizer fails (a value that is not text)
SANITIZE_FAILED = "<p>Unknown error when sanitizing</p>"

VOID = words("area base basefont br col frame hr img input isindex link meta param")
HEAD_TAGS = words("script style meta link title base")
_FONTSTYLE = "tt i b u s strike big small"
_HEADINGS = "h1 h2 h3 h4 h5 h6"
#: new tag -> the open tags it closes (libxml2's table, the common part)
_CLOSES_SPEC = {
    "form": f"form p hr {_HEADINGS} dl ul ol menu dir address pre listing xmp head",
    "head": "p",
    "title": "p",
    "body": "head style script title",
    "li": f"p {_HEADINGS} dl address pre listing xmp head li",
    "hr": "p head",
    **{h: f"p head {_HEADINGS}" for h in _HEADINGS.split()},
    "dir": "p head",
    "address": "p head ul",
    "pre": "p head ul",
    "listing": "p head",
    "xmp": "p head",
    "blockquote": "p head",
    "dl": "p dt menu dir address pre listing xmp head dd",
    "dt": "p menu dir address pre listing xmp head dd",
    "dd": "p menu dir address pre listing xmp head dt",
    "ul": "p head ol menu dir address pre listing xmp",
    "ol": "p head ul",
    "menu": "p head ul",
    "p": f"p head {_HEADINGS} {_FONTSTYLE}",
    "div": "p head",
    "noscript": "script",
    "center": "font b i p head",
    "a": "a head",
    "caption": "p",
    "colgroup": "caption colgroup col p",
    "col": "caption col p",
    "table": f"p head {_HEADINGS} pre listing xmp a",
    "th": "th td p span font a b i u",
    "td": "th td p span font a b i u",
    "tr": "th td tr caption col colgroup p",
    "thead": "caption col colgroup",
    "tfoot": "th td tr caption col colgroup thead tbody p",
    "tbody": "th td tr caption col colgroup thead tfoot tbody p",
    "optgroup": "option",
    "option": "option",
    "fieldset": f"legend p head {_HEADINGS} pre listing xmp a",
}
CLOSES = {tag: words(spec) for tag, spec in _CLOSES_SPEC.items()}
#: how hard an end tag is to close implicitly (libxml2: an end tag never closes
#: an element of higher priority on its way)
END_PRIORITY = {
    "div": 150,
    "td": 160,
    "th": 160,
    "tr": 170,
    "thead": 180,
    "tbody": 180,
    "tfoot": 180,
    "table": 190,
    "head": 200,
    "body": 200,
    "html": 220,
}
BOOLEAN_ATTRS = words(
    "checked compact declare defer disabled ismap multiple nohref noresize noshade nowrap "
    "readonly selected"
)

# --- what the cleaner keeps (lxml's lists as Odoo extends them) ---------------
#: a body with one of these becomes a <div>, else a <span>
BLOCK = words(
    "address blockquote caption center col colgroup dd del dir div dl dt fieldset form h1 h2 "
    "h3 h4 h5 h6 hr ins isindex legend li menu noscript ol optgroup option p pre table tbody "
    "td tfoot th thead tr ul"
)
ALLOWED_TAGS = words(
    "a abbr acronym address applet area article aside audio b base basefont bdo big blink "
    "blockquote body br button canvas caption center cite code col colgroup command "
    "datalist dd del details dfn dir div dl dt em embed fieldset figcaption figure font "
    "footer form frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input "
    "ins isindex kbd keygen label legend li link map mark marquee math menu meta meter nav "
    "noscript object ol optgroup option output p param pre progress q rp rt ruby s samp "
    "script section select small source span strike strong style sub summary sup svg "
    "table tbody td textarea tfoot th thead time title tr track tt u ul var video wbr "
    "bdi main"
)
KILL = words(
    "base embed frame head iframe link meta noscript object script style title "
    "button input select textarea applet frameset"
)
REMOVE = words("html body form blink marquee layer param")
_LXML_SAFE_ATTRS = (
    "abbr accept accept-charset accesskey action align alt axis border cellpadding "
    "cellspacing char charoff charset checked cite class clear cols colspan color compact "
    "coords datetime dir disabled enctype for frame headers height href hreflang hspace id "
    "ismap label lang longdesc maxlength media method multiple name nohref noshade nowrap "
    "prompt readonly rel rev rows rowspan rules scope selected shape size span src start "
    "summary tabindex target title type usemap valign value vspace width"
)
_ODOO_SAFE_ATTRS = (
    "style data-o-mail-quote data-o-mail-quote-node data-oe-model data-oe-id data-oe-field "
    "data-oe-type data-oe-expression data-oe-translation-source-sha data-oe-nodeid "
    "data-last-history-steps data-oe-protected data-embedded data-embedded-editable "
    "data-embedded-props data-oe-version data-oe-transient-content data-behavior-props "
    "data-prop-name data-width data-height data-scale-x data-scale-y data-x data-y "
    "data-oe-role data-oe-aria-label data-publish data-id data-res_id data-interval "
    "data-member_id data-scroll-background-ratio data-view-id data-class data-mimetype "
    "data-original-src data-original-id data-gl-filter data-quality data-resize-width "
    "data-shape data-shape-colors data-file-name data-original-mimetype data-attachment-id "
    "data-format-mimetype data-ai-field data-ai-record-id data-heading-link-id "
    "data-mimetype-before-conversion data-language-id data-bs-toggle"
)
SAFE_ATTRS = words(_LXML_SAFE_ATTRS, _ODOO_SAFE_ATTRS)
#: attributes holding a link, emptied when the link runs script
LINK_ATTRS = words(
    "action archive background cite classid codebase data dynsrc formaction href longdesc "
    "lowsrc profile src usemap"
)
_SCRIPT_SCHEME = re.compile(r"(?:javascript|jscript|livescript|vbscript|data|about|mocha):", re.I)
_IMAGE_DATA_URL = re.compile(r"^data:image/.+;base64", re.I)
_CSS_URL = re.compile(r"url\(\s*(\"[^\"]*\"|'[^']*'|[^)]*?)\s*\)", re.I)
_CSS_EXPRESSION = re.compile(r"expression\s*\(.*?\)", re.I | re.S)
_CSS_IMPORT = re.compile(r"@\s*import", re.I)
BLANKS = " \t\n\r"
_FULL_HTML = re.compile(r"^\s*<(?:html|!doctype)", re.I)


class Element:
    """An element of the tree: tag, attributes in order, children (elements,
    texts as str, comments as :class:`Comment`)."""

    __slots__ = ("attrs", "children", "parent", "tag")

    def __init__(self, tag: str, attrs: list[tuple[str, str | None]] | None = None) -> None:
        self.tag = tag
        self.attrs: dict[str, str | None] = {}
        for name, value in attrs or []:
            self.attrs.setdefault(name, value)  # the first of repeated attributes
        self.children: list[Node] = []
        self.parent: Element | None = None

    def append(self, node: Node) -> None:
        if isinstance(node, str) and self.children and isinstance(self.children[-1], str):
            self.children[-1] += node
            return
        if isinstance(node, Element):
            node.parent = self
        self.children.append(node)

    def elements(self) -> list[Element]:
        """This element and its descendants, in document order."""
        out = [self]
        for child in self.children:
            if isinstance(child, Element):
                out.extend(child.elements())
        return out

    def text_content(self) -> str:
        return "".join(
            c if isinstance(c, str) else c.text_content()
            for c in self.children
            if not isinstance(c, Comment)
        )


class Comment:
    """An HTML comment, kept as it is."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


Node = Element | Comment | str


class _TreeBuilder(HTMLParser):
    """A document from tag soup, repaired the way libxml2's HTML parser does."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html = Element("html")
        self.head: Element | None = None
        self.body: Element | None = None
        self.stack: list[Element] = []  # open elements below <html>
        self.started = False  # <html> exists (an element or text was seen)
        self.full = False

    # -- where things go ----------------------------------------------------
    @property
    def current(self) -> Element | None:
        if self.stack:
            return self.stack[-1]
        return self.html if self.started else None

    def _close_current(self) -> None:
        self.stack.pop()

    def _auto_close(self, tag: str) -> None:
        closes = CLOSES.get(tag)
        while closes and self.stack and self.stack[-1].tag in closes:
            self._close_current()

    def _implied(self, tag: str) -> None:
        """Open the <head> or <body> a new element implies."""
        self.started = True
        if tag in ("html", "head", "body"):
            return
        if not self.stack and tag in HEAD_TAGS:
            if self.head is None and self.body is None:
                self.head = Element("head")
                self.html.append(self.head)
                self.stack.append(self.head)
            return
        if any(e.tag in ("head", "body") for e in self.stack):
            return
        if self.body is None:
            self.body = Element("body")
            self.html.append(self.body)
        self.stack.append(self.body)

    def _paragraph(self) -> None:
        """Text where none may be (nothing open, or <head>) opens a <p>."""
        current = self.current
        if current is None or current.tag in ("html", "head"):
            self._auto_close("p")
            self._implied("p")
            self._open("p", [])

    def _open(self, tag: str, attrs: list[tuple[str, str | None]]) -> Element:
        element = Element(tag, attrs)
        parent = self.current
        assert parent is not None
        parent.append(element)
        if tag not in VOID:
            self.stack.append(element)
        return element

    # -- parser events ------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.started = True
            for name, value in attrs:
                self.html.attrs.setdefault(name, value)
            return
        if tag == "head":
            if self.head is None and self.body is None and not self.stack:
                self.started = True
                self.head = Element("head", attrs)
                self.html.append(self.head)
                self.stack.append(self.head)
            return
        if tag == "body":
            while self.stack and self.stack[-1].tag == "head":
                self._close_current()
            if self.body is None:
                self.started = True
                self.body = Element("body", attrs)
                self.html.append(self.body)
                self.stack.append(self.body)
            return
        self._auto_close(tag)
        self._implied(tag)
        self._open(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1].tag == tag:
            self._close_current()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("html", "body"):
            return
        positions = [i for i, e in enumerate(self.stack) if e.tag == tag]
        if not positions:
            return
        position = positions[-1]
        priority = END_PRIORITY.get(tag, 100)
        if any(END_PRIORITY.get(e.tag, 100) > priority for e in self.stack[position + 1 :]):
            return
        del self.stack[position:]

    def handle_data(self, data: str) -> None:
        if not data:
            return
        if data.strip(BLANKS):
            self._paragraph()
        current = self.current
        # whitespace stays where it is, except outside any element
        if current is not None and current.tag not in ("html", "head"):
            current.append(data)

    def handle_comment(self, data: str) -> None:
        current = self.current
        if current is not None:  # before <html>, a comment is outside what is kept
            current.append(Comment(data))

    def handle_decl(self, decl: str) -> None:
        if decl.lower().startswith("doctype"):
            self.full = True


#: the longest text whose sanitized form is remembered: a batch of records
#: often holds the same short html (a thousand "Contact created" notes)
SANITIZED_MEMO_MAX = 4096


def sanitize(source: str) -> str:
    """``source`` as Odoo stores it in an html field (its default sanitizer)."""
    if type(source) is str and len(source) <= SANITIZED_MEMO_MAX:
        return _sanitize_short(source)
    return _sanitize(source)


def _sanitize(source: str) -> str:
    """See :func:`sanitize`."""
    if not source:
        return source
    # what Odoo's normalizer fixes before parsing
    source = source.replace("--!>", "-->")
    source = re.sub(r"(<!-->|<!--->)", "<!-- -->", source)
    source = re.sub(r"</?o:.*?>", "", source)
    builder = _TreeBuilder()
    builder.feed(source.lstrip(BLANKS))  # libxml2 skips the blanks a document starts with
    builder.close()
    if not builder.started:
        return ""  # whitespace or a comment only: libxml2's "Document is empty"
    root, single, tail = _fragment(builder, bool(_FULL_HTML.match(source)) or builder.full)
    for element in root.elements():
        _tag_quote(element)
    root = _clean(root)
    out = _serialize(root) + _serialize(tail)
    if not single and out.startswith("<div>") and out.endswith("</div>"):
        out = out[5:-6]
    return out.replace("\xa0", "&nbsp;")


#: :func:`_sanitize` of short texts, remembered (a pure function of the text)
_sanitize_short = functools.lru_cache(maxsize=512)(_sanitize)


def _fragment(builder: _TreeBuilder, full: bool) -> tuple[Element, bool, str]:
    """What is kept of the document, whether it is a single element given, and
    the whitespace that follows that element (written after it, as lxml does)."""
    html, body = builder.html, builder.body
    if full or builder.head is not None or body is None:
        return html, False, ""
    html.children.remove(body)
    body.parent = None
    nodes = body.children
    kids = [c for c in nodes if not isinstance(c, str)]
    if (
        len(kids) == 1
        and isinstance(kids[0], Element)
        and all(not c.strip() for c in nodes if isinstance(c, str))
    ):
        kids[0].parent = None
        tail = nodes[-1] if isinstance(nodes[-1], str) else ""
        return kids[0], True, tail
    block = any(e.tag in BLOCK for e in body.elements()[1:])
    body.tag = "div" if block else "span"
    body.attrs = {}
    return body, False, ""


_TEXT_QUOTE = re.compile(r"((?:\n[>]+[^\n\r]*)+|(?:(?:^|\n)[-]{2}[\s]?[\r\n]{1,2}[\s\S]+))")
_SIGNATURE_START = re.compile(r"((?:(?:^|\n)[-]{2}[\s]?$))")


def _tag_quote(element: Element) -> None:
    """Odoo's mail-quote marks: blockquotes, signatures (``--`` lines), text
    quoted with ``>``, and what a quoted parent holds."""
    attrs, parent = element.attrs, element.parent
    text = element.children[0] if element.children and isinstance(element.children[0], str) else ""
    if (
        text
        and any(isinstance(c, Element) and c.tag == "br" for c in element.children)
        and _SIGNATURE_START.search(text)
    ):
        attrs["data-o-mail-quote"] = "1"
        if parent is not None:
            parent.attrs["data-o-mail-quote-container"] = "1"
    if not attrs.get("data-o-mail-quote") and text and _TEXT_QUOTE.search(text):
        _wrap_quotes(element, text)
    if element.tag == "blockquote":
        attrs["data-o-mail-quote-node"] = "1"
        attrs["data-o-mail-quote"] = "1"
    if parent is not None and not parent.attrs.get("data-o-mail-quote-node"):
        if parent.attrs.get("data-o-mail-quote"):
            attrs["data-o-mail-quote"] = "1"
        elif parent.attrs.get("data-o-mail-quote-container"):
            siblings = [c for c in parent.children if isinstance(c, Element)]
            first = next((c for c in siblings if c.attrs.get("data-o-mail-quote")), None)
            if first is not None and siblings.index(first) < siblings.index(element):
                attrs["data-o-mail-quote"] = "1"
    if parent is not None and not element.text_content().strip():
        # an empty element right after a quoted one belongs to the quote
        index = next(i for i, c in enumerate(parent.children) if c is element)
        previous = next(
            (c for c in reversed(parent.children[:index]) if isinstance(c, Element)), None
        )
        if previous is not None and previous.attrs.get("data-o-mail-quote"):
            attrs["data-o-mail-quote"] = "1"


def _wrap_quotes(element: Element, text: str) -> None:
    """Put each quote found in the element's leading text in a marked span."""
    nodes: list[Node] = []
    position = 0
    for match in _TEXT_QUOTE.finditer(text):
        if match.start() > position:
            nodes.append(text[position : match.start()])
        span = Element("span", [("data-o-mail-quote", "1")])
        span.append(match.group(0))
        span.parent = element
        nodes.append(span)
        position = match.end()
    if position < len(text):
        nodes.append(text[position:])
    element.children[0:1] = nodes


def _clean(root: Element) -> Element:
    """Odoo's cleaner: unsafe attributes, script links, killed and unwrapped tags."""
    for element in root.elements():
        attrs = element.attrs
        for name in [n for n in attrs if n not in SAFE_ATTRS or n.startswith("on")]:
            del attrs[name]
        for name in [n for n in attrs if n in LINK_ATTRS]:
            value = attrs[name]
            if value is not None and _runs_script(value.strip()):
                attrs[name] = ""
        style = attrs.get("style")
        if style:
            attrs["style"] = _clean_style(style)
            if _sneaky_style(attrs["style"] or ""):
                del attrs["style"]
    elements = root.elements()
    if root.tag in KILL:
        root.tag = "div" if root.tag != "html" else root.tag
        root.attrs, root.children = {}, []
    elif root.tag in REMOVE:
        root.tag, root.attrs = "div", {}
    for element in elements[1:]:
        if element.tag in KILL:
            _drop(element, keep_children=False)
    for element in root.elements()[1:]:
        if element.tag in REMOVE:
            _drop(element, keep_children=True)
    if root.tag not in ALLOWED_TAGS:
        root.tag, root.attrs = "div", {}
    for element in root.elements()[1:]:
        if element.tag not in ALLOWED_TAGS:
            _drop(element, keep_children=True)
    return root


def _runs_script(link: str) -> bool:
    """Whether a link (attribute or CSS url) uses a scheme that runs script."""
    cleaned = re.sub(r"[\s\x00-\x1f]+", "", unquote_plus(link))
    if _IMAGE_DATA_URL.match(cleaned):
        return False
    return bool(_SCRIPT_SCHEME.match(cleaned))


def _clean_style(style: str) -> str:
    def url(match: re.Match[str]) -> str:
        link = match.group(1).strip("'\" ")
        return "url()" if _runs_script(link) else match.group(0)

    style = _CSS_URL.sub(url, style)
    return _CSS_IMPORT.sub("", _CSS_EXPRESSION.sub("", style))


def _sneaky_style(style: str) -> bool:
    text = re.sub(r"/\*.*?\*/", "", style, flags=re.S).replace("\\", "")
    text = re.sub(r"\s+", "", text).lower()
    return (
        "javascript:" in text
        or "expression(" in text
        or "@import" in text
        or "</noscript" in text
        or bool(re.search(r"</?[a-z]", text))
    )


def _drop(element: Element, keep_children: bool) -> None:
    """Take ``element`` out of its parent, keeping its children there or not."""
    parent = element.parent
    if parent is None:
        return
    index = next((i for i, c in enumerate(parent.children) if c is element), None)
    if index is None:
        return
    replacement = element.children if keep_children else []
    for child in replacement:
        if isinstance(child, Element):
            child.parent = parent
    parent.children[index : index + 1] = replacement
    element.parent = None
    # merge the texts that are now neighbours
    merged: list[Node] = []
    for child in parent.children:
        if isinstance(child, str) and merged and isinstance(merged[-1], str):
            merged[-1] += child
        else:
            merged.append(child)
    parent.children = merged


def _serialize(node: Node) -> str:
    if isinstance(node, str):
        return node.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if isinstance(node, Comment):
        return f"<!--{node.text}-->"
    parts = [f"<{node.tag}"]
    for name, value in node.attrs.items():
        if value is None or name in BOOLEAN_ATTRS:
            parts.append(f" {name}")
        else:
            parts.append(f' {name}="{_attr_value(node, name, value)}"')
    parts.append(">")
    if not node.children and (node.tag in VOID or node.tag == "li"):
        return "".join(parts)  # libxml2 writes no end tag for these when empty
    if node.tag in ("script", "style"):
        parts.extend(c for c in node.children if isinstance(c, str))
    else:
        parts.extend(_serialize(child) for child in node.children)
    parts.append(f"</{node.tag}>")
    return "".join(parts)


def _attr_value(element: Element, name: str, value: str) -> str:
    if name in ("href", "action", "src") or (name == "name" and element.tag == "a"):
        value = quote(value.lstrip(" \t\n\r"), safe="@/:=?;#%&,+<>!$'()*-._~[]")
    return value.replace("&", "&amp;").replace('"', "&quot;")
