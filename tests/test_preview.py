"""The live preview keeps the first search index and says so; the normal build always re-indexes."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO, copy_projects

PROJECTS = ["coompanion-leaxw", "urnara-umearegionen", "uppsala-servicepunkter"]


def retitle(srcdir: Path, title: str) -> None:
    path = srcdir / "projects" / "coompanion-leaxw.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.MULTILINE), encoding="utf-8")


def test_preview_defers_the_index_after_the_first_build(handbook, tmp_path: Path) -> None:
    first = handbook(copy_projects(tmp_path / "projects", PROJECTS), servicehandbok_preview=True)
    entry = first.outdir / "pagefind" / "pagefind-entry.json"
    assert entry.is_file(), "the first preview build has no index to keep, so it builds one"
    assert "Förhandsvisning" not in first.html("search")
    indexed = entry.stat().st_mtime_ns

    retitle(handbook.srcdir, "Coompanion - Ny titel i förhandsvisningen")
    edited = handbook(servicehandbok_preview=True)
    assert "Ny titel i förhandsvisningen" in edited.html("projekt/coompanion-leaxw")
    assert entry.stat().st_mtime_ns == indexed
    assert "sökindexet byggs inte om" in edited.status
    assert "Förhandsvisning" in edited.html("search")

    # The normal build in the same folder brings the index up to date and drops the notice.
    built = handbook()
    assert entry.stat().st_mtime_ns > indexed
    assert "Förhandsvisning" not in built.html("search")


def test_docs_live_sets_the_option_and_docs_does_not() -> None:
    noxfile = (REPO / "noxfile.py").read_text(encoding="utf-8")
    live = noxfile[noxfile.index("def docs_live") :]
    live = live[: live.index("\n\n\n")]
    assert "servicehandbok_preview=1" in live
    docs = noxfile[noxfile.index("def docs(") :]
    docs = docs[: docs.index("\n\n\n")]
    assert "servicehandbok_preview" not in docs
