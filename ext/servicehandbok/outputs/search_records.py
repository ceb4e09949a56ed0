"""What the search index knows about each project beyond its text: facets, result fields, sort keys.

Facets come from the project data, never from scraping the visible page. The text that
is indexed is the project page itself, so it follows the contacts option.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..data.catalog import Catalog
from ..data.model import NATIONAL, NO_YEAR, Project, Term

FACETS = {
    "lan": "Län",
    "kommun": "Kommun",
    "metod": "Metod",
    "finansiar": "Finansiär",
    "typ": "Projekttyp",
    "slutar": "Slutår",
}
"""Pagefind filter names and their Swedish labels (``any``/``all``/``none``/``not`` are reserved)."""

TERM_FACETS = {"region": "lan", "municipality": "kommun", "method": "metod", "funder": "finansiar", "category": "typ"}
"""The facet of each kind of term."""
FULL_NAME_KINDS = ("municipality", "funder")
"""Kinds whose facet shows the term's full name (Gagnefs kommun), not its short label."""


def _shown(term: Term) -> str:
    return term.name if term.kind in FULL_NAME_KINDS else term.label


def facet_values(project: Project, catalog: Catalog) -> dict[str, list[str]]:
    """The facet values of one project, as readers see them."""
    vocabulary = catalog.vocabulary
    values = {
        facet: [_shown(term) for term in vocabulary.known(kind, project.terms(kind))]
        for kind, facet in TERM_FACETS.items()
    }
    if project.national:
        values["lan"] = [NATIONAL]
    values["slutar"] = [str(project.end.year)] if project.end else [NO_YEAR]
    return {facet: values[facet] for facet in FACETS}


def facet_value(catalog: Catalog, kind: str, term_id: str) -> tuple[str, str]:
    """The (facet name, value) a hub page for a term links into the search with."""
    term = catalog.vocabulary.get(kind, term_id)
    if term is None:
        raise KeyError(f"{kind}:{term_id}")
    return TERM_FACETS[kind], _shown(term)


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
