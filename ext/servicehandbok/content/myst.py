"""Write data into MyST so it stays data: every character that could be markup is escaped.

CommonMark lets a backslash escape any ASCII punctuation, so escaping all of it leaves no
way for a contributor's text to open HTML, a directive, a role, a comment, a target, a
heading, a list or a table. Whitespace is normalised so no line can start a block.
"""

from __future__ import annotations

import re
from urllib.parse import quote

_PUNCTUATION = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SAFE_SCHEMES = ("https:", "mailto:", "tel:")


def inline(text: str, *, keep_edges: bool = False) -> str:
    """One line of literal text, safe anywhere MyST expects inline content.

    With *keep_edges*, a leading or trailing space survives, for text between links.
    """
    escaped = _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))
    if keep_edges and escaped:
        escaped = (" " if text[:1].isspace() else "") + escaped + (" " if text[-1:].isspace() else "")
    return escaped


def paragraphs(text: str) -> str:
    """Free text as MyST paragraphs: a blank line starts a new paragraph."""
    parts = [inline(part) for part in _PARAGRAPH_BREAK.split(text)]
    return "\n\n".join(part for part in parts if part)


def bullets(items: list[str] | tuple[str, ...]) -> str:
    """A bullet list of literal items."""
    return "\n".join(f"- {inline(item)}" for item in items)


def link(text: str, url: str) -> str:
    """A link whose text is literal and whose URL uses only a safe scheme."""
    if not url.startswith(_SAFE_SCHEMES):
        raise ValueError(f"refusing to link a URL with an unsafe scheme: {url!r}")
    return f"[{inline(text)}](<{quote(url, safe=':/@.+-_~?=&#%')}>)"


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
