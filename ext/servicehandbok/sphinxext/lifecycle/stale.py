"""Output pages of documents that no longer exist (a removed project, a kind no longer declared) are deleted.

A clean build writes no page for a document that is gone, so neither may a build into an output
folder that has one from before. Three sources name such pages: the documents Sphinx found removed
since the last build; the generated pages this build's generator deleted (recorded in the doctree
folder until a build finishes, so that a build with a fresh environment, ``-E``, or one after a
build cut short, still knows them); and every output page in a generated folder that no current
document writes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ...data.kinds import REGISTER_PREFIX, SITE_NAMES
from ..core.names import generated_folders
from ..core.state import catalog_of

logger = logging.getLogger(__name__)

REMOVED_RECORD = "servicehandbok-removed.json"
"""In the doctree folder: documents whose sources were deleted and whose output pages may remain."""
_REMOVED = "_servicehandbok_removed_docs"


def _record(app: Sphinx) -> Path:
    return Path(app.doctreedir) / REMOVED_RECORD


def _recorded(app: Sphinx) -> set[str]:
    try:
        return set(json.loads(_record(app).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return set()


def note_removed_sources(app: Sphinx, docnames: Iterable[str]) -> None:
    """Remember documents whose sources the generator deleted, until a build has removed their pages."""
    docnames = set(docnames)
    if not docnames:
        return
    path = _record(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(sorted(_recorded(app) | docnames)), encoding="utf-8")


def note_removed_docs(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """On ``env-get-outdated``: the documents gone since the last build."""
    setattr(app, _REMOVED, set(removed))
    return []


def remove_stale_pages(app: Sphinx, exception: BaseException | None) -> None:
    """Delete output pages of documents that no longer exist.

    The builder names its own output files (``x.html``, ``x/index.html``, ``x.xhtml``), so
    a page counts as stale only when no current document is written to that file.
    """
    if exception is not None or app.builder.format != "html" or not hasattr(app.builder, "get_outfilename"):
        return
    builder = app.builder
    outdir = Path(app.outdir)
    current = {Path(builder.get_outfilename(docname)) for docname in app.env.found_docs}
    suffix = getattr(builder, "out_suffix", ".html")
    stale: set[Path] = set()
    others = {*SITE_NAMES, *app.config.html_additional_pages}  # pages that are no documents: never stale
    gone = {
        docname
        for docname in (_recorded(app) | getattr(app, _REMOVED, set())) - app.env.found_docs
        if docname not in others and not docname.startswith(REGISTER_PREFIX)
    }
    stale.update(Path(builder.get_outfilename(docname)) for docname in gone)
    for generated in generated_folders(catalog_of(app.env).kinds):
        stale.update((outdir / generated).glob(f"**/*{suffix}"))
    stale |= _stale_sources(app, gone)
    for path in sorted(stale - current):
        if not path.is_file():
            continue
        path.unlink()
        logger.info(f"servicehandbok: tog bort {path.relative_to(outdir)} (sidan finns inte längre)")
        folder = path.parent
        while folder != outdir and outdir in folder.parents and not any(folder.iterdir()):
            folder.rmdir()  # dirhtml writes one folder per page; a removed kind leaves its folder empty
            folder = folder.parent
    _record(app).unlink(missing_ok=True)


def _stale_sources(app: Sphinx, gone: set[str]) -> set[Path]:
    """Sphinx's copies of the sources of documents that are gone (``_sources/x.md.txt``, with ``html_copy_source``)."""
    sources = Path(app.outdir) / "_sources"
    if not sources.is_dir():
        return set()
    ending = app.config.html_sourcelink_suffix or ""
    suffixes = tuple(app.config.source_suffix)
    current = {f"{docname}{suffix}{ending}" for docname in app.env.found_docs for suffix in suffixes}
    found = {sources / f"{docname}{suffix}{ending}" for docname in gone for suffix in suffixes}
    for folder in generated_folders(catalog_of(app.env).kinds):
        found.update(path for path in (sources / folder).glob("**/*") if path.is_file())
    return {path for path in found if path.relative_to(sources).as_posix() not in current}
