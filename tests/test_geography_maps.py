"""True maps: Sweden by län and each län by kommun, from the committed outlines; small, linked, accessible."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import PROJECTS
from servicehandbok.content import svgmap
from servicehandbok.content.render import RenderOptions
from servicehandbok.data.catalog import load_catalog
from servicehandbok.data.geography import COUNTRY_MAP, load_outline
from servicehandbok.sphinxext.lifecycle.generate import generate
from servicehandbok.sphinxext.pages import geomap

SVG = "{http://www.w3.org/2000/svg}"
CATALOG = load_catalog(PROJECTS)
FOLDER = PROJECTS / "_vocabulary"
COUNTRY_LIMIT, COUNTY_LIMIT = 60_000, 40_000
"""Bytes of inline SVG the issue allows: the country map, and one län's map."""


def county_svg(region_id: str, linked: bool) -> str:
    county = CATALOG.vocabulary.get("region", region_id)
    kommuner = [k for k in CATALOG.vocabulary.sorted("municipality") if k.region == region_id]
    # Worst case for size: every kommun linked and labelled with a two-digit figure.
    tiles = [
        svgmap.Tile(k.id, k.name, 10 + i if linked else 0, f"../kommun/{k.id}.html" if linked else None, k.code)
        for i, k in enumerate(kommuner)
    ]
    return svgmap.county_map(tiles, county=county.label, uid="t", outline=load_outline(FOLDER, county.code))


def test_country_map_is_small_enough() -> None:
    tiles = [
        svgmap.Tile(t.id, t.label, 10 + i, f"lan/{t.id}.html", t.code)
        for i, t in enumerate(CATALOG.vocabulary.sorted("region"))
    ]
    text = svgmap.region_map(tiles, national=3, uid="t", outline=load_outline(FOLDER, COUNTRY_MAP))
    assert len(text.encode()) <= COUNTRY_LIMIT
    assert len(ET.fromstring(text).findall(f"{SVG}a")) == 21


@pytest.mark.parametrize("region_id", sorted(CATALOG.vocabulary.terms["region"]))
def test_every_county_map_is_small_enough_and_complete(region_id: str) -> None:
    text = county_svg(region_id, linked=True)
    assert len(text.encode()) <= COUNTY_LIMIT
    expected = sum(1 for k in CATALOG.vocabulary.terms["municipality"].values() if k.region == region_id)
    assert len(ET.fromstring(text).findall(f"{SVG}a")) == expected


def test_kommuner_without_projects_are_shapes_not_links() -> None:
    projects = {k for p in CATALOG.projects.values() for k in p.municipalities}
    county = CATALOG.vocabulary.get("region", "dalarna")
    kommuner = [k for k in CATALOG.vocabulary.sorted("municipality") if k.region == "dalarna"]
    tiles = [
        svgmap.Tile(
            k.id, k.name, len(CATALOG.projects_with("municipality", k.id)), "x" if k.id in projects else None, k.code
        )
        for k in kommuner
    ]
    root = ET.fromstring(svgmap.county_map(tiles, county=county.label, uid="d", outline=load_outline(FOLDER, "20")))
    links = root.findall(f"{SVG}a")
    assert {link.find(f"{SVG}title").text for link in links} == {
        f"{k.name} {len(CATALOG.projects_with('municipality', k.id))} projekt" for k in kommuner if k.id in projects
    }
    for link in links:
        name = link.find(f"{SVG}title").text
        texts = link.findall(f"{SVG}text")
        (figure,) = [t for t in texts if t.get("font-weight") == "bold"]
        assert figure.text in name  # the visible text is in the accessible name (WCAG 2.5.3)
        for text in texts:
            assert text.get("aria-hidden") == "true"  # and is not announced a second time
            assert all(word in name for word in "".join(text.itertext()).split())
    (plain,) = [g for g in root.findall(f"{SVG}g") if "sh-map-plain" in g.get("class", "")]
    assert plain.get("aria-hidden") == "true"
    assert len(plain.findall(f"{SVG}path")) == len(kommuner) - len(links)
    assert root.find(f"{SVG}title").text == "Karta: projekt per kommun i Dalarna"


def test_lan_hub_page_has_its_kommun_map() -> None:
    pages = generate(CATALOG, RenderOptions())
    assert "```{handbook:map} dalarna\n```" in pages["lan/dalarna.md"]
    assert "```{handbook:map} gotland\n```" in pages["lan/gotland.md"]


