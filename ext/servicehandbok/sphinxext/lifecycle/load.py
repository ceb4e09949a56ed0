"""Load and check the project files when the builder starts, and write the generated pages."""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ...data.catalog import code_fingerprint, load_catalog
from ..core import config
from ..core.names import generated_folders
from ..core.state import set_catalog
from ..core.stop import BuildStopped, stop
from . import stale
from .generate import BACKUP_FOLDER, PAGES_RECORD, generate, pages_unchanged, remember_pages, write_pages
from .places import refuse_taken_folders, source_suffixes

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
    refuse_taken_folders(app, catalog)
    srcdir, folders, suffixes = Path(app.srcdir), generated_folders(catalog.kinds), source_suffixes(app)
    stamp = f"{catalog.digest} {code_fingerprint()} {options!r}"
    record = Path(app.doctreedir) / PAGES_RECORD
    if pages_unchanged(record, stamp, srcdir, folders, suffixes):
        logger.info(f"servicehandbok: {len(catalog.projects)} projekt; inga ändringar i sidorna")
        return
    pages = generate(catalog, options)
    backup = Path(app.outdir).resolve().parent / BACKUP_FOLDER
    skip = (Path(app.outdir), Path(app.doctreedir), settings.projects)
    record.unlink(missing_ok=True)  # a build stopped while writing checks every page again
    report = write_pages(srcdir, pages, folders, backup=backup, suffixes=suffixes, skip=skip)
    stale.note_removed_sources(app, [relative.rsplit(".", 1)[0] for relative in report.removed])
    remember_pages(record, stamp, srcdir, pages)
    logger.info(
        f"servicehandbok: {len(catalog.projects)} projekt; {len(report.written)} sidor skrivna, "
        f"{report.unchanged} oförändrade, {len(report.removed)} borttagna"
    )
    for relative, kept in report.kept_aside:
        logger.warning(
            f"servicehandbok: {relative} var ändrad för hand; den ändrade texten flyttades till {kept} och "
            "sidan skrivs nu från projektfilerna — ändra i projektfilerna för att ändra sidan",
            type="servicehandbok",
            subtype="edited-page",
        )
    if report.kept:
        logger.info(
            f"servicehandbok: filer som inte är sidor i de genererade mapparna lämnas orörda: {', '.join(report.kept)}"
        )
