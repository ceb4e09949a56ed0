"""HTML that the handbook writes itself, outside docutils: data embedded for scripts, and active markup found."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    Every ``<`` is written as ``\\u003c`` (the same string to ``JSON.parse``), so no text in
    the data can close the element (``</script>``) or open a comment (``<!--``).
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


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
