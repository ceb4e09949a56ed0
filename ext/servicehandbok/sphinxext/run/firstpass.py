"""The live preview's first pass: the edited project's own page, written within a second or two.

A one-edit build at 1,000 projects takes over ten seconds before the edited page is written:
a new process starts Python and Sphinx and loads the environment (about 3.5 s), then re-reads
every page that shows the project (about 70) and writes them in name order. The live loop
(:mod:`.live`) therefore keeps a :class:`FirstPass` warm: a Sphinx application loaded once
from the last build's environment, which after a save renders only the edited projects'
pages, reads them into its own copy of the environment and writes their HTML into the output
folder, with a note that the pages listing the project follow. The ordinary incremental build
runs right after it and writes every page again as always, this one included, so the settled
site is the one a normal build writes.

The warm application works in a scratch folder: its doctrees folder links to the last build's
files (the environment, the hand-written pages' doctrees) and holds copies of the catalog cache
and the generated pages' stamp, and its output folder is its own. It never saves the
environment, and the only file it writes outside the scratch folder is the edited page's HTML,
replaced in one step.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.docutils import docutils_namespace, patch_docutils

from ...data.catalog import load_catalog
from ...data.model import PROJECT_FOLDER
from ..core import config, pagebody
from ..core.config import SITE_BUILDERS
from ..core.domain import HandbookDomain
from ..core.files import write_atomically
from ..core.pagebody import Page, Step
from ..lifecycle.generate import project_pages

BACKDATED_BEFORE = 10**17
"""First-pass pages get a modification time before this (in nanoseconds: 1973)."""

COPIED = ("servicehandbok-catalog.pickle", "servicehandbok-pages.json")
"""Files the warm application writes to (the catalog cache, the pages' stamp): copied, not linked."""

NOTICE = (
    '<div class="admonition note servicehandbok-first-pass"><p class="admonition-title">Förhandsvisning</p>'
    "<p>Sidan visar din ändring. Sidor som listar projektet (översikter, län, metoder och andra "
    "projekts relaterade projekt) uppdateras om en stund, när hela bygget är klart.</p></div>"
)


@dataclass(frozen=True)
class Target:
    """Where the normal build reads and writes, as ``sphinx-build`` would parse its arguments."""

    srcdir: Path
    confdir: Path
    outdir: Path
    doctreedir: Path
    builder: str
    overrides: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()

    @classmethod
    def from_sphinx_args(cls, argv: list[str]) -> Target:
        """The build that ``sphinx-build argv`` runs (the live loop's own options removed)."""
        args = sphinx_arguments(argv)
        return cls(
            Path(args.sourcedir).resolve(),
            Path(args.confdir or args.sourcedir).resolve(),
            Path(args.outputdir).resolve(),
            Path(args.doctreedir or Path(args.outputdir, ".doctrees")).resolve(),
            args.builder,
            overrides(args),
            tuple(args.tags or ()),
        )


def sphinx_arguments(argv: list[str]) -> argparse.Namespace:
    """``sphinx-build``'s own reading of *argv*; options it does not know are left aside."""
    from sphinx.cmd.build import get_parser  # listed in core/upstream.py

    args, _ = get_parser().parse_known_args(argv)
    return args


def overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The settings ``-D name=value``, ``-A name=value`` and ``-n`` override, as ``sphinx-build``
    documents them (an ``-A`` value that is an integer becomes one). Sphinx's own parsing of
    these is private (``sphinx.cmd.build._parse_confoverrides``); the first pass needs only the
    result. (With ``-C`` the first pass still reads ``conf.py``; the handbook has one.)"""
    found: dict[str, Any] = {}
    for define in args.define or ():
        name, _, text = define.partition("=")
        found[name] = text
    for define in args.htmldefine or ():
        name, _, text = define.partition("=")
        found[f"html_context.{name}"] = text
        with contextlib.suppress(ValueError):
            found[f"html_context.{name}"] = int(text)
    if args.nitpicky:
        found["nitpicky"] = True
    return found


def backdate(page: Path) -> None:
    """Give a first-pass page a modification time before any source's, so that every later
    build finds it out of date and writes it again: the page never outlives the full build,
    also when the edit is undone before the build, or the loop is stopped. (The preview server
    tells the browser to keep no page, so its reload fetches the page whatever the time.)"""
    stamp = time.time_ns() % BACKDATED_BEFORE
    os.utime(page, ns=(stamp, stamp))


class FirstPass:
    """A warm Sphinx application that writes an edited project's page ahead of the full build."""

    def __init__(self, target: Target) -> None:
        if target.builder not in SITE_BUILDERS:
            raise ValueError(f"the first pass writes HTML pages; not for the {target.builder} builder")
        if not (target.doctreedir / ENV_PICKLE_FILENAME).is_file():
            raise FileNotFoundError(f"{target.doctreedir / ENV_PICKLE_FILENAME}: no build to start from yet")
        self.target = target
        self.scratch = Path(tempfile.mkdtemp(prefix="servicehandbok-first-pass-"))
        self.warnings = io.StringIO()
        self._texts: dict[str, str] = {}
        self._memo: dict[str, Any] = {}  # the catalog cache, kept in memory between passes
        self._namespace = docutils_namespace()
        self._namespace.__enter__()
        try:
            doctrees = self._sandbox(target.doctreedir)
            with patch_docutils(target.confdir):
                self.app = Sphinx(
                    target.srcdir,
                    target.confdir,
                    self.scratch / "out",
                    doctrees,
                    target.builder,
                    confoverrides=dict(target.overrides),
                    status=None,
                    warning=self.warnings,
                    freshenv=False,
                    tags=list(target.tags),
                )
        except BaseException:
            self.close()
            raise
        self.app.connect("source-read", self._substitute)
        pagebody.add_edit(self.app, Step.FIRST_PASS_NOTICE, self._note)
        self.projects = config.handbook_config(self.app).projects.resolve()

    def _sandbox(self, real: Path) -> Path:
        """A doctrees folder that reads the last build's files and writes only into the scratch folder."""
        doctrees = self.scratch / "doctrees"
        doctrees.mkdir()
        for entry in real.iterdir():
            if entry.name in COPIED:
                shutil.copy2(entry, doctrees / entry.name)
            elif not entry.name.startswith("servicehandbok-") and entry.name != PROJECT_FOLDER:
                (doctrees / entry.name).symlink_to(entry)
        (doctrees / PROJECT_FOLDER).mkdir()  # the pages read here are written here, not over the build's
        return doctrees

    def project_ids(self, paths: Iterable[Path]) -> list[str]:
        """The ids of the project files among *paths* (changed files of any kind)."""
        found = {p.stem for p in map(Path, paths) if p.suffix == ".yaml" and p.resolve().parent == self.projects}
        return sorted(found)

    def show(self, paths: Iterable[Path]) -> list[Path]:
        """Write the pages of the edited projects among *paths*; the output files written.

        Nothing is written when no project file is among them, when the project files have
        errors (the full build lists them), or for a project the last build did not have.
        """
        ids = self.project_ids(paths)
        if not ids:
            return []
        app = self.app
        settings = config.handbook_config(app)
        catalog = load_catalog(settings.projects, Path(app.doctreedir) / COPIED[0], self._memo)
        if catalog.errors:
            return []
        options = settings.render_options()
        catalog = catalog.redacted(options.contacts)
        cast(HandbookDomain, app.env.get_domain("handbook")).set_catalog(catalog)
        known = [i for i in ids if i in catalog.projects and catalog.projects[i].docname in app.env.found_docs]
        pages = project_pages(catalog, options, known)
        self._texts = {name.removesuffix(".md"): text for name, text in pages.items()}
        docnames = set(self._texts)
        if not docnames:
            return []
        try:
            for docname in sorted(docnames):
                app.events.emit("env-purge-doc", app.env, docname)
                app.env.clear_doc(docname)
                app.builder.read_doc(docname)
            app.builder.prepare_writing(docnames)
            app.builder.write_documents(docnames)
        finally:
            self._texts = {}
        written = []
        for docname in sorted(docnames):
            page = Path(cast(StandaloneHTMLBuilder, app.builder).get_outfilename(docname))  # one of SITE_BUILDERS
            target = self.target.outdir / page.relative_to(app.outdir)
            write_atomically(target, page.read_bytes())
            backdate(target)
            written.append(target)
        return written

    def _substitute(self, app: Sphinx, docname: str, content: list[str]) -> None:
        """On ``source-read``: the page as rendered from the saved file, not the last build's."""
        if docname in self._texts:
            content[0] = self._texts[docname]

    def _note(self, page: Page, body: str) -> str:
        """The page body's step ``FIRST_PASS_NOTICE`` (``core/pagebody.py``): the notice on the edited pages."""
        return NOTICE + body if page.name in self._texts else body

    def close(self) -> None:
        """Remove the scratch folder and put docutils' registries back."""
        self._namespace.__exit__(None, None, None)
        shutil.rmtree(self.scratch, ignore_errors=True)
