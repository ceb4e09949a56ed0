"""What the EPUB needs beyond Sphinx's own epub builder, so the book passes EPUBCheck."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

_XHTML_ITEM = re.compile(r'<item id="[^"]*" href="([^"]+)" media-type="application/xhtml\+xml" ?/>')


def declare_svg_pages(app: Sphinx) -> None:
    """On ``builder-inited``: list pages with inline SVG (map, charts) as such in the package file.

    EPUB 3 requires ``properties="svg"`` on them (EPUBCheck OPF-014), and Sphinx 9's
    ``content.opf`` template has no place for properties; the file is rewritten right after
    Sphinx writes it and before the book is zipped.
    """
    builder: Any = app.builder
    if app.builder.name != "epub":
        return
    write_package = builder.build_content

    def build_content() -> None:
        write_package()
        mark_svg_items(Path(app.outdir))

    builder.build_content = build_content


def mark_svg_items(outdir: Path) -> None:
    """Add ``properties="svg"`` to each XHTML item of ``content.opf`` whose page holds an ``<svg``."""
    package = outdir / "content.opf"

    def item(match: re.Match[str]) -> str:
        page = outdir / match.group(1)
        if page.is_file() and "<svg" in page.read_text(encoding="utf-8"):
            return match.group(0).replace("media-type=", 'properties="svg" media-type=', 1)
        return match.group(0)

    package.write_text(_XHTML_ITEM.sub(item, package.read_text(encoding="utf-8")), encoding="utf-8")
