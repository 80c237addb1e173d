"""The web module's preview reports of companies, on both backends: their
ir.actions.report records as Odoo 19 ships them, and their printed sample page
(its text, and the page drawn as a PNG as a person would see it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from PIL import Image

from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from tests.pdfs import page_png, page_texts

INTERNAL = "web.preview_internalreport"
EXTERNAL = "web.preview_externalreport"


def print_pdf(registry: Registry, report_name: str) -> tuple[bytes, str]:
    """The PDF of ``report_name`` for every company, as the admin, and its file name."""

    def work(env: Environment) -> tuple[bytes, str]:
        admin = env(uid=2, su=False)
        companies = admin["res.company"].search([])
        report = admin["ir.actions.report"].sudo()._get_report_from_name(report_name)
        content, _ = admin["ir.actions.report"]._render_qweb_pdf(report_name, companies.ids)
        return content, report._file_name(companies)

    return with_superuser(registry, work)


def darkest(picture: Image.Image, box: tuple[int, int, int, int]) -> int:
    """The darkest grey (0 black, 255 white) within ``box`` of a greyscale picture."""
    low, _high = cast(tuple[int, int], picture.crop(box).getextrema())
    return low


def test_the_preview_reports_are_odoos(registry: Registry) -> None:
    def work(env: Environment) -> list[dict[str, Any]]:
        fields = ["name", "report_name", "report_file", "report_type", "model"]
        fields += ["binding_type", "print_report_name", "paperformat_id", "multi"]
        rows = env["ir.actions.report"].search_read(
            [("report_name", "in", [INTERNAL, EXTERNAL])], [*fields, "binding_model_id"]
        )
        for row in rows:
            assert row.pop("binding_model_id")[1] == "Companies"
            action = env.ref(f"web.action_report_{row['report_name'][12:-6]}preview")
            assert action is not None and action.id == row["id"]
            del row["id"]
        return sorted(rows, key=lambda row: row["name"])

    common: dict[str, Any] = {
        "report_type": "qweb-pdf",
        "model": "res.company",
        "binding_type": "report",
    }
    common |= {"print_report_name": False, "paperformat_id": False, "multi": False}
    assert with_superuser(registry, work) == [
        {"name": "Preview External Report", "report_name": EXTERNAL, "report_file": EXTERNAL}
        | common,
        {"name": "Preview Internal Report", "report_name": INTERNAL, "report_file": INTERNAL}
        | common,
    ]


def test_the_internal_preview_is_one_sample_page(registry: Registry, tmp_path: Path) -> None:
    content, file_name = print_pdf(registry, INTERNAL)
    assert file_name == "Preview Internal Report.pdf"
    (page,) = page_texts(content)  # one page, however many companies
    assert "This is a sample of an internal report." in page
    assert "YourCompany" in page and "1 / 1" in page
    assert len(page.split("\n")[0].split()[0]) == len("2026-12-07")  # the time of printing
    picture = Image.open(page_png(content, tmp_path / "internal.png")).convert("L")
    # ink in the header line and the sample sentence, blank paper at the bottom
    width, height = picture.size
    assert darkest(picture, (0, 0, width, height // 6)) < 128
    assert darkest(picture, (0, height // 2, width, height)) == 255


def test_the_external_preview_is_on_the_letterhead(registry: Registry, tmp_path: Path) -> None:
    content, file_name = print_pdf(registry, EXTERNAL)
    assert file_name == "Preview External Report.pdf"
    (page,) = page_texts(content)
    assert "This is a sample of an external report." in page
    assert "YourCompany" in page and "Page 1 / 1" in page
    picture = Image.open(page_png(content, tmp_path / "external.png")).convert("L")
    width, height = picture.size
    assert darkest(picture, (0, 0, width, height // 8)) < 128  # the letterhead
    assert darkest(picture, (0, height * 7 // 8, width, height)) < 200  # the footer
