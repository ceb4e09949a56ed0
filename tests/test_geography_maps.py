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
        (figure,) = link.findall(f"{SVG}text")
        assert figure.text in link.find(f"{SVG}title").text  # the visible text is in the accessible name
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
    assert "Övriga 12 kommuner, som inget projekt nämner särskilt" in html
    # Start page and län overview: the country map.
    for page in ("index.html", "lan/index.html"):
        assert 'class="sh-map-svg sh-map-country"' in (site / page).read_text(encoding="utf-8")
