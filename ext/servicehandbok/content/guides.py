"""A method's (or project type's) guide, computed from its projects at build time. Pure MyST.

Every figure says how many projects it rests on, because the files often leave a budget or
a date out: "median av 4 projekt med känd budget". Nothing here is written by hand, so the
guide is exactly as true as the project files.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ..data import formatting
from ..data.catalog import Catalog
from ..data.collation import sort_key
from ..data.model import FUNDER_TYPES, NATIONAL, Project, Term
from ..data.privacy import HIDDEN
from . import glossary, lessons, myst

GUIDE_HEADING = "Vad projekten visar"
LESSONS_HEADING_REF = f"*{lessons.LESSONS_HEADING}* nedan"
GUIDE_KINDS = ("method", "category")
"""The hubs that get a guide: methods and project types."""
ACTIVITY_PROJECTS = 20
"""Activities are quoted from at most this many projects, so a method used by hundreds stays readable."""
CONTACT_PROJECTS = 20
"""Contacts are listed from at most this many projects."""
DAYS_PER_MONTH = 365.25 / 12
UNKNOWN_KIND = "sorten framgår inte"
NAME_KINDS = (
    ("municipality", (" kommun",), ()),
    ("county-board", (), ("länsstyrelsen",)),
    ("region", (), ("region ", "regionförbundet", "landstinget")),
    ("university", (" universitet", " högskola"), ("universitet", "högskola")),
    ("association", (" ef", " förening", "föreningen", "sockenråd", "byalag"), ("hela sverige ska leva",)),
    ("company", (" ab", " ab (svb)"), ()),
)
"""Kind of organisation by how its name ends or begins, for owners the funder vocabulary does not list
(``Gällivare kommun``, ``Luleå tekniska universitet``): the kind is read from the name, and the guide says so."""


@dataclass(frozen=True)
class Figures:
    """The numbers of one guide, each with what it rests on; kept apart from the text so tests can read them."""

    projects: int
    regions: list[tuple[str, int]]
    """Län id and number of projects, most projects first."""
    national: int
    budgets: list[int]
    """The total budgets that are given."""
    share: tuple[int, int, int] | None
    """(support, total, projects) summed over the projects that give both, or ``None``."""
    months: list[int]
    """Durations in whole months, of the projects that give both dates."""
    organisations: list[tuple[str, int]]
    """Kind of lead organisation and number of projects."""
    owners_stated: int
    """Projects whose owner a source states (the base source or a later one), not inferred."""
    funders: list[tuple[str, int]]
    """Funder id and number of projects."""


def figures(projects: list[Project], catalog: Catalog) -> Figures:
    """The guide's numbers for *projects*."""
    regions = Counter(region for p in projects for region in p.regions)
    budgets = [p.budget.total for p in projects if p.budget.total is not None]
    both = [p for p in projects if p.budget.total and p.budget.support is not None]
    share = (sum(p.budget.support or 0 for p in both), sum(p.budget.total or 0 for p in both), len(both))
    months = [round((p.end - p.start).days / DAYS_PER_MONTH) for p in projects if p.start and p.end]
    funders = Counter(funder for p in projects for funder in p.funders)
    kinds = organisation_kinds(catalog)
    organisations = Counter(organisation_kind(p, catalog, kinds) for p in projects if p.lead_organisation)
    return Figures(
        projects=len(projects),
        regions=_ranked(regions, lambda i: catalog.vocabulary.get("region", i)),
        national=sum(1 for p in projects if p.national),
        budgets=budgets,
        share=share if both else None,
        months=months,
        organisations=sorted(organisations.items(), key=lambda item: (-item[1], sort_key(item[0]))),
        owners_stated=sum(1 for p in projects if p.lead_organisation and _owner_stated(p)),
        funders=_ranked(funders, lambda i: catalog.vocabulary.get("funder", i)),
    )


def _ranked(counts: Counter[str], term_of: Callable[[str], Term | None]) -> list[tuple[str, int]]:
    """Most projects first, then in Swedish order of name."""

    def name(term_id: str) -> str:
        term = term_of(term_id)
        return term.name if term else term_id

    return sorted(counts.items(), key=lambda item: (-item[1], sort_key(name(item[0]))))


