"""What the search index holds for each project: text, facets, result metadata, sort keys.

Facets come from the project data, never from scraping pages, and the text follows the
contacts option, so hidden contacts cannot be found by searching.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import Catalog
from .collation import sort_key
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


@dataclass(frozen=True)
class Record:
    url: str
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]]
    sort: dict[str, str]


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


def _text(project: Project, contacts: str) -> str:
    parts = [
        project.title,
        project.lead_organisation or "",
        project.purpose,
        project.summary or "",
        project.content or "",
    ]
    for group in project.activities:
        parts += [group.heading or "", *group.items]
    results = project.expected_results
    parts += [results] if isinstance(results, str) else list(results or ())
    for contact in project.contacts:
        if contacts == "full":
            parts.append(contact.name)
        if contacts in ("full", "role"):
            parts += [contact.role or "", contact.organisation or ""]
    return "\n".join(p for p in parts if p)


def records(catalog: Catalog, contacts: str) -> list[Record]:
    """One search record per project, with every sort key present on every record."""
    ordered = sorted(catalog.projects.values(), key=lambda p: sort_key(p.title))
    result = []
    for rank, project in enumerate(ordered):
        facets = facet_values(project, catalog)
        result.append(
            Record(
                url=f"/{project.docname}.html",
                content=_text(project, contacts),
                meta={
                    "title": project.title,
                    "place": ", ".join(facets["lan"] + facets["kommun"]),
                    "methods": ", ".join(facets["metod"]),
                },
                filters={name: values for name, values in facets.items() if values},
                sort={"titel": f"{rank:06d}", "slut": project.end.isoformat() if project.end else "0000-00-00"},
            )
        )
    return result
