"""One road from data to page: the one handler that edits a page's body, and the page's project looked up once.

Several modules change what a page's body holds: the search and compare pages are written
whole, wide tables become focusable, a page in another language gets its ``lang``, a project
page is marked for the index, and the live preview adds its notices. Each module keeps its own
job as a step (a function of the page and its body), registers it under its :class:`Step` with
:func:`add_writer` or :func:`add_edit`, and connects no handler of its own: :func:`edit_body`
is the only ``html-page-context`` handler that assigns ``context["body"]``, and applies the
steps in the order :class:`Step` fixes. (The steps live in ``site``, ``search`` and ``run``,
floors that may not import each other, so they come here rather than this module going to them.)

Every handler that needs the project a page shows asks :func:`page_project`, the one place that
asks the catalog; on ``html-page-context`` it keeps the answer in the page's context, so each
page's project is looked up once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from sphinx.application import Sphinx

from ...data.model import Project
from .state import catalog_of


class Step(IntEnum):
    """The steps of a page's body, in the order :func:`edit_body` applies them; one function each."""

    SEARCH_PAGE = 10
    """``search/page.py``: the search page's body, written whole (the page has none of its own)."""
    COMPARE_PAGE = 20
    """``site/compare.py``: the compare page's body, written whole."""
    TABLES = 30
    """``site/themefixes.py``: every wrapper of a wide table takes keyboard focus."""
    LANGUAGE = 40
    """``site/pagelang.py``: a page in another language, wrapped in ``<div lang="…">``."""
    SEARCH_INDEX = 50
    """``search/page.py``: a project page marked for Pagefind, around everything above."""
    SEARCH_NOTICE = 60
    """``search/preview.py``: the live preview's notice on the search page that its index may be behind."""
    FIRST_PASS_NOTICE = 70
    """``run/firstpass.py``: the live preview's first-pass notice on the edited page, outermost. A fixed
    text with no active markup and no class the page's files depend on, so the guard and the trimming
    of the page's files, which run after this handler, pass it and keep what they would without it."""


WRITERS = frozenset({Step.SEARCH_PAGE, Step.COMPARE_PAGE})
"""Steps that write a page's body whole and may give a page a body it did not have; the other
steps edit a body and are skipped on a page without one."""

PROJECT_KEY = "_servicehandbok_project"
"""Where :func:`page_project` keeps a page's project (or None) in the page's context."""

_STEPS = "_servicehandbok_page_steps"


@dataclass(frozen=True)
class Page:
    """The page being written, as the steps see it."""

    app: Sphinx
    name: str
    context: dict[str, Any]

    @property
    def project(self) -> Project | None:
        """The project this page shows, if it is a project page (see :func:`page_project`)."""
        return page_project(self.app, self.name, self.context)


Writer = Callable[[Page], str | None]
"""A step that writes a page's body whole: the new body, or None for a page it does not write."""
Edit = Callable[[Page, str], str]
"""A step that edits a page's body: the body as it leaves the step."""


def page_project(app: Sphinx, pagename: str, context: dict[str, Any] | None = None) -> Project | None:
    """The project whose page *pagename* is, if it is a project page: the one place that asks the catalog.

    With the page's *context* (``html-page-context``), the answer is kept there, so the handlers
    of one page share one lookup.
    """
    if context is not None and PROJECT_KEY in context:
        project: Project | None = context[PROJECT_KEY]
        return project
    project = catalog_of(app.env).project_at(pagename)
    if context is not None:
        context[PROJECT_KEY] = project
    return project


@dataclass(frozen=True)
class _Steps:
    writers: dict[Step, Writer]
    edits: dict[Step, Edit]


def _steps(app: Sphinx) -> _Steps:
    # In the application's own attributes (``vars``), never through ``getattr``, which a
    # stand-in for Sphinx may answer for any name.
    steps: _Steps = vars(app).setdefault(_STEPS, _Steps({}, {}))
    return steps


def _check_free(app: Sphinx, step: Step, function: object) -> None:
    steps = _steps(app)
    taken = steps.writers.get(step) or steps.edits.get(step)
    if taken is not None and taken is not function:
        raise ValueError(f"the page body's step {step.name} already has a function: {taken!r}")


def add_writer(app: Sphinx, step: Step, writer: Writer) -> None:
    """Let *writer* write the body of the pages it knows, at *step* (one of :data:`WRITERS`)."""
    if step not in WRITERS:
        raise ValueError(f"{step.name} edits a body; use add_edit")
    _check_free(app, step, writer)
    _steps(app).writers[step] = writer


def add_edit(app: Sphinx, step: Step, edit: Edit) -> None:
    """Let *edit* change every page's body at *step* (any step but :data:`WRITERS`)."""
    if step in WRITERS:
        raise ValueError(f"{step.name} writes a body whole; use add_writer")
    _check_free(app, step, edit)
    _steps(app).edits[step] = edit


def edit_body(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """On ``html-page-context``: the page's body through every registered step, in :class:`Step` order.

    Connected at the default order: before the theme's own handler, and before the handlers that
    read the finished body (``Order.AFTER_ASSETS``: the page's files; ``Order.AFTER_CHECKS``: the guard).
    """
    steps = _steps(app)
    page = Page(app, pagename, context)
    body: str | None = context.get("body")
    for step in sorted(steps.writers.keys() | steps.edits.keys()):
        if step in steps.writers:
            written = steps.writers[step](page)
            body = body if written is None else written
        elif body is not None:
            body = steps.edits[step](page, body)
    if body is not None:
        context["body"] = body
