"""Follow-up with sources (issue 28): schema, checks, status, the page section, the source list, the exports."""

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
from servicehandbok.content import glossary, myst
from servicehandbok.content.followup import NOT_REPORTED, OUTCOME_HEADING, anchor, source_numbers
from servicehandbok.content.render import RESULTS_NOTE, SOURCE_HEADING, RenderOptions, project_page
from servicehandbok.data.catalog import load_catalog
from servicehandbok.data.problems import Severity
from servicehandbok.data.status import build_date, status_of
from servicehandbok.outputs import exports, feeds

PROJECTS = Path(__file__).parents[1] / "projects"
TODAY = dt.date(2026, 11, 30)
SOURCES = [
    {
        "id": "slutrapport",
        "title": "Slutrapport Testbyn",
        "publisher": "Testbyns byalag",
        "url": "http://example.se/slutrapport.pdf",
        "published": "2019-09",
        "read": "2026-12-07",
        "kind": "report",
    },
    {
        "id": "kommunen",
        "title": "Servicepunkten i Testbyn firar ett år",
        "publisher": "Testkommunen",
        "url": "https://example.se/nyhet",
        "read": "2026-12-07",
        "kind": "owner-news",
    },
]
REPORTED = {
    "searched": "2026-12-07",
    "status": {"value": "cancelled", "sources": ["kommunen"]},
    "changes": [
        {"field": "period.end", "value": "2020-01", "text": "Projektet förlängdes.", "sources": ["slutrapport"]},
        {"field": "budget.total", "value": 1200, "sources": ["slutrapport"]},
    ],
    "results": [
        {"text": "Två servicepunkter öppnade.", "sources": ["slutrapport", "kommunen"]},
        {"text": "Butiken finns kvar.", "sources": ["kommunen"]},
    ],
    "worked": [{"text": "Byalaget tog ansvar.", "sources": ["slutrapport"], "factors": ["forankring"]}],
    "hard": [{"text": "Leverantörerna ville inte.", "sources": ["slutrapport"]}],
    "final_report": "slutrapport",
    "website": {"url": "http://example.se/byn", "sources": ["kommunen"]},
    "successors": [
        {"project": "uppsala-servicepunkter", "relation": "followed-by", "sources": ["kommunen"]},
        {"name": "Servicepunkt 2.0", "relation": "continued-as", "text": "Med kommunen.", "sources": ["kommunen"]},
    ],
    "contact_changes": [{"text": "Byalaget heter nu Testbyns förening.", "sources": ["kommunen"]}],
    "not_found": "Ingen utvärdering hittades.",
}


@pytest.fixture(scope="module")
def seed():
    return load_catalog(PROJECTS)


def catalog_with(tmp_path: Path, ids: tuple[str, ...] = (), **fields):
    folder = copy_projects(tmp_path / "projects", ids=list(ids))
    path = write_project(folder, minimal_project(**fields))
    return load_catalog(folder), path


def section_of(page: str) -> str:
    return page.split(f"## {OUTCOME_HEADING}\n", 1)[1].split("\n## ", 1)[0]


def test_a_full_follow_up_is_valid_and_reaches_the_model(tmp_path: Path) -> None:
    catalog, _ = catalog_with(tmp_path, ("uppsala-servicepunkter",), sources=SOURCES, outcome=REPORTED)
    assert [p.format() for p in catalog.problems if p.path.stem == "testbyn"] == []
    outcome = catalog.projects["testbyn"].outcome
    assert [f.text for f in outcome.results] == ["Två servicepunkter öppnade.", "Butiken finns kvar."]
    assert outcome.results[0].sources == ("slutrapport", "kommunen")
    assert outcome.searched == dt.date(2026, 12, 7) and outcome.status.value == "cancelled"
    assert catalog.projects["testbyn"].factors == ("forankring",)
    assert [p.id for p in catalog.projects_with("factor", "forankring")] == ["testbyn"]


