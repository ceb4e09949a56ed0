"""Every kind of mistake in a project file gives file, line, column and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import copy_projects, minimal_project, write_project
from servicehandbok.data.catalog import load_catalog
from servicehandbok.data.problems import Problem, Severity


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return copy_projects(tmp_path / "projects", ids=[])


def problems_for(folder: Path, text: str, name: str = "testbyn") -> list[Problem]:
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return load_catalog(folder).problems


def valid_text(**fields) -> str:
    return yaml.safe_dump(minimal_project(**fields), allow_unicode=True, sort_keys=False)


def only(problems: list[Problem], severity: Severity = Severity.ERROR) -> Problem:
    chosen = [p for p in problems if p.severity is severity]
    assert len(chosen) == 1, [p.format() for p in problems]
    return chosen[0]


def test_minimal_project_is_valid(folder: Path) -> None:
    assert problems_for(folder, valid_text()) == []


def test_format_names_file_line_column_and_fix(folder: Path) -> None:
    text = valid_text().replace("regions:\n- dalarna", "regions:\n- dalarnna")
    problem = only(problems_for(folder, text))
    line = text.splitlines().index("- dalarnna") + 1
    assert (
        problem.format(folder.parent)
        == f"projects/testbyn.yaml:{line}:3: okänt id ”dalarnna” i regions — menade du ”dalarna”?"
    )


@pytest.mark.parametrize(
    ("field", "written", "suggestion"),
    [
        ("regions", "Dalarnas län", "dalarna"),
        ("methods", "servicepunkt", "servicepunkter"),
        ("municipalities", "gagnf", "gagnef"),
    ],
)
def test_did_you_mean_for_terms(folder: Path, field: str, written: str, suggestion: str) -> None:
    problem = only(problems_for(folder, valid_text(**{field: [written]})))
    assert problem.fix == f"menade du ”{suggestion}”?"


def test_did_you_mean_for_funder(folder: Path) -> None:
    problem = only(
        problems_for(folder, valid_text(budget={"support": 5, "co_funders": [{"funder": "lansstyrelsen-dalarn"}]}))
    )
    assert "finansiär" in problem.message
    assert problem.fix == "menade du ”lansstyrelsen-dalarna”?"


def test_unknown_key_with_zero_width_space_is_shown(folder: Path) -> None:
    text = valid_text() + "summary\u200b: text\n"
    problem = only(problems_for(folder, text))
    assert "summary\\u200b" in problem.message
    assert problem.fix == "menade du ”summary”?"
    assert problem.line == len(text.splitlines())
    assert problem.column == 1


def test_unquoted_phone_asks_for_quotes(folder: Path) -> None:
    text = valid_text() + "contacts:\n- name: Anna\n  phone: 46701234567\n"
    problem = only(problems_for(folder, text))
    assert problem.message == "contacts[1].phone ska vara text, inte ett heltal"
    assert problem.fix == 'skriv värdet inom citattecken, till exempel phone: "46701234567"'
    assert (problem.line, problem.column) == (len(text.splitlines()), 10)


def test_amount_with_spaces_explains(folder: Path) -> None:
    text = valid_text().replace("total: 1000", "total: 1 000 000")
    problem = only(problems_for(folder, text))
    assert "1000000" in problem.fix


def test_missing_required_field(folder: Path) -> None:
    problem = only(problems_for(folder, valid_text(purpose=None)))
    assert problem.message == "fältet ”purpose” saknas i filen"
    assert problem.fix.startswith("lägg till purpose:")


def test_wrong_type_for_list(folder: Path) -> None:
    problem = only(problems_for(folder, valid_text(methods="lea")))
    assert problem.message == "methods ska vara en lista, inte text"


def test_impossible_date(folder: Path) -> None:
    problem = only(problems_for(folder, valid_text(period={"end": "2021-99-99"})))
    assert "inget riktigt datum" in problem.message


def test_badly_written_date(folder: Path) -> None:
    problem = only(problems_for(folder, valid_text(period={"end": "31/7 2019"})))
    assert "ÅÅÅÅ-MM-DD" in problem.fix


def test_id_must_match_file_name(folder: Path) -> None:
    problem = only(problems_for(folder, valid_text(), name="annat-namn"))
    assert "filnamnet" in problem.message


@pytest.mark.parametrize("text", ["- en\n- lista\n", "bara text\n"])
def test_file_must_be_a_mapping(folder: Path, text: str) -> None:
    assert "inte en lista" in only(problems_for(folder, text)).message


@pytest.mark.parametrize(
    ("fields", "needle"),
    [
        ({"contacts": [{"name": "Anna", "email": "<b>anna</b>@x.se"}]}, "contacts[1].email har fel form"),
        ({"source": {"title": "x", "url": "javascript:alert(1)"}}, "source.url har fel form"),
        ({"contacts": [{"name": "Anna\u202eevil"}]}, "U+202E"),
        ({"title": "Rad ett\nrad två"}, "får bara vara en rad"),
    ],
)
def test_hostile_values_are_rejected(folder: Path, fields: dict, needle: str) -> None:
    assert needle in only(problems_for(folder, valid_text(**fields))).format()


@pytest.mark.parametrize(
    ("fields", "needle"),
    [
        ({"budget": {"total": 100, "support": 200}}, "större än totalbudgeten"),
        ({"period": {"start": "2020-01-01", "end": "2019-01-01"}}, "före startdatum"),
        ({"municipalities": ["umea"]}, "Umeå kommun ligger i Västerbottens län"),
        ({"methods": None}, "ingen metod"),
        ({"regions": None}, "inget län"),
    ],
)
def test_warnings_for_probable_mistakes(folder: Path, fields: dict, needle: str) -> None:
    problems = problems_for(folder, valid_text(**fields))
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    assert needle in only(problems, Severity.WARNING).message


def test_misspelt_email_domain_warns(folder: Path) -> None:
    for index in range(2):
        write_project(
            folder, minimal_project(f"ok-{index}", contacts=[{"name": "A", "email": f"a{index}@lansstyrelsen.se"}])
        )
    problems = problems_for(folder, valid_text(contacts=[{"name": "B", "email": "b@lanssyrelsen.se"}]))
    warning = only(problems, Severity.WARNING)
    assert "stavfel för lansstyrelsen.se" in warning.message
    assert warning.line > 0


def test_all_problems_are_reported_at_once(folder: Path) -> None:
    write_project(folder, minimal_project("first", regions=["nowhere"]))
    write_project(folder, minimal_project("second", methods=["nomethod"]))
    (folder / "third.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    catalog = load_catalog(folder)
    assert sorted(p.path.name for p in catalog.errors) == ["first.yaml", "second.yaml", "third.yaml"]


def test_broken_vocabulary_is_reported(folder: Path) -> None:
    vocabulary = folder / "_vocabulary" / "municipalities.yaml"
    vocabulary.write_text(
        vocabulary.read_text(encoding="utf-8").replace("region: dalarna", "region: dalarnaa", 1), encoding="utf-8"
    )
    problem = only(load_catalog(folder).problems)
    assert problem.path == vocabulary
    assert problem.fix == "menade du ”dalarna”?"


def test_alias_of_two_terms_is_reported(folder: Path) -> None:
    """An alias must name one term only, or a search for it would find the wrong projects.
    The later of the two places in the file is reported, naming the term that had it first."""
    methods = folder / "_vocabulary" / "methods.yaml"
    text = methods.read_text(encoding="utf-8").replace("    - Leader\n", "    - Leader\n    - paketautomat\n", 1)
    methods.write_text(text, encoding="utf-8")
    problem = only(load_catalog(folder).problems)
    assert problem.path == methods and problem.code == "duplicate-alias"
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if line == "    - paketautomat"]
    assert len(lines) == 2 and (problem.line, problem.column) == (lines[1], 7)
    assert "”paketautomat” hör redan till ”llu”" in problem.format()


def test_every_method_needs_aliases(folder: Path) -> None:
    categories = folder / "_vocabulary" / "categories.yaml"
    text = categories.read_text(encoding="utf-8")
    start = text.index("  aliases:")
    end = text.index("  description:", start)
    categories.write_text(text[:start] + text[end:], encoding="utf-8")
    problem = only(load_catalog(folder).problems)
    assert problem.path == categories and "aliases" in problem.format()
