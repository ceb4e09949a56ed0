"""WCAG 2.1 AA in a real browser (axe-core), light and dark, and a sound heading outline."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from servicehandbok.sphinxext.core.names import GENERATED_FOLDERS

SEARCH_WITH_QUERY = "search.html?q=servicepunkt&lan=Norrbotten"
"""The search page as a reader leaves it: results and facets shown."""
COMPARE_WITH_PROJECTS = "jamfor.html?p=pipos-serviceanalys,lund-paketautomater,stocke-motesplats"
"""The compare page as a reader leaves it: the table drawn (the page alone shows no projects)."""
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


DARK_RULES = ["color-contrast", "link-in-text-block"]
"""What the colour scheme can change: the rest of WCAG 2.1 A/AA does not depend on it, so in dark
mode only these run, on the page already loaded (half the page loads of two full passes)."""


@pytest.fixture(scope="module")
def scheme_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light", locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page: Any, rules: list[str] | None = None) -> list[str]:
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
    result = page.evaluate("runOnly => axe.run(document, {runOnly, resultTypes: ['violations']})", run_only)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:4]}"
        for v in result["violations"]
    ]


EVERY_PAGE = os.environ.get("SERVICEHANDBOK_EVERY_PAGE") == "1"
"""Check every page (the nightly job), not one sample of each generated folder (every CI run)."""


def every_page(site: Path) -> list[str]:
    """Every HTML page of the built site, the search page with results and the compare page with projects."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "_static" not in p.parts)
    return [*pages, SEARCH_WITH_QUERY, COMPARE_WITH_PROJECTS]


def pages_to_check(site: Path) -> list[str]:
    """Every page (:data:`EVERY_PAGE`), or every page outside the generated folders and, in each
    generated folder, its overview, its first page and its largest: the pages of one folder come
    from one template and one stylesheet, so these cover what differs, in a quarter of the time
    of all 200; the nightly job checks every page."""
    pages = every_page(site)
    if EVERY_PAGE:
        return pages
    chosen = [path for path in pages if path.split("/", 1)[0] not in GENERATED_FOLDERS or "/" not in path]
    for folder in GENERATED_FOLDERS:
        members = sorted(p for p in pages if p.startswith(f"{folder}/") and p != f"{folder}/index.html")
        largest = max(members, key=lambda p: (site / p).stat().st_size)
        chosen += sorted({f"{folder}/index.html", members[0], largest} & set(pages))
    return sorted(set(chosen), key=pages.index)


SHARDS = 2
"""The pages are checked in this many tests, so parallel workers (pytest -n) can share them."""


def test_the_sample_covers_every_folder_and_every_hand_written_page(site: Path) -> None:
    pages, chosen = every_page(site), pages_to_check(site)
    assert {p for p in pages if p.split("/", 1)[0] not in GENERATED_FOLDERS} <= set(chosen)
    for folder in GENERATED_FOLDERS:
        assert len([p for p in chosen if p.startswith(f"{folder}/")]) >= (2 if not EVERY_PAGE else 1), folder
    assert SEARCH_WITH_QUERY in chosen and COMPARE_WITH_PROJECTS in chosen


@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_wcag_violations_on_any_page_light_or_dark(scheme_page: Any, server: str, site: Path, shard: int) -> None:
    found = {}
    pages = pages_to_check(site)
    assert len(pages) > (100 if EVERY_PAGE else 40)
    for path in pages[shard::SHARDS]:
        scheme_page.emulate_media(color_scheme="light")
        scheme_page.goto(server + path, wait_until="load")
        if path.startswith("search"):
            scheme_page.wait_for_function(
                "['sh-results', 'sh-facets'].every(id => document.getElementById(id)?.getAttribute('aria-busy') === 'false')"
            )
        if path.startswith("jamfor"):
            scheme_page.wait_for_function(
                "document.getElementById('sh-compare-result')?.getAttribute('aria-busy') === 'false'"
            )
        violations = axe_violations(scheme_page)
        scheme_page.emulate_media(color_scheme="dark")
        assert scheme_page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        violations += [f"dark: {v}" for v in axe_violations(scheme_page, DARK_RULES)]
        if violations:
            found[path] = violations
    assert found == {}


def headings(html: str) -> list[int]:
    main = html[html.find("<article") :] if "<article" in html else html
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", main)]


def test_generated_pages_have_one_h1_and_no_skipped_levels(site) -> None:
    checked = 0
    for folder in GENERATED_FOLDERS:
        for page in sorted((site / folder).glob("*.html")):
            levels = headings(page.read_text(encoding="utf-8"))
            assert levels.count(1) == 1, (page, levels)
            assert levels[0] == 1, (page, levels)
            assert all(b - a <= 1 for a, b in pairwise(levels)), (page, levels)
            checked += 1
    assert checked > 100
