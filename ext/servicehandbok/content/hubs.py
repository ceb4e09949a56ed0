"""Hub pages: one page per term (län, kommun, method, funder, project type, …) and one per kind.

Each page is MyST text computed from the catalog, so it changes exactly when the data it
shows changes; the page writer then rewrites it and Sphinx re-reads it.
"""

from __future__ import annotations

import hashlib

from ..data import formatting
from ..data.catalog import Catalog
from ..data.collation import sort_key
from ..data.model import FUNDER_TYPES, NATIONAL, Project, Term
from ..outputs import feeds
from . import glossary, guides, lessons, myst, nearby, stats
from .followup import sources_block
from .render import front_matter


def digest(*parts: object) -> str:
    """A short stamp of everything a generated page shows."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def titles_linked(text: str, catalog: Catalog) -> list[tuple[str, str]]:
    """The id and title of each project *text* links by role: the page shows those titles, so its stamp
    must change with them even when the MyST text (ids only) does not."""
    return [(i, catalog.projects[i].title) for i in myst.role_targets("project", text) if i in catalog.projects]


def _place(project: Project, catalog: Catalog) -> str:
    """The project's län as readers see them (MyST), marked when the source does not state them."""
    if project.national:
        return myst.inline(NATIONAL)
    place = ", ".join(myst.inline(term.label) for term in catalog.vocabulary.known("region", project.regions))
    provenance = project.provenance_of("regions")
    if place and provenance is not None and project.is_marked(provenance):
        return f"{place} ({glossary.basis(provenance.basis)})"
    return place


def project_list(projects: list[Project], catalog: Catalog, *, amount_from: str | None = None) -> str:
    """A table of projects: title (linked), place, end, and an amount when asked for."""
    if not projects:
        return "Inga projekt ännu."
    header = "| Projekt | Län | Slutdatum |" + (" Belopp |" if amount_from else "")
    rule = "|---|---|---|" + ("--:|" if amount_from else "")
    rows = [header, rule]
    for project in projects:
        end = formatting.date(project.end) if project.end else "–"
        row = f"| {myst.role('project', project.id)} | {_place(project, catalog) or '–'} | {end} |"
        if amount_from:
            amount = project.amount_from(amount_from)
            row += f" {formatting.kronor(amount) if amount is not None else 'ej angivet'} |"
        rows.append(row)
    return "\n".join(rows)


PAGE_SIZE = 200
"""Projects listed on one hub page; a term with more gets further pages, so no page grows without bound."""


def page_docname(term: Term, number: int) -> str:
    """Sphinx document name of page *number* (1-based) of a term's hub."""
    return term.docname if number == 1 else f"{term.docname}/sida-{number}"


def _pager(term: Term, number: int, count: int) -> str:
    """Links to the other pages of a long project list."""
    if count == 1:
        return ""
    links = [
        f"**{page}**" if page == number else f"{{doc}}`{page} </{page_docname(term, page)}>`"
        for page in range(1, count + 1)
    ]
    return "Sidor: " + " · ".join(links)


def term_pages(term: Term, catalog: Catalog, contacts: str = "full") -> dict[str, str]:
    """The hub pages of one term, as ``{docname: MyST}``: the first page, then one per further slice of projects."""
    projects = catalog.projects_with(term.kind, term.id)
    slices = [projects[i : i + PAGE_SIZE] for i in range(0, len(projects), PAGE_SIZE)] or [[]]
    if term.kind in guides.GUIDE_KINDS:
        computed = guides.guide(projects, catalog, contacts)
    elif term.kind == "factor":
        computed = lessons.factor_section(term, catalog)
    elif term.kind == "programme":
        computed = programme_coverage(term, len(projects))
    else:
        computed = ""
    return {
        page_docname(term, number): _term_page(term, catalog, projects, chunk, number, len(slices), computed)
        for number, chunk in enumerate(slices, start=1)
    }


