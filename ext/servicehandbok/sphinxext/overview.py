"""Sphinx glue for the overview: map and statistics directives, open data, feeds and JSON-LD."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.nodes import split_explicit_title
from sphinx.util.osutil import relative_uri

from ..content import stats, svgmap
from ..data import formatting
from ..data.catalog import Catalog, code_fingerprint
from ..data.kinds import AMOUNTS, PROJECTS, Kind
from ..data.model import NATIONAL, Project
from ..outputs import exports, feeds
from . import geomap, links
from .buildstate import catalog_of
from .completion import write_atomically
from .config import SITE_BUILDERS, handbook_config
from .pages import files_unchanged, remember_files

logger = logging.getLogger(__name__)

NUMBER_HEADERS = ("Projekt", "Total budget", "Anger total", "Stöd från Landsbygdsprogrammet")
SHARED_HEADER = "Också i projekt för flera län"
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
        cells.append(str(row.shared) if row.key is not None else "–")
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
    return (*NUMBER_HEADERS, SHARED_HEADER) if kind == "region" else NUMBER_HEADERS


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
    head += _row([nodes.Text(stats.column(kinds, kind)), *(nodes.Text(h) for h in headers)])
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


def _row(cells: list[nodes.Node]) -> nodes.row:
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
        description = "Staplarna visar antal projekt. Samma siffror står i tabellen under."
        container = nodes.container(classes=["handbook-data", "sh-stats"])
        title = stats.title(catalog.kinds, kind)
        container += nodes.raw("", stats.bar_chart(figures, title, description, uid), format="html")
        container += figures_table(figures, kind, catalog.kinds, self.env.docname, stats.total(catalog, kind, figures))
        return [container]


class output_file(nodes.Inline, nodes.TextElement):
    """A link to a file the build writes into the output root, resolved for each page."""


class OutputFileRole(SphinxRole):
    """``{handbook:file}`Alla projekt som JSON <projects.json>```: a link to an open-data file or feed."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        _, title, target = split_explicit_title(self.text)
        catalog = catalog_of(self.env)
        known = {*exports.FILES, *feeds.feed_paths(catalog)}
        if target not in known:
            logger.warning(
                f"handbook:file: the build writes no file {target!r}",
                location=self.get_location(),
                type="servicehandbok",
                subtype="file",
            )
            return [nodes.inline(title, title)], []
        return [output_file(self.rawtext, title, target=target)], []


def resolve_output_files(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``: each :class:`output_file` becomes a link relative to *docname*, or plain text."""
    builder = app.builder
    for node in list(doctree.findall(output_file)):
        text = node.astext()
        if builder.name in SITE_BUILDERS:
            uri = relative_uri(builder.get_target_uri(docname), node["target"])
            node.replace_self(nodes.reference("", text, internal=True, refuri=uri, classes=["sh-data-link"]))
        else:
            node.replace_self(nodes.inline(text, text))


def write_open_data(app: Sphinx, exception: BaseException | None) -> None:
    """Write ``projects.json``/``.csv``, the schema and the Atom feeds into the output root."""
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    catalog = catalog_of(app.env)
    builder = app.builder
    baseurl = app.config.html_baseurl
    contacts = handbook_config(app).contacts
    today = handbook_config(app).today
    outdir = Path(app.outdir)
    stamp = f"{catalog.digest} {code_fingerprint()} {contacts} {baseurl} {builder.name} {today}"
    marker = Path(app.doctreedir) / "servicehandbok-open-data.json"
    if files_unchanged(outdir, marker, stamp):
        logger.info("servicehandbok: öppna data och flöden oförändrade")
        return

    def page_url(project: Project) -> str:
        target = builder.get_target_uri(project.docname)
        return formatting.absolute_url(baseurl, target) if baseurl else target

    outputs = {
        **exports.files(catalog, contacts, page_url, today),
        **feeds.feeds(catalog, builder.get_target_uri, baseurl, contacts),
    }
    written = 0
    for relative, data in sorted(outputs.items()):
        target = outdir / relative
        if target.is_file() and target.read_bytes() == data:
            continue
        write_atomically(target, data)
        written += 1
    for path in sorted((outdir / feeds.FOLDER).glob("**/*")):
        if path.is_file() and path.relative_to(outdir).as_posix() not in outputs:
            path.unlink()
    remember_files(marker, stamp, outputs)
    logger.info(f"servicehandbok: öppna data och {len(outputs) - len(exports.FILES)} flöden; {written} filer skrivna")


def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Add schema.org JSON-LD to project pages and a feed link to pages that have a feed."""
    catalog = catalog_of(app.env)
    tags = []
    project = catalog.project_at(pagename)
    if project is not None:
        baseurl = app.config.html_baseurl
        url = formatting.absolute_url(baseurl, app.builder.get_target_uri(pagename)) if baseurl else ""
        tags.append(exports.json_ld(project, catalog.vocabulary, url, handbook_config(app).contacts))
    feed = feeds.ALL_PROJECTS if pagename == app.config.root_doc else _feed_of(pagename, catalog)
    if feed and app.builder.name in SITE_BUILDERS:
        href = html.escape(context["pathto"](feed, 1))
        tags.append(f'<link rel="alternate" type="application/atom+xml" title="Projekt (Atom)" href="{href}">')
    if tags:
        context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags) + "\n"


def _feed_of(pagename: str, catalog: Catalog) -> str | None:
    """The feed of a län's or method's hub page."""
    folder, _, name = pagename.partition("/")
    for kind in feeds.feed_kinds(catalog.kinds):
        if folder == kind.folder and catalog.vocabulary.get(kind.name, name):
            return feeds.feed_path(kind, name)
    return None
