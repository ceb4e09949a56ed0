"""The contributor's commands: ``check`` and ``new``, run as a contributor would."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, copy_projects, minimal_project, write_project
from servicehandbok.cli.scaffold import slug
from servicehandbok.data.catalog import load_catalog


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "servicehandbok.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return copy_projects(tmp_path / "projects", ["uppsala-servicepunkter"])


def test_check_reports_every_broken_file(folder: Path) -> None:
    write_project(folder, minimal_project("fel-lan", regions=["dalarnna"]))
    write_project(folder, minimal_project("fel-typ", budget={"total": "en miljon"}))
    (folder / "trasig-yaml.yaml").write_text("title: ok\n\tpurpose: tab\n", encoding="utf-8")
    (folder / "dubbel.yaml").write_text("id: dubbel\nid: dubbel\n", encoding="utf-8")
    (folder / "tom.yaml").write_text("", encoding="utf-8")
    result = run("check", "projects", cwd=folder.parent)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    pattern = re.compile(r"^projects/[a-z-]+\.yaml:\d+:\d+: .+ — .+$")
    assert lines and all(pattern.match(line) for line in lines), lines
    named = {line.split(":", 1)[0] for line in lines}
    assert named == {f"projects/{n}.yaml" for n in ("fel-lan", "fel-typ", "trasig-yaml", "dubbel", "tom")}
    assert "menade du ”dalarna”?" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert "1 projekt utan fel, 5 fel" in result.stderr


def test_check_passes_on_good_files(folder: Path) -> None:
    result = run("check", "projects", cwd=folder.parent)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_check_explains_a_wrong_folder(tmp_path: Path) -> None:
    result = run("check", "nowhere", cwd=tmp_path)
    assert result.returncode == 2 and "_vocabulary" in result.stderr


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Byns servicepunkt", "byns-servicepunkt"),
        ("Åre – Östra Ängar!", "are-ostra-angar"),
        ("Café Noël 2", "cafe-noel-2"),
    ],
)
def test_slug(title: str, expected: str) -> None:
    assert slug(title) == expected


def test_new_writes_a_commented_template_and_refuses_to_overwrite(folder: Path) -> None:
    result = run("new", "Byns servicepunkt", "--folder", "projects", cwd=folder.parent)
    assert result.returncode == 0, result.stderr
    path = folder / "byns-servicepunkt.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=_schema/project.schema.json\n")
    assert "# Välj bland: " in text and "servicepunkter" in text and "dalarna" in text
    assert "id: byns-servicepunkt\n" in text
    again = run("new", "Byns servicepunkt", "--folder", "projects", cwd=folder.parent)
    assert again.returncode == 1 and "finns redan" in again.stderr
    assert path.read_text(encoding="utf-8") == text


def test_filled_template_passes_the_check(folder: Path) -> None:
    """Round trip: scaffold, fill in as a contributor would, check."""
    assert run("new", "Byns servicepunkt", "--folder", "projects", cwd=folder.parent).returncode == 0
    path = folder / "byns-servicepunkt.yaml"
    filled = yaml.safe_load(path.read_text(encoding="utf-8"))
    filled.update(
        lead_organisation="Byns byalag",
        category="lokala-pilotprojekt",
        programme="landsbygdsprogrammet-2014-2020-service",
        regions=["dalarna"],
        municipalities=["gagnef"],
        methods=["servicepunkter"],
        period={"start": "2018-01-01", "end": "2019-07-31"},
        budget={"total": 1000000, "support": 750000, "co_funders": [{"funder": "gagnef-kommun"}]},
        purpose="Att skapa en servicepunkt i byn.",
        summary="Kort om projektet.",
        content="Så går det till.",
        activities=["Möten med byborna", "Öppna servicepunkten"],
        expected_results="En servicepunkt som är öppen året om.",
        contacts=[
            {
                "name": "Anna Andersson",
                "role": "Projektledare",
                "organisation": "Byns byalag",
                "phone": "0701-23 45 67",
                "email": "anna@example.se",
                "address": "Byvägen 1\n780 00 Byn",
            }
        ],
        source={
            "title": "Byns ansökan",
            "url": "https://example.se/ansokan",
            "retrieved": "2026-11-01",
            "notes": "Inga anmärkningar.",
        },
    )
    header = path.read_text(encoding="utf-8").split("\n", 1)[0]
    path.write_text(header + "\n" + yaml.safe_dump(filled, allow_unicode=True, sort_keys=False), encoding="utf-8")
    catalog = load_catalog(folder)
    assert catalog.problems == []
    assert catalog.projects["byns-servicepunkt"].contacts[0].phone == "0701-23 45 67"


def test_nox_check_session_reports_broken_files(folder: Path) -> None:
    """The contributor's own command, as the guide tells them to run it."""
    nox = shutil.which("nox")
    if nox is None:
        if os.environ.get("CI"):
            pytest.fail("nox is not on PATH in CI")
        pytest.skip("nox is not installed")
    write_project(folder, minimal_project("fel-lan", regions=["dalarnna"]))
    (folder / "tom.yaml").write_text("", encoding="utf-8")
    result = subprocess.run(
        [nox, "-f", str(REPO / "noxfile.py"), "-s", "check", "--", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert re.search(r"fel-lan\.yaml:\d+:\d+: okänt id ”dalarnna” i regions — menade du ”dalarna”\?", output)
    assert re.search(r"tom\.yaml:1:1: filen är tom — ", output)
    assert "Traceback" not in output
