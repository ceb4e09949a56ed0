"""The benchmark's baseline is the handbook's own generated pages, in plain MyST that plain Sphinx builds."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import plain
import pytest
import run

from servicehandbok.sphinxext.lifecycle.generate import generate

REPO = Path(__file__).resolve().parents[1]
LINK = re.compile(r"\{doc\}`(?:[^`<]*<)?/([^`<>]+)>?`|\]\(/([^)]+)\.md\)")


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("bench")
    projects = shutil.copytree(REPO / "projects", work / "projects")
    handbook = run.handbook_src(work, projects)
    return handbook, plain.baseline_src(work, handbook)


def _generated(handbook: Path) -> dict[str, str]:
    catalog, options = plain.handbook_catalog(plain.handbook_config(handbook))
    return generate(catalog, options)


def test_the_baseline_has_every_generated_page_and_no_handbook_markup(sources: tuple[Path, Path]) -> None:
    handbook, baseline = sources
    pages = _generated(handbook)
    assert any(name.startswith("lan/") for name in pages) and any(name.startswith("kommun/") for name in pages)
    for relative in pages:
        text = (baseline / relative).read_text(encoding="utf-8")
        assert "{handbook:" not in text, relative
        for doc, link in LINK.findall(text):
            assert (baseline / f"{doc or link}.md").is_file(), (relative, doc or link)


def test_project_pages_keep_the_handbooks_sections_and_options(sources: tuple[Path, Path]) -> None:
    handbook, baseline = sources
    pages = _generated(handbook)
    name = "projekt/bjorbo-pakethantering.md"
    text = (baseline / name).read_text(encoding="utf-8")
    for heading in ("## Liknande projekt", "## Samma FA-region", "## Källor"):
        assert heading in text
    assert ":Status:" in text and "{doc}`Skicka en uppföljning </lagg-till>`" in text
    assert "{doc}`Dalarna </lan/dalarna>`" in text and "{doc}`/projekt/coompanion-leaxw`" in text
    # Outside the roles, the text is the handbook's, character for character and in order.
    position = 0
    for part in plain.ROLE.split(pages[name])[::3]:  # text, role name, role content, text, ...
        position = text.index(part, position) + len(part)


def test_plain_sphinx_builds_the_baseline_without_warnings(sources: tuple[Path, Path], tmp_path: Path) -> None:
    _, baseline = sources
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(baseline), str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "projekt" / "bjorbo-pakethantering.html").read_text(encoding="utf-8")
    assert 'href="../lan/dalarna.html"' in page and 'href="../finansiar/tillvaxtverket.html"' in page
    hub = (tmp_path / "out" / "lan" / "dalarna.html").read_text(encoding="utf-8")
    assert "<svg" in hub and 'href="../kommun/gagnef.html"' in hub and 'href="../search.html?lan=Dalarna"' in hub


def test_refreshing_the_baseline_after_an_edit_writes_only_the_changed_pages(tmp_path: Path) -> None:
    projects = shutil.copytree(REPO / "projects", tmp_path / "projects")
    handbook = run.handbook_src(tmp_path, projects)
    baseline = plain.baseline_src(tmp_path, handbook)
    before = {page: page.read_bytes() for page in baseline.rglob("*.md")}
    path = projects / "bjorbo-pakethantering.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('title: "', 'title: "Omdöpt ', 1), encoding="utf-8")

    touched = plain.refresh_baseline(baseline, handbook)

    fresh = plain.baseline_src(tmp_path / "fresh", handbook)
    after = {page.relative_to(baseline): page.read_bytes() for page in baseline.rglob("*.md")}
    assert after == {page.relative_to(fresh): page.read_bytes() for page in fresh.rglob("*.md")}
    changed = [page for page, text in before.items() if page.read_bytes() != text]
    assert touched == len(changed) and 0 < touched < len(before) // 2
    assert plain.refresh_baseline(baseline, handbook) == 0
