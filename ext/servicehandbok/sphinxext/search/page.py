"""Sphinx glue for search: the Pagefind index after a build, and the one search page.

Sphinx's own search page (``search.html``, where the theme's search box sends its query)
is rendered with our page body instead, so readers meet a single search.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from typing import Any, cast

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from ...content import myst
from ...data.kinds import Kind
from ...data.model import PROJECT_FOLDER
from ...outputs.search_records import SORTS, facets, order_filters, page_attributes, search_words, suggestion_data
from ..core.config import SITE_BUILDERS, handbook_config
from ..core.names import COMPARE_PAGE, SEARCH_PAGE
from ..core.pagebody import Page
from ..core.state import catalog_of
from .pagefind import BODY_END, BODY_START, INDEX_FOLDER, build_index

UNINDEXED_SELECTORS = (f".{myst.UNINDEXED}", "a.headerlink", ".sh-facts dt", 'a[href^="#sh-kalla-"]')
"""Left out of the index and the excerpts: what the pages mark (``content.myst.UNINDEXED``), Sphinx's ¶
anchors, the fact box's labels and the source numbers after each fact."""
WEIGHTS = {myst.WEIGHT_PROSE: 3.0, myst.WEIGHT_LABEL: 0.5, "sh-facts": 0.5}
"""Pagefind weights by class: the project's purpose and summary count more than the rest of its
text (1), the fact box and the contacts less; the title (10) and the hidden term names
(:data:`~servicehandbok.outputs.search_records.WORD_WEIGHTS`) count most."""
TITLE_WEIGHT = 10.0
_WEIGHTED = re.compile(r'<(\w+)(\s[^>]*?class="[^"]*?\b(' + "|".join(WEIGHTS) + r')\b[^"]*")')


def write_index(app: Sphinx, exception: BaseException | None) -> None:
    """Index the project pages with Pagefind's binary; a failure fails the build. With search turned off,
    remove what an earlier build indexed: the output is what a clean build with these settings gives."""
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    outdir = Path(app.outdir)
    if not handbook_config(app).search:
        shutil.rmtree(outdir / INDEX_FOLDER, ignore_errors=True)
        (outdir / SUGGESTIONS_FILE).unlink(missing_ok=True)
        return
    write_suggestions(app, outdir / SUGGESTIONS_FILE)
    if index_is_current(outdir):
        return
    shutil.rmtree(outdir / INDEX_FOLDER, ignore_errors=True)
    # The catalog keeps its projects in Swedish title order, the order browsing lists them in.
    projects = catalog_of(app.env).projects.values()
    builder = cast(StandaloneHTMLBuilder, app.builder)  # one of SITE_BUILDERS
    pages = [Path(builder.get_outfilename(project.docname)).relative_to(outdir).as_posix() for project in projects]
    build_index(outdir, pages, outdir / INDEX_FOLDER, UNINDEXED_SELECTORS)


SUGGESTIONS_FILE = "search-suggestions.json"
"""Words for "Menade du …?" and the hub pages to offer; fetched only when a search finds nothing."""


def write_suggestions(app: Sphinx, path: Path) -> None:
    """Write the words a misspelt query is compared with, and the method and län hub pages."""
    catalog = catalog_of(app.env)
    content = suggestion_data(catalog, lambda docname: app.builder.get_target_uri(docname))
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def weigh(body: str) -> str:
    """Give the title and the classes of :data:`WEIGHTS` their ``data-pagefind-weight``."""
    body = body.replace("<h1>", f'<h1 data-pagefind-weight="{TITLE_WEIGHT}">', 1)
    return _WEIGHTED.sub(lambda m: f'<{m[1]} data-pagefind-weight="{WEIGHTS[m[3]]}"{m[2]}', body)


def replace_sphinx_search(app: Sphinx) -> None:
    """Turn off Sphinx's own search index: Pagefind serves the one search, and feeding
    every page to Sphinx's indexer took a tenth of a full build (profiled at 1,000 projects)."""
    if handbook_config(app).search and app.builder.name in SITE_BUILDERS:
        app.builder.search = False  # type: ignore[attr-defined]


