"""The live preview (``nox -s docs-live``) defers the search index, and its search page says so.

Pagefind indexes every project page again after any edit (it cannot update an index), which
took longer than the rest of a one-edit build at 1,000 projects. In the preview
(``servicehandbok_preview = True``, set by ``nox -s docs-live``) the index is built only when
the output folder has none, so search works from the first build on, and later builds leave
it as it is. The search page then says that search shows the handbook as it was when the
preview started. ``nox -s docs`` never sets the option, and re-indexes whenever a project page
changed, also after a preview in the same folder.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..core.config import SITE_BUILDERS, handbook_config
from ..core.names import SEARCH_PAGE
from ..core.pagebody import Page
from . import page as search

logger = logging.getLogger(__name__)

NOTICE = (
    '<div class="admonition note servicehandbok-preview"><p class="admonition-title">Förhandsvisning</p>'
    "<p>Sökindexet byggs inte om när du sparar en ändring, så sökningen visar handboken som den var när "
    "förhandsvisningen startade. <code>nox -s docs</code> bygger alltid om sökindexet.</p></div>"
)


def _deferred(app: Sphinx) -> bool:
    """True when this build leaves the existing search index as it is."""
    settings = handbook_config(app)
    if not settings.preview or app.builder.name not in SITE_BUILDERS or not settings.search:
        return False
    return (Path(app.outdir) / search.INDEX_FOLDER / "pagefind-entry.json").is_file()


def write_index(app: Sphinx, exception: BaseException | None) -> None:
    """On ``build-finished``: Pagefind as in :func:`.search.write_index`, unless the preview defers it."""
    if exception is None and _deferred(app):
        logger.info("servicehandbok: förhandsvisning; sökindexet byggs inte om (nox -s docs bygger det)")
        return
    search.write_index(app, exception)


def search_notice(page: Page, body: str) -> str:
    """Say on the search page that the preview's search may be behind the pages: the page body's
    step ``SEARCH_NOTICE`` (``core/pagebody.py``)."""
    if page.name == SEARCH_PAGE and _deferred(page.app):
        return NOTICE + body
    return body
