"""Write data into MyST so it stays data: every character that MyST would read as markup is escaped.

CommonMark lets a backslash escape any ASCII punctuation. Escaping all of it doubled the
inline tokens MyST parses, so only what is syntax where it stands is escaped: characters
that are markup anywhere in a line (emphasis, code, links, raw HTML, entities, roles,
substitutions, table cells, heading closers) everywhere, and characters that start a block
(a list, a comment, a target, a field or definition, a block break) only at the start of
the text. Whitespace is normalised, so the text is one line and its start is the only
line start. ``tests/test_render.py`` checks with random text that nothing becomes markup.
"""

from __future__ import annotations

import re
from urllib.parse import quote

_MARKUP = re.compile(r"([\\`*_\[\]<>&{}|$~#])")
"""Markup wherever it stands: escapes, code, emphasis, links and images, HTML and autolinks,
entities, roles and substitutions, table cells, math, strikethrough, heading closers."""
_BLOCK_START = re.compile(r"^(?:[-+=%(:]|\d{1,9}[.)])")
"""Markup only at the start of a line: list items, setext lines, comments, targets, fields,
definitions, block breaks and ordered lists (whose ``.`` or ``)`` is escaped)."""
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SAFE_SCHEMES = ("https:", "mailto:", "tel:")
_SOURCE_SCHEMES = ("https:", "http:")
"""A source's address may be plain http: many project sites are old (the schema allows it for sources only)."""


def inline(text: str, *, keep_edges: bool = False) -> str:
    """One line of literal text, safe anywhere MyST expects inline content.

    With *keep_edges*, a leading or trailing space survives, for text between links.
    """
    escaped = _MARKUP.sub(r"\\\1", " ".join(text.split()))
    start = _BLOCK_START.match(escaped)
    if start:
        escaped = f"{start.group()[:-1]}\\{escaped[start.end() - 1 :]}"
    if keep_edges and escaped:
        escaped = (" " if text[:1].isspace() else "") + escaped + (" " if text[-1:].isspace() else "")
    return escaped


def field_name(text: str) -> str:
    """Literal text as the name of a field (``:name: body``), where MyST reads inline markup and the
    first colon ends the name whatever escapes it: a colon is written as its character reference."""
    return inline(text).replace(":", "&#58;")


def paragraphs(text: str) -> str:
    """Free text as MyST paragraphs: a blank line starts a new paragraph."""
    parts = [inline(part) for part in _PARAGRAPH_BREAK.split(text)]
    return "\n\n".join(part for part in parts if part)


def bullets(items: list[str] | tuple[str, ...]) -> str:
    """A bullet list of literal items."""
    return "\n".join(f"- {inline(item)}" for item in items)


def link(text: str, url: str, *, source: bool = False) -> str:
    """A link whose text is literal and whose URL uses only a safe scheme (http too for a *source*)."""
    if not url.startswith(_SOURCE_SCHEMES if source else _SAFE_SCHEMES):
        raise ValueError(f"refusing to link a URL with an unsafe scheme: {url!r}")
    return f"[{inline(text)}](<{quote(url, safe=':/@.+-_~?=&#%')}>)"


UNINDEXED = "sh-unindexed"
"""A section or block the search leaves out: navigation to other projects, framing notes, sources."""
WEIGHT_PROSE = "sh-weight-prose"
"""A section whose words count more in the search: the project's own description."""
WEIGHT_LABEL = "sh-weight-label"
"""A section whose words count less: names and roles under Kontakt."""


def heading(level: int, title: str, *classes: str) -> str:
    """A heading (already MyST) whose section gets *classes* (MyST's block attributes, ``attrs_block``):
    the page says here what the search skips or weighs, so nothing downstream matches heading text."""
    marks = " ".join(f".{name}" for name in classes)
    return (f"{{{marks}}}\n" if marks else "") + f"{'#' * level} {title}"


def fence(text: str, language: str = "text", directive: str = "") -> str:
    """A fenced block whose fence is longer than any backtick run inside *text*."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    marks = "`" * max(3, longest + 1)
    opener = f"{{{directive}}}" if directive else language
    return f"{marks}{opener}\n{text.rstrip()}\n{marks}"


def role(name: str, target: str) -> str:
    """A cross-reference role to an id (ids are ``[a-z0-9-]`` by schema, never free text)."""
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", target):
        raise ValueError(f"not an id: {target!r}")
    return f"{{handbook:{name}}}`{target}`"


def role_targets(name: str, text: str) -> list[str]:
    """The ids that :func:`role` links from *text* with role *name*, first mention first."""
    return list(dict.fromkeys(re.findall(rf"\{{handbook:{re.escape(name)}\}}`([a-z0-9-]+)`", text)))
