"""Bytes of the inline maps in a built handbook: python bench/mapsize.py docs/_build/html.

The issue's limits: 60 kB for the country map, 40 kB for one län's map (inline SVG, before
compression). Prints each figure, and gzip sizes, as the performance page shows them.
"""

from __future__ import annotations

import gzip
import re
import statistics
import sys
from pathlib import Path

MAP = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg"[^>]*class="sh-map-svg (sh-map-\w+)".*?</svg>', re.S)


def maps(page: Path) -> list[tuple[str, int, int]]:
    """(kind, bytes, gzip bytes) of every map on *page*."""
    text = page.read_text(encoding="utf-8")
    return [
        (m.group(1), len(m.group(0).encode()), len(gzip.compress(m.group(0).encode(), 9))) for m in MAP.finditer(text)
    ]


def main(site: Path) -> int:
    country = [(page, *found) for page in (site / "index.html", site / "lan" / "index.html") for found in maps(page)]
    counties = sorted(
        (size, packed, page.stem)
        for page in (site / "lan").glob("*.html")
        for kind, size, packed in maps(page)
        if kind == "sh-map-county"
    )
    for page, _, size, packed in country:
        sys.stdout.write(f"Sverige ({page.relative_to(site)}): {size:,} byte, {packed:,} komprimerat\n")
    sizes = [size for size, _, _ in counties]
    sys.stdout.write(
        f"{len(counties)} länskartor: minst {counties[0][0]:,} ({counties[0][2]}), median {statistics.median(sizes):,.0f}, "
        f"störst {counties[-1][0]:,} ({counties[-1][2]}, {counties[-1][1]:,} komprimerat)\n"
    )
    over = [c for c in country if c[2] > 60_000] + [c for c in counties if c[0] > 40_000]
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/_build/html")))
