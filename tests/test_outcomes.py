"""Outcome fields (issue 19): schema, checks, status from the dates, the page section, the exports, the template."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from test_render import HOSTILE, normalised, to_text

from conftest import copy_projects, minimal_project, write_project
from servicehandbok.cli.scaffold import _COMMENTED_OUT
from servicehandbok.content import myst
from servicehandbok.content.outcomes import NOT_REPORTED, OUTCOME_HEADING
from servicehandbok.content.render import RESULTS_NOTE, RenderOptions, project_page
from servicehandbok.data.catalog import load_catalog
from servicehandbok.data.problems import Severity
from servicehandbok.data.status import build_date, status_of
from servicehandbok.outputs import exports

PROJECTS = Path(__file__).parents[1] / "projects"
TODAY = dt.date(2026, 11, 30)
REPORTED = {
    "status": "cancelled",
    "results": ["Två servicepunkter öppnade", "Butiken finns kvar"],
    "lessons": {"worked": "Byalaget tog ansvar.", "hard": "Leverantörerna ville inte.\n\nKommunen bytte fokus."},
    "final_report": "https://example.se/slutrapport.pdf",
    "website": "https://example.se/byn",
    "checked": "2026-10-01",
    "source": "Slutrapporten",
}


@pytest.fixture(scope="module")
def seed():
    return load_catalog(PROJECTS)


def catalog_with(tmp_path: Path, **fields):
    folder = copy_projects(tmp_path / "projects", ids=[])
    path = write_project(folder, minimal_project(**fields))
    return load_catalog(folder), path


def test_seed_projects_report_no_outcome_and_every_page_says_so(seed) -> None:
    """The 30 real projects have no outcome; no page invents one, each asks for a report instead."""
    assert len(seed.projects) == 30
    for project in seed.projects.values():
        assert not project.outcome.reported and project.outcome.status is None, project.id
        page = project_page(project, seed.vocabulary, RenderOptions(issue_url="https://x.se/{id}"), "d")
        section = page.split(f"## {OUTCOME_HEADING}\n", 1)[1].split("\n## ", 1)[0]
        assert myst.inline(NOT_REPORTED) in section and "[Rapportera fel](<https://x.se/" in section
        assert "### " not in section and section.count("\n") <= 4


def test_a_full_outcome_is_valid_and_reaches_the_model(tmp_path: Path) -> None:
    catalog, _ = catalog_with(tmp_path, outcome=REPORTED)
    assert catalog.errors == []
    outcome = catalog.projects["testbyn"].outcome
    assert outcome.results == ("Två servicepunkter öppnade", "Butiken finns kvar")
    assert outcome.checked == dt.date(2026, 10, 1) and outcome.hard.startswith("Leverantörerna")


@pytest.mark.parametrize(
    ("outcome", "message"),
    [
        ({"final_report": "http://example.se/r.pdf"}, "outcome.final_report har fel form"),
        ({"website": "javascript:alert(1)"}, "outcome.website har fel form"),
        ({"checked": "2026-02-30"}, "”2026-02-30” är inget riktigt datum"),
        ({"status": "finshed"}, "outcome.status har ett okänt värde ”finshed” — menade du ”finished”?"),
        ({"lessons": {"worked": "x", "svårt": "y"}}, "okänt fält ”svårt” i outcome.lessons"),
        ({"results": []}, "outcome.results är en tom lista"),
    ],
)
def test_bad_outcome_fields_give_file_line_column_and_fix(tmp_path: Path, outcome: dict, message: str) -> None:
    catalog, path = catalog_with(tmp_path, outcome=outcome)
    errors = [p for p in catalog.problems if p.severity is Severity.ERROR]
    assert len(errors) == 1, [p.format() for p in catalog.problems]
    written = errors[0].format(path.parent.parent)
    assert re.match(r"projects/testbyn\.yaml:\d+:\d+: ", written) and message in written, written
    key = next(iter(outcome))
    line = path.read_text(encoding="utf-8").splitlines()[errors[0].line - 1]
    assert key in line or "svårt" in line or line.strip().startswith("-") or "[]" in line


def test_contact_details_in_outcome_text_are_warned_about(tmp_path: Path) -> None:
    catalog, _ = catalog_with(tmp_path, outcome={"worked": "x"} and {"lessons": {"worked": "Ring 070-123 45 67."}})
    assert [p.code for p in catalog.warnings] == ["contact-in-text"]


def test_web_addresses_with_digits_are_not_phone_numbers(tmp_path: Path) -> None:
    catalog, _ = catalog_with(tmp_path, outcome={"final_report": "https://example.se/rapport-0701234567.pdf"})
    assert catalog.problems == []


@pytest.mark.parametrize(
    ("period", "override", "expected"),
    [
        ({"start": "2027-01-01", "end": "2028-12-31"}, None, ("planned", True)),
        ({"start": "2025-01-01", "end": "2027-12-31"}, None, ("ongoing", True)),
        ({"end": "2026-11-30"}, None, ("ongoing", True)),
        ({"end": "2026-11-29"}, None, ("finished", True)),
        ({"start": "2026-11-30"}, None, ("ongoing", True)),
        ({}, None, None),
        ({"end": "2019-07-31"}, "ongoing", ("ongoing", False)),
        ({}, "cancelled", ("cancelled", False)),
    ],
)
def test_status_from_the_dates_on_the_build_date(tmp_path: Path, period, override, expected) -> None:
    fields = {"period": period or None, "outcome": {"status": override} if override else None}
    catalog, _ = catalog_with(tmp_path, **fields)
    status = status_of(catalog.projects["testbyn"], TODAY)
    assert (None if status is None else (status.value, status.derived)) == expected


def test_build_date_follows_source_date_epoch() -> None:
    assert build_date({"SOURCE_DATE_EPOCH": "0"}) == dt.date(1970, 1, 1)
    assert build_date({"SOURCE_DATE_EPOCH": "1764460800"}) == dt.date(2025, 11, 30)
    assert build_date({}) == dt.date.today()
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH='x' går inte"):
        build_date({"SOURCE_DATE_EPOCH": "x"})


def test_status_row_is_marked_as_derived_or_reported(seed, tmp_path: Path) -> None:
    project = seed.projects["dalarna-regionalt-serviceprogram"]
    page = project_page(project, seed.vocabulary, RenderOptions(today=TODAY), "d")
    assert ":Status: avslutat *(" + myst.inline("härlett: slutdatum 31 juli 2019 har passerat") + ")*" in page
    catalog, _ = catalog_with(tmp_path, outcome=REPORTED)
    page = project_page(catalog.projects["testbyn"], catalog.vocabulary, RenderOptions(today=TODAY), "d")
    assert ":Status: avbrutet *(enligt uppföljningen)*" in page


def test_a_reported_outcome_shows_each_part_and_no_invitation(tmp_path: Path) -> None:
    catalog, _ = catalog_with(tmp_path, outcome=REPORTED, expected_results="En servicepunkt.")
    page = project_page(catalog.projects["testbyn"], catalog.vocabulary, RenderOptions(form_doc="lagg-till"), "d")
    section = page.split(f"## {OUTCOME_HEADING}\n", 1)[1].split("\n## ", 1)[0]
    text = normalised(to_text(section))
    for expected in (
        "Uppnått resultat Två servicepunkter öppnade Butiken finns kvar",
        "Det här fungerade Byalaget tog ansvar.",
        "Det här var svårt Leverantörerna ville inte. Kommunen bytte fokus.",
        "Slutrapport: https://example.se/slutrapport.pdf",
        "Projektets webbplats: https://example.se/byn",
        "Uppgifterna om uppföljningen kommer från: Slutrapporten",
        "Senast kontrollerad: 1 oktober 2026",
    ):
        assert expected in text
    assert NOT_REPORTED not in text and "lagg-till" not in section
    # Expected results stay labelled as the application's, apart from what was achieved.
    assert page.index("## Förväntat resultat") < page.index(RESULTS_NOTE[:20]) < page.index(f"## {OUTCOME_HEADING}")


def test_only_reported_parts_are_shown(tmp_path: Path) -> None:
    catalog, _ = catalog_with(tmp_path, outcome={"website": "https://example.se/byn"})
    page = project_page(catalog.projects["testbyn"], catalog.vocabulary, RenderOptions(), "d")
    section = page.split(f"## {OUTCOME_HEADING}\n", 1)[1].split("\n## ", 1)[0]
    assert "###" not in section and "Projektets webbplats" in section and "Slutrapport" not in section


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_outcome_text_renders_as_itself(tmp_path: Path, text: str) -> None:
    outcome = {"results": text, "lessons": {"worked": text, "hard": text}, "source": " ".join(text.split())}
    catalog, _ = catalog_with(tmp_path, outcome=outcome)
    assert catalog.errors == [], [p.format() for p in catalog.errors]
    page = project_page(catalog.projects["testbyn"], catalog.vocabulary, RenderOptions(), "d")
    section = page.split(f"## {OUTCOME_HEADING}\n", 1)[1].split("\n## ", 1)[0]
    body = re.sub(r"^### .*$", "", section, flags=re.MULTILINE)
    flat = normalised(text)
    assert normalised(to_text(body)) == normalised(
        f"{flat} {flat} {flat} Uppgifterna om uppföljningen kommer från: {flat}"
    )
    assert myst.inline(" ".join(text.split())) in section


def test_exports_carry_the_outcome_and_the_status(tmp_path: Path) -> None:
    catalog, _ = catalog_with(tmp_path, outcome=REPORTED)
    document = json.loads(exports.projects_json(catalog, today=TODAY))
    record = document["projects"][0]
    assert record["outcome"] == REPORTED
    schema = json.loads((PROJECTS / "_schema" / "project.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(record, schema)  # each object is still a valid project file
    assert document["status"] == {
        "as_of": "2026-11-30",
        "projects": {"testbyn": {"status": "cancelled", "derived": False, "reason": "enligt uppföljningen"}},
    }
    rows = list(
        csv.DictReader(
            io.StringIO(exports.projects_csv(catalog, lambda p: "u", today=TODAY).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0]["Status"] == "avbrutet" and rows[0]["Status härledd ur datumen"] == "nej"
    assert rows[0]["Slutrapport"] == REPORTED["final_report"] and rows[0]["Projektets webbplats"] == REPORTED["website"]
    assert rows[0]["Senast kontrollerad"] == "2026-10-01"


def test_seed_exports_have_no_outcome_but_a_derived_status(seed) -> None:
    document = json.loads(exports.projects_json(seed, today=TODAY))
    assert not any("outcome" in record for record in document["projects"])
    dated = {p.id for p in seed.projects.values() if p.start or p.end}
    assert set(document["status"]["projects"]) == dated
    assert all(entry["derived"] for entry in document["status"]["projects"].values())


def test_template_example_of_an_outcome_is_valid(tmp_path: Path) -> None:
    example = "\n".join(_COMMENTED_OUT["outcome"].splitlines()[1:])
    catalog, _ = catalog_with(tmp_path, outcome=yaml.safe_load(example)["outcome"])
    assert catalog.problems == []
    assert catalog.projects["testbyn"].outcome.reported


def epoch(day: dt.date) -> str:
    return str(int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.timezone.utc).timestamp()))


def test_a_later_build_date_rewrites_the_status_in_page_and_open_data(
    handbook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Incremental: nothing in the files changes, only the day; the page and projects.json follow it."""
    folder = copy_projects(tmp_path / "projects", ["uppsala-servicepunkter"])
    write_project(folder, minimal_project(period={"start": "2019-01-01", "end": "2019-07-31"}))
    write_project(folder, minimal_project("rapporterad", outcome={"results": "Butiken finns kvar."}))
    outdir = tmp_path / "build" / "html"
    seen = []
    for day in (dt.date(2018, 6, 1), dt.date(2019, 3, 1), dt.date(2020, 1, 1)):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(day))
        handbook(folder)
        page = (outdir / "projekt" / "testbyn.html").read_text(encoding="utf-8")
        status = json.loads((outdir / "projects.json").read_text(encoding="utf-8"))["status"]
        assert status["as_of"] == day.isoformat()
        section = re.search(r'<section[^>]*id="uppfoljning"[^>]*>', page)
        assert section and "sh-unindexed" in section[0], "an unreported follow-up section is the same on every page"
        # The test root has no MyST field lists, so the fact box is a paragraph there: ":Status: planerat".
        word = re.search(r":Status: (\w+)", page)
        seen.append((word[1] if word else None, status["projects"]["testbyn"]["status"]))
    assert seen == [("planerat", "planned"), ("pågående", "ongoing"), ("avslutat", "finished")]
    reported = (outdir / "projekt" / "rapporterad.html").read_text(encoding="utf-8")
    section = re.search(r'<section[^>]*id="uppfoljning"[^>]*>', reported)
    assert section and "sh-unindexed" not in section[0], "a reported outcome is searchable"
