"""Figures computed from the project files, for hand-written pages: the summary, the map and the statistics."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from ...content import stats, svgmap
from ...data import formatting
from ...data.kinds import AMOUNTS, PROJECTS, Kind
from ...data.model import NATIONAL
from ..core.state import catalog_of
from . import geomap, links

NUMBER_HEADERS = ("Projekt", "Total budget", "Anger total", "Stöd från Landsbygdsprogrammet")
REGION_HEADERS = (stats.OWN_HEADER, *NUMBER_HEADERS[1:], stats.SHARED_HEADER, stats.ALL_HEADER)
"""Per län, each count says which projects it counts (``content.stats``), so the table and the map agree."""
FUNDER_HEADERS = ("Projekt", "Känt belopp från finansiären", "Anger belopp")


def number_cells(row: stats.Row, kind: str, kinds: dict[str, Kind], *, is_total: bool = False) -> list[str]:
    """The figures of one row, in the columns :func:`number_headers` names for *kind*."""
    totals = stats.totals(kinds, kind)
    if totals is None:
        return [str(row.projects)]
    if totals == AMOUNTS:
        given = f"{row.with_amount} av {row.projects}" if not is_total else "–"
        return [str(row.projects), formatting.kronor(row.amount) if row.with_amount else "–", given]
    cells = [
        str(row.projects),
        formatting.kronor(row.total) if row.with_total else "–",
        f"{row.with_total} av {row.projects}",
        formatting.kronor(row.support) if row.with_support else "–",
    ]
    if kind == "region":
        cells += [str(row.shared), str(stats.concerning(row))] if row.key is not None else ["–", "–"]
    return cells


def number_headers(kind: str, kinds: dict[str, Kind]) -> tuple[str, ...]:
    """Money where the rows add up (the registry's ``totals``): per län, project type and year; own amounts
    per funder; counts only where rows overlap (methods, declared kinds)."""
    totals = stats.totals(kinds, kind)
    if totals is None:
        return ("Projekt",)
    if totals == AMOUNTS:
        return FUNDER_HEADERS
    assert totals == PROJECTS
    return REGION_HEADERS if kind == "region" else NUMBER_HEADERS


SOFT_HYPHENS = {"Landsbygdsprogrammet": "Landsbygds\u00adprogrammet", "Länsöverskridande": "Läns\u00adöverskridande"}
"""The long words of the column headings, with where they may break (a soft hyphen shows only there)."""


def breakable(heading: str) -> str:
    """A column heading whose long words may break, so a table of seven columns fits a 46em page
    (the browsers' Swedish hyphenation is not everywhere: Chromium on Linux has none)."""
    for word, broken in SOFT_HYPHENS.items():
        heading = heading.replace(word, broken)
    return heading


def figures_table(
    rows: list[stats.Row], kind: str, kinds: dict[str, Kind], docname: str, total: stats.Row | None = None
) -> nodes.table:
    """A real table of the figures: name (linked to its hub), then the figures for *kind*, then the total row."""
    title = stats.title(kinds, kind)
    headers = number_headers(kind, kinds)
    table = nodes.table(classes=["sh-figures"])
    table += nodes.title(title, title)
    group = nodes.tgroup(cols=1 + len(headers))
    table += group
    group += nodes.colspec(colwidth=34)
    for _ in headers:
        group += nodes.colspec(colwidth=max(10, 66 // len(headers)))
    head = nodes.thead()
    group += head
    head += _row([nodes.Text(stats.column(kinds, kind)), *(nodes.Text(breakable(h)) for h in headers)])
    body = nodes.tbody()
    group += body
    for row in rows:
        if row.key is not None and kind in kinds:
            name: nodes.Node = addnodes.pending_xref(
                "",
                nodes.inline(row.label, row.label),
                refdomain="handbook",
                reftype=kind,
                reftarget=row.key,
                refexplicit=False,
                refwarn=True,
                refdoc=docname,
            )
        else:
            name = nodes.Text(row.label)
        body += _row([name, *(nodes.Text(c) for c in number_cells(row, kind, kinds))])
    if total is not None:
        line = _row(
            [nodes.strong(total.label, total.label)]
            + [nodes.strong(c, c) for c in number_cells(total, kind, kinds, is_total=True)]
        )
        line["classes"].append("sh-total")
        body += line
    return table


def _row(cells: Sequence[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for index, cell in enumerate(cells):
        row += nodes.entry("", nodes.paragraph("", "", cell), classes=["sh-num"] if index else [])
    return row


class MapDirective(SphinxDirective):
    """``{handbook:map}``: Sweden's län shaded by projects, with the same figures as a table;
    ``{handbook:map} <län id>``: that län's kommuner (:mod:`.geomap`)."""

    has_content = False
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        catalog = catalog_of(self.env)
        if self.arguments:
            svg, rows = geomap.county_map(self, catalog, self.arguments[0])
            container = nodes.container(classes=["handbook-data", "sh-map"])
            container += nodes.raw("", svg, format="html")
            container += figures_table(rows, "municipality", catalog.kinds, self.env.docname)
            return [container]
        figures = stats.rows(catalog, "region")
        by_id = {row.key: row for row in figures}
        # A tile counts every project that works in its län, shared ones too; the table counts each project once.
        # The SVG is raw HTML: its links are placeholders, resolved for each builder when written.
        tiles = [
            svgmap.Tile(
                term.id,
                term.label,
                by_id[term.id].projects + by_id[term.id].shared,
                links.doc_link(term.docname),
                term.code or "",
            )
            for term in catalog.vocabulary.sorted("region")
        ]
        national = sum(row.projects for row in figures if row.label == NATIONAL)
        uid = f"sh-map-{self.env.new_serialno('handbook-map')}"
        try:
            svg = svgmap.region_map(tiles, national=national, uid=uid, outline=geomap.country_outline(self, catalog))
        except KeyError as exc:
            raise self.error(f"handbook:map: {exc}") from exc
        container = nodes.container(classes=["handbook-data", "sh-map"])
        container += nodes.raw("", svg, format="html")
        total = stats.total(catalog, "region", figures)
        container += figures_table(figures, "region", catalog.kinds, self.env.docname, total)
        return [container]


class StatsDirective(SphinxDirective):
    """``{handbook:stats} region|method|funder|category|year`` (or a declared kind): a bar chart and a table."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        catalog = catalog_of(self.env)
        allowed = stats.stat_kinds(catalog.kinds)
        if kind not in allowed:
            raise self.error(f"handbook:stats: kind must be one of {', '.join(allowed)}, not {kind!r}")
        figures = stats.ranked(stats.rows(catalog, kind), kind)
        uid = f"sh-stats-{kind}-{self.env.new_serialno('handbook-stats')}"
        description = stats.chart_description(kind)
        container = nodes.container(classes=["handbook-data", "sh-stats"])
        title = stats.title(catalog.kinds, kind)
        bars = [(row.label, row.projects) for row in figures]
        chart = svgmap.bar_chart(bars, title, description, uid, stats.BAR)
        container += nodes.raw("", chart, format="html")
        container += figures_table(figures, kind, catalog.kinds, self.env.docname, stats.total(catalog, kind, figures))
        return [container]


class SummaryDirective(SphinxDirective):
    """``{handbook:summary}``: the handbook in numbers, for the start page."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        catalog = catalog_of(self.env)
        projects = list(catalog.projects.values())
        totals = [p.budget.total for p in projects if p.budget.total is not None]
        support = [p.budget.support for p in projects if p.budget.support is not None]
        regions = {r for p in projects for r in p.regions}
        facts = [
            ("Projekt", str(len(projects)), ""),
            ("Total budget", formatting.kronor(sum(totals)), f"{len(totals)} av {len(projects)} projekt anger total"),
            ("Stöd från Landsbygdsprogrammet", formatting.kronor(sum(support)), f"{len(support)} projekt"),
            ("Län med projekt", f"{len(regions)} av {len(catalog.vocabulary.terms['region'])}", ""),
            ("Metoder", str(len(catalog.vocabulary.terms["method"])), ""),
            (
                "Med uppföljning",
                f"{sum(1 for p in projects if p.outcome.reported)} av {len(projects)}",
                "projekt där källor berättar vad som hände sedan",
            ),
        ]
        summary = nodes.container(classes=["handbook-data", "sh-summary"])
        for label, value, note in facts:
            fact = nodes.container(classes=["sh-fact"])
            fact += nodes.paragraph(label, label, classes=["sh-fact-label"])
            fact += nodes.paragraph(value, value, classes=["sh-fact-value"])
            if note:
                fact += nodes.paragraph(note, note, classes=["sh-fact-note"])
            summary += fact
        return [summary]
