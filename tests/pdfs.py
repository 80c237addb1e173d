"""Reading printed PDFs as a person would: their text, page by page, and a page
as a PNG image to look at (pypdfium2, Chrome's PDF engine, from the test extra).

The tests check the text and the page count; :func:`page_png` is for people:
``scripts/report-sample.py`` makes the picture in docs/reports.md with it, and
a failing test can be looked into by writing one.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2

#: a PDF file's first bytes
PDF_MAGIC = b"%PDF-"


def page_texts(content: bytes) -> list[str]:
    """The text of each page of the PDF ``content`` (its lines as drawn)."""
    assert content.startswith(PDF_MAGIC), content[:40]
    document = pypdfium2.PdfDocument(content)
    try:
        return [page.get_textpage().get_text_range().replace("\r\n", "\n") for page in document]
    finally:
        document.close()


def page_png(content: bytes, path: Path, page: int = 0, scale: float = 1.5) -> Path:
    """Draw page ``page`` of the PDF ``content`` into the PNG file ``path``
    (``scale`` 1 is 72 pixels an inch)."""
    document = pypdfium2.PdfDocument(content)
    try:
        document[page].render(scale=scale).to_pil().save(path, format="PNG", optimize=True)
    finally:
        document.close()
    return path


__all__ = ["PDF_MAGIC", "page_png", "page_texts"]