def collect_search_page(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """Write ``search.html`` ourselves, where the theme's search box sends its query."""
    if handbook_config(app).search and app.builder.name in SITE_BUILDERS:
        return [(SEARCH_PAGE, {}, "page.html")]
    return []


def index_is_current(outdir: Path) -> bool:
    """True when no project page was written or removed since the index was built.

    Decided from the files themselves, because pages may be written by parallel workers.
    """
    entry = outdir / INDEX_FOLDER / "pagefind-entry.json"
    try:
        built = entry.stat().st_mtime_ns
        indexed = sum(
            language["page_count"] for language in json.loads(entry.read_text(encoding="utf-8"))["languages"].values()
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False
    pages = list((outdir / PROJECT_FOLDER).glob("**/*.html"))
    return indexed == len(pages) and all(page.stat().st_mtime_ns < built for page in pages)


BROWSE_KINDS = ("method", "region", "funder")
"""The kinds whose overview pages the search page offers for browsing, in this order."""


def browse_links(pathto: Any, kinds: dict[str, Kind]) -> str:
    """Links to the overview pages of :data:`BROWSE_KINDS`, as "metoder, län och finansiärer"."""
    links = [
        f'<a href="{html.escape(pathto(f"{kinds[name].folder}/index"))}">{html.escape(kinds[name].title.lower())}</a>'
        for name in BROWSE_KINDS
        if name in kinds
    ]
    if len(links) < 2:
        return "".join(links)
    return f"{', '.join(links[:-1])} och {links[-1]}"


def search_body(pathto: Any, kinds: dict[str, Kind], ranges: dict[str, list[tuple[str, int]]]) -> str:
    """The HTML of the search page: a labelled form, a filter panel, the chosen filters, a live result count.

    *ranges* are each order's range filters and their sizes, largest keys first (``order_filters``).
    On a phone the filter panel is closed until its button opens it, so the results follow that one
    button; on a wide screen the panel is a column beside the results and always open (the CSS decides).
    The links for browsing are written here, where ``pathto`` resolves them for ``html`` and ``dirhtml``;
    the script shows them when a search finds nothing.
    """
    names = json.dumps(facets(kinds), ensure_ascii=False).replace("</", "<\\/")
    orders = {key: {"label": label, "ranges": ranges[key]} for key, label in SORTS.items()}
    sorts = json.dumps(orders, ensure_ascii=False).replace("</", "<\\/")
    options = "".join(
        f'<option value="{html.escape(key)}">{html.escape(label)}</option>' for key, label in SORTS.items()
    )
    script = html.escape(pathto("_static/servicehandbok-search.js", 1))
    engine = html.escape(pathto(f"{INDEX_FOLDER}/pagefind.js", 1))
    compare_page = html.escape(pathto(COMPARE_PAGE))
    browse = browse_links(pathto, kinds)
    return f"""
<section class="sh-search" aria-labelledby="sh-search-title">
  <h1 id="sh-search-title">Sök bland projekten</h1>
  <form id="sh-search-form" role="search" class="sh-search-form">
    <label for="sh-q">Sökord</label>
    <input id="sh-q" name="q" type="search" autocomplete="off" placeholder="till exempel servicepunkt">
    <button type="submit">Sök</button>
  </form>
  <noscript><p>Sökningen behöver JavaScript. Du kan också bläddra bland {browse}.</p></noscript>
  <div class="sh-search-layout">
    <div class="sh-filters">
      <button type="button" id="sh-filter-toggle" class="sh-filter-toggle" aria-expanded="false"
        aria-controls="sh-filter-panel">Filter</button>
      <div id="sh-filter-panel" class="sh-filter-panel" role="region" aria-labelledby="sh-filter-toggle">
        <div id="sh-facets" class="sh-facets" role="group" aria-label="Avgränsa sökningen"></div>
        <button type="button" id="sh-filter-done" class="sh-filter-done">Visa projekten</button>
      </div>
    </div>
    <div class="sh-search-results">
      <ul id="sh-chips" class="sh-chips" aria-label="Valda filter"></ul>
      <div class="sh-result-bar">
        <p id="sh-count" role="status" aria-live="polite" tabindex="-1"></p>
        <label for="sh-sort">Sortera</label>
        <select id="sh-sort" name="sort"><option value="">Relevans</option>{options}</select>
      </div>
      <div id="sh-help" class="sh-help"></div>
      <p id="sh-browse" hidden>Du kan också bläddra bland {browse}.</p>
      <ol id="sh-results" class="sh-results"></ol>
      <button type="button" id="sh-more" hidden>Visa fler</button>
      <div id="sh-compare-bar" class="sh-compare-bar" data-href="{compare_page}">
        <p id="sh-compare-picked" role="status" aria-live="polite"></p>
        <a id="sh-compare-go" hidden>Jämför valda projekt</a>
      </div>
    </div>
  </div>
  <script type="application/json" id="sh-facet-names">{names}</script>
  <script type="application/json" id="sh-sort-names">{sorts}</script>
  <link rel="modulepreload" href="{engine}">
  <script type="module" src="{script}"></script>
</section>
"""


def _with_search_page(hasdoc: Any) -> Any:
    """``hasdoc`` that knows the search page is there, although Sphinx's own indexer is off:
    the theme's search box and ``<link rel="search">`` test it."""
    return lambda name: name == SEARCH_PAGE or hasdoc(name)


def _searchable(app: Sphinx) -> bool:
    """True when this build has the search: turned on, and a builder that writes the web site."""
    return handbook_config(app).search and app.builder.name in SITE_BUILDERS


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> str | None:
    """The theme's search box finds the search page; the search page's title and template.
    Its body, and the project pages' marks for the index, are the page body's steps
    (:func:`search_page`, :func:`mark_for_index`)."""
    if not _searchable(app):
        return None
    context["hasdoc"] = _with_search_page(context["hasdoc"])
    if pagename != SEARCH_PAGE:
        return None
    context["title"] = "Sök"
    context["toc"] = ""
    context["display_toc"] = False
    return "page.html"


def search_page(page: Page) -> str | None:
    """The search page's body: the page body's step ``SEARCH_PAGE`` (``core/pagebody.py``); None
    for every other page."""
    if page.name != SEARCH_PAGE or not _searchable(page.app):
        return None
    catalog = catalog_of(page.app.env)
    return search_body(page.context["pathto"], catalog.kinds, order_filters(catalog.projects.values()))


def mark_for_index(page: Page, body: str) -> str:
    """A project page's body marked for Pagefind, weighted, with its hidden words and filters:
    the page body's step ``SEARCH_INDEX`` (``core/pagebody.py``)."""
    project = page.project
    if project is None or not _searchable(page.app):
        return body
    catalog = catalog_of(page.app.env)
    attributes = page_attributes(project, catalog)
    words = search_words(project, catalog)
    return BODY_START + f"<div data-pagefind-body>{weigh(body)}{words}{attributes}</div>" + BODY_END
