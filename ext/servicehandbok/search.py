"""Sphinx glue for search: the Pagefind index after a build, and the one search page.

Sphinx's own search page (``search.html``, where the theme's search box sends its query)
is rendered with our page body instead, so readers meet a single search.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import html
import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import SphinxError

from .search_records import FACETS, Record, records

INDEX_FOLDER = "pagefind"


class SearchIndexError(SphinxError):
    category = "Sökindexet kunde inte byggas"


async def _write_index(outdir: Path, items: list[Record]) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=str(outdir / INDEX_FOLDER), force_language="sv", write_playground=False)
    async with PagefindIndex(config=config) as index:
        for item in items:
            await index.add_custom_record(
                url=item.url, content=item.content, language="sv", meta=item.meta, filters=item.filters, sort=item.sort
            )


def _run_async(coroutine: Any) -> None:
    """Run *coroutine* to the end, also when the caller already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coroutine)
        return
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def write_index(app: Sphinx, exception: BaseException | None) -> None:
    """Index every project with Pagefind; a failure fails the build."""
    if exception is not None or app.builder.format != "html" or not app.config.servicehandbok_search:
        return
    catalog = app.env.get_domain("handbook").catalog  # type: ignore[attr-defined]
    items = records(catalog, app.config.servicehandbok_contacts)
    try:
        _run_async(_write_index(Path(app.outdir), items))
    except Exception as exc:  # the Pagefind service reports many kinds of failure
        raise SearchIndexError(f"Pagefind: {exc}") from exc
    if not (Path(app.outdir) / INDEX_FOLDER / "pagefind.js").is_file():
        raise SearchIndexError("Pagefind wrote no pagefind.js")


def search_body(pathto: Any) -> str:
    """The HTML of the search page: a labelled form, facet groups, a live result count."""
    facets = json.dumps(FACETS, ensure_ascii=False).replace("</", "<\\/")
    script = html.escape(pathto("_static/servicehandbok-search.js", 1))
    return f"""
<section class="sh-search" aria-labelledby="sh-search-title">
  <h1 id="sh-search-title">Sök bland projekten</h1>
  <form id="sh-search-form" role="search" class="sh-search-form">
    <label for="sh-q">Sökord</label>
    <input id="sh-q" name="q" type="search" autocomplete="off" placeholder="till exempel servicepunkt">
    <button type="submit">Sök</button>
  </form>
  <noscript><p>Sökningen behöver JavaScript. Du kan också hitta projekten via metoder, län och finansiärer.</p></noscript>
  <div class="sh-search-layout">
    <div id="sh-facets" class="sh-facets" aria-label="Avgränsa sökningen"></div>
    <div class="sh-search-results">
      <p id="sh-count" role="status" aria-live="polite"></p>
      <ol id="sh-results" class="sh-results"></ol>
      <button type="button" id="sh-more" hidden>Visa fler</button>
    </div>
  </div>
  <script type="application/json" id="sh-facet-names">{facets}</script>
  <script type="module" src="{script}"></script>
</section>
"""


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> str | None:
    """Render Sphinx's search page as our search; keep every other page as it is."""
    if pagename != "search" or not app.config.servicehandbok_search:
        return None
    context["body"] = search_body(context["pathto"])
    context["title"] = "Sök"
    context["toc"] = ""
    context["display_toc"] = False
    return "page.html"