def _term_page(
    term: Term,
    catalog: Catalog,
    projects: list[Project],
    chunk: list[Project],
    number: int,
    count: int,
    guide: str = "",
) -> str:
    shown = [(p.id, p.title, p.regions, p.national, p.end, p.amount_from(term.id)) for p in chunk]
    guide = guide if number == 1 else ""
    near = nearby.hub_section(term, catalog) if number == 1 else ""  # shows the neighbours' projects
    county = nearby.county_figures(term, catalog) if number == 1 else []  # the län's kommun map
    linked = titles_linked(guide + near, catalog)
    stamp = digest(catalog.vocabulary_digest, term, shown, number, count, len(projects), guide, near, county, linked)
    title = myst.inline(term.name) + (f" – sida {number} av {count}" if number > 1 else "")
    parts = [front_matter(stamp), f"# {title}"]
    if number == 1:
        parts.append(_about(term, catalog))
        if term.text:
            parts.append(myst.paragraphs(term.text))
        if term.sources:
            parts.append(sources_block(term))
        if guide:
            parts.append(guide)
    total = len(projects)
    if term.kind == "region":
        parts.append(f"## {COUNTY_HEADING} ({total})")
        if number == 1 and projects:
            parts.append(county_split(term, catalog))
    else:
        parts.append(f"## Projekt ({total})")
    if count > 1:
        first = (number - 1) * PAGE_SIZE + 1
        parts.append(f"Projekt {first}–{first + len(chunk) - 1} av {total}, i bokstavsordning.")
        parts.append(_pager(term, number, count))
    if term.kind == "funder":
        if number == 1:
            known = [a for a in (p.amount_from(term.id) for p in projects) if a is not None]
            summary = f"{myst.inline(term.name)} finansierar {total} projekt i handboken."
            if known:
                summary += f" Känt belopp sammanlagt: {formatting.kronor(sum(known))} ({len(known)} av {total} projekt anger belopp)."
            parts.append(summary)
        parts.append(project_list(chunk, catalog, amount_from=term.id))
    else:
        parts.append(project_list(chunk, catalog))
    if count > 1:
        parts.append(_pager(term, number, count))
    if number > 1:
        return "\n\n".join(parts) + "\n"
    if term.kind == "region":
        kommuner = [k for k in catalog.hub_terms("municipality") if k.region == term.id]
        county_map = nearby.county_map_block(term, catalog)  # with a table of the same figures
        if kommuner or county_map:
            parts.append("## Kommuner")
            parts.append(
                county_map
                or "\n".join(
                    f"- {myst.role('municipality', k.id)} ({len(catalog.projects_with('municipality', k.id))})"
                    for k in kommuner
                )
            )
    if near:
        parts.append(near)
    kind = catalog.kinds[term.kind]
    if projects:
        parts.append(
            f"{{handbook:search}}`Sök bland de här projekten <{term.kind}:{term.id}>` · alla {myst.inline(kind.title.lower())}: {{doc}}`/{kind.folder}/index`"
        )
    else:
        parts.append(f"Se alla {myst.inline(kind.title.lower())}: {{doc}}`/{kind.folder}/index`.")
    if kind.feed:
        parts.append(
            f"Prenumerera på de här projekten: {{handbook:file}}`Atom-flöde <{feeds.feed_path(kind, term.id)}>`"
        )
    return "\n\n".join(parts) + "\n"


COUNTY_HEADING = "Projekt som rör länet"
"""A län page lists every project that works there, alone or with other län (``stats.county_projects``)."""


