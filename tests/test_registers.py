"""The register pages (the handbook domain's indices) as a reader sees them (issue 30): names in the
text font like every other list, no script line that throws, and a template edit reaches them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from conftest import copy_projects

PROJECTS = ["bjorbo-pakethantering", "coompanion-leaxw", "pipos-serviceanalys", "uppsala-servicepunkter"]
REGISTERS = ("handbook-region", "handbook-method", "handbook-funder", "handbook-year")


def test_names_are_text_and_nothing_asks_for_collapsing(handbook, tmp_path: Path) -> None:
    built = handbook(copy_projects(tmp_path / "projects", PROJECTS), html_theme="furo")
    for name in REGISTERS:
        html = built.html(name)
        table = html[html.index('<table class="domainindex-table') : html.index("</table>")]
        assert "<code" not in table, f"{name}: a name in <code>"
        assert "COLLAPSE_INDEX" not in html and "DOCUMENTATION_OPTIONS" not in html, name
        assert "&#160;&#160;&#160;" not in table, f"{name}: indented with no-break spaces"
    region = built.html("handbook-region")
    assert re.search(
        r'<a href="projekt/bjorbo-pakethantering\.html#?">\s*Björbo - Leverantörsneutral pakethantering</a>', region
    )
    assert re.search(r'<a href="lan/dalarna\.html#?">\s*Dalarna</a>', region)


def test_a_template_edit_rewrites_the_registers(handbook, tmp_path: Path) -> None:
    """A build that reads no document still writes the registers again when a template changed."""
    templates = tmp_path / "templates"
    templates.mkdir()
    override = templates / "domainindex.html"
    page = '{%% extends "!domainindex.html" %%}{%% block content %%}<p>%s</p>{{ super() }}{%% endblock %%}'
    override.write_text(page % "Version ett", encoding="utf-8")
    folder = copy_projects(tmp_path / "projects", PROJECTS)
    handbook(folder, templates_path=[str(templates)])
    assert "Version ett" in handbook(templates_path=[str(templates)]).html("handbook-region")
    override.write_text(page % "Version två", encoding="utf-8")
    again = handbook(templates_path=[str(templates)])
    assert "Version två" in again.html("handbook-region")


def test_register_names_use_the_text_font(page: Any, server: str) -> None:
    page.goto(server + "handbook-region.html", wait_until="load")
    title = page.locator("table.domainindex-table").get_by_text(
        "Björbo - Leverantörsneutral pakethantering", exact=True
    )
    name = page.locator("table.domainindex-table").get_by_text("Dalarna", exact=True)
    body = page.evaluate("getComputedStyle(document.querySelector('article h1')).fontFamily")
    for text in (title, name):
        assert text.evaluate("e => [e.tagName, getComputedStyle(e).fontFamily]") == ["A", body]
    assert page.errors == []
