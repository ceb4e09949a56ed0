"""Load and check the project files when the builder starts, and write the generated pages."""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ...data.catalog import code_fingerprint, load_catalog
from ..core import config
from ..core.files import files_unchanged, remember_files
from ..core.names import generated_folders
from ..core.state import set_catalog
from ..core.stop import BuildStopped, stop
from .generate import generate, write_pages

logger = logging.getLogger(__name__)


class ProjectDataError(BuildStopped):
    """The project files have errors; the build stops before writing a wrong site."""


class PublishedCacheError(BuildStopped):
    """Sphinx's doctrees would be written into the folder that is published, with the contacts the option hides."""


def refuse_published_doctrees(app: Sphinx, contacts: str) -> None:
    """Stop before anything is written when the doctree folder lies inside the output folder and the
    contacts option hides something: the doctrees and the catalog cache hold the files as written."""
    if contacts == "full":
        return
    doctrees, outdir = Path(app.doctreedir).resolve(), Path(app.outdir).resolve()
    if doctrees == outdir or outdir in doctrees.parents:
        if doctrees != outdir and not any(path.is_file() for path in doctrees.rglob("*")):
            shutil.rmtree(doctrees, ignore_errors=True)  # Sphinx made it at start-up; nothing is written yet
        stop(
            [("", f"dokumentträden ({doctrees}) ligger i mappen som publiceras ({outdir})")],
            f"Bygget stoppades: med servicehandbok_contacts = {contacts!r} får inga kontaktuppgifter hamna i den "
            "publicerade mappen. Bygg med -d och en mapp utanför den, som `nox -s docs` gör (docs/_build/doctrees).",
            PublishedCacheError,
        )


def on_builder_inited(app: Sphinx) -> None:
    """Load every project file; stop with the full list of errors, or write the pages."""
    settings = config.handbook_config(app)
    refuse_published_doctrees(app, settings.contacts)
    folder = settings.projects
    catalog = load_catalog(folder, Path(app.doctreedir) / "servicehandbok-catalog.pickle")
    root = folder.parent
    for problem in catalog.warnings:
        logger.info(problem.format(root), color="darkred")
    if catalog.errors:
        count = len(catalog.errors)
        stop(
            ((p.location(root), p.text()) for p in catalog.errors),
            f"Bygget stoppades: {count} fel i projektfilerna (listan ovan). "
            "Rätta dem och bygg igen; `nox -s check` visar samma lista snabbare.",
            ProjectDataError,
        )
    # Defence in depth behind escaping: no page may embed raw output or read other files.
    app.env.settings["raw_enabled"] = False
    app.env.settings["file_insertion_enabled"] = False
    options = settings.render_options()
    # Every writer (pages, hubs, search, feeds, open data, e-book) sees only what the contacts option shows.
    catalog = catalog.redacted(options.contacts)
    set_catalog(app.env, catalog)
    stamp = f"{catalog.digest} {code_fingerprint()} {options!r}"
    marker = Path(app.doctreedir) / "servicehandbok-pages.json"
    if files_unchanged(Path(app.srcdir), marker, stamp):
        logger.info(f"servicehandbok: {len(catalog.projects)} projekt; inga ändringar i sidorna")
        return
    pages = generate(catalog, options)
    report = write_pages(Path(app.srcdir), pages, generated_folders(catalog.kinds))
    remember_files(marker, stamp, pages)
    logger.info(
        f"servicehandbok: {len(catalog.projects)} projekt; {len(report.written)} sidor skrivna, "
        f"{report.unchanged} oförändrade, {len(report.removed)} borttagna"
    )
    if report.kept:
        logger.info(
            f"servicehandbok: egna filer i de genererade mapparna lämnas orörda: {', '.join(sorted(report.kept))}"
        )
