"""``{handbook:map}`` with a län: the län's kommuner shaded by projects, with a table of the same figures."""

from __future__ import annotations

from sphinx.util.docutils import SphinxDirective

from ...content import stats, svgmap
from ...data.catalog import Catalog
from ...data.geography import COUNTRY_MAP, MAPS_FOLDER, Outline, load_outline
from ...data.vocabulary import VOCABULARY_DIR
from . import links


def outline_of(directive: SphinxDirective, catalog: Catalog, name: str) -> Outline:
    """The committed outline ``kartor/<name>.svg``; the page is re-read when the file changes."""
    folder = catalog.folder / VOCABULARY_DIR
    directive.env.note_dependency(str(folder / MAPS_FOLDER / f"{name}.svg"))
    outline = load_outline(folder, name)
    if outline is None:
        raise directive.error(
            f"handbook:map: {VOCABULARY_DIR}/{MAPS_FOLDER}/{name}.svg saknas eller går inte att läsa — kör nox -s geography"
        )
    return outline


def country_outline(directive: SphinxDirective, catalog: Catalog) -> Outline:
    return outline_of(directive, catalog, COUNTRY_MAP)


def county_map(directive: SphinxDirective, catalog: Catalog, region_id: str) -> tuple[str, list[stats.Row]]:
    """A län's kommun map as SVG, and the rows of its table: kommuner with projects, then the rest as one row."""
    county = catalog.vocabulary.get("region", region_id)
    if county is None or not county.code:
        raise directive.error(f"handbook:map: okänt län {region_id!r}")
    outline = outline_of(directive, catalog, county.code)
    kommuner = [k for k in catalog.vocabulary.sorted("municipality") if k.region == region_id]
    tiles, rows = [], []
    for kommun in kommuner:
        projects = catalog.projects_with("municipality", kommun.id)
        href = links.doc_link(kommun.docname) if projects else None
        tiles.append(svgmap.Tile(kommun.id, kommun.name, len(projects), href, kommun.code or ""))
        if projects:
            rows.append(stats.summarise(kommun.id, kommun.name, projects))
    rest = len(kommuner) - len(rows)
    if rest:
        # Projects for the whole län work there too; the table counts only projects that name a kommun.
        rows.append(stats.Row(None, f"Övriga {rest} kommuner, som inget projekt nämner särskilt", 0, 0, 0, 0, 0))
    uid = f"sh-map-{directive.env.new_serialno('handbook-map')}"
    try:
        svg = svgmap.county_map(tiles, county=county.label, uid=uid, outline=outline)
    except KeyError as exc:
        raise directive.error(f"handbook:map: {exc}") from exc
    return svg, rows
