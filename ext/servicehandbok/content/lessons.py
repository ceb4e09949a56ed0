"""What the projects teach: their sourced lessons, by method and by success factor. Pure MyST.

A lesson is a fact under ``outcome.worked`` or ``outcome.hard`` in a project file, in the file's
own words and with its sources. Shown away from its project page, a lesson names its project
(linked) and its sources by title and publisher, so a reader can tell where it comes from; a
project "shows" a success factor only where one of its lessons is tagged with it.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..data.catalog import Catalog
from ..data.model import CitedSource, Fact, Project, Term
from . import myst
from .followup import partial_date, sources_block

LESSONS_HEADING = "Vad projekten lärde sig"
WORKED, HARD = "fungerade", "var svårt"


def lessons(projects: Iterable[Project], factor: str | None = None) -> list[tuple[Project, str, Fact]]:
    """Every lesson of *projects* as ``(project, WORKED or HARD, fact)``, only those tagged with *factor* if given."""
    found = []
    for project in projects:
        for label, facts in ((WORKED, project.outcome.worked), (HARD, project.outcome.hard)):
            found += [(project, label, fact) for fact in facts if factor is None or factor in fact.factors]
    return found


def source_names(project: Project, fact: Fact) -> str:
    """``[Titel](url), Utgivare 2019; …``: a fact's sources by name, for pages other than the project's own."""
    names = []
    for source_id in fact.sources:
        source = project.cited_source(source_id)
        if isinstance(source, CitedSource):
            year = f" {partial_date(source.published)}" if source.published else ""
            names.append(f"{myst.link(source.title, source.url, source=True)}, {myst.inline(source.publisher)}{year}")
        elif source is not None:
            names.append(myst.inline(source.title))
    return "; ".join(names)


def lesson_lines(found: list[tuple[Project, str, Fact]]) -> str:
    """One bullet per lesson: the project, what worked or was hard, in the file's words, and its sources."""
    lines = []
    for project, label, fact in found:
        lines.append(
            f"- {myst.role('project', project.id)} – det här {label}: {myst.inline(fact.text)} "
            f"*(Källa: {source_names(project, fact)})*"
        )
    return "\n".join(lines)


def method_lessons(projects: list[Project]) -> str:
    """A method guide's "Vad projekten lärde sig": every sourced lesson of its projects, or what is missing."""
    found = lessons(projects)
    if not found:
        return ""
    with_lessons = len({project.id for project, _, _ in found})
    intro = (
        f"Lärdomar som källor efter beslutet om stöd beskriver, ur {with_lessons} av de {len(projects)} projekten "
        "med metoden. Varje lärdom gäller sitt projekt; mer om varje källa står på projektets sida."
    )
    return "\n\n".join([f"## {LESSONS_HEADING}", intro, lesson_lines(found)])


def factor_section(term: Term, catalog: Catalog, heading: str = "##") -> str:
    """The projects whose sourced lessons show the factor *term*, each with the lesson as its reason."""
    found = lessons(catalog.projects.values(), term.id)
    title = f"{heading} Projekt vars lärdomar visar faktorn"
    if not found:
        return f"{title}\n\nInget projekt i handboken har ännu en källbelagd lärdom som visar faktorn."
    count = len({project.id for project, _, _ in found})
    intro = f"{count} projekt, med lärdomen som visar faktorn och dess källa."
    return "\n\n".join([title, intro, lesson_lines(found)])


def factors_overview(catalog: Catalog) -> str:
    """Each success factor: its definition, its sources, and the projects whose lessons show it."""
    blocks = []
    for term in catalog.vocabulary.sorted("factor"):
        blocks += [
            f"## {myst.inline(term.name)}",
            myst.paragraphs(term.text or ""),
            sources_block(term),
            factor_section(term, catalog, "###"),
            f"Mer om faktorn: {myst.role('factor', term.id)}.",
        ]
    return "\n\n".join(blocks)
