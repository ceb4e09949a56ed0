"""Any of the 290 kommuner through the check and the form: misspellings, the wrong län, type-to-find."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import PROJECTS, copy_projects, minimal_project, write_project
from servicehandbok.data.catalog import load_catalog
from servicehandbok.data.vocabulary import load_vocabulary
from servicehandbok.sphinxext.pages.form import form_data

VOCABULARY, _ = load_vocabulary(PROJECTS)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Gagnef kommun", "gagnef"),
        ("Gagnefs kommun", "gagnef"),
        ("gagnf", "gagnef"),
        ("Borås stad", "boras"),  # not Båstad
        ("Malung", "malung-salen"),  # not Falun
        ("Region Gotland", "gotland"),
        ("Upplands-Väsby", "upplands-vasby"),
        ("Falun kommun", "falun"),
    ],
)
def test_check_suggests_the_kommun_meant(written: str, meant: str) -> None:
    assert VOCABULARY.suggest("municipality", written) == meant


def test_check_reports_misspelt_kommun_and_kommun_outside_lan(tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    write_project(folder, minimal_project("a", municipalities=["Gagnef kommun"]))
    write_project(folder, minimal_project("b", regions=["dalarna"], municipalities=["mora", "kiruna"]))
    problems = {p.path.stem: p for p in load_catalog(folder).problems}
    assert problems["a"].fix == "menade du ”gagnef”?"
    assert problems["b"].message == "Kiruna kommun ligger i Norrbottens län, som inte står under regions"


def test_a_project_in_any_kommun_passes_the_check(tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    for term in VOCABULARY.terms["municipality"].values():
        write_project(folder, minimal_project(f"p-{term.id}", regions=[term.region], municipalities=[term.id]))
    catalog = load_catalog(folder)
    assert catalog.errors == []
    assert len(catalog.projects) == 290


def test_the_form_offers_every_kommun_with_its_lan() -> None:
    catalog = load_catalog(PROJECTS)
    from servicehandbok.data import validate
    from servicehandbok.data.catalog import project_schema

    schema = validate.schema_validator(project_schema(PROJECTS, catalog.kinds)).schema
    kommuner = form_data(catalog, schema)["vocabularies"]["municipality"]
    assert len(kommuner) == 290
    assert {k["region"] for k in kommuner} == set(catalog.vocabulary.terms["region"])


def test_form_kommun_list_grouped_filtered_and_searchable(page, server: str) -> None:
    page.goto(f"{server}lagg-till.html")
    page.wait_for_function("document.getElementById('sh-form-root')?.dataset.ready === 'true'", timeout=20000)
    kommuner = page.get_by_role("group", name="Kommuner", exact=True)  # not Samarbetskommuner
    dalarna = kommuner.get_by_role("group", name="Dalarna", exact=True)
    assert dalarna.get_by_label("Gagnefs kommun").is_visible()
    finder = kommuner.get_by_label("Sök kommun")
    finder.fill("gavle")  # without the accent
    assert kommuner.get_by_label("Gävle kommun").is_visible()
    assert not kommuner.get_by_label("Gagnefs kommun").is_visible()
    finder.press("Enter")  # finding is not sending the form
    assert finder.evaluate("e => e === document.activeElement")  # a sent form would move focus to its errors
    finder.fill("")
    page.get_by_role("group", name="Län", exact=True).get_by_label("Dalarna").check()
    assert kommuner.get_by_label("Mora kommun", exact=True).is_visible()
    assert not kommuner.get_by_label("Uppsala kommun", exact=True).is_visible()
    assert "i de län du har valt" in kommuner.locator("[aria-live]").text_content()
    kommuner.get_by_label("Visa kommuner i alla län").check()
    assert kommuner.get_by_label("Uppsala kommun", exact=True).is_visible()
    assert page.errors == []


def test_the_template_lists_every_kommun_by_lan(tmp_path: Path) -> None:
    from servicehandbok.cli.scaffold import create

    folder = copy_projects(tmp_path / "projects", [])
    text = create(folder, "Ny servicepunkt").read_text(encoding="utf-8")
    # One line per län: "#   Dalarna: avesta, borlange, ..." (deeper-indented comments are other examples).
    lines = dict(m.groups() for m in re.finditer(r"^#   (\S[^:\n]*): (.*)$", text, re.MULTILINE))
    assert "gagnef" in lines["Dalarna"] and "kiruna" in lines["Norrbotten"]
    listed = {i.strip() for line in lines.values() for i in line.split(",")}
    assert listed >= set(VOCABULARY.terms["municipality"])
