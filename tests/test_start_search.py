"""The start page's own search box (issue 30): on a phone the theme's box is behind the menu, so the
start page has a labelled box under its title that sends the words to the search page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import copy_projects

PROJECTS = ["bjorbo-pakethantering", "uppsala-servicepunkter"]
PHONE = {"width": 390, "height": 844}
FORM = re.compile(r'<form class="sh-search-form sh-start-search" method="get" action="([^"]*)" role="search"')


@pytest.mark.parametrize(("builder", "action"), [("html", "search.html"), ("dirhtml", "search/")])
def test_only_the_start_page_has_the_box_and_it_sends_to_the_search_page(
    handbook, tmp_path: Path, builder: str, action: str
) -> None:
    built = handbook(copy_projects(tmp_path / "projects", PROJECTS), html_theme="furo", buildername=builder)
    start = (built.outdir / "index.html").read_text(encoding="utf-8")
    found = FORM.findall(start)
    assert found == [action]
    box = start[
        start.index('<form class="sh-search-form sh-start-search"') : start.index("</form>", start.index("sh-start"))
    ]
    assert '<label for="sh-start-q">Sökord</label>' in box and 'id="sh-start-q" name="q"' in box
    assert start.index("</h1>") < start.index("sh-start-search"), "under the page title"
    assert (built.outdir / action.replace("search/", "search/index.html")).is_file()
    others = [p for p in built.outdir.rglob("*.html") if p != built.outdir / "index.html"]
    assert others and not any("sh-start-search" in p.read_text(encoding="utf-8") for p in others)


def test_the_book_has_no_search_box(handbook, tmp_path: Path) -> None:
    built = handbook(
        copy_projects(tmp_path / "projects", PROJECTS),
        html_theme="furo",
        buildername="epub",
        copyright="2026",
        version="1",
    )
    start = (built.outdir / "index.xhtml").read_text(encoding="utf-8")
    assert "<h1>" in start and "sh-start-search" not in start


def test_the_phone_sees_the_box_without_the_menu_and_finds_projects(browser: Any, server: str) -> None:
    context = browser.new_context(viewport=PHONE, locale="sv-SE", is_mobile=True, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(server + "index.html", wait_until="load")
        theme_box = page.locator(".sidebar-search").bounding_box()
        assert theme_box is not None and theme_box["x"] + theme_box["width"] <= 0, "the theme's box is behind the menu"
        box = page.get_by_role("searchbox", name="Sökord", exact=True)
        assert box.is_visible()
        where = box.bounding_box()
        assert where is not None and where["y"] >= 0 and where["y"] + where["height"] <= PHONE["height"]
        assert page.get_by_role("search", name="Sök bland projekten").is_visible()
        box.fill("servicepunkt")
        box.press("Enter")
        page.wait_for_url(re.compile(r"/search\.html\?q=servicepunkt$"))
        page.wait_for_function("document.getElementById('sh-results')?.getAttribute('aria-busy') === 'false'")
        assert page.locator("#sh-q").input_value() == "servicepunkt"
        assert page.locator("#sh-results li").count() > 0
        assert re.fullmatch(r"[1-9][0-9]* projekt", page.inner_text("#sh-count").strip())
    finally:
        context.close()
    assert errors == []
