"""Labels that say what the data is (issue 30): no word on a page claims more than the files and sources do."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
import yaml

from conftest import PROJECTS, REPO, copy_projects, minimal_project, write_project
from servicehandbok.content import glossary, hubs, myst, nearby, stats
from servicehandbok.content.render import RenderOptions, project_page
from servicehandbok.data import emails
from servicehandbok.data.catalog import load_catalog
from servicehandbok.data.formatting import listing
from servicehandbok.data.geography import fa_regions
from servicehandbok.data.problems import Severity
from servicehandbok.outputs import exports, search_records
from servicehandbok.sphinxext.pages import figures


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
    assert "*({handbook:glossary}`härlett <harlett>`: " in fact(page, "Projektägare")


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


# --- Issue 30, second round -----------------------------------------------------------------

GLOSSARY = REPO / "docs" / "ordlista.md"
TODAY = dt.date(2026, 12, 1)
SEED = Path("/work/shared/seeds/000_91f2be6be2a91e4c.txt")


def page_of(catalog, project_id: str) -> str:
    return project_page(catalog.projects[project_id], catalog.vocabulary, RenderOptions(today=TODAY), "d")


def glossary_entries() -> dict[str, str]:
    """Each target of the glossary page with the definition under it."""
    text = GLOSSARY.read_text(encoding="utf-8")
    return dict(re.findall(r"^\((sh-ord-[a-z-]+)\)=\n[^\n]+\n: ((?:.+\n)(?:  .+\n)*)", text, flags=re.MULTILINE))


def test_the_glossary_defines_every_word_the_pages_link_to_briefly() -> None:
    entries = glossary_entries()
    assert set(entries) == {glossary.label(term) for term in glossary.TERMS}
    for target, definition in entries.items():
        sentences = [s for s in re.split(r"(?<=[.;])\s", " ".join(definition.split())) if s.strip()]
        assert 1 <= len([s for s in sentences if s.endswith(".")]) <= 2, target


def test_the_glossary_is_in_the_menu_and_on_the_about_page() -> None:
    index = (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    menu = index.split("```{toctree}", 1)[1].split("```", 1)[0].split()
    assert "ordlista" in menu
    assert "{doc}`ordlista`" in (REPO / "docs" / "om.md").read_text(encoding="utf-8")


def test_the_fact_box_links_its_jargon_to_the_glossary(catalog) -> None:
    owner = fact(page_of(catalog, "gallivare-service-i-samverkan"), "Projektägare")
    assert glossary.basis("inferred") + ": " in owner and "(härlett:" not in owner
    pipos = page_of(catalog, "pipos-serviceanalys")
    assert glossary.basis("editorial") + ": " in fact(pipos, "Projekttyp")
    assert glossary.word(glossary.STATED_TERM, "enligt källa") in fact(pipos, "Status")
    derived = fact(page_of(catalog, "bjorbo-pakethantering"), "Status")
    assert glossary.basis("inferred") + ": slutdatum" in derived
    fa = nearby.project_sections(catalog)["stocke-motesplats"]
    assert glossary.word(glossary.FA_TERM, "FA-region") in fa
    guide = hubs.term_pages(catalog.vocabulary.get("method", "servicepunkter"), catalog)["metod/servicepunkter"]
    assert glossary.word(glossary.UNKNOWN_KIND_TERM, "sorten framgår inte") in guide


def _handbook_with(handbook, tmp_path: Path, glossary_text: str | None):
    srcdir = handbook.srcdir
    if glossary_text is not None:
        (srcdir / "ordlista.md").write_text(glossary_text, encoding="utf-8")
        index = srcdir / "index.md"
        index.write_text(index.read_text(encoding="utf-8").replace("faktor/index\n", "faktor/index\nordlista\n"))
    return copy_projects(tmp_path / "projects", ["uppsala-servicepunkter", "gallivare-service-i-samverkan"])


def test_glossary_links_resolve_in_html_and_unlinked_without_a_glossary(handbook, tmp_path: Path) -> None:
    projects = _handbook_with(handbook, tmp_path, GLOSSARY.read_text(encoding="utf-8"))
    built = handbook(projects)
    page = built.html("projekt/gallivare-service-i-samverkan")
    assert 'href="../ordlista.html#sh-ord-harlett"' in page
    dirhtml = handbook(projects, buildername="dirhtml", fresh=True)
    page = (dirhtml.outdir / "projekt" / "gallivare-service-i-samverkan" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../ordlista/#sh-ord-harlett"' in page


def test_a_glossary_without_a_term_fails_the_build(handbook, tmp_path: Path) -> None:
    text = GLOSSARY.read_text(encoding="utf-8").replace("(sh-ord-harlett)=\n", "")
    built = handbook(_handbook_with(handbook, tmp_path, text), allow_warnings=True)
    assert "harlett" in built.warnings


def test_no_glossary_page_leaves_the_words_as_text(handbook, tmp_path: Path) -> None:
    built = handbook(_handbook_with(handbook, tmp_path, None))  # no warning either
    page = built.html("projekt/gallivare-service-i-samverkan")
    assert "härlett" in page and "sh-ord-harlett" not in page


def _by_definition(catalog, region: str) -> tuple[int, int]:
    """(projects only in the län, every project in it), counted from the files, not through content.stats."""
    placed = [p for p in catalog.projects.values() if not p.national and region in p.regions]
    return sum(1 for p in placed if len(p.regions) == 1), len(placed)


def test_county_counts_say_what_they_count_and_match_their_definitions(catalog) -> None:
    headers = figures.number_headers("region", catalog.kinds)
    assert headers[0] == "Projekt bara i länet"
    assert headers[-2:] == ("Länsöverskridande projekt som rör länet", "Alla projekt som rör länet")
    rows = {row.key: row for row in stats.rows(catalog, "region")}
    checked = 0
    for term in catalog.vocabulary.sorted("region"):
        own, every = _by_definition(catalog, term.id)
        cells = figures.number_cells(rows[term.id], "region", catalog.kinds)
        assert (cells[0], cells[-2], cells[-1]) == (str(own), str(every - own), str(every)), term.id
        pages = hubs.term_pages(term, catalog) if every else {}
        if pages:
            hub = pages[term.docname]
            assert f"## {hubs.COUNTY_HEADING} ({every})" in hub, term.id
            assert f"{every} projekt " in hub and (f"{own} verkar" in hub or own in (0, every)), term.id
            checked += 1
    assert checked > 15
    assert _by_definition(catalog, "dalarna") == (4, 6)


def test_the_chart_per_lan_says_it_counts_projects_only_in_the_lan() -> None:
    assert "bara i länet" in stats.chart_description("region")
    statistik = (REPO / "docs" / "statistik.md").read_text(encoding="utf-8")
    assert "Länsöverskridande projekt som rör länet" in statistik and "Alla projekt som rör länet" in statistik


def test_group_co_funders_are_listed_as_written(catalog) -> None:
    page = hubs.kind_page("funder", catalog)
    section = page.split(f"## {hubs.NAMED_FUNDERS_HEADING}", 1)[1]
    assert "- ”Umeåregionens 6 kommuner”: {handbook:project}`urnara-umearegionen`" in section
    assert "- ”kommunerna i länet”: {handbook:project}`ostergotland-regional-serviceutveckling`" in section
    kommunerna = next(line for line in section.splitlines() if line.startswith("- ”kommunerna”:"))
    assert "coompanion-leaxw" in kommunerna and "hela-sverige-service-i-samverkan" in kommunerna
    # Not split into kommuner: the Umeå region's group is no reason to list the project under Umeå kommun.
    assert (
        "urnara-umearegionen"
        not in hubs.term_pages(catalog.vocabulary.get("funder", "umea-kommun"), catalog)["finansiar/umea-kommun"]
    )


def test_group_co_funders_are_in_the_csv(catalog) -> None:
    text = exports.projects_csv(catalog, lambda p: "").decode("utf-8-sig")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    column = catalog.kinds["funder"].heading
    assert rows["urnara-umearegionen"][column].endswith("Umeåregionens 6 kommuner")
    assert "kommunerna" in rows["coompanion-leaxw"][column].split(", ")
    assert "Region Gävleborg" in rows["coompanion-leaxw"][column]
    assert "kommunerna i länet" in rows["ostergotland-regional-serviceutveckling"][column].split(", ")


def test_a_misspelt_email_is_shown_as_written_with_the_likely_address_marked_inferred(catalog) -> None:
    written = "Ylva.gustafsson@lanssyrelsen.se"
    assert f"E-post: {written}" in SEED.read_text(encoding="utf-8")  # the source's own typo ...
    project = catalog.projects["varmland-regional-serviceutveckling"]
    assert project.contacts[0].email == written  # ... kept in the data, not silently corrected
    page = page_of(catalog, project.id)
    line = next(line for line in page.splitlines() if line.startswith("- E-post:"))
    assert line.startswith(f"- E-post: {myst.inline(written)} *(")
    assert f"mailto:{written}" not in page
    assert "(<mailto:Ylva.gustafsson@lansstyrelsen.se>)" in line
    assert glossary.word(glossary.MISSPELT_TERM, "domänen ser felstavad ut") in line
    assert line.endswith(f"{glossary.basis('inferred')})*")
    ok = page_of(catalog, "vastra-gotaland-regional-serviceutveckling")
    assert "[jane.boyton@vgregion.se](<mailto:jane.boyton@vgregion.se>)" in ok


@pytest.mark.parametrize(
    ("email", "likely"),
    [
        ("a@lanssyrelsen.se", "lansstyrelsen.se"),
        ("a@tillvaxtanalyz.se", "tillvaxtanalys.se"),
        ("a@jordbruksverke.se", "jordbruksverket.se"),
        ("a@ydre.se", None),
        ("a@lansstyrelsen.se", None),
    ],
)
def test_check_warns_about_domains_that_look_like_known_ones_misspelt(
    tmp_path: Path, email: str, likely: str | None
) -> None:
    folder = copy_projects(tmp_path / "projects", ids=[])
    write_project(folder, minimal_project(contacts=[{"name": "A", "email": email}]))
    warnings = [p for p in load_catalog(folder).problems if p.severity is Severity.WARNING and p.code == "email"]
    assert emails.likely_domain(emails.domain_of(email)) == likely
    assert [likely in w.message for w in warnings] == ([True] if likely else [])


def test_a_method_partner_kommun_gives_no_fa_region(catalog) -> None:
    project = catalog.projects["vastra-gotaland-regional-serviceutveckling"]
    assert project.partner_municipalities == ("munkedal",) and "munkedal" not in project.municipalities
    assert project.provenance_of("partner_municipalities").basis == "inferred"
    assert project.id not in nearby.project_sections(catalog)
    assert search_records.facet_values(project, catalog)["fa"] == []
    partners = fact(page_of(catalog, project.id), "Samarbetskommuner")
    assert "{handbook:municipality}`munkedal`" in partners
    assert glossary.word(glossary.PARTNER_TERM, "samarbetspart") in partners
    assert exports.project_record(project, "full", catalog.kinds)["partner_municipalities"] == ["munkedal"]
    assert exports.field_value(project, catalog.vocabulary, "partner_municipalities") == "Munkedals kommun"


def test_fa_regions_come_from_the_kommuner_a_project_works_in(tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", ids=[])
    fields = {"regions": ["dalarna", "vastra-gotaland"], "municipalities": ["gagnef"]}
    write_project(folder, minimal_project("a", **fields, partner_municipalities=["munkedal"]))
    write_project(
        folder, minimal_project("b", title="Projekt b", regions=["vastra-gotaland"], municipalities=["munkedal"])
    )
    catalog = load_catalog(folder)
    assert catalog.problems == []
    vocabulary, geography = catalog.vocabulary, catalog.geography
    gagnef = fa_regions(vocabulary.known("municipality", ("gagnef",)), geography)
    munkedal = fa_regions(vocabulary.known("municipality", ("munkedal",)), geography)
    assert gagnef and munkedal and gagnef != munkedal
    sections = nearby.project_sections(catalog)
    assert gagnef[0][1] in sections["a"] and munkedal[0][1] not in sections["a"]
    assert "{handbook:project}`a`" not in sections["b"]  # a does not work in Munkedal's FA region


def test_a_kommun_cannot_be_both_worked_in_and_a_partner(tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", ids=[])
    data = minimal_project(municipalities=["gagnef"], partner_municipalities=["gagnef", "gagnefx"])
    (folder / "testbyn.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    found = sorted(p.code for p in load_catalog(folder).problems)
    assert found == ["partner-municipality", "unknown-term"]
