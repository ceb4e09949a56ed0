"""A build with no change writes no page again (issue 17): not the documents, not the registers.

Checked through the files themselves (modification time and bytes), not through timing.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from types import SimpleNamespace

from conftest import copy_projects
from servicehandbok.sphinxext.lifecycle import compat

PROJECTS = ["coompanion-leaxw", "urnara-umearegionen", "uppsala-servicepunkter", "bjorbo-pakethantering"]
REGISTERS = ("handbook-region", "handbook-municipality", "handbook-method", "handbook-year")

# Pages that are not documents and are rendered on every build, small and cheap: the search
# page, the comparison page, the 404 page, and Sphinx's general index (off in docs/conf.py).
ALWAYS_WRITTEN = {"search.html", "jamfor.html", "404.html", "genindex.html"}
if compat.STOPS_WHEN_UP_TO_DATE:  # Sphinx 8.1 also writes the root page, to go on to those (compat.py)
    ALWAYS_WRITTEN.add("index.html")


def html_files(outdir: Path) -> dict[str, tuple[int, bytes]]:
    return {
        p.relative_to(outdir).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in outdir.rglob("*.html")
        if "_static" not in p.parts
    }


def test_no_change_build_rewrites_no_page(handbook, tmp_path: Path) -> None:
    handbook(copy_projects(tmp_path / "projects", PROJECTS))
    first = handbook()  # settles anything written after the first build
    before = html_files(first.outdir)
    assert all(f"{name}.html" in before for name in REGISTERS)

    again = handbook()
    after = html_files(again.outdir)
    assert after.keys() == before.keys()
    rewritten = sorted(name for name in after if after[name][0] != before[name][0])
    assert set(rewritten) <= ALWAYS_WRITTEN, rewritten
    assert all(after[name][1] == before[name][1] for name in after)


def test_registers_follow_a_change(handbook, tmp_path: Path) -> None:
    """After an edit the registers are written again, and show the edit."""
    folder = copy_projects(tmp_path / "projects", PROJECTS)
    handbook(folder)
    handbook()
    path = handbook.srcdir / "projects" / "bjorbo-pakethantering.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('title: "Björbo - Leverantörsneutral pakethantering"', 'title: "Björbo - Paket på landet"'),
        encoding="utf-8",
    )
    edited = handbook()
    assert "Björbo - Paket på landet" in edited.html("handbook-method")
    assert "Björbo - Paket på landet" in edited.html("handbook-region")


def test_a_deleted_register_is_written_again(handbook, tmp_path: Path) -> None:
    built = handbook(copy_projects(tmp_path / "projects", PROJECTS))
    (built.outdir / "handbook-region.html").unlink()
    again = handbook()
    assert (again.outdir / "handbook-region.html").is_file()


def test_only_sphinx_8_1_has_the_root_page_written_on_every_build(monkeypatch) -> None:
    """The compatibility handler that makes Sphinx 8.1 write as 9 does, on either version."""
    app = SimpleNamespace(config=SimpleNamespace(root_doc="index"))
    monkeypatch.setattr(compat, "STOPS_WHEN_UP_TO_DATE", True)
    assert compat.write_root_page(app, None) == ["index"]
    monkeypatch.setattr(compat, "STOPS_WHEN_UP_TO_DATE", False)
    assert compat.write_root_page(app, None) == []


def test_every_page_follows_the_data_date_and_the_style_files(handbook, tmp_path: Path) -> None:
    """The footer's data date and the joined stylesheet are on every page, not only on changed ones:
    a new date or style file writes every page again, as a clean build would (site.PAGE_STAMPS)."""
    handbook(copy_projects(tmp_path / "projects", PROJECTS), html_theme="furo")
    first = handbook(html_theme="furo")
    before = html_files(first.outdir)
    day = dt.datetime(2020, 1, 2, 12, tzinfo=dt.timezone.utc).timestamp()
    for path in (handbook.srcdir / "projects").rglob("*.yaml"):
        os.utime(path, (day, day))  # no file changes, only its date: the newest is 2 January 2020
    dated = handbook(html_theme="furo")
    after = html_files(dated.outdir)
    documents = [name for name in after if name not in ALWAYS_WRITTEN]
    assert len(documents) > 20
    for name in documents:
        assert after[name][0] != before[name][0], name
        assert b"senast \xc3\xa4ndrade 2020-01-02" in after[name][1], name

    static = handbook.srcdir / "_static"
    static.mkdir(exist_ok=True)
    (static / "extra.css").write_text("/* a reader's style */\n", encoding="utf-8")
    handbook(html_theme="furo", html_static_path=["_static"])
    settled = html_files(handbook(html_theme="furo", html_static_path=["_static"]).outdir)  # the new setting settled
    (static / "extra.css").write_text("/* changed */\n", encoding="utf-8")
    changed = html_files(handbook(html_theme="furo", html_static_path=["_static"]).outdir)
    assert [name for name in documents if changed[name][0] == settled[name][0]] == []
