"""Build the Pagefind index of the project pages, fed one page at a time in Swedish title order.

Pagefind numbers pages in the order it receives them, and a search without words (browsing
by facet) lists its results in that order. Feeding the pages by title therefore gives the
browsing order for free. A Pagefind sort key would do the same, but Pagefind stores every
sort order for every page in the metadata file that each search fetches first: 22 kB per
order at 10,000 projects. The two orders a reader can choose (end date, budget) are filters
instead, fetched only when chosen; see ``outputs.search_records.ORDER_FILTERS``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sphinx.errors import SphinxError

INDEX_FOLDER = "pagefind"
FILTER_ONLY_BUG = "this.backend.request_indexes(ptr,term)"
FILTER_ONLY_FIX = '(term?this.backend.request_indexes(ptr,term):"[]")'
"""Pagefind 1.5.2 fetches every index chunk for a search without words (browsing by facet):
8.4 MB at 10,000 projects. Upstream fixed it (Pagefind PR 1317: no chunks for an empty
term) after the last release; this applies the same rule in the search code it ships.
Drop it once a release has the fix; the browser test of browsing by facet guards it."""


class SearchIndexError(SphinxError):
    category = "Sökindexet kunde inte byggas"


def page_url(relative: str) -> str:
    """The site-relative URL Pagefind gives a result, as its own crawler would: ``x/index.html`` → ``x/``."""
    url = "/" + relative
    return url[: -len("index.html")] if url.endswith("/index.html") else url


async def _index(pages: list[tuple[Path, str]], output: Path, exclude: list[str]) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(force_language="sv", exclude_selectors=exclude, output_path=str(output))
    async with PagefindIndex(config=config) as index:
        # One at a time: Pagefind numbers pages in the order they arrive.
        for path, url in pages:
            await index.add_html_file(content=path.read_text(encoding="utf-8"), url=url)


def build_index(site: Path, pages: Iterable[str], output: Path, exclude: Iterable[str]) -> None:
    """Index *pages* (paths relative to *site*, in the order results should browse) into *output*."""
    listed = [(site / page, page_url(page)) for page in pages]
    try:
        # In a thread of its own, because the caller may run an event loop (Playwright, a live server).
        with ThreadPoolExecutor(1) as thread:
            thread.submit(asyncio.run, _index(listed, output, list(exclude))).result()
    except Exception as exc:  # the service's errors are of many kinds; each fails the build
        raise SearchIndexError(f"Pagefind failed: {exc}") from exc
    if not (output / "pagefind.js").is_file():
        raise SearchIndexError(f"Pagefind wrote no index into {output}")
    patch_filter_only_search(output)


def patch_filter_only_search(index: Path) -> None:
    """Make a search without words load no word index; see ``FILTER_ONLY_BUG``."""
    for name in ("pagefind.js", "pagefind-worker.js"):
        path = index / name
        if path.is_file():
            code = path.read_text(encoding="utf-8")
            if code.count(FILTER_ONLY_BUG) == 1:
                path.write_text(code.replace(FILTER_ONLY_BUG, FILTER_ONLY_FIX), encoding="utf-8")
