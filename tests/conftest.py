"""Shared fixtures: Sphinx's own testing fixtures plus a handbook built from chosen projects."""

from __future__ import annotations

import functools
import gzip
import io
import json
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings
from linkcheck import PAGE_SUFFIXES
from sphinx.testing.util import SphinxTestApp
from sphinx.util.docutils import docutils_namespace

from browser import CHROMIUM, CHROMIUM_ARGS, ENVIRONMENT_VARIABLE
from servicehandbok.sphinxext.lifecycle.generate import copy_sources

pytest_plugins = ["sphinx.testing.fixtures"]

# Property tests: each keeps its explicit @example cases in every profile; the profiles set how
# many random cases come on top. "ci" (CI=true) replays a fixed, derandomized set so a red run
# is repeatable; "nightly" (the scheduled job in .github/workflows/pages.yml) searches with many
# random cases and new seeds; "dev" is the default on a developer's machine.
# A test's own @settings(max_examples=...) caps are scaled by the profile's factor.
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", parent=settings.get_profile("dev"), derandomize=True, print_blob=True)
settings.register_profile("nightly", parent=settings.get_profile("dev"), derandomize=False)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
settings.load_profile(PROFILE)
EXAMPLES = {"dev": 1.0, "ci": 0.5, "nightly": 10.0}[PROFILE]
"""How many random cases a property test runs, as a factor of its own count (:func:`examples`)."""


def examples(count: int) -> int:
    """*count* random cases, scaled for the active Hypothesis profile (at least one)."""
    return max(1, round(count * EXAMPLES))


REPO = Path(__file__).resolve().parents[1]
PROJECTS = REPO / "projects"
ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def copy_projects(target: Path, ids: Iterable[str] | None = None) -> Path:
    """A projects folder with the real schema and vocabularies and the chosen real projects."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(PROJECTS / "_schema", target / "_schema", dirs_exist_ok=True)
    shutil.copytree(PROJECTS / "_vocabulary", target / "_vocabulary", dirs_exist_ok=True)
    for path in sorted(PROJECTS.glob("*.yaml")):
        if ids is None or path.stem in ids:
            shutil.copy2(path, target / path.name)
    return target


def minimal_project(project_id: str = "testbyn", **fields: Any) -> dict[str, Any]:
    """The smallest valid project, with *fields* merged in (``None`` removes a field)."""
    data: dict[str, Any] = {
        "id": project_id,
        "title": "Testbyn - En servicepunkt",
        "lead_organisation": "Testbyns byalag",
        "category": "lokala-pilotprojekt",
        "programme": "landsbygdsprogrammet-2014-2020-service",
        "regions": ["dalarna"],
        "methods": ["servicepunkter"],
        "period": {"end": "2019-07-31"},
        "budget": {"total": 1000, "support": 750},
        "purpose": "Att pröva en servicepunkt.",
        "source": {"title": "Testkälla"},
    }
    for key, value in fields.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def write_project(folder: Path, data: dict[str, Any], name: str | None = None) -> Path:
    path = folder / f"{name or data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@dataclass
class Built:
    app: SphinxTestApp
    status: str
    warnings: str

    @property
    def outdir(self) -> Path:
        return Path(self.app.outdir)

    def html(self, docname: str) -> str:
        return (self.outdir / f"{docname}.html").read_text(encoding="utf-8")


@pytest.fixture
def handbook(tmp_path: Path) -> Callable[..., Built]:
    """Build the test-handbook root with a projects folder of the caller's choice.

    The source folder persists between calls within one test, so incremental builds
    can be tested; any warning fails the build unless ``allow_warnings`` is set.
    """
    srcdir = tmp_path / "src"
    if not srcdir.exists():
        shutil.copytree(ROOTS / "test-handbook", srcdir)

    def build(
        projects: Path | None = None,
        *,
        parallel: int = 1,
        allow_warnings: bool = False,
        fresh: bool = False,
        buildername: str = "html",
        **overrides: Any,
    ) -> Built:
        if projects is not None and projects != srcdir / "projects":
            if (srcdir / "projects").exists():
                shutil.rmtree(srcdir / "projects")
            shutil.copytree(projects, srcdir / "projects")
        builddir = tmp_path / "build"
        if fresh and builddir.exists():
            shutil.rmtree(builddir)
        status, warning = io.StringIO(), io.StringIO()
        # A build stopped on bad input exits (SystemExit) past SphinxTestApp's own clean-up;
        # the namespace puts docutils' registries back either way.
        with docutils_namespace():
            app = SphinxTestApp(
                buildername,
                srcdir=srcdir,
                builddir=builddir,
                status=status,
                warning=warning,
                parallel=parallel,
                confoverrides=overrides,
            )
            try:
                app.build()
            finally:
                app.cleanup()
        built = Built(app, status.getvalue(), warning.getvalue())
        if not allow_warnings:
            assert built.warnings == "", built.warnings
        return built

    build.srcdir = srcdir  # type: ignore[attr-defined]
    return build


# --- Browser tests -------------------------------------------------------------------
# Playwright drives Debian's Chromium headless. Locally a missing browser skips these
# tests with a reason; in CI (CI=true) it fails them, so they can never silently not run.

# Where the browser is comes from bench/browser.py, which the benchmark reads too.


def html_pages(outdir: Path) -> dict[str, str]:
    """Every page's HTML (the EPUB's XHTML) by path, without the assets' ``?v=`` checksums, which
    Sphinx 8.1 leaves out in a second build in the same process (the trimmed files' names carry a
    content hash)."""
    return {
        page.relative_to(outdir).as_posix(): re.sub(r"\?v=[0-9a-f]+", "", page.read_text(encoding="utf-8"))
        for page in sorted(outdir.rglob("*"))
        if page.suffix in PAGE_SUFFIXES
    }


def _need_browser() -> None:
    reason = None
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set {ENVIRONMENT_VARIABLE})"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "Playwright is not installed (pip install playwright)"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook, built once per test run into a temporary folder."""
    from sphinx.cmd.build import build_main

    work = tmp_path_factory.mktemp("site")
    srcdir = copy_sources(REPO / "docs", work / "docs")
    outdir = work / "html"
    code = build_main(
        [
            "-q",
            "-W",
            "--keep-going",
            "-b",
            "html",
            "-D",
            f"servicehandbok_projects={PROJECTS}",
            str(srcdir),
            str(outdir),
        ]
    )
    assert code == 0
    return outdir


