"""Defence in depth behind escaping: a generated page whose body holds active markup is not written."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import SphinxError

from ..core.markup import active_markup
from ..core.names import GENERATED_FOLDERS, generated_folders, is_generated
from ..core.state import catalog_of


class UnsafeOutputError(SphinxError):
    """A generated page came out with active markup: escaping failed somewhere."""

    category = "Osäker HTML i en genererad sida"


def guard_generated_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Defence in depth: refuse to write a generated page whose body holds active markup."""
    refuse_active_markup(pagename, context, generated_folders(catalog_of(app.env).kinds))


def refuse_active_markup(pagename: str, context: dict[str, Any], folders: tuple[str, ...] = GENERATED_FOLDERS) -> None:
    """Raise :class:`UnsafeOutputError` if *pagename* is generated and its body holds active markup."""
    if not is_generated(pagename, folders) or "body" not in context:
        return
    found = active_markup(context["body"])
    if found:
        raise UnsafeOutputError(f"{pagename}: {found!r} in the page body; the page was not written.")
