"""What the search index knows about each project beyond its text: facets, result fields, sort keys.

Facets come from the project data, never from scraping the visible page. The text that
is indexed is the project page itself, so it follows the contacts option.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .catalog import Catalog
from .model import Project

FACETS = {
    "lan": "Län",
    "kommun": "Kommun",
    "metod": "Metod",
    "finansiar": "Finansiär",
    "typ": "Projekttyp",
    "slutar": "Slutår",
}
"""Pagefind filter names and their Swedish labels (``any``/``all``/``none``/``not`` are reserved)."""

NATIONAL = "Hela landet"
NO_YEAR = "Ej angivet"


def facet_values(project: Project, catalog: Catalog) -> dict[str, list[str]]:
    """The facet values of one project, as readers see them."""
    vocabulary = catalog.vocabulary

    def labels(kind: str, ids: tuple[str, ...], *, full: bool = False) -> list[str]:
        terms = [vocabulary.get(kind, i) for i in ids]
        return [(t.name if full else t.label) for t in terms if t is not None]

    return {
        "lan": [NATIONAL] if project.national else labels("region", project.regions),
        "kommun": labels("municipality", project.municipalities, full=True),
        "metod": labels("method", project.methods),
        "finansiar": labels("funder", project.funders, full=True),
        "typ": labels("category", (project.category,)),
        "slutar": [str(project.end.year)] if project.end else [NO_YEAR],
    }


def facet_value(catalog: Catalog, kind: str, term_id: str) -> tuple[str, str]:
    """The (facet name, value) a hub page for a term links into the search with."""
    facet = {"region": "lan", "municipality": "kommun", "method": "metod", "funder": "finansiar", "category": "typ"}[
        kind
    ]
    term = catalog.vocabulary.get(kind, term_id)
    if term is None:
        raise KeyError(f"{kind}:{term_id}")
    return facet, (term.name if kind in ("municipality", "funder") else term.label)


def page_attributes(project: Project, catalog: Catalog, rank: int) -> str:
    """Hidden HTML that tells Pagefind a project page's facets, result fields and sort key.

    Values are element text, not attribute lists, so commas and colons in names are safe.
    There is one sort key, the Swedish title order: every sort Pagefind knows costs each
    reader a permutation of all pages in its metadata file (22 kB at 10,000 projects).
    """
    facets = facet_values(project, catalog)
    spans = [(f"data-pagefind-filter={quoteattr(name)}", value) for name, values in facets.items() for value in values]
    spans += [
        ('data-pagefind-meta="title"', project.title),
        ('data-pagefind-meta="place"', ", ".join(facets["lan"] + facets["kommun"])),
        ('data-pagefind-meta="methods"', ", ".join(facets["metod"])),
        ('data-pagefind-sort="titel"', f"{rank:06d}"),
    ]
    inner = "".join(f"<span {attribute}>{escape(text)}</span>" for attribute, text in spans)
    return f'<div hidden aria-hidden="true" class="sh-search-data">{inner}</div>'