@pytest.mark.parametrize(
    ("outcome", "sources", "message"),
    [
        ({"results": [{"text": "x"}]}, SOURCES, "fältet ”sources” saknas i outcome.results[1]"),
        ({"results": [{"text": "x", "sources": []}]}, SOURCES, "outcome.results[1].sources är en tom lista"),
        ({"results": [{"text": "x", "sources": ["okand"]}]}, SOURCES, "okänd källa ”okand”"),
        ({"results": [{"text": "x", "sources": ["kommun"]}]}, SOURCES, "menade du ”kommunen”?"),
        ({"final_report": "kommunen"}, SOURCES, "slutrapporten ”kommunen” är inte en källa av sorten report"),
        ({"changes": [{"field": "period.end", "value": "31 jan", "sources": ["kommunen"]}]}, SOURCES, "inget datum"),
        (
            {"changes": [{"field": "budget.total", "value": "2 969 000 kr", "sources": ["kommunen"]}]},
            SOURCES,
            "inget belopp",
        ),
        (
            {"worked": [{"text": "x", "sources": ["kommunen"], "factors": ["samverkn"]}]},
            SOURCES,
            "menade du ”samverkan”?",
        ),
        (
            {"successors": [{"project": "finns-inte", "relation": "followed-by", "sources": ["kommunen"]}]},
            SOURCES,
            "okänt projekt ”finns-inte”",
        ),
        ({"status": {"value": "finished"}}, SOURCES, "fältet ”sources” saknas i outcome.status"),
        ({"searched": "2026-02-30"}, SOURCES, "”2026-02-30” är inget riktigt datum"),
        (
            {"results": [{"text": "x", "sources": ["kommunen"]}]},
            [{**SOURCES[1], "read": None}],
            "fältet ”read” saknas i sources[1]",
        ),
        (
            {"results": [{"text": "x", "sources": ["kommunen"]}]},
            [SOURCES[1], SOURCES[1]],
            "källan ”kommunen” finns redan",
        ),
        (
            {"results": [{"text": "x", "sources": ["kommunen"]}]},
            [{**SOURCES[1], "published": "2019-13"}],
            "”2019-13” är inget riktigt datum",
        ),
        (
            {"results": [{"text": "x", "sources": ["kommunen"]}]},
            [{**SOURCES[1], "url": "ftp://x.se"}],
            "sources[1].url har fel form",
        ),
    ],
)
def test_every_unsourced_or_unknown_citation_is_refused_with_file_line_column(
    tmp_path: Path, outcome: dict, sources: list, message: str
) -> None:
    sources = [{k: v for k, v in s.items() if v is not None} for s in sources]
    outcome = {"searched": "2026-12-07", **outcome}
    catalog, path = catalog_with(tmp_path, sources=sources, outcome=outcome)
    errors = [p for p in catalog.problems if p.severity is Severity.ERROR]
    assert len(errors) == 1, [p.format() for p in catalog.problems]
    written = errors[0].format(path.parent.parent)
    assert re.match(r"projects/testbyn\.yaml:\d+:\d+: ", written) and message in written, written


def test_an_unused_source_and_a_search_without_a_note_are_warned_about(tmp_path: Path) -> None:
    catalog, _ = catalog_with(tmp_path, sources=SOURCES, outcome={"searched": "2026-12-07"})
    codes = sorted(p.code for p in catalog.warnings)
    assert codes == ["source", "unused-source", "unused-source"], [p.format() for p in catalog.problems]


def test_a_provenance_entry_may_cite_a_later_source(tmp_path: Path) -> None:
    provenance = {"lead_organisation": {"basis": "stated", "reason": "Sidan anger ägaren.", "sources": ["kommunen"]}}
    catalog, _ = catalog_with(tmp_path, sources=SOURCES[1:], provenance=provenance)
    assert catalog.errors == []
    project = catalog.projects["testbyn"]
    page = project_page(project, catalog.vocabulary, RenderOptions(), "d")
    stated = glossary.basis("stated")  # linked to the glossary (issue 30)
    assert f":Projektägare: Testbyns byalag *({stated}* [{myst.inline('[2]')}](#{anchor(project, 2)})*)*" in page
    catalog, _ = catalog_with(
        tmp_path / "b",
        sources=SOURCES[1:],
        provenance={"lead_organisation": {**provenance["lead_organisation"], "sources": ["x"]}},
    )
    assert [p.code for p in catalog.errors] == ["unknown-source"]


