"""The live preview keeps the first search index and says so; the normal build always re-indexes."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sphinx.cmd.build import build_main

from conftest import REPO, copy_projects
from servicehandbok.content.render import RenderOptions
from servicehandbok.data.catalog import load_catalog
from servicehandbok.sphinxext.core.names import GENERATED_FOLDERS
from servicehandbok.sphinxext.lifecycle.completion import MARKER
from servicehandbok.sphinxext.lifecycle.generate import generate, project_pages
from servicehandbok.sphinxext.run.firstpass import FirstPass, Target
from servicehandbok.sphinxext.run.live import READY, Worker, first_pass_then_build

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
    assert "servicehandbok.sphinxext.run.live" in live, "the live loop runs the first pass"
    docs = noxfile[noxfile.index("def docs(") :]
    docs = docs[: docs.index("\n\n\n")]
    assert "servicehandbok_preview" not in docs


# --- The live loop's first pass (issue 17) ------------------------------------------------


def _target(handbook, tmp_path: Path) -> Target:
    """The build the ``handbook`` fixture runs, as the live loop would read it from its arguments."""
    build = tmp_path / "build"
    argv = ["-b", "html", "-D", "servicehandbok_preview=1", "-d", str(build / "doctrees")]
    return Target.from_sphinx_args([*argv, str(handbook.srcdir), str(build / "html")])


def _state(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in folder.rglob("*")
        if p.is_file()
    }


def _pages(outdir: Path) -> dict[str, bytes]:
    """Every HTML page but the search page (its preview note depends on the index, kept or not)."""
    return {
        p.relative_to(outdir).as_posix(): p.read_bytes()
        for p in outdir.rglob("*.html")
        if p.name != "search.html" and "_static" not in p.parts
    }


def test_first_pass_shows_the_edited_page_and_the_full_build_settles_it(handbook, tmp_path: Path) -> None:
    built = handbook(copy_projects(tmp_path / "projects", PROJECTS), servicehandbok_preview=True)
    target = _target(handbook, tmp_path)
    page = "projekt/coompanion-leaxw"
    listing = "handbook-category"  # the register of project types lists every project by title
    assert "LEAXW Dalarna" in built.html(listing)
    edited = "projects/coompanion-leaxw.yaml"
    sources = _state(handbook.srcdir)
    doctrees = _state(target.doctreedir)
    first = FirstPass(target)
    try:
        retitle(handbook.srcdir, "Coompanion - Först i förhandsvisningen")
        written = first.show([handbook.srcdir / edited, handbook.srcdir / "index.md"])
    finally:
        first.close()

    assert written == [built.outdir / f"{page}.html"]
    assert "Först i förhandsvisningen" in built.html(page)
    assert "servicehandbok-first-pass" in built.html(page)
    assert "Först i förhandsvisningen" not in built.html(listing), "only the edited page is written first"
    # The first pass wrote nothing the full build reads: sources, doctrees, environment, stamps.
    assert {k: v for k, v in _state(handbook.srcdir).items() if k != edited} == {
        k: v for k, v in sources.items() if k != edited
    }
    assert _state(target.doctreedir) == doctrees

    settled = handbook(servicehandbok_preview=True)
    assert "Först i förhandsvisningen" in settled.html(page)
    assert "servicehandbok-first-pass" not in settled.html(page)
    assert "Först i förhandsvisningen" in settled.html(listing)
    # The settled site is the one a build without any first pass writes from the same files.
    reference = tmp_path / "reference"
    code = build_main(["-q", "-b", "html", "-D", "servicehandbok_preview=1", str(handbook.srcdir), str(reference)])
    assert code == 0
    assert _pages(settled.outdir) == _pages(reference)


def test_a_first_pass_page_never_outlives_the_build(handbook, tmp_path: Path) -> None:
    """Also when the edit is undone before the full build runs, the build writes the page again."""
    built = handbook(copy_projects(tmp_path / "projects", PROJECTS), servicehandbok_preview=True)
    before = built.html("projekt/coompanion-leaxw")
    path = handbook.srcdir / "projects" / "coompanion-leaxw.yaml"
    original = path.read_bytes()
    first = FirstPass(_target(handbook, tmp_path))
    try:
        retitle(handbook.srcdir, "Coompanion - Ångrad titel")
        assert first.show([path])
    finally:
        first.close()
    path.write_bytes(original)
    assert "Ångrad titel" in built.html("projekt/coompanion-leaxw")

    settled = handbook(servicehandbok_preview=True)
    assert settled.html("projekt/coompanion-leaxw") == before


def test_first_pass_skips_what_it_cannot_show(handbook, tmp_path: Path) -> None:
    """Other files, a project with errors, a new project: nothing is written; the full build handles them."""
    handbook(copy_projects(tmp_path / "projects", PROJECTS), servicehandbok_preview=True)
    projects = handbook.srcdir / "projects"
    first = FirstPass(_target(handbook, tmp_path))
    try:
        assert first.show([handbook.srcdir / "index.md", projects / "_vocabulary" / "methods.yaml"]) == []
        shutil.copy(REPO / "projects" / "pipos-serviceanalys.yaml", projects / "pipos-serviceanalys.yaml")
        assert first.show([projects / "pipos-serviceanalys.yaml"]) == []
        broken = projects / "coompanion-leaxw.yaml"
        broken.write_text(broken.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
        assert first.show([broken]) == []
    finally:
        first.close()


def test_live_loop_shows_the_page_before_the_full_build(handbook, tmp_path: Path) -> None:
    """The loop's step for one save: first pass and a browser reload, then the full build."""
    built = handbook(copy_projects(tmp_path / "projects", PROJECTS), servicehandbok_preview=True)
    page = built.outdir / "projekt" / "coompanion-leaxw.html"
    worker = Worker(_target(handbook, tmp_path), log=lambda line: None)
    seen: list[str] = []

    def build(*, changed_paths: list[Path]) -> None:
        seen.append(page.read_text(encoding="utf-8"))
        handbook(servicehandbok_preview=True)

    step = first_pass_then_build(worker, build, lambda: seen.append("reload"))
    worker.start()
    try:
        retitle(handbook.srcdir, "Coompanion - Sparad i slingan")
        step(changed_paths=[handbook.srcdir / "projects" / "coompanion-leaxw.yaml"])
        assert seen[0] == "reload"
        assert "Sparad i slingan" in seen[1] and "servicehandbok-first-pass" in seen[1]
        settled = page.read_text(encoding="utf-8")
        assert "Sparad i slingan" in settled and "servicehandbok-first-pass" not in settled
        assert not worker.stale

        # A change to anything but a project file: no first pass, and a new worker after the build.
        process = worker.process
        step(changed_paths=[handbook.srcdir / "index.md"])
        assert seen[2:] == [settled]
        assert worker.process is not process and worker.process is not None
    finally:
        worker.stop()


