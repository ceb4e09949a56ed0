"""Figures per län, method, funder, project type (any kind the registry marks) and end year, and a bar chart. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..data.catalog import Catalog
from ..data.collation import sort_key
from ..data.kinds import AMOUNTS, PROJECTS, Kind
from ..data.model import NATIONAL, NO_YEAR, Project

YEAR = "year"
"""The pseudo-kind end year: every project has one (or none), no vocabulary backs it."""
YEAR_TITLE = "Projekt per slutår"
YEAR_COLUMN = "Slutår"
NO_REGION = "Inget län angivet"
NO_TERM = "Ej angivet"
"""The row of projects without a term of a one-term kind (a programme not named)."""


def stat_kinds(kinds: dict[str, Kind]) -> tuple[str, ...]:
    """The kinds the statistics page can group projects by: those the registry marks, then the end year."""
    return (*(kind.name for kind in kinds.values() if kind.stats), YEAR)


def title(kinds: dict[str, Kind], kind: str) -> str:
    """Caption of a kind's table and chart: ``Projekt per län``."""
    return YEAR_TITLE if kind == YEAR else kinds[kind].stats_title


def column(kinds: dict[str, Kind], kind: str) -> str:
    """Header of the name column of a kind's table: ``Län``."""
    return YEAR_COLUMN if kind == YEAR else kinds[kind].label


def totals(kinds: dict[str, Kind], kind: str) -> str | None:
    """How a kind's money table adds up (:attr:`Kind.totals`); every project has one end year, or none."""
    return PROJECTS if kind == YEAR else kinds[kind].totals


SHARED = "Flera län"
"""The row of projects that work in more than one län: their money is counted once, here."""
TOTAL = "Totalt"

OWN_HEADER = "Projekt bara i länet"
"""A län's row in the tables: the projects that work in this län and no other (:func:`own_projects`)."""
SHARED_HEADER = "Länsöverskridande projekt som rör länet"
"""Projects that work in this län and in others; the tables count them once, on the row :data:`SHARED`."""
ALL_HEADER = "Alla projekt som rör länet"
"""Both together (:func:`county_projects`): the figure on the map and the län's own page."""
REGION_CHART = (
    "Staplarna visar projekt bara i länet; länsöverskridande projekt står på raden Flera län och "
    "projekt för hela landet på raden Hela landet. Samma siffror står i tabellen under."
)
CHART = "Staplarna visar antal projekt. Samma siffror står i tabellen under."


def county_projects(catalog: Catalog, region: str) -> list[Project]:
    """Every project that works in the län *region*, alone or with other län; never a national one."""
    return [p for p in catalog.projects_with("region", region) if not p.national]


def own_projects(catalog: Catalog, region: str) -> list[Project]:
    """The projects that work in the län *region* and in no other."""
    return [p for p in county_projects(catalog, region) if len(p.regions) == 1]


def concerning(row: Row) -> int:
    """A län row's :data:`ALL_HEADER` figure: its own projects and the shared ones that work there."""
    return row.projects + row.shared


def chart_description(kind: str) -> str:
    """What a kind's bar chart shows, for its description."""
    return REGION_CHART if kind == "region" else CHART


BAR = "#2171b5"
"""Bar colour: 5.1:1 against white and 3.6:1 against Furo's dark background (WCAG 1.4.11)."""


@dataclass(frozen=True)
class Row:
    """The figures of one group of projects."""

    key: str | None
    """Term id or year; ``None`` for Hela landet and for projects without an end date."""
    label: str
    projects: int
    total: int
    """Sum of the total budgets that are given."""
    with_total: int
    """How many of the projects give a total budget."""
    support: int
    """Sum of the support from Landsbygdsprogrammet (Tillväxtverket)."""
    with_support: int
    shared: int = 0
    """For a län: projects that also work here but are counted under :data:`SHARED`."""
    amount: int = 0
    """For a funder: the sum of what the source says this funder put in."""
    with_amount: int = 0
    """For a funder: how many of its projects give its amount."""


def summarise(key: str | None, label: str, projects: Iterable[Project]) -> Row:
    """Count and sum one group of projects."""
    group = list(projects)
    totals = [p.budget.total for p in group if p.budget.total is not None]
    support = [p.budget.support for p in group if p.budget.support is not None]
    return Row(key, label, len(group), sum(totals), len(totals), sum(support), len(support))


def rows(catalog: Catalog, kind: str) -> list[Row]:
    """Every group of *kind*: terms in Swedish order (Hela landet last), years in order."""
    projects = list(catalog.projects.values())
    if kind == YEAR:
        years = sorted({p.end.year for p in projects if p.end})
        result = [summarise(str(y), str(y), (p for p in projects if p.end and p.end.year == y)) for y in years]
        undated = [p for p in projects if not p.end]
        if undated:
            result.append(summarise(None, NO_YEAR, undated))
        return result
    if kind not in stat_kinds(catalog.kinds):
        raise KeyError(kind)
    if kind == "region":
        return region_rows(catalog)
    if kind == "funder":
        return [funder_row(catalog, t.id, t.label) for t in catalog.vocabulary.sorted(kind)]
    result = [summarise(t.id, t.label, catalog.projects_with(kind, t.id)) for t in catalog.vocabulary.sorted(kind)]
    if catalog.kinds[kind].single:  # every project in one row: those without the term in a row of their own
        missing = [p for p in projects if not p.terms(kind)]
        if missing:
            result.append(summarise(None, NO_TERM, missing))
    return result


def region_rows(catalog: Catalog) -> list[Row]:
    """One row per län with the projects that work only there, then Flera län and Hela landet.

    Every project is in exactly one row, so the money adds up to the handbook's total; a län's
    share in projects for several län is counted in :attr:`Row.shared`.
    """
    projects = list(catalog.projects.values())
    result = []
    for term in catalog.vocabulary.sorted("region"):
        own = own_projects(catalog, term.id)
        row = summarise(term.id, term.label, own)
        result.append(replace(row, shared=len(county_projects(catalog, term.id)) - len(own)))
    for label, group in (
        (SHARED, [p for p in projects if not p.national and len(p.regions) > 1]),
        (NATIONAL, [p for p in projects if p.national]),
        (NO_REGION, [p for p in projects if not p.national and not p.regions]),
    ):
        if group:
            result.append(summarise(None, label, group))
    return result


def funder_row(catalog: Catalog, funder: str, label: str) -> Row:
    """A funder's projects, and what the source says the funder itself put in."""
    group = catalog.projects_with("funder", funder)
    amounts = [a for a in (p.amount_from(funder) for p in group) if a is not None]
    return replace(summarise(funder, label, group), amount=sum(amounts), with_amount=len(amounts))


def total(catalog: Catalog, kind: str, table: list[Row]) -> Row | None:
    """The total row of a table, as the registry's :attr:`Kind.totals` says; ``None`` where rows overlap."""
    rule = totals(catalog.kinds, kind)
    if rule == PROJECTS:
        return summarise(None, TOTAL, catalog.projects.values())
    if rule == AMOUNTS:
        row = summarise(None, TOTAL, catalog.projects.values())
        return replace(row, amount=sum(r.amount for r in table), with_amount=sum(r.with_amount for r in table))
    return None


def ranked(table: list[Row], kind: str) -> list[Row]:
    """Rows for a chart: most projects first (ties in Swedish order); years stay in time order."""
    if kind == YEAR:
        return table
    return sorted(table, key=lambda row: (-row.projects, sort_key(row.label)))
