"""What the web site and the book need around the pages: head and footer, style files, open data, compare, the EPUB's package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..core import pagebody
from ..core.events import Order
from ..core.pagebody import Step
from . import assets, compare, epub, guard, navigation, opendata, pagelang, publishing, themefixes

STATIC = Path(__file__).parents[2] / "static"
TEMPLATES = Path(__file__).parents[2] / "templates"
"""The handbook's own style and script files (``servicehandbok/static``)."""


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _add_static)
    app.add_builder(epub.HandbookEpubBuilder, override=True)  # the EPUB's package file marks SVG pages
    app.connect("doctree-resolved", compare.add_compare_link)
    app.connect("doctree-resolved", themefixes.drop_duplicate_wrapper_ids)
    app.connect("html-collect-pages", compare.collect_compare_page)
    app.connect("html-page-context", navigation.share_navigation, priority=Order.FIRST)
    app.connect("html-page-context", publishing.on_html_page_context)
    app.connect("html-page-context", publishing.defer_scripts)
    app.connect("html-page-context", compare.on_html_page_context)
    app.connect("html-page-context", opendata.on_html_page_context)
    # The one handler that edits a page's body; each module gives it a step (core/pagebody.py).
    app.connect("html-page-context", pagebody.edit_body)
    pagebody.add_writer(app, Step.COMPARE_PAGE, compare.compare_page)
    pagebody.add_edit(app, Step.TABLES, themefixes.focusable_table_wrappers)
    pagebody.add_edit(app, Step.LANGUAGE, pagelang.wrap_language)
    app.connect("html-page-context", assets.trim_assets, priority=Order.AFTER_ASSETS)
    app.connect("html-page-context", guard.guard_page, priority=Order.AFTER_CHECKS)
    app.connect("build-finished", publishing.write_sitemap)
    app.connect("build-finished", opendata.write_open_data)
    app.add_css_file("servicehandbok.css")
    app.add_css_file("servicehandbok-overview.css")
    # Print only: a file of its own that does not hold up the first paint (assets.py joins only
    # plain stylesheets), after the joined one, so its rules win over the theme's and the handbook's.
    app.add_css_file("servicehandbok-print.css", media="print")


def _add_static(app: Sphinx, config: Any) -> None:
    # New lists, never appended in place: an unset option's value is Sphinx's shared default
    # list, which would grow with every build in one process and make each one look changed.
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    # Furo's page in Swedish with the publisher in the footer (templates/page.html).
    config.templates_path = [*config.templates_path, str(TEMPLATES)]
