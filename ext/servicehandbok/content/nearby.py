"""Nearby and region: projects in neighbouring län and kommuner, and in the same FA region. Pure.

Planners ask "what has been tried near us?". The answers come from the committed geography
(``data.geography``): neighbours share a border, and an FA region (Tillväxtverket's
functional labour-market region) is a group of kommuner where most people both live and work.
"""

from __future__ import annotations

from collections import defaultdict

from ..data import formatting
from ..data.catalog import Catalog
from ..data.collation import sort_key
from ..data.geography import MAPS_FOLDER, fa_regions
from ..data.model import Project, Term
from ..data.vocabulary import VOCABULARY_DIR
from . import glossary, myst

LIMIT = 8
"""Projects listed per neighbour or region; the neighbour's own page lists them all."""

NEIGHBOUR_WORDS = {"region": "Grannlän", "municipality": "Grannkommuner"}


def neighbours(term: Term, catalog: Catalog) -> list[Term]:
    """The län or kommuner that share a border with *term*, in Swedish order of name."""
    geography = catalog.geography
    relation = geography.region_neighbours if term.kind == "region" else geography.municipality_neighbours
    codes = set(relation.get(term.code or "", ()))
    found = [t for t in catalog.vocabulary.terms[term.kind].values() if t.code in codes]
    return sorted(found, key=lambda t: sort_key(t.name))


def hub_section(term: Term, catalog: Catalog) -> str:
    """``## I närheten`` for a län or kommun hub: each neighbour with its projects; empty for other kinds."""
    if term.kind not in NEIGHBOUR_WORDS:
        return ""
    near = neighbours(term, catalog)
    if not near:
        return ""
    heading = NEIGHBOUR_WORDS[term.kind]
    own = {p.id for p in catalog.projects_with(term.kind, term.id)}
    lines: list[str] = []
    same: list[str] = []
    empty: list[str] = []
    for other in near:
        everything = catalog.projects_with(term.kind, other.id)
        projects = [p for p in everything if p.id not in own]
        if not projects:
            (same if everything else empty).append(myst.inline(other.label))
            continue
        shown = ", ".join(myst.role("project", p.id) for p in projects[:LIMIT])
        more = f" och {len(projects) - LIMIT} till" if len(projects) > LIMIT else ""
        lines.append(f"- {myst.role(term.kind, other.id)} ({len(projects)}): {shown}{more}")
    parts = ["## I närheten", f"{heading} till {myst.inline(term.label)} och projekten där."]
    if lines:
        parts.append("\n".join(lines))
    if same:
        parts.append(f"Projekten i {', '.join(same)} verkar också här och står ovan.")
    if empty:
        parts.append(f"Utan projekt i handboken: {', '.join(empty)}.")
    return "\n\n".join(parts)


def project_sections(catalog: Catalog) -> dict[str, str]:
    """``{project id: MyST}``: the FA region section of every project whose kommuner place it in one.

    Computed for all projects at once, through one index of region → projects, so the work
    grows with the catalogue, not with its square.
    """
    regions_of: dict[str, list[tuple[str, str]]] = {}
    members: dict[str, list[Project]] = defaultdict(list)
    for project in catalog.projects.values():  # already in Swedish title order
        kommuner = catalog.vocabulary.known("municipality", project.municipalities)
        regions_of[project.id] = fa_regions(kommuner, catalog.geography)
        for code, _ in regions_of[project.id]:
            members[code].append(project)
    sections = {}
    for project_id, regions in regions_of.items():
        if regions:
            sections[project_id] = _project_section(project_id, regions, members)
    return sections


FA_HEADING = "Samma FA-region"


def _project_section(project_id: str, regions: list[tuple[str, str]], members: dict[str, list[Project]]) -> str:
    names = formatting.listing([f"**{myst.inline(name)}**" for _, name in regions])
    word = "FA-regionerna" if len(regions) > 1 else "FA-regionen"
    parts = [
        myst.heading(2, FA_HEADING, myst.UNINDEXED),  # other projects' titles are not this project's content
        f"Projektet verkar i {word} {names}. En {glossary.word(glossary.FA_TERM, 'FA-region')} är en av "
        "Tillväxtanalys funktionella analysregioner (FA15): kommuner som hänger ihop genom att många pendlar "
        "mellan dem.",
    ]
    lines = []
    for code, name in regions:
        others = [p for p in members[code] if p.id != project_id]
        if not others:
            continue
        shown = "\n".join(f"- {myst.role('project', p.id)}" for p in others[:LIMIT])
        more = f"\n- … och {len(others) - LIMIT} projekt till" if len(others) > LIMIT else ""
        lead = f"Andra projekt i {myst.inline(name)}:" if len(regions) > 1 else "Andra projekt där:"
        lines.append(f"{lead}\n\n{shown}{more}")
    parts += lines or ["Inga andra projekt i handboken verkar där ännu."]
    return "\n\n".join(parts)


def county_map_block(term: Term, catalog: Catalog) -> str:
    """The ``{handbook:map}`` of a län's kommuner, for its hub page; empty without a committed outline."""
    if term.kind != "region" or not term.code:
        return ""
    if not (catalog.folder / VOCABULARY_DIR / MAPS_FOLDER / f"{term.code}.svg").is_file():
        return ""
    return f"```{{handbook:map}} {term.id}\n```"


def county_figures(term: Term, catalog: Catalog) -> list[tuple[str, int]]:
    """What the län's kommun map shows: each kommun's number of projects (part of the hub page's stamp)."""
    if term.kind != "region":
        return []
    kommuner = (k for k in catalog.vocabulary.sorted("municipality") if k.region == term.id)
    return [(k.id, len(catalog.projects_with("municipality", k.id))) for k in kommuner]
