"""Defence in depth behind escaping: a page whose data-made parts hold active markup is not written.

Data reaches a page in two ways: in the body of a generated page, and in what every page shows
around its body: its title, the navigation (the theme's tree, the relation bar with the
registers' names, parents, previous and next) and the table of contents, which name generated
pages and kinds. So the body is checked on generated pages (a hand-written page may hold a form
or a script on purpose: the form page, the search page), and the rest on every page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import SphinxError

from ..core.markup import active_markup
from ..core.names import GENERATED_FOLDERS, generated_folders, is_generated
from ..core.state import catalog_of

AROUND_BODY = ("title", "indextitle", "toc", "furo_navigation_tree")
"""Context values (HTML) that every page shows around its body."""


class UnsafeOutputError(SphinxError):
    """A page came out with active markup where data goes: escaping failed somewhere."""

    category = "Osäker HTML i en sida"


_SEEN = "_servicehandbok_guarded"
_SHARED = 1000
"""Texts longer than this (the navigation trees) are remembered once checked; shorter ones cost less to check."""


def guard_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """On ``html-page-context``, after every handler that edits the page: refuse active markup
    in the parts of the page data reaches, and check the navigation the template renders."""
    seen = getattr(app.builder, _SEEN, None)
    if seen is None:  # the navigation is the same on most pages: each text is checked once a build
        seen = set()
        setattr(app.builder, _SEEN, seen)
    refuse_active_markup(pagename, context, generated_folders(catalog_of(app.env).kinds), seen)
    render = context.get("toctree")
    if callable(render):
        context["toctree"] = _checked(pagename, render, seen)


def _checked(pagename: str, render: Callable[..., str], seen: set[str] | None = None) -> Callable[..., str]:
    def toctree(*args: Any, **kwargs: Any) -> str:
        rendered = render(*args, **kwargs)
        _refuse(pagename, "toctree", rendered, seen)
        return rendered

    return toctree


def _parts(pagename: str, context: dict[str, Any], folders: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    if is_generated(pagename, folders):
        yield "body", context.get("body")
    for key in AROUND_BODY:
        yield key, context.get(key)
    for link in context.get("rellinks") or ():
        yield "rellinks", link[1] if len(link) > 1 else None
        yield "rellinks", link[3] if len(link) > 3 else None
    for parent in context.get("parents") or ():
        yield "parents", parent.get("title") if isinstance(parent, dict) else None
    for key in ("prev", "next"):
        link = context.get(key)
        yield key, link.get("title") if isinstance(link, dict) else None


def refuse_active_markup(
    pagename: str, context: dict[str, Any], folders: tuple[str, ...] = GENERATED_FOLDERS, seen: set[str] | None = None
) -> None:
    """Raise :class:`UnsafeOutputError` if a part of *pagename* that data reaches holds active markup:
    the body of a generated page, and the title and navigation of every page. Texts in *seen* were
    checked before and are skipped; each text checked is added."""
    for part, value in _parts(pagename, context, folders):
        _refuse(pagename, part, value, seen)


def _refuse(pagename: str, part: str, value: Any, seen: set[str] | None = None) -> None:
    if not isinstance(value, str) or (seen is not None and value in seen):
        return
    found = active_markup(value)
    if found:
        raise UnsafeOutputError(f"{pagename}: {found!r} in the page's {part}; the page was not written.")
    if seen is not None and part != "body" and len(value) > _SHARED:  # a body is seen once
        seen.add(value)
