"""What the web site and the book need around the pages: head and footer, style files, open data, compare, the EPUB's package."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..core import pagebody
from ..core.config import handbook_config
from ..core.events import Order
from ..core.pagebody import Step
from . import assets, compare, epub, guard, navigation, opendata, pagelang, publishing, themefixes

STATIC = Path(__file__).parents[2] / "static"
TEMPLATES = Path(__file__).parents[2] / "templates"
"""The handbook's own style and script files (``servicehandbok/static``)."""


PAGE_STAMPS = ("servicehandbok_data_date", "servicehandbok_style_stamp")
"""Set by the extension at ``config-inited``, never in ``conf.py``: what every page shows or links
besides its own document (the footer's data date, the stylesheets joined by content). As ``html``
settings they are part of Sphinx's build info, so when one changes every page is written again,
as a clean build would write it."""


def setup(app: Sphinx) -> None:
    for name in PAGE_STAMPS:
        app.add_config_value(name, "", "html", types=frozenset({str}))
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
    config.servicehandbok_data_date = publishing.data_date(handbook_config(app).projects)
    config.servicehandbok_style_stamp = _style_stamp(
        Path(app.confdir), [*config.html_static_path, *config.templates_path]
    )


def _style_stamp(confdir: Path, folders: list[str]) -> str:
    """A digest of every file in the static and template folders, by name and content."""
    digest = hashlib.sha256()
    for folder in folders:
        root = confdir / folder
        for path in sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []:
            try:
                content = path.read_bytes()
            except OSError as error:  # unreadable: Sphinx says so when it copies the static files
                content = str(error).encode()
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + content + b"\0")
    return digest.hexdigest()