def test_contact_details_in_follow_up_text_are_warned_about(tmp_path: Path) -> None:
    outcome = {"searched": "2026-12-07", "worked": [{"text": "Ring 070-123 45 67.", "sources": ["kommunen"]}]}
    catalog, _ = catalog_with(tmp_path, sources=SOURCES[1:], outcome=outcome)
    assert [p.code for p in catalog.warnings] == ["contact-in-text"]


def test_web_addresses_with_digits_are_not_phone_numbers(tmp_path: Path) -> None:
    sources = [{**SOURCES[1], "url": "https://example.se/rapport-0701234567.pdf"}]
    outcome = {"searched": "2026-12-07", "website": {"url": "https://example.se/0701234567", "sources": ["kommunen"]}}
    catalog, _ = catalog_with(tmp_path, sources=sources, outcome=outcome)
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
def test_status_from_the_dates_or_from_a_source(tmp_path: Path, period, override, expected) -> None:
    outcome = {"searched": "2026-12-07", "status": {"value": override, "sources": ["kommunen"]}} if override else None
    catalog, _ = catalog_with(
        tmp_path, period=period or None, sources=SOURCES[1:] if override else None, outcome=outcome
    )
    status = status_of(catalog.projects["testbyn"], TODAY)
    assert (None if status is None else (status.value, status.derived)) == expected


def test_build_date_follows_source_date_epoch() -> None:
    assert build_date({"SOURCE_DATE_EPOCH": "0"}) == dt.date(1970, 1, 1)
    assert build_date({"SOURCE_DATE_EPOCH": "1764460800"}) == dt.date(2025, 11, 30)
    assert build_date({}) == dt.date.today()
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH='x' går inte"):
        build_date({"SOURCE_DATE_EPOCH": "x"})


def test_status_row_is_marked_as_derived_or_cites_its_source(seed, tmp_path: Path) -> None:
    project = seed.projects["dalarna-regionalt-serviceprogram"]
    if project.outcome.status is None:
        page = project_page(project, seed.vocabulary, RenderOptions(today=TODAY), "d")
        assert f":Status: avslutat *({glossary.basis('inferred')}: slutdatum 31 juli 2019 har passerat)*" in page
    catalog, _ = catalog_with(tmp_path, ("uppsala-servicepunkter",), sources=SOURCES, outcome=REPORTED)
    project = catalog.projects["testbyn"]
    page = project_page(project, catalog.vocabulary, RenderOptions(today=TODAY), "d")
    number = source_numbers(project)["kommunen"]
    stated = glossary.basis("stated")
    assert f":Status: avbrutet *({stated}* [{myst.inline(f'[{number}]')}](#{anchor(project, number)})*)*" in page


def test_each_fact_shows_its_sources_and_the_list_numbers_them(tmp_path: Path) -> None:
    catalog, _ = catalog_with(
        tmp_path, ("uppsala-servicepunkter",), sources=SOURCES, outcome=REPORTED, expected_results="En servicepunkt."
    )
    project = catalog.projects["testbyn"]
    page = project_page(project, catalog.vocabulary, RenderOptions(form_doc="lagg-till"), "d")
    numbers = source_numbers(project)
    assert numbers == {"": 1, "kommunen": 2, "slutrapport": 3}
    text = normalised(to_text(section_of(page)))
    for expected in (
        "Slutdatum: 31 juli 2019 enligt [1]; januari 2020 enligt [3]. Projektet förlängdes.",
        "Total budget: 1 000 kr enligt [1]; 1 200 kr enligt [3].",
        "Vad projektet gjorde Två servicepunkter öppnade. [2][3] Butiken finns kvar. [2]",
        "Det här fungerade Byalaget tog ansvar. [3] (framgångsfaktor: )",
        "Det här var svårt Leverantörerna ville inte. [3]",
        "Följdes av [2]",
        "Fortsatte som Servicepunkt 2.0: Med kommunen. [2]",
        "Slutrapport: Slutrapport Testbyn [3]",
        "Projektets webbplats: http://example.se/byn [2]",
        "Det här hittades inte: Ingen utvärdering hittades. (Sökt 7 december 2026.)",
    ):
        assert expected in text, text
    assert NOT_REPORTED not in text
    sources = page.split(f"## {SOURCE_HEADING}\n", 1)[1]
    for number in (1, 2, 3):
        assert f"({anchor(project, number)})=\n{myst.inline(f'[{number}]')} " in sources
    assert "Testbyns byalag, september 2019 (rapport)" in normalised(to_text(sources))
    assert "Organisationen sedan dess Byalaget heter nu Testbyns förening. [2]" in text
    # Expected results stay labelled as the application's, before what happened.
    assert page.index("## Förväntat resultat") < page.index(RESULTS_NOTE[:20]) < page.index(f"## {OUTCOME_HEADING}")


