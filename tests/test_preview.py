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
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

from conftest import REPO, copy_projects
from servicehandbok.content.render import RenderOptions
from servicehandbok.data.catalog import load_catalog
from servicehandbok.sphinxext.core.names import GENERATED_FOLDERS, OWNER_KEY
from servicehandbok.sphinxext.lifecycle.completion import MARKER
from servicehandbok.sphinxext.lifecycle.generate import generate, project_pages
from servicehandbok.sphinxext.run.firstpass import FirstPass, Target
from servicehandbok.sphinxext.run.live import (
    EVENTS,
    READY,
    RELOAD_SCRIPT,
    Ignored,
    Reloads,
    Worker,
    arguments,
    first_pass_then_build,
    server,
)

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


# --- The loop's own server and watcher (issue 27: no sphinx-autobuild internals) ---------------


def test_the_loop_splits_its_own_options_from_sphinx_builds() -> None:
    options, sphinx_args = arguments(
        ["-q", "-b", "html", "--port", "0", "--watch", "projects", "--ignore", "x/*", "--no-initial", "src", "out"]
    )
    assert (options.port, options.watch, options.ignore, options.no_initial) == (0, ["projects"], ["x/*"], True)
    assert sphinx_args == ["-q", "-b", "html", "src", "out"]


def test_the_loop_ignores_output_generated_pages_and_given_patterns(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    (srcdir / "projekt").mkdir(parents=True)
    generated = srcdir / "projekt" / "x.md"
    generated.write_text(f"---\n{OWNER_KEY}: abc\n---\n# X\n", encoding="utf-8")
    ignored = Ignored(srcdir, [tmp_path / "out", str(srcdir / "*.tmp")], [r"/skip/"])
    assert ignored(str(tmp_path / "out" / "index.html"))
    assert ignored(str(srcdir / "a.tmp")) and ignored(str(srcdir / "skip" / "a.md"))
    assert ignored(str(generated)) and ignored(str(srcdir / "projekt" / "borttagen.md")), "pages the build writes"
    assert not ignored(str(srcdir / "index.md")) and not ignored(str(tmp_path / "projects" / "a.yaml"))


def test_the_server_adds_the_reload_script_and_keeps_nothing_cached(tmp_path: Path) -> None:
    (tmp_path / "projekt").mkdir()
    (tmp_path / "index.html").write_text("<html><body>Start</body></html>", encoding="utf-8")
    (tmp_path / "projekt" / "index.html").write_text("<p>Projekt</p>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<p>Sidan finns inte</p>", encoding="utf-8")
    (tmp_path / "data.json").write_text("{}", encoding="utf-8")
    reloads = Reloads()
    httpd = server("127.0.0.1", 0, tmp_path, reloads)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        with urllib.request.urlopen(f"{base}/") as response:
            assert response.headers["Cache-Control"] == "no-store"
            body = response.read().decode("utf-8")
        assert body.startswith("<html><body>Start</body></html>") and RELOAD_SCRIPT in body
        old = urllib.request.Request(f"{base}/projekt/", headers={"If-Modified-Since": "Sun, 01 Jan 2090 00:00:00 GMT"})
        with urllib.request.urlopen(old) as response:  # a first-pass page is dated in the past: sent anyway
            assert response.status == 200 and "Projekt" in response.read().decode("utf-8")
        with urllib.request.urlopen(f"{base}/data.json") as response:
            assert response.read() == b"{}"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/projekt/saknas.html")
        assert missing.value.code == 404 and "Sidan finns inte" in missing.value.read().decode("utf-8")
        with urllib.request.urlopen(f"{base}{RELOAD_SCRIPT}") as response:
            assert "EventSource" in response.read().decode("utf-8")

        with urllib.request.urlopen(f"{base}{EVENTS}", timeout=30) as events:
            threading.Timer(0.2, reloads.announce).start()
            assert events.readline() == b"data: reload\n"
    finally:
        httpd.shutdown()
        httpd.server_close()
