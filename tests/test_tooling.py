"""The tools around the package: one browser setting for tests and benchmark."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import search_transfer

import browser
import conftest

REPO = Path(__file__).resolve().parents[1]


def test_tests_and_benchmark_drive_the_same_browser() -> None:
    assert conftest.CHROMIUM is browser.CHROMIUM and search_transfer.CHROMIUM is browser.CHROMIUM
    assert conftest.CHROMIUM_ARGS is browser.CHROMIUM_ARGS is search_transfer.CHROMIUM_ARGS
    # No other file names a browser path of its own.
    elsewhere = [
        path.relative_to(REPO).as_posix()
        for folder in ("bench", "tests")
        for path in sorted((REPO / folder).glob("*.py"))
        if path.name not in {"browser.py", Path(__file__).name} and "/usr/bin/chrom" in path.read_text(encoding="utf-8")
    ]
    assert elsewhere == []


def test_the_browser_path_comes_from_the_environment(tmp_path: Path) -> None:
    env = {**os.environ, browser.ENVIRONMENT_VARIABLE: str(tmp_path / "chrome")}
    code = "import search_transfer; print(search_transfer.CHROMIUM)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO / "bench", env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == str(tmp_path / "chrome")
    env[browser.ENVIRONMENT_VARIABLE] = ""
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO / "bench", env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == str(browser.DEFAULT)


def test_the_nightly_job_runs_every_property_test() -> None:
    """The scheduled job names the test files that use Hypothesis; a new one must join it."""
    workflow = (conftest.REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    nightly = workflow.split("  nightly:", 1)[1].split("\n  build:", 1)[0]
    assert "HYPOTHESIS_PROFILE: nightly" in nightly and "schedule" in nightly
    uses = {
        path.relative_to(conftest.REPO).as_posix()
        for path in (conftest.REPO / "tests").glob("test_*.py")
        if re.search(r"^from hypothesis import", path.read_text(encoding="utf-8"), re.M)
    }
    assert uses and {name for name in uses if name not in nightly} == set()


def test_the_tests_session_shows_where_time_goes() -> None:
    noxfile = (conftest.REPO / "noxfile.py").read_text(encoding="utf-8")
    assert '"pytest", "--durations=' in noxfile
    assert "nox -s tests" in (conftest.REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_the_nightly_job_checks_every_page_for_accessibility() -> None:
    """Each CI run checks a sample of each generated folder with axe; the nightly job, every page."""
    workflow = (conftest.REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    nightly = workflow.split("  nightly:", 1)[1].split("\n  build:", 1)[0]
    assert 'SERVICEHANDBOK_EVERY_PAGE: "1"' in nightly and "tests/test_accessibility.py" in nightly
    assert "install -y -qq chromium" in nightly  # CI=true fails a browser test without its browser
