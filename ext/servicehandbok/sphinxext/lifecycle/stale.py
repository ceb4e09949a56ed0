"""Output pages of generated documents that no longer exist (a removed project) are deleted."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..core.names import generated_folders
from ..core.state import catalog_of

logger = logging.getLogger(__name__)


def remove_stale_pages(app: Sphinx, exception: BaseException | None) -> None:
    """Delete output pages of generated documents that no longer exist (a removed project).

    The builder names its own output files (``x.html``, ``x/index.html``, ``x.xhtml``), so
    a page counts as stale only when no current document is written to that file.
    """
    if exception is not None or app.builder.format != "html" or not hasattr(app.builder, "get_outfilename"):
        return
    builder = app.builder
    outdir = Path(app.outdir)
    current = {Path(builder.get_outfilename(docname)) for docname in app.env.found_docs}
    suffix = getattr(builder, "out_suffix", ".html")
    for folder in generated_folders(catalog_of(app.env).kinds):
        for path in sorted((outdir / folder).glob(f"**/*{suffix}")):
            if path not in current:
                path.unlink()
                logger.info(f"servicehandbok: tog bort {path.relative_to(outdir)} (projektet finns inte längre)")
                if path.parent != outdir / folder and not any(path.parent.iterdir()):
                    path.parent.rmdir()  # dirhtml writes one folder per page
