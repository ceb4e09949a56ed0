"""Hub pages only for kommuner in use: all 290 are in the vocabulary, only used ones get pages and index entries."""

from __future__ import annotations

from pathlib import Path

from conftest import PROJECTS, copy_projects, minimal_project, write_project
from servicehandbok.content.render import RenderOptions
from servicehandbok.data.catalog import load_catalog
from servicehandbok.sphinxext.core.domain import domain_data
from servicehandbok.sphinxext.lifecycle.generate import generate

CATALOG = load_catalog(PROJECTS)
USED = {k for p in CATALOG.projects.values() for k in p.municipalities}


def test_only_kommuner_in_use_get_hub_pages() -> None:
    assert len(CATALOG.vocabulary.terms["municipality"]) == 290
    pages = generate(CATALOG, RenderOptions())
    kommun_pages = {path for path in pages if path.startswith("kommun/") and path != "kommun/index.md"}
    assert kommun_pages == {f"kommun/{k}.md" for k in USED}
    # The page count did not grow by the 267 kommuner no project names.
    assert len(pages) < len(CATALOG.projects) + 21 + len(USED) + 100
    overview = pages["kommun/index.md"]
    assert "{handbook:municipality}`gagnef`" in overview
    assert "{handbook:municipality}`mora`" not in overview
    dalarna = pages["lan/dalarna.md"]
    assert "{handbook:municipality}`mora`" not in dalarna


def test_index_has_no_empty_kommun_entries() -> None:
    objects = domain_data(CATALOG)["objects"]["municipality"]
    assert set(objects) == USED
    # Län keep every term: each has a page and a place on the map.
    assert len(domain_data(CATALOG)["objects"]["region"]) == 21


def test_a_kommun_gets_its_page_with_its_first_project(tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    write_project(folder, minimal_project(municipalities=["mora"]))
    catalog = load_catalog(folder)
    assert catalog.errors == []
    pages = generate(catalog, RenderOptions())
    assert "kommun/mora.md" in pages
    assert not any(path == "kommun/gagnef.md" for path in pages)


def test_a_role_naming_a_kommun_without_page_shows_its_name(handbook, tmp_path: Path) -> None:
    """The test root's start page names Gagnef; without Björbo no project does, so no page: the name, unlinked."""
    folder = copy_projects(tmp_path / "projects", ["uppsala-servicepunkter"])
    built = handbook(folder)  # fails on any warning, an unresolved reference included
    html = built.html("index")
    assert '<span class="handbook handbook-municipality">Gagnefs kommun</span>' in html
    assert "kommun/gagnef.html" not in html
    assert not (built.outdir / "kommun" / "gagnef.html").exists()