def test_a_project_nobody_searched_for_asks_for_a_report(tmp_path: Path) -> None:
    catalog, _ = catalog_with(tmp_path)
    page = project_page(
        catalog.projects["testbyn"], catalog.vocabulary, RenderOptions(issue_url="https://x.se/{id}"), "d"
    )
    section = section_of(page)
    assert myst.inline(NOT_REPORTED) in section and "[Rapportera fel](<https://x.se/" in section
    assert "###" not in section


def test_a_search_that_found_nothing_says_so_with_its_date(tmp_path: Path) -> None:
    outcome = {"searched": "2026-12-07", "not_found": "Ingen sida nämner projektet."}
    catalog, _ = catalog_with(tmp_path, outcome=outcome)
    text = normalised(
        to_text(section_of(project_page(catalog.projects["testbyn"], catalog.vocabulary, RenderOptions(), "d")))
    )
    assert text == "Inga uppföljande källor hittades (sökt 7 december 2026). Ingen sida nämner projektet."


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_follow_up_text_renders_as_itself(tmp_path: Path, text: str) -> None:
    flat = " ".join(text.split())
    sources = [{**SOURCES[1], "title": flat, "publisher": flat}]
    outcome = {
        "searched": "2026-12-07",
        "results": [{"text": text, "sources": ["kommunen"]}],
        "worked": [{"text": text, "sources": ["kommunen"]}],
        "not_found": text,
    }
    catalog, _ = catalog_with(tmp_path, sources=sources, outcome=outcome)
    assert catalog.errors == [], [p.format() for p in catalog.errors]
    page = project_page(catalog.projects["testbyn"], catalog.vocabulary, RenderOptions(), "d")
    body = re.sub(r"^### .*$", "", section_of(page), flags=re.MULTILINE)
    assert normalised(to_text(body)).count(normalised(text)) == 3
    assert myst.inline(flat) in page.split(f"## {SOURCE_HEADING}\n", 1)[1]