def organisation_kinds(catalog: Catalog) -> dict[str, str]:
    """Kind of organisation by lower-case name, from the funder vocabulary (the only place the data records kinds)."""
    kinds: dict[str, str] = {}
    for term in catalog.vocabulary.sorted("funder"):
        if term.funder_type:
            for name in (term.name, *term.aliases):
                kinds.setdefault(name.casefold(), FUNDER_TYPES.get(term.funder_type, UNKNOWN_KIND))
    return kinds


def organisation_kind(project: Project, catalog: Catalog, kinds: dict[str, str] | None = None) -> str:
    """The kind of the lead organisation: from the funder vocabulary where it lists the name, else from
    the name itself (:data:`NAME_KINDS`), else :data:`UNKNOWN_KIND`."""
    known = organisation_kinds(catalog) if kinds is None else kinds
    name = (project.lead_organisation or "").casefold()
    if name in known:
        return known[name]
    for kind, endings, beginnings in NAME_KINDS:
        if name.endswith(endings) or name.startswith(beginnings) or any(f" {b}" in name for b in beginnings):
            return FUNDER_TYPES[kind]
    return UNKNOWN_KIND


def _owner_stated(project: Project) -> bool:
    provenance = project.provenance_of("lead_organisation")
    return provenance is None or provenance.basis == "stated"


def _of(count: int, total: int, what: str) -> str:
    """``3 av 4 projekt med känd budget``; ``alla 4 …`` when every one does; ``1 projekt …`` when there is one."""
    if count != total:
        return f"{count} av {total} projekt {what}"
    return f"alla {total} projekt {what}" if total > 1 else f"1 projekt {what}"


def _none(total: int, what: str) -> str:
    """``inget av de 4 projekten anger …``; ``projektet anger inte …`` when there is one."""
    return (
        f"inget av de {total} projekten {what}" if total > 1 else f"projektet {what.replace('anger', 'anger inte', 1)}"
    )


def _kind_words(kind: str) -> str:
    """A kind of organisation as MyST: :data:`UNKNOWN_KIND` linked to its glossary entry."""
    return glossary.word(glossary.UNKNOWN_KIND_TERM, kind) if kind == UNKNOWN_KIND else myst.inline(kind)


def figures_text(found: Figures) -> str:
    """The figures as a bullet list; each says what it rests on."""
    n = found.projects
    lines = [f"- **Projekt:** {n}."]
    if found.regions or found.national:
        places = [f"{myst.role('region', region)} ({count})" for region, count in found.regions]
        if found.national:
            places.append(f"{NATIONAL} ({found.national})")
        lines.append(f"- **Län:** {', '.join(places)}. Ett projekt kan verka i flera län.")
    budgets = found.budgets
    if len(budgets) == 1:
        lines.append(f"- **Budget:** {formatting.kronor(budgets[0])} ({_of(1, n, 'anger budget')}).")
    elif budgets:
        k = len(budgets)
        lines.append(
            f"- **Budget:** sammanlagt {formatting.kronor(sum(budgets))}; "
            f"median {formatting.kronor(round(statistics.median(budgets)))}, "
            f"från {formatting.kronor(min(budgets))} till {formatting.kronor(max(budgets))} "
            f"(median av {k} projekt med känd budget; {_of(k, n, 'anger budget')})."
        )
    else:
        lines.append(f"- **Budget:** {_none(n, 'anger en total budget')}.")
    if found.share:
        support, total, k = found.share
        lines.append(
            f"- **Tillväxtverkets andel:** stödet från Landsbygdsprogrammet är {round(100 * support / total)} % "
            f"av den totala budgeten, {formatting.kronor(support)} av {formatting.kronor(total)} "
            f"(i {_of(k, n, 'som anger både stöd och total budget')})."
        )
    if found.months:
        k = len(found.months)
        lines.append(
            f"- **Längd:** typiskt {round(statistics.median(found.months))} månader, "
            f"från {min(found.months)} till {max(found.months)} "
            f"(median av {k} projekt där både start- och slutdatum är kända)."
        )
    else:
        lines.append(f"- **Längd:** okänd; {_none(n, 'anger både start- och slutdatum')}.")
    if found.organisations:
        led = sum(count for _, count in found.organisations)
        kinds = ", ".join(f"{_kind_words(kind)} ({count})" for kind, count in found.organisations)
        stated = found.owners_stated
        inferred = led - stated
        known = f"projektägaren står i en källa för {stated} av {n} projekt" + (
            f" och är härledd för {inferred}" if inferred else ""
        )
        lines.append(
            f"- **Projektägare:** {kinds}; {known}. Sorten kommer från finansiärsordlistan, eller ur namnet "
            f"(till exempel *kommun* eller *förening*); annars står *{_kind_words(UNKNOWN_KIND)}*."
        )
    if found.funders:
        funded = ", ".join(f"{myst.role('funder', funder)} ({count})" for funder, count in found.funders)
        lines.append(f"- **Finansiärer:** {funded}. Antal projekt inom parentes.")
    return "\n".join(lines)


