"""Publishing: EPUB, sitemap, share metadata, provenance, 404 and print."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from html import unescape
from pathlib import Path
from xml.etree import ElementTree as ET

from sphinx.testing.util import SphinxTestApp

from conftest import PROJECTS, ROOTS, copy_projects
from servicehandbok.data.catalog import load_catalog
from servicehandbok.sphinxext.site.epub import HandbookEpubBuilder

BASE = "https://handbok.example.se/sv/"


def test_epub_contains_every_project_page(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-handbook", srcdir)
    copy_projects(srcdir / "projects")
    app = SphinxTestApp(
        "epub",
        srcdir=srcdir,
        builddir=tmp_path / "build",
        status=io.StringIO(),
        warning=io.StringIO(),
        confoverrides={"version": "1"},
    )
    try:
        app.build()
    finally:
        app.cleanup()
    assert isinstance(app.builder, HandbookEpubBuilder), "the handbook's epub builder, in place of Sphinx's"
    book = next(Path(app.outdir).glob("*.epub"))
    with zipfile.ZipFile(book) as archive:
        names = set(archive.namelist())
        expected = {f"projekt/{p.stem}.xhtml" for p in PROJECTS.glob("*.yaml")}
        assert expected <= names
        page = archive.read("projekt/bjorbo-pakethantering.xhtml").decode("utf-8")
    assert "Björbo - Leverantörsneutral pakethantering" in page
    assert "data-pagefind" not in page


def test_sitemap_lists_every_page(handbook, tmp_path: Path) -> None:
    built = handbook(copy_projects(tmp_path / "projects"), html_baseurl=BASE)
    tree = ET.parse(built.outdir / "sitemap.xml")
    locations = {element.text for element in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    for path in PROJECTS.glob("*.yaml"):
        assert f"{BASE}projekt/{path.stem}.html" in locations
    assert f"{BASE}lan/dalarna.html" in locations


def test_project_pages_have_share_metadata(handbook, tmp_path: Path) -> None:
    built = handbook(copy_projects(tmp_path / "projects"), html_baseurl=BASE)
    catalog = load_catalog(PROJECTS)
    for project in catalog.projects.values():
        html = built.html(project.docname)
        metas = {
            m.group(1): unescape(m.group(2))
            for m in re.finditer(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', html)
        }
        assert metas["og:title"] == project.title
        assert metas["og:url"] == f"{BASE}projekt/{project.id}.html"
        assert project.title in metas["description"] and "Metoder:" in metas["description"]
        assert f'<link rel="canonical" href="{BASE}projekt/{project.id}.html"' in html


def test_footer_shows_data_date(handbook, tmp_path: Path) -> None:
    built = handbook(copy_projects(tmp_path / "projects", ["uppsala-servicepunkter"]))
    html = built.html("index")
    assert re.search(r"Projektuppgifterna senast ändrade \d{4}-\d{2}-\d{2}</p>", html)
    assert "version" not in html.split('class="bottom-of-page')[1]  # no commit hash for readers


def test_print_hides_navigation_and_shows_link_targets(page, server: str) -> None:
    page.goto(f"{server}projekt/bjorbo-pakethantering.html")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.sidebar-drawer')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('.toc-drawer')).display") == "none"
    # How links print (e-mail as its address, no percent-encoded target): tests/test_print.py.
    assert page.evaluate("getComputedStyle(document.querySelector('.sh-facts')).breakInside") == "avoid"
    # the compare page is interactive: on paper its link only takes room
    assert page.evaluate("getComputedStyle(document.querySelector('.sh-compare-link')).display") == "none"
    # the handbook's own stylesheet is loaded, alone or joined with the theme's (sphinxext/site/assets.py)
    stylesheets = page.evaluate(
        "Promise.all([...document.styleSheets].filter(s => s.href)"
        ".map(s => fetch(s.href).then(r => r.text()).then(text => [s.href, text])))"
    )
    assert any(
        href.split("?")[0].endswith("/servicehandbok.css") or "/* servicehandbok.css */" in text
        for href, text in stylesheets
    )


def test_not_found_page_offers_search(site: Path) -> None:
    html = (site / "404.html").read_text(encoding="utf-8")
    assert "Sidan finns inte" in html and 'action="/search.html"' in html
