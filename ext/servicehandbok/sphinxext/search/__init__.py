"""Search: the project pages marked for Pagefind, its index after the build, and the one search page."""

from __future__ import annotations

from sphinx.application import Sphinx

from ..core.events import Order
from . import page, preview


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", page.replace_sphinx_search)
    app.connect("html-collect-pages", page.collect_search_page)
    app.connect("html-page-context", page.on_html_page_context)
    app.connect("html-page-context", preview.on_html_page_context, priority=Order.AFTER_BODY)
    app.connect("build-finished", preview.write_index)  # page.write_index, unless the live preview defers it
