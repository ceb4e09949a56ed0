"""What the source states and what the handbook adds: provenance marks, funder wording, sources, tagging hints.

Expected values are read from the YAML files with ``yaml.safe_load`` where it matters, so the
extension's own reading is checked independently.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from pathlib import Path

import pytest
import yaml

from conftest import PROJECTS, copy_projects, minimal_project, write_project
from servicehandbok.content import glossary, hubs, myst
from servicehandbok.content.render import RESULTS_NOTE, RenderOptions, note_block, project_page
from servicehandbok.data import formatting
from servicehandbok.data.catalog import load_catalog
from servicehandbok.data.model import FIELD_LABELS
from servicehandbok.outputs import exports

INFERRED_OWNERS = {
    "dalarna-information-om-service",
    "norrbotten-smarta-hallbara-byar",
    "orebro-lokala-servicelosningar",
    "orebro-tillganglig-service",
    "falkenberg-lokala-servicelosningar",
    "lund-paketautomater",
    "dalarna-regionalt-serviceprogram",
    "gavleborg-regional-serviceutveckling",
    "jamtland-kommersiell-service",
    "kalmar-flernivasamverkan",
    "norrbotten-servicen-som-process",
    "sodermanland-service",
    "varmland-regional-serviceutveckling",
    "vastmanland-samverkansforum",
    "ostergotland-regional-serviceutveckling",
    "kronoberg-serviceutveckling",
    "gallivare-service-i-samverkan",
}
"""The project owners that the grant list does not state: the 15 of issue 18, Kronoberg (read from its results)
and Gällivare (read from its title, text and e-mail domain; issue 30)."""
LATER_OWNERS = {"bjorbo-pakethantering", "uppsala-servicepunkter"}
"""Owners the grant list leaves out (Björbo) or only implies (Uppsala), stated in a later source (issues 28, 30)."""
LABELS = {
    "lead_organisation": "Projektägare",
    "regions": "Län",
    "municipalities": "Kommuner",
    "national": "Län",
    "category": "Projekttyp",
    "programme": "Stödprogram",
    "methods": "Metoder",
    "period": "Tid",
    "partner_municipalities": "Samarbetskommuner",
}
BASIS = {"inferred": "härlett", "editorial": "redaktionell placering", "stated": "enligt källa"}


def on_page(mark: str) -> str:
    """A mark as the fact box writes it: its basis linked to the glossary (issue 30), then the reason."""
    basis, reason = mark.split(": ", 1)
    name = next(key for key, words in BASIS.items() if words == basis)
    return f"{glossary.basis(name)}: {myst.inline(reason)}"


SEED = {path.stem for path in PROJECTS.glob("*.yaml") if "beviljade-projekt.html" in path.read_text(encoding="utf-8")}
"""The 30 projects from Tillväxtverket's list of granted projects."""


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(PROJECTS)


def raw(project_id: str) -> dict:
    return yaml.safe_load((PROJECTS / f"{project_id}.yaml").read_text(encoding="utf-8"))


