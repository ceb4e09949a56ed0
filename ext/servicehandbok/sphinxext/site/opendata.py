"""Open data beside the pages (``projects.json``, ``.csv``, the schema, Atom feeds) and the links to it in each page's head."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from ...data import formatting
from ...data.catalog import Catalog, code_fingerprint
from ...data.model import Project
from ...outputs import exports, feeds
from ..core.config import SITE_BUILDERS, handbook_config
from ..core.files import files_unchanged, remember_files, write_atomically
from ..core.pagebody import page_project
from ..core.state import catalog_of

logger = logging.getLogger(__name__)


def write_open_data(app: Sphinx, exception: BaseException | None) -> None:
    """Write ``projects.json``/``.csv``, the schema and the Atom feeds into the output root."""
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    catalog = catalog_of(app.env)
    builder = app.builder
    baseurl = app.config.html_baseurl
    settings = handbook_config(app)
    contacts, today, publisher = settings.contacts, settings.today, settings.publisher_record()
    outdir = Path(app.outdir)
    stamp = f"{catalog.digest} {code_fingerprint()} {contacts} {baseurl} {builder.name} {today} {publisher}"
    marker = Path(app.doctreedir) / "servicehandbok-open-data.json"
    if files_unchanged(outdir, marker, stamp):
        logger.info("servicehandbok: öppna data och flöden oförändrade")
        return

    def page_url(project: Project) -> str:
        target = builder.get_target_uri(project.docname)
        return formatting.absolute_url(baseurl, target) if baseurl else target

    outputs = {
        **exports.files(catalog, contacts, page_url, today, publisher),
        **feeds.feeds(catalog, builder.get_target_uri, baseurl, contacts),
    }
    written = 0
    for relative, data in sorted(outputs.items()):
        target = outdir / relative
        if target.is_file() and target.read_bytes() == data:
            continue
        write_atomically(target, data)
        written += 1
    for path in sorted((outdir / feeds.FOLDER).glob("**/*")):
        if path.is_file() and path.relative_to(outdir).as_posix() not in outputs:
            path.unlink()
    remember_files(marker, stamp, outputs)
    logger.info(f"servicehandbok: öppna data och {len(outputs) - len(exports.FILES)} flöden; {written} filer skrivna")


def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Add schema.org JSON-LD to project pages and a feed link to pages that have a feed."""
    catalog = catalog_of(app.env)
    tags = []
    project = page_project(app, pagename, context)
    if project is not None:
        baseurl = app.config.html_baseurl
        url = formatting.absolute_url(baseurl, app.builder.get_target_uri(pagename)) if baseurl else ""
        tags.append(exports.json_ld(project, catalog.vocabulary, url, handbook_config(app).contacts))
    feed = feeds.ALL_PROJECTS if pagename == app.config.root_doc else _feed_of(pagename, catalog)
    if feed and app.builder.name in SITE_BUILDERS:
        href = html.escape(context["pathto"](feed, 1))
        tags.append(f'<link rel="alternate" type="application/atom+xml" title="Projekt (Atom)" href="{href}">')
    if tags:
        context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags) + "\n"


def _feed_of(pagename: str, catalog: Catalog) -> str | None:
    """The feed of a län's or method's hub page."""
    folder, _, name = pagename.partition("/")
    for kind in feeds.feed_kinds(catalog.kinds):
        if folder == kind.folder and catalog.vocabulary.get(kind.name, name):
            return feeds.feed_path(kind, name)
    return None
