"""Sphinx's doctrees in memory are bounded, and pages written from the pickles come out the same,
with each site builder and in an incremental build."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_projects, html_pages
from servicehandbok.sphinxext.lifecycle import doctreecache
from servicehandbok.sphinxext.lifecycle.doctreecache import BoundedCache

PROJECTS = ["bjorbo-pakethantering", "uppsala-servicepunkter", "pipos-serviceanalys"]
# The EPUB builder needs metadata the test root leaves out; the search index is not what is tested.
SETTINGS = {"servicehandbok_search": False, "copyright": "2026", "version": "1"}


def test_the_cache_takes_no_new_key_past_its_limit() -> None:
    cache = BoundedCache(2, {"a": 1})
    cache["b"] = 2
    cache["c"] = 3
    cache["a"] = 4
    assert cache == {"a": 4, "b": 2}


@pytest.fixture
def capped(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Bound the cache at 3 doctrees; the cache's size after each doctree it is given."""
    sizes: list[int] = []
    keep = BoundedCache.__setitem__

    def counted(self: BoundedCache, key: str, value: object) -> None:
        keep(self, key, value)
        sizes.append(len(self))

    monkeypatch.setattr(doctreecache, "LIMIT", 3)
    monkeypatch.setattr(BoundedCache, "__setitem__", counted)
    return sizes


def different(first: dict[str, str], second: dict[str, str]) -> list[str]:
    assert first.keys() == second.keys()
    return [name for name in first if first[name] != second[name]]


@pytest.mark.parametrize("buildername", ["html", "dirhtml", "epub"])
def test_pages_written_from_pickles_equal_pages_written_from_memory(
    handbook, tmp_path: Path, buildername: str, request: pytest.FixtureRequest
) -> None:
    folder = copy_projects(tmp_path / "projects", PROJECTS)
    from_memory = html_pages(handbook(folder, buildername=buildername, **SETTINGS).outdir)

    sizes = request.getfixturevalue("capped")
    from_pickles = html_pages(handbook(folder, buildername=buildername, fresh=True, **SETTINGS).outdir)

    assert len(sizes) > 10 and max(sizes) == 3  # most pages were read back from their pickles
    assert len(from_pickles) > 10
    assert different(from_pickles, from_memory) == []


def test_an_incremental_build_past_the_bound_writes_what_a_clean_build_writes(
    handbook, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    folder = copy_projects(tmp_path / "projects", PROJECTS)
    handbook(folder, **SETTINGS)
    path = handbook.srcdir / "projects" / "bjorbo-pakethantering.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('title: "', 'title: "Omdöpt - ', 1), encoding="utf-8")

    sizes = request.getfixturevalue("capped")
    incremental = html_pages(handbook(**SETTINGS).outdir)
    assert len(sizes) > 3 and max(sizes) == 3  # the edit re-read more pages than the bound keeps
    assert any("Omdöpt - " in page for page in incremental.values())

    request.getfixturevalue("monkeypatch").undo()
    clean = html_pages(handbook(fresh=True, **SETTINGS).outdir)
    assert different(incremental, clean) == []