def marks_in_yaml() -> dict[str, dict[str, str]]:
    """project id → field → the mark readers must see, straight from the files."""
    found = {}
    for path in sorted(PROJECTS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        base = data["source"].get("id")
        marks = {
            f: f"{BASIS[e['basis']]}: {e['reason']}"
            for f, e in data.get("provenance", {}).items()
            if e["basis"] != "stated" or any(s != base for s in e.get("sources", ()))
        }
        if marks:
            found[path.stem] = marks
    return found


def test_the_inferred_owners_and_placements_are_marked(catalog) -> None:
    marks = marks_in_yaml()
    owners = {pid for pid, fields in marks.items() if "lead_organisation" in fields and pid in SEED}
    assert owners == INFERRED_OWNERS | LATER_OWNERS
    assert set(marks["kiladalen-landsbygd-under-utveckling"]) == {"regions", "municipalities"}
    assert marks["lund-paketautomater"]["regions"].startswith("redaktionell placering: ")
    for pid in ("stocke-motesplats", "bjorbo-pakethantering"):
        assert {f: m.split(":")[0] for f, m in marks[pid].items() if f != "lead_organisation"} == {
            "regions": "härlett",
            "municipalities": "härlett",
        }
    assert marks["bjorbo-pakethantering"]["lead_organisation"].startswith("enligt källa: ")
    vasterbotten = catalog.projects["vasterbotten-processtod"].provenance_of("lead_organisation")
    assert vasterbotten.basis == "stated" and "Länsstyrelsens projekt Processtöd" in vasterbotten.reason


@pytest.mark.parametrize("contacts", ["full", "hidden"])
def test_every_inferred_value_is_marked_in_the_fact_box(catalog, contacts: str) -> None:
    marks = marks_in_yaml()
    for project in catalog.projects.values():
        page = project_page(project, catalog.vocabulary, RenderOptions(contacts=contacts), "d")
        box = page.split("```{card}", 1)[1].split("```", 1)[0]
        lines = {line.split(":", 2)[1]: line for line in box.splitlines() if line.startswith(":") and ":" in line[1:]}
        for field, mark in marks.get(project.id, {}).items():
            # The budget's mark stands on its first row, whichever the project gives.
            label = LABELS.get(field) or next(
                x for x in ("Total budget", "Stöd från Landsbygdsprogrammet", "Övriga finansiärer") if x in lines
            )
            if mark.startswith(BASIS["stated"]):  # a later source: its number, linked to the list
                stated = re.escape(glossary.basis("stated"))
                assert re.search(rf" \*\({stated}\* (\[\\\[\d+\\\]\]\(#sh-kalla-[a-z0-9-]+\))+\*\)\*$", lines[label])
            else:
                assert lines[label].endswith(f" *({on_page(mark)})*"), (project.id, field)
        if project.id not in marks:
            assert "härlett" not in box and "redaktionell placering" not in box, project.id


def test_every_inferred_value_is_marked_on_the_built_pages(handbook, tmp_path: Path) -> None:
    """The rendered HTML shows each mark next to its value, and the län listings mark inferred placements."""
    ids = ["ostergotland-regional-serviceutveckling", "kiladalen-landsbygd-under-utveckling", "uppsala-servicepunkter"]
    built = handbook(copy_projects(tmp_path / "projects", ids))
    marks = marks_in_yaml()
    for pid in ids:
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", built.html(f"projekt/{pid}"))).split())
        for field, mark in marks.get(pid, {}).items():
            if not mark.startswith(BASIS["stated"]):
                assert f"({mark})" in tight(text), (pid, field)
    listing = " ".join(unescape(re.sub(r"<[^>]+>", " ", built.html("lan/sodermanland"))).split())
    assert "Södermanland (redaktionell placering)" in tight(listing)


def tight(text: str) -> str:
    """Page text without the spaces that tags around a linked word leave (``( härlett :``)."""
    return text.replace("( ", "(").replace(" )", ")").replace(" :", ":")


def test_exports_carry_the_marks(catalog) -> None:
    marks = marks_in_yaml()
    document = json.loads(exports.projects_json(catalog))
    for record in document["projects"]:
        assert {
            f: f"{BASIS[e['basis']]}: {e['reason']}"
            for f, e in record.get("provenance", {}).items()
            if e["basis"] != "stated" or any(s != record["source"].get("id") for s in e.get("sources", ()))
        } == marks.get(record["id"], {})
    rows = list(
        csv.DictReader(io.StringIO(exports.projects_csv(catalog, lambda p: "").decode("utf-8-sig")), delimiter=";")
    )
    for row in rows:
        for field, mark in marks.get(row["id"], {}).items():
            # As written, but a sign that a split of the line at a comma would make a formula is marked text.
            assert exports.spreadsheet_safe(f"{FIELD_LABELS[field]} – {mark}") in row["Ej angivet i källan"]
        if row["id"] not in marks:
            assert row["Ej angivet i källan"] == ""
    for project in catalog.projects.values():
        block = exports.json_ld(project, catalog.vocabulary)
        data = json.loads(re.search(r">(.*)</script>", block).group(1))
        described = [p["description"] for p in data.get("additionalProperty", [])]
        assert described == list(marks.get(project.id, {}).values())


def test_source_section_is_for_readers(catalog) -> None:
    for project in catalog.projects.values():
        data = raw(project.id)
        page = project_page(project, catalog.vocabulary, RenderOptions(), "d")
        source = page.split("## Källor", 1)[1]
        assert data["source"]["url"] in source and "läst " in source.lower()
        assert "NBSP" not in source and "(id " not in source and "id region" not in source
        for paragraph in (data["source"].get("notes") or "").split("\n\n"):
            if paragraph.strip():
                assert myst.inline(paragraph) not in page, project.id
        if data.get("budget", {}).get("co_funders"):
            for co_funder in data["budget"]["co_funders"]:
                if "as_written" in co_funder:
                    assert f"i källan: {myst.inline(co_funder['as_written'])}" in page


def test_plans_are_framed_as_plans(catalog) -> None:
    for project in catalog.projects.values():
        page = project_page(project, catalog.vocabulary, RenderOptions(), "d")
        assert "projektets planer" in page
        if project.expected_results:
            results = page.split("## Förväntat resultat", 1)[1]
            assert results.lstrip().startswith(note_block(RESULTS_NOTE))


def test_as_written_only_where_the_source_differs(catalog) -> None:
    names = {e["id"]: e["name"] for e in yaml.safe_load((PROJECTS / "_vocabulary" / "funders.yaml").read_text("utf-8"))}
    for project in catalog.projects.values():
        for co_funder in project.budget.co_funders:
            if co_funder.as_written:
                assert co_funder.as_written != names[co_funder.funder], project.id
    # One pattern for county boards: their official names.
    assert all(
        name.startswith("Länsstyrelsen i ") and name.endswith(" län")
        for name in names.values()
        if name.startswith("Länsstyrelsen")
    )


def test_definitions_show_their_sources(catalog) -> None:
    for term_id in ("lea", "serviceanalys", "regionalt-serviceprogram"):
        term = catalog.vocabulary.get("method", term_id)
        assert term.sources, term_id
        page = hubs.term_pages(term, catalog)[term.docname]
        definition_at = page.index(myst.paragraphs(term.text)[:40])
        for source in term.sources:
            assert page.index(source.url) > definition_at
    assert "SCB" in catalog.vocabulary.get("method", "lea").text
    assert "Tillväxtanalys verktyg" not in catalog.vocabulary.get("method", "serviceanalys").text
    assert "2010–2013" in catalog.vocabulary.get("method", "regionalt-serviceprogram").text


def test_funder_index_shows_amounts(catalog) -> None:
    page = hubs.kind_page("funder", catalog)
    support = sum(p.budget.support or 0 for p in catalog.projects.values())
    assert "| Finansiär | Projekt | Känt belopp | Anger belopp |" in page
    assert f"**{formatting.kronor(support + 695237)}**" in page


# --- The tagging hint ----------------------------------------------------------------------------


def test_text_naming_an_untagged_method_is_a_hint(tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    write_project(folder, minimal_project(purpose="Byn gör en LEA och en förstudie.", methods=["servicepunkter"]))
    catalog = load_catalog(folder)
    hints = [p for p in catalog.problems if p.code == "untagged-method"]
    assert [p.severity.value for p in hints] == ["varning"]
    assert "”LEA”" in hints[0].message and "lea" in hints[0].message
    assert catalog.projects["testbyn"]  # a hint never keeps a project out


def test_lowercase_word_is_not_an_abbreviation(tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    write_project(folder, minimal_project(purpose="Vi vill lea dem rätt.", methods=["servicepunkter"]))
    assert [p for p in load_catalog(folder).problems if p.code == "untagged-method"] == []


def test_provenance_of_a_missing_field_is_an_error(tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    data = minimal_project(provenance={"lead_organisation": {"basis": "inferred", "reason": "ur e-postadressen"}})
    data.pop("lead_organisation", None)
    write_project(folder, data)
    problems = [p for p in load_catalog(folder).problems if p.code == "provenance"]
    assert len(problems) == 1 and "lead_organisation" in problems[0].message