def test_first_pass_renders_the_page_the_full_build_generates(tmp_path: Path) -> None:
    """One project's page, with related projects for it alone and the catalog cache in memory,
    is the text the full build's generator writes for it."""
    projects = copy_projects(tmp_path / "projects")
    memo: dict[str, object] = {}
    load_catalog(projects, tmp_path / "cache.pickle", memo)
    retitle(tmp_path, "Coompanion - Ny titel för en sida")
    catalog = load_catalog(projects, tmp_path / "cache.pickle", memo)
    assert catalog.projects["coompanion-leaxw"].title == "Coompanion - Ny titel för en sida"
    options = RenderOptions(contacts="role", today=dt.date(2026, 1, 1))
    everything = generate(catalog, options)
    for project_id in ("coompanion-leaxw", "uppsala-servicepunkter"):
        name = f"{catalog.projects[project_id].docname}.md"
        assert project_pages(catalog, options, [project_id]) == {name: everything[name]}


def test_docs_live_command_shows_the_page_first_then_settles(handbook, tmp_path: Path) -> None:
    """The command `nox -s docs-live` runs, with its watcher and server, on a small handbook."""
    built = handbook(copy_projects(tmp_path / "projects", PROJECTS), servicehandbok_preview=True)
    build = tmp_path / "build"
    srcdir = handbook.srcdir
    ignores = [arg for folder in GENERATED_FOLDERS for arg in ("--ignore", str(srcdir / folder))]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        *(
            sys.executable,
            "-m",
            "servicehandbok.sphinxext.run.live",
            "-q",
            "-b",
            "html",
            "-D",
            "servicehandbok_preview=1",
        ),
        *("-d", str(build / "doctrees"), "--no-initial", "--port", str(port), *ignores, str(srcdir), str(built.outdir)),
    ]
    server = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    page = built.outdir / "projekt" / "coompanion-leaxw.html"
    output: list[str] = []
    try:
        assert server.stdout is not None
        for line in server.stdout:
            output.append(line)
            if READY in line:
                break
        assert any(READY in line for line in output), "".join(output)
        threading.Thread(target=lambda: output.extend(server.stdout), daemon=True).start()  # type: ignore[arg-type]
        time.sleep(1)  # the watcher starts with the server
        retitle(srcdir, "Coompanion - Sparad medan slingan går")
        first = _wait(page, lambda text: "Sparad medan slingan går" in text, 60, output)
        assert "servicehandbok-first-pass" in first, "the first pass wrote the page before the full build"
        marker = built.outdir / MARKER
        _wait(page, lambda text: "servicehandbok-first-pass" not in text and not marker.exists(), 120, output)
        assert "Sparad medan slingan går" in page.read_text(encoding="utf-8")
        assert "Sparad medan slingan går" in (built.outdir / "handbook-category.html").read_text(encoding="utf-8")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)


def _wait(page: Path, condition: Callable[[str], bool], timeout: float, output: list[str]) -> str:
    """Poll until *condition* holds for the page's text, and return that text; or fail with the loop's output."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = page.read_text(encoding="utf-8")
        if condition(text):
            return text
        time.sleep(0.05)
    raise AssertionError("".join(output))