def test_exports_carry_the_follow_up_and_its_sources(tmp_path: Path) -> None:
    catalog, _ = catalog_with(tmp_path, ("uppsala-servicepunkter",), sources=SOURCES, outcome=REPORTED)
    document = json.loads(exports.projects_json(catalog, today=TODAY))
    record = next(r for r in document["projects"] if r["id"] == "testbyn")
    assert record["outcome"] == REPORTED and record["sources"] == SOURCES
    schema = json.loads((PROJECTS / "_schema" / "project.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(record, schema)  # each object is still a valid project file
    assert document["status"]["projects"]["testbyn"] == {
        "status": "cancelled",
        "derived": False,
        "reason": "enligt källa",
    }
    rows = csv.DictReader(
        io.StringIO(exports.projects_csv(catalog, lambda p: "u", today=TODAY).decode("utf-8-sig")), delimiter=";"
    )
    row = next(r for r in rows if r["id"] == "testbyn")
    assert row["Status"] == "avbrutet" and row["Status härledd ur datumen"] == "nej"
    assert row["Uppföljning"] == "ja" and row["Uppföljning sökt"] == "2026-12-07"
    assert row["Slutrapport"] == SOURCES[0]["url"] and row["Projektets webbplats"] == "http://example.se/byn"
    assert row["Källor"] == f"{SOURCES[0]['url']}, {SOURCES[1]['url']}"
    assert row["Framgångsfaktorer"] == "Förankring"
    ld = exports.json_ld(catalog.projects["testbyn"], catalog.vocabulary)
    assert '"citation":[{"@type":"CreativeWork","name":"Slutrapport Testbyn"' in ld
    atom = feeds.feeds(catalog, lambda d: f"{d}.html")[feeds.ALL_PROJECTS].decode()
    assert "Två servicepunkter öppnade. (Källa: Slutrapport Testbyn; Servicepunkten i Testbyn firar ett år)" in atom
    assert 'rel="related" type="text/html" href="https://example.se/nyhet"' in atom


def test_every_seed_file_cites_only_listed_sources_and_has_searched(seed) -> None:
    """The research for the 30 (issue 28): each was searched, and says what was not found.

    24 of the 30 have a sourced fact; for the other six no stored page names the project or
    unambiguously describes the same work (the strict evidence rule of docs/bidra.md), and their
    pages say so with the date of the search. The floor guards against losing what was found.
    """
    grant_list = [p for p in seed.projects.values() if "beviljade-projekt.html" in (p.source.url or "")]
    assert len(grant_list) == 30
    followed = 0
    for project in grant_list:
        outcome = project.outcome
        assert outcome.searched is not None, project.id
        listed = {s.id for s in project.sources} | {project.source.id}
        assert set(outcome.cited()) <= listed, project.id
        assert outcome.reported or outcome.not_found, project.id
        followed += outcome.reported
    assert followed >= 24


def test_template_example_of_a_follow_up_is_valid(tmp_path: Path) -> None:
    example = yaml.safe_load("\n".join(_COMMENTED_OUT["outcome"].splitlines()[1:]))
    catalog, _ = catalog_with(tmp_path, sources=example["sources"], outcome=example["outcome"])
    assert catalog.problems == [], [p.format() for p in catalog.problems]
    assert catalog.projects["testbyn"].outcome.reported


def epoch(day: dt.date) -> str:
    return str(int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.timezone.utc).timestamp()))


def test_a_later_build_date_rewrites_the_status_in_page_and_open_data(
    handbook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Incremental: nothing in the files changes, only the day; the page and projects.json follow it."""
    folder = copy_projects(tmp_path / "projects", ["uppsala-servicepunkter"])
    write_project(folder, minimal_project(period={"start": "2019-01-01", "end": "2019-07-31"}))
    reported = {"searched": "2026-12-07", "results": [{"text": "Butiken finns kvar.", "sources": ["kommunen"]}]}
    write_project(folder, minimal_project("rapporterad", sources=SOURCES[1:], outcome=reported))
    outdir = tmp_path / "build" / "html"
    seen = []
    for day in (dt.date(2018, 6, 1), dt.date(2019, 3, 1), dt.date(2020, 1, 1)):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(day))
        handbook(folder)
        page = (outdir / "projekt" / "testbyn.html").read_text(encoding="utf-8")
        status = json.loads((outdir / "projects.json").read_text(encoding="utf-8"))["status"]
        assert status["as_of"] == day.isoformat()
        section = re.search(r'<section[^>]*id="vad-hande-sedan"[^>]*>', page)
        assert section and "sh-unindexed" in section[0], "an unreported follow-up section is the same on every page"
        # The test root has no MyST field lists, so the fact box is a paragraph there: ":Status: planerat".
        word = re.search(r":Status: (\w+)", page)
        seen.append((word[1] if word else None, status["projects"]["testbyn"]["status"]))
    assert seen == [("planerat", "planned"), ("pågående", "ongoing"), ("avslutat", "finished")]
    page = (outdir / "projekt" / "rapporterad.html").read_text(encoding="utf-8")
    section = re.search(r'<section[^>]*id="vad-hande-sedan"[^>]*>', page)
    assert section and "sh-unindexed" not in section[0], "a sourced follow-up is searchable"
    assert f'id="{"sh-kalla-rapporterad-2"}"' in page and 'href="#sh-kalla-rapporterad-2"' in page
