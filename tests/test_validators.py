"""The validators publishers use, on every page: Nu HTML Checker on the site, EPUBCheck on the book.

They run on the same built site as the browser tests (the session's ``site`` fixture).
Locally a missing validator skips with the command that installs it; in CI it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import copy_projects, minimal_project, write_project

VNU = Path(__file__).parent / "validators" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
EPUBCHECK = Path("/usr/bin/epubcheck")


def need(path: Path, install: str) -> None:
    reason = None
    if shutil.which("java") is None:
        reason = "java not found (apt-get install epubcheck brings it)"
    elif not path.is_file():
        reason = f"{path} not found ({install})"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"validators cannot run in CI: {reason}")
        pytest.skip(reason)


def vnu_errors(folder: Path) -> str:
    need(VNU, "npm ci --prefix tests/validators")
    command = ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "gnu", str(folder)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1200)
    return (result.stdout + result.stderr).strip()


def epubcheck(book: Path) -> subprocess.CompletedProcess[str]:
    need(EPUBCHECK, "apt-get install epubcheck")
    return subprocess.run(["java", "-jar", str(EPUBCHECK), str(book)], capture_output=True, text=True, timeout=600)


def test_every_html_page_is_valid(site: Path) -> None:
    assert len(list(site.rglob("*.html"))) > 100
    assert vnu_errors(site) == ""


def test_epub_passes_epubcheck_without_warnings(epub_book: Path) -> None:
    (book,) = epub_book.glob("*.epub")
    result = epubcheck(book)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout, result.stdout


def test_epub_stays_well_formed_with_markup_characters_in_the_data(handbook, tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "p", ["uppsala-servicepunkter"])
    write_project(folder, minimal_project("tecken", title="Kött & fisk <i> byn", purpose="Att pröva <b> & </script>."))
    built = handbook(folder, buildername="epub", copyright="2026", version="1")
    (book,) = built.outdir.glob("*.epub")
    result = epubcheck(book)
    assert "No errors or warnings detected" in result.stdout, result.stdout
    page = (built.outdir / "projekt" / "tecken.xhtml").read_text(encoding="utf-8")
    assert "Kött &amp; fisk &lt;i&gt; byn" in page
