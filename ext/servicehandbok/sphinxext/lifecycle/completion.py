"""Builds that finish or are redone: a marker while a build runs, and files replaced in one step.

Sphinx saves its environment before it writes the pages, so a build killed while writing
left pages (``statistik.html`` listing a deleted project) that the next build trusted. The
marker says a build started and did not finish; the next build then re-reads and rewrites
everything, and regenerates pages, open data and feeds, instead of trusting the output.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

MARKER = ".servicehandbok-building"
STAMPS = ("servicehandbok-pages.json", "servicehandbok-open-data.json", "servicehandbok-registers.json")
"""Records of files written from a stamp; an unfinished build makes them untrustworthy."""


def exclude_marker(app: Sphinx, config: Config) -> None:
    """Keep the marker out of the EPUB, which packs every file in the output folder.

    Set at config-inited, before Sphinx compares the configuration with the last build's,
    so it is the same every build and never causes a rebuild.
    """
    excluded = list(config.epub_exclude_files)
    if MARKER not in excluded:
        config.epub_exclude_files = [*excluded, MARKER]


def on_builder_inited(app: Sphinx) -> None:
    """Note whether the last build in this output folder was cut short, then mark this one as running."""
    marker = Path(app.outdir) / MARKER
    interrupted = marker.exists()
    app.env.servicehandbok_redo = interrupted  # type: ignore[attr-defined]
    if interrupted:
        logger.info("servicehandbok: förra bygget avbröts; allt byggs om")
        for name in STAMPS:
            (Path(app.doctreedir) / name).unlink(missing_ok=True)
        for leftover in Path(app.outdir).rglob(".*.tmp"):
            leftover.unlink(missing_ok=True)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text("ett bygge pågår eller avbröts\n", encoding="utf-8")


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """After an unfinished build, every page is read and written again."""
    if not getattr(env, "servicehandbok_redo", False):
        return []
    return sorted(env.found_docs - added - changed)


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """The build wrote everything: remove the marker (connected last, after every other writer)."""
    if exception is None:
        (Path(app.outdir) / MARKER).unlink(missing_ok=True)
