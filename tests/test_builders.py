"""Each supported builder writes the whole handbook, and every internal link of its output works."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from linkcheck import broken_links

from conftest import PROJECTS, build_handbook


def project_ids() -> list[str]:
    return sorted(path.stem for path in PROJECTS.glob("*.yaml"))


def test_html_links_all_resolve(site: Path) -> None:
    assert broken_links(site) == []


def test_dirhtml_writes_every_page_and_its_links_resolve(dirhtml_site: Path) -> None:
    for project_id in project_ids():
        assert (dirhtml_site / "projekt" / project_id / "index.html").is_file(), project_id
    assert (dirhtml_site / "lan" / "dalarna" / "index.html").is_file()
    assert (dirhtml_site / "search" / "index.html").is_file()
    assert (dirhtml_site / "pagefind" / "pagefind.js").is_file()
    assert broken_links(dirhtml_site) == []


def test_dirhtml_rebuild_keeps_every_page(dirhtml_site: Path) -> None:
    """The stale-page sweep runs on every build; a second build must not mistake pages for stale ones."""
    build_handbook("dirhtml", dirhtml_site.parent)
    assert len(list((dirhtml_site / "projekt").glob("*/index.html"))) == len(project_ids())


def test_epub_links_all_resolve_and_none_opens_a_search(epub_book: Path) -> None:
    assert broken_links(epub_book) == []
    pages = list(epub_book.rglob("*.xhtml"))
    assert not any("search" in page.name for page in pages)
    assert not any("search.xhtml" in page.read_text(encoding="utf-8") for page in pages)
    (book,) = epub_book.glob("*.epub")
    with zipfile.ZipFile(book) as archive:
        assert any(name.startswith("projekt/") for name in archive.namelist())


def test_epub_package_marks_every_page_with_inline_svg(epub_book: Path) -> None:
    """EPUB 3 requires ``properties="svg"`` on pages with inline SVG (EPUBCheck OPF-014); the handbook's
    epub builder (``site/epub.py``, registered in place of Sphinx's) adds it to the package file."""
    package = (epub_book / "content.opf").read_text(encoding="utf-8")
    items = re.findall(
        r'<item id="[^"]*" href="([^"]+)"( properties="svg")? media-type="application/xhtml\+xml"', package
    )
    marked = {href for href, svg in items if svg}
    with_svg = {href for href, _ in items if "<svg" in (epub_book / href).read_text(encoding="utf-8")}
    assert with_svg, "the handbook's map and charts are inline SVG"
    assert marked == with_svg
