"""The compare page ("Jämför projekt"): two to four projects side by side, drawn in the browser from ``projects.json``.

Like the search page it belongs to the web site only (``html``, ``dirhtml``): it needs a script
and the open data beside it, and the EPUB has neither, so the book has no compare page and its
project pages no link to one. The page embeds what ``projects.json`` does not hold: the names of
the terms and the address pattern of every page it links to, resolved for the builder that
writes it. The data itself is the published file, so it shows exactly what the contacts option
lets the open data show.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx

from ...content.render import FACTORS_FROM
from ...data.catalog import Catalog
from ...data.model import BASIS_LABELS, NATIONAL, PROJECT_FOLDER, SUPPORT_FUNDER
from ...data.status import STATUS_LABELS
from ...outputs.exports import JSON_FILE
from ..core.config import SITE_BUILDERS, handbook_config
from ..core.markup import script_json
from ..core.names import COMPARE_PAGE, SEARCH_PAGE
from ..core.pagebody import Page, page_project
from ..core.state import catalog_of

PAGE = COMPARE_PAGE
TITLE = "Jämför projekt"
SCRIPT = "_static/servicehandbok-compare.js"
STYLE = "servicehandbok-compare.css"
ADD_PARAMETER = "lagg-till"
"""``jamfor.html?lagg-till=<id>``: add one project to the reader's selection (a project page's link)."""
ID_SLOT = "__id__"
"""Stands for a term's or project's id in an address pattern; the script puts the id in its place."""
MOST = 4
LINK_TEXT = "Jämför med andra projekt"
LINK_CLASSES = ["sh-compare-link", "sh-unindexed"]
NOSCRIPT = (
    "Jämförelsen behöver JavaScript. Utan JavaScript kan du öppna projektens sidor var för sig, "
    "eller ladda ned alla projekt som projects.json eller projects.csv."
)
INTRO = (
    "Välj två till fyra projekt och se dem sida vid sida: var de verkar, vilka metoder de använder, "
    "budget, tid och aktiviteter. Valet står i adressen, så du kan spara eller dela länken. "
    "Du kan välja projekt här och med länken Jämför med andra projekt på varje projekts sida"
)
SEARCH_INTRO = " och med rutan Jämför i sökresultaten"


def collect_compare_page(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """On ``html-collect-pages``: the web site has a compare page; the book does not."""
    if app.builder.name in SITE_BUILDERS:
        return [(PAGE, {}, "page.html")]
    return []


def compare_data(catalog: Catalog, uri: Callable[[str], str], data_file: str) -> dict[str, Any]:
    """What the script needs besides ``projects.json``: term names, address patterns, fixed words.

    *uri* gives the address of a page (by docname) relative to the compare page.
    """
    kinds = [
        {
            "name": kind.name,
            "field": kind.field,
            "heading": kind.heading,
            "single": kind.single,
            "url": uri(f"{kind.folder}/{ID_SLOT}"),
            "terms": {term.id: term.label for term in catalog.vocabulary.sorted(kind.name)},
        }
        for kind in sorted(catalog.kinds.values(), key=lambda kind: not kind.single)  # the fact box's order
    ]
    return {
        "data": data_file,
        "project": uri(f"{PROJECT_FOLDER}/{ID_SLOT}"),
        "slot": ID_SLOT,
        "kinds": kinds,
        "support": SUPPORT_FUNDER,
        "national": NATIONAL,
        "marks": BASIS_LABELS,
        "statuses": STATUS_LABELS,
        "factors_from": FACTORS_FROM,
        "most": MOST,
    }


def compare_body(data: dict[str, Any], script_src: str, search: bool = True) -> str:
    """The page body: a way to choose, a live status, room for the comparison, the data and the script."""
    intro = INTRO + (SEARCH_INTRO if search else "") + "."
    return f"""
<section class="sh-compare" aria-labelledby="sh-compare-title">
  <h1 id="sh-compare-title">{html.escape(TITLE)}</h1>
  <p>{html.escape(intro)}</p>
  <noscript><p>{html.escape(NOSCRIPT)}</p></noscript>
  <form id="sh-compare-form" class="sh-compare-form" hidden>
    <label for="sh-compare-add">Välj ett projekt att jämföra</label>
    <select id="sh-compare-add" name="projekt"><option value="">Välj ett projekt</option></select>
    <button type="submit">Lägg till</button>
  </form>
  <p id="sh-compare-status" class="sh-compare-status" role="status" aria-live="polite"></p>
  <div id="sh-compare-result" class="sh-compare-result" aria-busy="true"></div>
  <script type="application/json" id="sh-compare-data">{script_json(data)}</script>
  <script type="module" src="{html.escape(script_src, quote=True)}"></script>
</section>
"""


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> str | None:
    """The compare page's style, title and template; its body is the page body's step (:func:`compare_page`)."""
    if app.builder.name not in SITE_BUILDERS:
        return None
    if pagename in (PAGE, SEARCH_PAGE):  # the search page has the "Jämför" boxes
        app.add_css_file(STYLE)
    if pagename != PAGE:
        return None
    context["title"] = TITLE
    context["toc"] = ""
    context["display_toc"] = False
    return "page.html"


def compare_page(page: Page) -> str | None:
    """The compare page's body, its links resolved for this builder: the page body's step
    ``COMPARE_PAGE`` (``core/pagebody.py``); None for every other page."""
    app = page.app
    if app.builder.name not in SITE_BUILDERS or page.name != PAGE:
        return None
    pathto = page.context["pathto"]
    data = compare_data(catalog_of(app.env), pathto, pathto(JSON_FILE, 1))
    return compare_body(data, pathto(SCRIPT, 1), handbook_config(app).search)


def compare_link(app: Sphinx, docname: str, project_id: str) -> str:
    """A project page's link to the compare page that adds the project to the reader's selection."""
    return f"{app.builder.get_relative_uri(docname, PAGE)}?{ADD_PARAMETER}={quote(project_id)}"


def add_compare_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``: on the web site, a "Jämför" link right under a project's fact box.

    A plain link, so project pages need no script; the search leaves its words out.
    """
    if app.builder.name not in SITE_BUILDERS:
        return
    project = page_project(app, docname)
    if project is None:
        return
    box = next((n for n in doctree.findall(nodes.Element) if "sh-facts" in n.get("classes", ())), None)
    if box is None or box.parent is None:
        return
    link = nodes.reference("", LINK_TEXT, refuri=compare_link(app, docname, project.id), internal=True)
    box.parent.insert(box.parent.index(box) + 1, nodes.paragraph("", "", link, classes=LINK_CLASSES))
