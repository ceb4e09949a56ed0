"""The Pagefind index is built from the pages in the order given, from their indexed part only."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from conftest import pagefind_order
from servicehandbok.sphinxext.search.pagefind import (
    BODY_END,
    BODY_START,
    FILTER_ONLY_BUG,
    FILTER_ONLY_FIX,
    PATCHED,
    SearchIndexError,
    _service,
    build_index,
    indexed_part,
    patch_filter_only_search,
)

pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")

THEME = '<nav class="sidebar">Navigering navigering navigering</nav>'


def write_pages(site: Path, names: list[str]) -> list[str]:
    pages = []
    for name in names:
        path = site / "projekt" / f"{name}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        body = f"<div data-pagefind-body><h1>{name}</h1><p>Servicepunkt i {name}.</p></div>"
        path.write_text(f'<html lang="sv"><body>{THEME}{BODY_START}{body}{BODY_END}</body></html>', encoding="utf-8")
        pages.append(f"projekt/{name}.html")
    return pages


@pytest.mark.parametrize("order", [["alfa", "beta", "gamma", "delta"], ["delta", "gamma", "beta", "alfa"]])
def test_pages_are_numbered_in_the_order_given(tmp_path: Path, order: list[str]) -> None:
    pages = write_pages(tmp_path, order)
    build_index(tmp_path, pages, tmp_path / "pagefind", [])
    assert pagefind_order(tmp_path) == [f"/{page}" for page in pages]


def test_only_the_marked_part_is_indexed(tmp_path: Path) -> None:
    pages = write_pages(tmp_path, ["alfa"])
    build_index(tmp_path, pages, tmp_path / "pagefind", [])
    [fragment] = (tmp_path / "pagefind" / "fragment").glob("*.pf_fragment")
    record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
    assert "Servicepunkt i alfa" in record["content"] and "Navigering" not in record["content"]
    assert indexed_part("<html>no markers</html>") == "<html>no markers</html>"


def test_dirhtml_urls_end_in_a_slash(tmp_path: Path) -> None:
    page = tmp_path / "projekt" / "alfa" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html lang="sv"><body><div data-pagefind-body><h1>Alfa</h1></div></body></html>')
    build_index(tmp_path, ["projekt/alfa/index.html"], tmp_path / "pagefind", [])
    assert pagefind_order(tmp_path) == ["/projekt/alfa/"]


def test_an_error_from_pagefind_fails_the_build(tmp_path: Path) -> None:
    with _service() as service, pytest.raises(SearchIndexError, match="Pagefind"):
        service.ask("AddFile", index_id=7, file_path=None, url="/x.html", file_contents="<html></html>")


def test_a_missing_page_fails_the_build_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(OSError, match=r"saknas\.html"):
        build_index(tmp_path, ["projekt/saknas.html"], tmp_path / "pagefind", [])


def test_an_unwritable_index_folder_fails_the_build(tmp_path: Path) -> None:
    pages = write_pages(tmp_path, ["alfa"])
    blocked = tmp_path / "pagefind"
    blocked.write_text("a file where the index folder should go", encoding="utf-8")
    with pytest.raises(OSError):
        build_index(tmp_path, pages, blocked, [])


def test_the_search_code_patch_fails_loudly_when_its_text_moved(tmp_path: Path) -> None:
    """A Pagefind release without the patched text stops the build, naming the module to change."""
    index = tmp_path / "pagefind"
    index.mkdir()
    code = f"let a=1;let index_resp={FILTER_ONLY_BUG};let b=2;"
    for name in PATCHED:
        (index / name).write_text(code, encoding="utf-8")
    patch_filter_only_search(index)
    patch_filter_only_search(index)  # a second run changes nothing
    for name in PATCHED:
        assert (index / name).read_text(encoding="utf-8") == code.replace(FILTER_ONLY_BUG, FILTER_ONLY_FIX)

    (index / "pagefind-worker.js").write_text("let index_resp=this.backend.load(ptr,term);", encoding="utf-8")
    with pytest.raises(SearchIndexError, match=r"pagefind-worker\.js .*0 gånger.*search/pagefind\.py"):
        patch_filter_only_search(index)
    (index / "pagefind-worker.js").unlink()
    with pytest.raises(SearchIndexError, match=r"pagefind-worker\.js"):
        patch_filter_only_search(index)
