"""Search: the project pages marked for Pagefind, its index after the build, and the one search page."""

from __future__ import annotations

from sphinx.application import Sphinx

from ..core import pagebody
from ..core.pagebody import Step
from . import page, preview


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", page.replace_sphinx_search)
    app.connect("html-collect-pages", page.collect_search_page)
    app.connect("html-page-context", page.on_html_page_context)
    pagebody.add_writer(app, Step.SEARCH_PAGE, page.search_page)
    pagebody.add_edit(app, Step.SEARCH_INDEX, page.mark_for_index)
    pagebody.add_edit(app, Step.SEARCH_NOTICE, preview.search_notice)
    app.connect("build-finished", preview.write_index)  # page.write_index, unless the live preview defers it