def build_handbook(builder: str, work: Path) -> Path:
    """The real handbook built with *builder* into *work*; doctrees kept out of the output (the EPUB packs its folder)."""
    from sphinx.cmd.build import build_main

    srcdir = work / "docs"
    if not srcdir.exists():
        copy_sources(REPO / "docs", srcdir)
    outdir = work / builder
    argv = ["-q", "-W", "--keep-going", "-b", builder, "-d", str(work / "doctrees"), str(srcdir), str(outdir)]
    assert build_main([*argv, "-D", f"servicehandbok_projects={PROJECTS}"]) == 0
    return outdir


@pytest.fixture(scope="session")
def dirhtml_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook built with ``dirhtml``, once per test run."""
    return build_handbook("dirhtml", tmp_path_factory.mktemp("dirhtml"))


@pytest.fixture(scope="session")
def epub_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook built with ``epub``, once per test run: the folder that holds the ``.epub``."""
    return build_handbook("epub", tmp_path_factory.mktemp("epub"))


def pagefind_order(out: Path) -> list[str]:
    """The URLs of the indexed pages in Pagefind's page order, which a search without words lists.

    The metadata file names the pages' fragments first, in page order; its later hashes (word
    and filter chunks) are skipped by the page count.
    """
    index = out / "pagefind"
    entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
    count = sum(language["page_count"] for language in entry["languages"].values())
    meta = gzip.decompress(next(index.glob("*.pf_meta")).read_bytes())
    urls = {}
    for fragment in (index / "fragment").glob("*.pf_fragment"):
        record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        urls[fragment.stem] = record["url"]
    hashes = re.findall(rb"sv_[0-9a-f]{7,}", meta)[:count]
    return [urls[found.decode()] for found in hashes]


SITE_FIXTURES = {"site", "server", "browser", "page", "dirhtml_site", "epub_book"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that builds the whole handbook or drives a browser: ``-m "not site"`` runs the rest."""
    for item in items:
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.site)


SERVED: list[str] = []
"""Paths the test server was asked for, in order; a test may clear it and then read it."""


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1 (Pagefind does not work from file://)."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        SERVED.append(self.path.split("?")[0])
        return super().send_head()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records console errors and uncaught exceptions in ``page.errors``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on(
        "response",
        lambda response: (
            page.errors.append(f"HTTP {response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    yield page
    context.close()
