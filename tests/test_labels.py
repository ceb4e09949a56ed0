"""Labels that say what the data is (issue 30): no word on a page claims more than the files and sources do."""

from __future__ import annotations

import pytest

from conftest import PROJECTS, REPO
from servicehandbok.content import hubs, myst, nearby
from servicehandbok.content.render import RenderOptions, project_page
from servicehandbok.data.catalog import load_catalog
from servicehandbok.data.formatting import listing


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(PROJECTS)


def fact(page: str, label: str) -> str:
    box = page.split("```{card}", 1)[1].split("```", 1)[0]
    return next(line for line in box.splitlines() if line.startswith(f":{label}:"))


def test_lists_read_as_swedish() -> None:
    assert listing([]) == ""
    assert listing(["A"]) == "A"
    assert listing(["A", "B"]) == "A och B"
    assert listing(["A", "B", "C"]) == "A, B och C"


def test_project_types_follow_the_three_headings_of_the_source(catalog) -> None:
    about = (REPO / "docs" / "om.md").read_text(encoding="utf-8")
    assert "fyra grupper" not in about and "tre rubriker" in about
    assert "fyra grupper" not in catalog.kinds["category"].intro
    pipos = catalog.projects["pipos-serviceanalys"]
    page = project_page(pipos, catalog.vocabulary, RenderOptions(), "d")
    assert "redaktionell placering" in fact(page, "Projekttyp")


@pytest.mark.parametrize("project_id", ["gallivare-service-i-samverkan"])
def test_an_owner_the_grant_list_does_not_name_is_marked(catalog, project_id: str) -> None:
    page = project_page(catalog.projects[project_id], catalog.vocabulary, RenderOptions(), "d")
    assert "*(härlett: " in fact(page, "Projektägare")


def test_a_stated_owner_rests_on_a_source_that_states_it(catalog) -> None:
    """Uppsala's owner was marked stated with an inference as reason; now it cites the kommun's own pages."""
    provenance = catalog.projects["uppsala-servicepunkter"].provenance_of("lead_organisation")
    assert provenance.basis == "stated" and provenance.sources


def test_search_words_are_not_called_synonyms(catalog) -> None:
    term = catalog.vocabulary.get("method", "lea")
    page = hubs.term_pages(term, catalog)[term.docname]
    assert "kallas också" not in page and "sökord som också hittar hit: " in page


def test_fa_regions_are_functional_analysis_regions(catalog) -> None:
    page = project_page(catalog.projects["stocke-motesplats"], catalog.vocabulary, RenderOptions(), "d")
    sections = nearby.project_sections(catalog)["stocke-motesplats"]
    assert "arbetsmarknadsregion" not in page + sections
    assert "funktionella analysregioner" in sections and f"## {nearby.FA_HEADING}" in sections


def test_every_method_definition_cites_its_sources(catalog) -> None:
    for term in catalog.vocabulary.sorted("method"):
        assert term.sources, term.id
        page = hubs.term_pages(term, catalog)[term.docname]
        assert "Källor för beskrivningen:" in page, term.id


def test_guides_count_owners_by_what_the_sources_state(catalog) -> None:
    term = catalog.vocabulary.get("method", "servicepunkter")
    page = hubs.term_pages(term, catalog)[term.docname]
    owners = next(line for line in page.splitlines() if line.startswith("- **Projektägare:**"))
    assert "okänd sort" not in owners and "projektägaren står i en källa för" in owners
    assert myst.inline("Kommun") in owners  # kommuner are known by their name, not only from the funder list
