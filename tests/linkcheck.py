"""Every internal link and resource reference of a built site, checked against the files that exist."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"href", "src", "xlink:href", "action", "poster"}
PAGE_SUFFIXES = (".html", ".xhtml")


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in LINK_ATTRIBUTES and value:
                self.found.append(value)


def references(page: Path) -> list[str]:
    """Every URL a page refers to, in links, scripts, styles, images and forms."""
    parser = _References()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def broken_links(root: Path, url_prefix: str = "/") -> list[str]:
    """``page: url`` for each internal reference that names no file under *root*.

    An absolute path (``/search.html``) is read against *url_prefix*, where the site is served.
    """
    broken = []
    pages = [p for p in sorted(root.rglob("*")) if p.suffix in PAGE_SUFFIXES and ".doctrees" not in p.parts]
    assert pages, f"no pages in {root}"
    for page in pages:
        for url in references(page):
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site, mailto:/tel:, or a place on this page
            path = unquote(parts.path)
            if path.startswith("/"):
                if not path.startswith(url_prefix):
                    broken.append(f"{page.relative_to(root)}: {url} (outside the site)")
                    continue
                target = root / path[len(url_prefix) :]
            else:
                target = page.parent / path
            if path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.resolve().is_file():
                broken.append(f"{page.relative_to(root)}: {url}")
    return broken
