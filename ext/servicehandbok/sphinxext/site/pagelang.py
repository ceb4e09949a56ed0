"""A hand-written page in another language than the handbook's: ``lang: en`` in its front matter.

The page's content is wrapped in an element with that ``lang``, so screen readers and
translation tools switch language for the text, while the theme's navigation around it,
which stays Swedish, keeps the handbook's language on ``<html>``.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx

from ..core.pagebody import Page

LANGUAGE_KEY = "lang"
_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
"""A BCP 47 language tag such as ``en`` or ``en-GB``; anything else is ignored."""


def page_language(app: Sphinx, pagename: str) -> str | None:
    """The language a page declares in its front matter, if it differs from the handbook's."""
    value = str(app.env.metadata.get(pagename, {}).get(LANGUAGE_KEY, "")).strip()
    if not _TAG.fullmatch(value) or value == app.config.language:
        return None
    return value


def wrap_language(page: Page, body: str) -> str:
    """Wrap the body of a page in another language in ``<div lang="…">``: the page body's step
    ``LANGUAGE`` (``core/pagebody.py``)."""
    language = page_language(page.app, page.name)
    return f'<div lang="{language}">{body}</div>' if language else body