def activities_text(projects: list[Project]) -> str:
    """The activities the projects list, quoted and linked to their project."""
    listed = [p for p in projects if p.activities]
    if not listed:
        return f"Inget av de {len(projects)} projekten listar aktiviteter."
    shown = listed[:ACTIVITY_PROJECTS]
    blocks = []
    for project in shown:
        items = [item for group in project.activities for item in group.items]
        quoted = "\n".join(f"  - ”{myst.inline(item)}”" for item in items)
        blocks.append(f"- {myst.role('project', project.id)}:\n{quoted}")
    if len(shown) < len(listed):
        note = (
            f"Ur de {len(shown)} första av {len(listed)} projekt som listar aktiviteter, i bokstavsordning; "
            "resten står på projektsidorna"
        )
    else:
        note = f"Ur {_of(len(listed), len(projects), 'som listar aktiviteter')}"
    return note.rstrip() + ", med projektens egna ord:\n\n" + "\n".join(blocks)


def contacts_text(projects: list[Project], mode: str) -> str:
    """Whom to ask, as the contacts option allows: name, role and organisation; role and organisation; nothing."""
    if mode == "hidden":
        return ""
    lines = []
    with_contacts = [p for p in projects if p.contacts]
    for project in with_contacts[:CONTACT_PROJECTS]:
        for contact in project.contacts:
            parts = []
            if mode == "full" and contact.name != HIDDEN:
                parts.append(f"**{myst.inline(contact.name)}**")
            parts += [myst.inline(x) for x in (contact.role, contact.organisation) if x]
            if parts:
                lines.append(f"- {', '.join(parts)} – {myst.role('project', project.id)}")
    if not lines:
        return ""
    intro = "Kontaktuppgifterna står på projektsidan."
    if len(with_contacts) > CONTACT_PROJECTS:
        intro += f" Här ur de {CONTACT_PROJECTS} första av {len(with_contacts)} projekt med kontakter."
    return intro + "\n\n" + "\n".join(lines)


def guide(projects: list[Project], catalog: Catalog, contacts: str = "full") -> str:
    """The whole guide section, or "" when the term has no projects."""
    if not projects:
        return ""
    parts = [
        f"## {GUIDE_HEADING}",
        "Räknat ur handbokens projektfiler när sidan byggdes; siffrorna bygger bara på dem. "
        "Siffrorna och aktiviteterna är projektens planer när stödet beviljades. " + follow_up_count(projects),
        figures_text(figures(projects, catalog)),
        "### Aktiviteter i projekten",
        activities_text(projects),
    ]
    people = contacts_text(projects, contacts)
    if people:
        parts += ["### Att fråga", people]
    learned = lessons.method_lessons(projects)
    if learned:
        parts.append(learned)
    return "\n\n".join(parts)


def follow_up_count(projects: list[Project]) -> str:
    """How many of *projects* have sourced follow-up, and where to read it."""
    followed = sum(1 for p in projects if p.outcome.reported)
    if not followed:
        return "För inget av projekten har handboken ännu källor om vad som hände sedan."
    return (
        f"Vad som hände sedan står, med källor, på projektsidorna för {_of(followed, len(projects), 'med uppföljning')}"
        + (
            f"; lärdomarna ur dem står under {LESSONS_HEADING_REF}."
            if any(p.outcome.worked or p.outcome.hard for p in projects)
            else "."
        )
    )