def county_split(term: Term, catalog: Catalog) -> str:
    """How a län page's count divides, in the words of the tables: own projects and shared ones."""
    every = len(stats.county_projects(catalog, term.id))
    own = len(stats.own_projects(catalog, term.id))
    shared = every - own
    alone = glossary.word(glossary.COUNTY_OWN_TERM, "bara i länet")
    across = glossary.word(glossary.COUNTY_SHARED_TERM, "länsöverskridande")
    if not shared:
        split = f"alla verkar {alone}"
    elif not own:
        split = f"alla är {across} (verkar också i andra län)"
    else:
        split = f"{own} verkar {alone}, {shared} är {across} (verkar också i andra län)"
    return (
        f"{every} projekt {glossary.word(glossary.COUNTY_ALL_TERM, 'rör länet')}: {split}. "
        f"Kartan räknar alla {every}; tabellerna per län räknar de länsöverskridande en gång, på raden {stats.SHARED}. "
        "Projekt för hela landet står inte under något län."
    )


def _about(term: Term, catalog: Catalog) -> str:
    """One line of facts about the term itself."""
    facts = []
    if term.kind == "region" and term.code:
        facts.append(f"Länskod {term.code}")
    if term.kind == "municipality":
        if term.code:
            facts.append(f"Kommunkod {term.code}")
        if term.region:
            facts.append(f"i {myst.role('region', term.region)}")
    if term.kind == "funder":
        facts.append(FUNDER_TYPES.get(term.funder_type or "", "Finansiär"))
        if term.region:
            facts.append(myst.role("region", term.region))
    if term.period:
        facts.append(f"Tid: {myst.inline(term.period)}")
    if term.abbreviation:
        facts.append(f"Förkortning: {myst.inline(term.abbreviation)}")
    if term.aliases:
        # Words readers search with, not synonyms: the search finds the term's projects by them too
        # (outputs.search_records).
        facts.append("sökord som också hittar hit: " + ", ".join(myst.inline(a) for a in term.aliases))
    return " · ".join(facts) + "." if facts else ""


def programme_coverage(term: Term, held: int) -> str:
    """How many of a programme's projects the handbook holds, where a source gives the programme's number,
    and where the rest are described."""
    if term.project_count:
        titles = "; ".join(
            myst.link(source.title, source.url, source=True)
            for source in term.sources
            if source.id in term.count_sources
        )
        lines = [
            f"Handboken har **{held} av {term.project_count}** projekt i programmet. "
            f"{myst.inline(term.count_text or '')} *(Källa: {titles})*"
        ]
    else:
        lines = [
            f"Handboken har {held} projekt i programmet. Ingen källa som handboken har läst anger hur många projekt programmet finansierade."
        ]
    if term.more_url:
        lines.append(
            f"Fler av programmets projekt beskrivs här: {myst.link(term.more_url, term.more_url, source=True)}"
        )
    return "\n\n".join(lines)


def funder_table(catalog: Catalog) -> str:
    """Every funder with its projects and the amounts the source gives for it, and a total row."""
    table = stats.rows(catalog, "funder")
    total = stats.total(catalog, "funder", table)
    rows = ["| Finansiär | Projekt | Känt belopp | Anger belopp |", "|---|--:|--:|--:|"]
    for row in table:
        amount = formatting.kronor(row.amount) if row.with_amount else "–"
        rows.append(
            f"| {myst.role('funder', row.key or '')} | {row.projects} | {amount} | {row.with_amount} av {row.projects} |"
        )
    if total is not None:
        rows.append(f"| **{stats.TOTAL}** | **{total.projects}** | **{formatting.kronor(total.amount)}** | – |")
    note = (
        "*Känt belopp* är det som källan säger att finansiären själv har bidragit med. Tillväxtverkets belopp är "
        "stödet från Landsbygdsprogrammet. Ett projekt kan ha flera finansiärer, så raden Totalt räknar varje "
        "projekt en gång."
    )
    return "\n".join(rows) + "\n\n" + note


NAMED_FUNDERS_HEADING = "Finansiärer utan egen sida"


