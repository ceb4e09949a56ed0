"""Sphinx's doctrees in memory are bounded, and pages written from the pickles come out the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_projects, html_pages
from servicehandbok.sphinxext import doctreecache
from servicehandbok.sphinxext.doctreecache import BoundedCache


def test_the_cache_takes_no_new_key_past_its_limit() -> None:
    cache = BoundedCache(2, {"a": 1})
    cache["b"] = 2
    cache["c"] = 3
    cache["a"] = 4
    assert cache == {"a": 4, "b": 2}


def test_pages_written_from_pickles_equal_pages_written_from_memory(
    handbook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_projects(
        tmp_path / "projects", ["bjorbo-pakethantering", "uppsala-servicepunkter", "pipos-serviceanalys"]
    )
    from_memory = html_pages(handbook(folder, servicehandbok_search=False).outdir)

    sizes: list[int] = []
    keep = BoundedCache.__setitem__

    def counted(self: BoundedCache, key: str, value: object) -> None:
        keep(self, key, value)
        sizes.append(len(self))

    monkeypatch.setattr(doctreecache, "LIMIT", 3)
    monkeypatch.setattr(BoundedCache, "__setitem__", counted)
    from_pickles = html_pages(handbook(folder, servicehandbok_search=False, fresh=True).outdir)

    assert len(sizes) > 10 and max(sizes) == 3  # most pages were read back from their pickles
    assert from_pickles.keys() == from_memory.keys()
    assert [name for name in from_memory if from_pickles[name] != from_memory[name]] == []
