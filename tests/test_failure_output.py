"""A build that stops on a contributor's mistake prints the mistakes and one closing line, nothing else."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, ROOTS, copy_projects, minimal_project, write_project

CLOSING_DATA = (
    "Bygget stoppades: 2 fel i projektfilerna (listan ovan). "
    "Rätta dem och bygg igen; `nox -s check` visar samma lista snabbare."
)


def sphinx_build(srcdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "ext"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "sphinx", "build", *args, "-b", "html", str(srcdir), str(srcdir / "_build")]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


def source(tmp_path: Path) -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-handbook", srcdir)
    copy_projects(srcdir / "projects", ["uppsala-servicepunkter"])
    return srcdir


def test_data_errors_print_the_list_and_one_closing_line(tmp_path: Path) -> None:
    srcdir = source(tmp_path)
    write_project(srcdir / "projects", minimal_project("trasig", regions=["dalarnna"], methods=["leaa"]))
    result = sphinx_build(srcdir, "-q", "-W", "--keep-going", "-n")
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 3, result.stderr
    assert lines[0].startswith("projects/trasig.yaml:") and "”dalarnna”" in lines[0] and " — " in lines[0]
    assert lines[1].startswith("projects/trasig.yaml:") and "”leaa”" in lines[1] and " — " in lines[1]
    for line in lines[:2]:
        place, _ = line.split(": ERROR: ", 1)
        _, row, column = place.split(":")
        assert int(row) > 0 and int(column) > 0
    assert lines[2] == CLOSING_DATA


def test_without_quiet_the_errors_still_end_the_output_and_no_crash_report(tmp_path: Path) -> None:
    srcdir = source(tmp_path)
    write_project(srcdir / "projects", minimal_project("trasig", regions=["dalarnna"], methods=["leaa"]))
    result = sphinx_build(srcdir)
    assert result.returncode == 1
    everything = result.stdout + result.stderr
    for banner in ("Traceback", "Versions", "sphinx-doc/sphinx/issues", "Extension error", "Exception occurred"):
        assert banner not in everything
    assert result.stderr.splitlines()[-1] == CLOSING_DATA


def test_configuration_errors_print_the_list_and_one_closing_line(tmp_path: Path) -> None:
    srcdir = source(tmp_path)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + 'servicehandbok_contacts = "alla"\n', encoding="utf-8")
    line = len(conf.read_text(encoding="utf-8").splitlines())
    result = sphinx_build(srcdir, "-q", "-D", "servicehandbok_edit_url=http://example.org/{path}")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{conf}:{line}:1: ERROR: servicehandbok_contacts = 'alla' går inte: tillåtna värden är 'full', 'role', 'hidden'.",
        "ERROR: servicehandbok_edit_url = 'http://example.org/{path}' går inte: adressen måste börja med https://.",
        "Bygget stoppades: 2 fel i inställningarna (listan ovan).",
    ]