def named_funders(catalog: Catalog) -> list[tuple[str, list[tuple[str, int | None]]]]:
    """Co-funders the files only name (``kommunerna``, ``Umeåregionens 6 kommuner``), each with the projects
    that name it and the amount the source gives, if any, in Swedish order; a name written alike in several
    files is one entry."""
    found: dict[str, tuple[str, list[tuple[str, int | None]]]] = {}
    for project in catalog.projects.values():
        for co_funder in project.budget.co_funders:
            if co_funder.funder or not co_funder.name:
                continue
            found.setdefault(co_funder.name.casefold(), (co_funder.name, []))[1].append((project.id, co_funder.amount))
    return sorted(found.values(), key=lambda item: sort_key(item[0]))


def named_funders_section(catalog: Catalog) -> str:
    """The funder overview's list of co-funders without a page, as the sources write them; "" if none."""
    named = named_funders(catalog)
    if not named:
        return ""
    lines = []
    for name, projects in named:
        shown = [
            myst.role("project", project_id) + (f" ({formatting.kronor(amount)})" if amount is not None else "")
            for project_id, amount in projects
        ]
        lines.append(f"- ”{myst.inline(name)}”: {', '.join(shown)}")
    return "\n\n".join(
        [
            f"## {NAMED_FUNDERS_HEADING}",
            f"Här står {glossary.word(glossary.NAMED_FUNDER_TERM, 'finansiärer utan egen sida')}: medfinansiärer "
            "som källorna bara nämner vid namn, ofta som en grupp, till exempel *kommunerna*. De står som källan "
            "skriver dem, med de projekt som nämner dem och beloppet där källan anger det. Handboken delar inte upp "
            "en grupp i enskilda kommuner eller län, och tabellen ovan räknar dem inte.",
            "\n".join(lines),
        ]
    )


def kind_page(kind: str, catalog: Catalog) -> str:
    """The overview page of one kind: every term with its number of projects."""
    info = catalog.kinds[kind]
    terms = catalog.hub_terms(kind)
    counts = [(t.id, len(catalog.projects_with(kind, t.id))) for t in terms]
    # The map's table also shows budgets, so the region page changes when they do.
    shown: object = stats.rows(catalog, kind) if kind in ("region", "funder") else counts
    if kind == "funder":  # and the co-funders without a page, with their projects' titles
        named = named_funders(catalog)
        shown = [shown, named, [(i, catalog.projects[i].title) for _, found in named for i, _ in found]]
    if kind == "programme":  # the table shows each programme's own count
        shown = [counts, [term.project_count for term in terms]]
    parts = [
        f"---\nhandbook-data: {digest(catalog.vocabulary_digest, shown)}\n---\n",
        f"# {myst.inline(info.title)}",
        myst.paragraphs(info.intro),
    ]
    if kind == "region":
        parts.append("```{handbook:map}\n```")
    elif kind == "funder":
        parts.append(funder_table(catalog))
        named_section = named_funders_section(catalog)
        if named_section:
            parts.append(named_section)
    elif kind == "programme":
        rows = [f"| {myst.inline(info.label)} | Projekt i handboken | Projekt enligt källorna |", "|---|--:|--:|"]
        for term, (_, held) in zip(terms, counts, strict=True):
            funded = str(term.project_count) if term.project_count else "ej känt"
            rows.append(f"| {myst.role(kind, term.id)} | {held} | {funded} |")
        parts.append("\n".join(rows))
        parts.append(
            "*Projekt enligt källorna* är det antal som programmets källor anger; hur det räknas står på "
            "programmets sida. Där ingen källa anger antalet står *ej känt*."
        )
    else:
        rows = [f"| {myst.inline(info.label)} | Projekt |", "|---|--:|"]
        rows += [f"| {myst.role(kind, t.id)} | {n} |" for t, (_, n) in zip(terms, counts, strict=True)]
        parts.append("\n".join(rows))
    parts.append(f"Som register: {{ref}}`handbook-{kind}`.")
    return "\n\n".join(parts) + "\n"