def test_lan_hub_map_in_the_built_site(site: Path) -> None:
    html = (site / "lan" / "dalarna.html").read_text(encoding="utf-8")
    (svg,) = re.findall(
        r'<svg xmlns="http://www.w3.org/2000/svg"[^>]*class="sh-map-svg sh-map-county".*?</svg>', html, re.S
    )
    root = ET.fromstring(svg)
    hrefs = [link.get("href") for link in root.findall(f"{SVG}a")]
    assert hrefs and all((site / "lan" / href).resolve().is_file() for href in hrefs)
    assert "../kommun/gagnef.html" in hrefs
    assert "<caption>" in html and "Projekt per kommun" in html
    # The table names every kommun without projects: the map has room for only some of the names.
    (others,) = re.findall(r"Övriga 12 kommuner, som inget projekt nämner särskilt: ([^<]*)<", html)
    short = geomap.area_names(CATALOG, "20")
    kommuner = [k for k in CATALOG.vocabulary.sorted("municipality") if k.region == "dalarna"]
    assert others.split(", ") == [short[k.code] for k in kommuner if not CATALOG.projects_with("municipality", k.id)]
    assert "Avesta" in others.split(", ")
    # Start page and län overview: the country map.
    for page in ("index.html", "lan/index.html"):
        assert 'class="sh-map-svg sh-map-country"' in (site / page).read_text(encoding="utf-8")


# --- Names on the maps (issue 30: hover tooltips are all a phone never shows) ----------------


def written(element: ET.Element) -> list[str]:
    """The words an area writes on the map besides its figure: its name, on one line or two."""
    return [" ".join(text.itertext()) for text in element.findall(f"{SVG}text") if text.get("font-weight") != "bold"]


def view_box(root: ET.Element) -> tuple[float, float, float, float]:
    left, top, width, height = (float(n) for n in root.get("viewBox").split())
    return left, top, left + width, top + height


def test_every_lan_is_named_on_the_country_map() -> None:
    terms = CATALOG.vocabulary.sorted("region")
    tiles = [svgmap.Tile(t.id, t.label, i % 3, f"lan/{t.id}.html", t.code) for i, t in enumerate(terms)]
    outline = load_outline(FOLDER, COUNTRY_MAP)
    root = ET.fromstring(svgmap.region_map(tiles, national=1, uid="t", outline=outline))
    links = root.findall(f"{SVG}a")
    names = {" ".join(written(link)): link for link in links}
    assert set(names) == {t.label for t in terms}
    left, _, right, _ = view_box(root)
    beside = 0
    for link in links:
        for text in link.findall(f"{SVG}text"):
            assert text.get("aria-hidden") == "true"  # the link's <title> says it once
            if text.get("text-anchor") in ("start", "end"):  # written beside the country
                beside += 1
                assert text.get("fill") == "currentColor"  # the page's text colour, light or dark
                x, width = float(text.get("x")), svgmap.text_width(text.text, float(text.get("font-size")))
                start = x - width if text.get("text-anchor") == "end" else x
                assert left <= start and start + width <= right, text.text
    (leaders,) = root.findall(f"{SVG}g[@class='sh-map-leaders']")
    assert leaders.get("aria-hidden") == "true"
    # One line from each name beside the country to its län (a name on two lines has one line).
    two_lines = sum(1 for link in links if len(written(link)) == 2)
    assert len(leaders.findall(f"{SVG}path")) == beside - two_lines > 0
    # The big northern län have room for their names inside them.
    inside = {name for name, link in names.items() if link.find(f"{SVG}text").get("text-anchor") == "middle"}
    assert "Norrbotten" in inside


