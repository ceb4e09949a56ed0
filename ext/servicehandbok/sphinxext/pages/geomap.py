"""``{handbook:map}`` with a län: the län's kommuner shaded by projects, with a table of the same figures."""

from __future__ import annotations

from pathlib import Path
from xml.parsers import expat

from sphinx.util.docutils import SphinxDirective

from ...content import stats, svgmap
from ...data.catalog import Catalog
from ...data.geography import COUNTRY_MAP, MAPS_FOLDER, SVG_NS, Outline, load_outline
from ...data.vocabulary import VOCABULARY_DIR
from ...data.yamlload import LoadError, read_text
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


def area_names(catalog: Catalog, name: str) -> dict[str, str]:
    """The short names the outline file gives its areas (``data-name="Gagnef"``), by SCB code.

    Read like the outline itself (``data.geography.read_outline``): through the guarded reader,
    with no DOCTYPE and so no entity expanded; ``{}`` if anything is wrong (the map then writes
    the full names, where they fit).
    """
    names: dict[str, str] = {}
    parser = expat.ParserCreate(encoding="UTF-8", namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def start(tag: str, attributes: dict[str, str]) -> None:
        code = attributes.get("id", "").partition("-")[2]
        if tag == f"{SVG_NS} path" and code and attributes.get("data-name"):
            names[code] = attributes["data-name"]

    def doctype(*_: object) -> None:
        raise ValueError("DOCTYPE")

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(read_text(Path(catalog.folder) / VOCABULARY_DIR / MAPS_FOLDER / f"{name}.svg").encode(), True)
    except (LoadError, expat.ExpatError, ValueError):
        return {}
    return names


def country_outline(directive: SphinxDirective, catalog: Catalog) -> Outline:
    return outline_of(directive, catalog, COUNTRY_MAP)


def county_map(directive: SphinxDirective, catalog: Catalog, region_id: str) -> tuple[str, list[stats.Row]]:
    """A län's kommun map as SVG, and the rows of its table: kommuner with projects, then the rest as one row."""
    county = catalog.vocabulary.get("region", region_id)
    if county is None or not county.code:
        raise directive.error(f"handbook:map: okänt län {region_id!r}")
    outline = outline_of(directive, catalog, county.code)
    short = area_names(catalog, county.code)
    kommuner = [k for k in catalog.vocabulary.sorted("municipality") if k.region == region_id]
    tiles, rows, others = [], [], []
    for kommun in kommuner:
        projects = catalog.projects_with("municipality", kommun.id)
        href = links.doc_link(kommun.docname) if projects else None
        code = kommun.code or ""
        tiles.append(svgmap.Tile(kommun.id, kommun.name, len(projects), href, code, short.get(code, "")))
        if projects:
            rows.append(stats.summarise(kommun.id, kommun.name, projects))
        else:
            others.append(short.get(code) or kommun.name)
    if others:
        # Projects for the whole län work there too; the table counts only projects that name a kommun.
        # It names them all: the map has room for some names only.
        label = f"Övriga {len(others)} kommuner, som inget projekt nämner särskilt: {', '.join(others)}"
        rows.append(stats.Row(None, label, 0, 0, 0, 0, 0))
    uid = f"sh-map-{directive.env.new_serialno('handbook-map')}"
    try:
        svg = svgmap.county_map(tiles, county=county.label, uid=uid, outline=outline)
    except KeyError as exc:
        raise directive.error(f"handbook:map: {exc}") from exc
    return svg, rows
