"""Sphinx event handlers: load and check the data, write the pages, keep rebuilds exact."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import SphinxError
from sphinx.util import logging

from ..data.catalog import code_fingerprint, load_catalog
from . import config
from .buildstate import catalog_of
from .domain import HandbookDomain
from .pages import GENERATED_FOLDERS, files_unchanged, generate, generated_folders, remember_files, write_pages
from .stop import BuildStopped, stop

logger = logging.getLogger(__name__)


class ProjectDataError(BuildStopped):
    """The project files have errors; the build stops before writing a wrong site."""


def is_generated(docname: str, folders: tuple[str, ...] = GENERATED_FOLDERS) -> bool:
    return docname.split("/", 1)[0] in folders


def _generated_folders(env: BuildEnvironment) -> tuple[str, ...]:
    """The folders the generator owns in this build, declared kinds' included."""
    return generated_folders(catalog_of(env).kinds)


def on_builder_inited(app: Sphinx) -> None:
    """Load every project file; stop with the full list of errors, or write the pages."""
    settings = config.handbook_config(app)
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
    cast(HandbookDomain, app.env.get_domain("handbook")).set_catalog(catalog)
    stamp = f"{catalog.digest} {code_fingerprint()} {options!r}"
    marker = Path(app.doctreedir) / "servicehandbok-pages.json"
    if files_unchanged(Path(app.srcdir), marker, stamp):
        logger.info(f"servicehandbok: {len(catalog.projects)} projekt; inga ändringar i sidorna")
        return
    pages = generate(catalog, options)
    report = write_pages(Path(app.srcdir), pages, generated_folders(catalog.kinds))
    remember_files(marker, stamp, pages)
    logger.info(
        f"servicehandbok: {len(catalog.projects)} projekt; {len(report.written)} sidor skrivna, "
        f"{report.unchanged} oförändrade, {len(report.removed)} borttagna"
    )
    if report.kept:
        logger.info(
            f"servicehandbok: egna filer i de genererade mapparna lämnas orörda: {', '.join(sorted(report.kept))}"
        )


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Re-read hand-written pages that show handbook data when that data changed."""
    digest = catalog_of(env).digest
    previous = getattr(env, "servicehandbok_digest", None)
    env.servicehandbok_digest = digest  # type: ignore[attr-defined]
    if previous in (None, digest):
        return []
    dependents = getattr(env, "servicehandbok_dependents", set())
    return sorted(d for d in dependents if d in env.found_docs and d not in added | changed)


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Remember which hand-written pages refer to handbook data."""
    env = app.env
    if is_generated(env.docname, _generated_folders(env)):
        return
    uses = any(node.get("refdomain") == "handbook" for node in doctree.findall(pending_xref))
    uses = uses or any("handbook-data" in node.get("classes", ()) for node in doctree.findall(nodes.Element))
    if uses:
        _dependents(env).add(env.docname)


def _dependents(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "servicehandbok_dependents"):
        env.servicehandbok_dependents = set()  # type: ignore[attr-defined]
    return env.servicehandbok_dependents  # type: ignore[attr-defined]


def on_env_purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _dependents(env).discard(docname)


def on_env_merge_info(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _dependents(env).update(_dependents(other))


# Real tags start with "<" (text from data has it escaped as &lt;), so these only match markup,
# or text inside an attribute value (a title in ``title="…"``): a match is confirmed by parsing.
_ACTIVE_MARKUP = re.compile(
    r"<(?:script|iframe|object|embed|form|base|meta|link|style)\b"
    r"|<[a-z][^>]*\son[a-z]+\s*="
    r"|<[a-z][^>]*\b(?:href|src|action)\s*=\s*[\"']?\s*javascript:",
    re.IGNORECASE,
)
_ACTIVE_TAGS = frozenset({"script", "iframe", "object", "embed", "form", "base", "meta", "link", "style"})


class _ActiveMarkup(HTMLParser):
    """The first tag that is active markup: an active element, an event handler, a javascript: URL."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.found:
            return
        handlers = [name for name, _ in attrs if name.startswith("on")]
        scripted = [
            name
            for name, value in attrs
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:")
        ]
        if tag in _ACTIVE_TAGS or handlers or scripted:
            self.found = self.get_starttag_text() or tag


def active_markup(body: str) -> str | None:
    """The first tag in *body* that is active markup, or None; the quick pattern spares most pages the parse."""
    if not _ACTIVE_MARKUP.search(body):
        return None
    parser = _ActiveMarkup()
    parser.feed(body)
    parser.close()
    return parser.found


class UnsafeOutputError(SphinxError):
    """A generated page came out with active markup: escaping failed somewhere."""

    category = "Osäker HTML i en genererad sida"


def guard_generated_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Defence in depth: refuse to write a generated page whose body holds active markup."""
    refuse_active_markup(pagename, context, _generated_folders(app.env))


def refuse_active_markup(pagename: str, context: dict[str, Any], folders: tuple[str, ...] = GENERATED_FOLDERS) -> None:
    """Raise :class:`UnsafeOutputError` if *pagename* is generated and its body holds active markup."""
    if not is_generated(pagename, folders) or "body" not in context:
        return
    found = active_markup(context["body"])
    if found:
        raise UnsafeOutputError(f"{pagename}: {found!r} in the page body; the page was not written.")


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
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
    for folder in _generated_folders(app.env):
        for path in sorted((outdir / folder).glob(f"**/*{suffix}")):
            if path not in current:
                path.unlink()
                logger.info(f"servicehandbok: tog bort {path.relative_to(outdir)} (projektet finns inte längre)")
                if path.parent != outdir / folder and not any(path.parent.iterdir()):
                    path.parent.rmdir()  # dirhtml writes one folder per page
