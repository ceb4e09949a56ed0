"""Nearby and region: neighbours' projects on län and kommun hubs, the FA region on project pages and in the search."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_projects, minimal_project, write_project
from servicehandbok.content import myst, nearby
from servicehandbok.content.render import RenderOptions
from servicehandbok.data.catalog import Catalog, load_catalog
from servicehandbok.outputs.search_records import facet_values, facets, page_attributes
from servicehandbok.sphinxext.lifecycle.generate import generate


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """Gagnef and Borlänge (both in FA region Falun-Borlänge, neighbours), Vansbro (a neighbour of
    Gagnef, its own FA region), Mora (neither), Kiruna (Norrbotten, far away)."""
    folder = copy_projects(tmp_path_factory.mktemp("nearby") / "projects", [])
    for project_id, region, kommun in (
        ("i-gagnef", "dalarna", "gagnef"),
        ("i-borlange", "dalarna", "borlange"),
        ("i-vansbro", "dalarna", "vansbro"),
        ("i-mora", "dalarna", "mora"),
        ("i-kiruna", "norrbotten", "kiruna"),
        ("i-gavleborg", "gavleborg", None),
    ):
        fields = {"regions": [region], "municipalities": [kommun] if kommun else None}
        write_project(folder, minimal_project(project_id, title=f"Projekt {project_id}", **fields))
    loaded = load_catalog(folder)
    assert loaded.errors == []
    return loaded


def test_kommun_hub_lists_projects_in_neighbouring_kommuner(catalog: Catalog) -> None:
    text = nearby.hub_section(catalog.vocabulary.get("municipality", "gagnef"), catalog)
    assert "{handbook:project}`i-vansbro`" in text
    assert "{handbook:project}`i-borlange`" in text
    assert "i-mora" not in text  # Mora does not border Gagnef
    assert "i-gagnef" not in text  # its own project is on the page already
    assert "Leksands kommun" in text  # a neighbour without projects is named, not linked
    assert "{handbook:municipality}`leksand`" not in text  # it has no hub page to link to


def test_lan_hub_lists_projects_in_neighbouring_lan(catalog: Catalog) -> None:
    dalarna = nearby.hub_section(catalog.vocabulary.get("region", "dalarna"), catalog)
    assert "{handbook:project}`i-gavleborg`" in dalarna
    assert "i-kiruna" not in dalarna
    gotland = nearby.hub_section(catalog.vocabulary.get("region", "gotland"), catalog)
    assert gotland == ""  # an island has no neighbours


def test_hub_pages_carry_the_nearby_section(catalog: Catalog) -> None:
    pages = generate(catalog, RenderOptions())
    assert "## I närheten" in pages["kommun/gagnef.md"]
    assert "{handbook:project}`i-gagnef`" in pages["kommun/vansbro.md"]
    assert "{handbook:project}`i-vansbro`" in pages["lan/gavleborg.md"]


def test_project_page_states_its_fa_region_and_the_projects_there(catalog: Catalog) -> None:
    pages = generate(catalog, RenderOptions())
    section = pages["projekt/i-gagnef.md"].split("## Samma FA-region")[1].split("\n## ")[0]
    assert f"FA-regionen **{myst.inline('Falun-Borlänge')}**" in section
    assert "{handbook:project}`i-borlange`" in section
    assert "i-mora" not in section  # Mora is its own FA region
    assert "i-vansbro" not in section  # so is Vansbro, though it borders Gagnef
    assert "Inga andra projekt i handboken verkar där ännu." in pages["projekt/i-kiruna.md"]
    assert "Samma FA-region" not in pages["projekt/i-gavleborg.md"]  # no kommun, no FA region


def test_search_has_an_fa_region_facet(catalog: Catalog) -> None:
    names = list(facets(catalog.kinds))
    assert names.index("fa") == names.index("kommun") + 1
    assert facets(catalog.kinds)["fa"] == "FA-region"
    assert facet_values(catalog.projects["i-gagnef"], catalog)["fa"] == ["Falun-Borlänge"]
    assert facet_values(catalog.projects["i-gavleborg"], catalog)["fa"] == []
    assert '<span data-pagefind-filter="fa">Falun-Borlänge</span>' in page_attributes(
        catalog.projects["i-borlange"], catalog
    )


def test_a_project_next_door_changes_the_neighbours_page(tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    write_project(folder, minimal_project("a", municipalities=["gagnef"]))
    before = generate(load_catalog(folder), RenderOptions())["kommun/gagnef.md"]
    write_project(folder, minimal_project("b", title="Projekt b", municipalities=["leksand"]))
    after = generate(load_catalog(folder), RenderOptions())["kommun/gagnef.md"]
    assert before != after
    stamp = [line for line in before.split("\n") if line.startswith("handbook-data: ")]
    assert stamp and stamp[0] not in after  # the stamp in the front matter changed too
