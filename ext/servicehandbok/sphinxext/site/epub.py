"""What the EPUB needs beyond Sphinx's own epub builder, so the book passes EPUBCheck."""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.builders.epub3 import Epub3Builder

_XHTML_ITEM = re.compile(r'<item id="[^"]*" href="([^"]+)" media-type="application/xhtml\+xml" ?/>')


class HandbookEpubBuilder(Epub3Builder):
    """Sphinx's ``epub`` builder, which lists pages with inline SVG (map, charts) as such in the package file.

    EPUB 3 requires ``properties="svg"`` on them (EPUBCheck OPF-014), and Sphinx 9's
    ``content.opf`` template has no place for properties; the file is rewritten right after
    Sphinx writes it (``build_content``, listed in ``core/upstream.py``) and before the book is zipped.
    Registered in place of Sphinx's own (``app.add_builder(..., override=True)``).
    """

    def build_content(self) -> None:
        super().build_content()
        mark_svg_items(Path(self.outdir))


def mark_svg_items(outdir: Path) -> None:
    """Add ``properties="svg"`` to each XHTML item of ``content.opf`` whose page holds an ``<svg``."""
    package = outdir / "content.opf"

    def item(match: re.Match[str]) -> str:
        page = outdir / match.group(1)
        if page.is_file() and "<svg" in page.read_text(encoding="utf-8"):
            return match.group(0).replace("media-type=", 'properties="svg" media-type=', 1)
        return match.group(0)

    package.write_text(_XHTML_ITEM.sub(item, package.read_text(encoding="utf-8")), encoding="utf-8")
