"""A public Swedish handbook, not a developer site (issue 30): publisher, Swedish theme, reader's menu."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REPO

# Furo's English, as furo==2025.12.19 writes it; templates/page.html translates each.
THEME_ENGLISH = (
    "Skip to content",
    "Toggle site navigation sidebar",
    "Toggle table of contents sidebar",
    "Toggle Light / Dark / Auto color theme",
    "Toggle navigation of",
    "<title>Contents</title>",
    "<title>Light mode</title>",
    "<title>Dark mode</title>",
    "<title>Auto light/dark",
    "pradyunsg",
    "Made with",
    "Back to top",
    "detta bord",  # Sphinx's Swedish for "this table" means a piece of furniture
)


def _conf_value(name: str) -> str:
    match = re.search(rf'^{name} = "([^"]+)"', (REPO / "docs" / "conf.py").read_text(encoding="utf-8"), re.M)
    assert match, name
    return match.group(1)


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_no_theme_english_on_any_page(pages: dict[str, str]) -> None:
    found = {(name, text) for name, html in pages.items() for text in THEME_ENGLISH if text in html}
    assert not found, sorted(found)[:10]


def test_every_page_names_its_publisher(pages: dict[str, str]) -> None:
    publisher = _conf_value("servicehandbok_publisher")
    contact = _conf_value("servicehandbok_publisher_contact")
    for name, html in pages.items():
        if name.startswith("_"):
            continue
        footer = html.split('class="bottom-of-page', 1)[-1]
        assert f'Utgivare:\n      <a href="{contact}">{publisher}</a>' in footer, name
        assert "Projektuppgifterna senast ändrade" in footer, name
        assert not re.search(r"version [0-9a-f]{7}", footer), name


def test_maintainer_pages_are_outside_the_readers_menu(site: Path, pages: dict[str, str]) -> None:
    menu = pages["index.html"].split('class="sidebar-tree"', 1)[1].split("</nav>", 1)[0]
    assert "forvaltning/" not in menu
    for name in ("prestanda", "publicering"):
        assert f"forvaltning/{name}.html" in pages
    # ...but a maintainer finds them from the about page.
    assert 'href="forvaltning/index.html"' in pages["om.html"]


def test_open_data_and_about_page_name_the_publisher(site: Path, pages: dict[str, str]) -> None:
    publisher = _conf_value("servicehandbok_publisher")
    data = json.loads((site / "projects.json").read_text(encoding="utf-8"))
    assert data["publisher"]["name"] == publisher
    assert data["publisher"]["contact"] == _conf_value("servicehandbok_publisher_contact")
    assert publisher in pages["om.html"].split('class="bottom-of-page')[0]