@pytest.mark.parametrize("region_id", sorted(CATALOG.vocabulary.terms["region"]))
def test_a_county_map_names_the_kommuner_that_fit_inside_them(region_id: str) -> None:
    """Without projects too (a field of grey shapes before): each name written lies inside its kommun."""
    county = CATALOG.vocabulary.get("region", region_id)
    short = geomap.area_names(CATALOG, county.code)
    kommuner = [k for k in CATALOG.vocabulary.sorted("municipality") if k.region == region_id]
    tiles = [svgmap.Tile(k.id, k.name, 0, None, k.code, short[k.code]) for k in kommuner]
    outline = load_outline(FOLDER, county.code)
    root = ET.fromstring(svgmap.county_map(tiles, county=county.label, uid="t", outline=outline))
    (plain,) = [g for g in root.findall(f"{SVG}g") if "sh-map-plain" in g.get("class", "")]
    by_path = {outline.paths[k.code]: k for k in kommuner}
    named = []
    current = None
    for element in plain:
        if element.tag == f"{SVG}path":
            current = by_path[element.get("d")]
            continue
        assert element.tag == f"{SVG}text" and current is not None
        size = float(element.get("font-size"))
        x, y = float(element.get("x")), float(element.get("y"))
        half = svgmap.text_width(element.text, size) / 2
        rings = svgmap.polygons(outline.paths[current.code])
        for corner in ((x - half, y - 0.7 * size), (x + half, y - 0.7 * size), (x - half, y), (x + half, y)):
            assert svgmap.inside(*corner, rings), (current.name, element.text)
        named.append(current.id)
    assert named, f"no kommun in {county.label} is named"
    # Names are short names, as the outline gives them (Gagnef, not Gagnefs kommun).
    assert all(not text.text.endswith(" kommun") for text in plain.findall(f"{SVG}text"))


def test_names_in_a_big_county_are_many_and_a_crowded_one_has_the_table() -> None:
    counts = {}
    for region_id in ("norrbotten", "vastra-gotaland"):
        county = CATALOG.vocabulary.get("region", region_id)
        short = geomap.area_names(CATALOG, county.code)
        kommuner = [k for k in CATALOG.vocabulary.sorted("municipality") if k.region == region_id]
        tiles = [svgmap.Tile(k.id, k.name, 0, None, k.code, short[k.code]) for k in kommuner]
        root = ET.fromstring(
            svgmap.county_map(tiles, county=county.label, uid="t", outline=load_outline(FOLDER, county.code))
        )
        counts[region_id] = (len(written(root.find(f"{SVG}g"))), len(kommuner))
    assert counts["norrbotten"][0] >= counts["norrbotten"][1] // 2
    assert 0 < counts["vastra-gotaland"][0] < counts["vastra-gotaland"][1]


def test_polygons_and_inside() -> None:
    square = svgmap.polygons("M0 0l10 0 0 10-10 0z")
    assert square == [[(0, 0), (10, 0), (10, 10), (0, 10)]]
    assert svgmap.inside(5, 5, square) and not svgmap.inside(15, 5, square)
    with_hole = svgmap.polygons("M0 0l10 0 0 10-10 0zM4 4l2 0 0 2-2 0z")
    assert not svgmap.inside(5, 5, with_hole) and svgmap.inside(1, 1, with_hole)
    assert svgmap.polygons("M0 0C1 1 2 2 3 3z") == []  # curves: no names inside, never a wrong one


# --- Bar charts ---------------------------------------------------------------------------------


def chart(bars: list[tuple[str, int]]) -> ET.Element:
    return ET.fromstring(svgmap.bar_chart(bars, "Titel", "Beskrivning", "c", "#2171b5"))


def test_a_chart_keeps_its_text_size_and_wraps_long_names_above_their_bars() -> None:
    short = chart([("Dalarna", 4), ("Gotland", 0)])
    assert short.get("viewBox") == f"0 0 {svgmap.CHART_WIDTH} 56"
    labels = short.findall(f"{SVG}text")[0::2]
    assert [t.get("text-anchor") for t in labels] == ["end", "end"]  # beside their bars
    long_name = "Kommunal serviceplanering med lokal delaktighet (serviceplaner, medborgardialog)"
    tall = chart([(long_name, 7), ("Servicepunkter", 17)])
    assert tall.get("viewBox").startswith(f"0 0 {svgmap.CHART_WIDTH} ")
    texts = tall.findall(f"{SVG}text")
    assert {t.get("font-size") for t in texts} == {str(svgmap.CHART_FONT)}
    name = texts[0]
    lines = [span.text for span in name.findall(f"{SVG}tspan")]
    assert len(lines) == 2 and " ".join(lines) == long_name
    assert all(svgmap.text_width(line, svgmap.CHART_FONT) <= svgmap.CHART_WIDTH for line in lines)
    bar = tall.find(f"{SVG}rect")
    assert float(bar.get("x")) == 0 and float(bar.get("y")) > float(name.get("y"))  # the bar under its name
    assert [t.text for t in texts[1::2]] == ["7", "17"]
    widest = max(float(r.get("x")) + float(r.get("width")) for r in tall.findall(f"{SVG}rect"))
    assert widest + 30 <= svgmap.CHART_WIDTH  # room for the figure after the longest bar
