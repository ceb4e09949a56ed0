"""One character policy, from Unicode properties: what a project file may contain, for ``check`` and every writer.

Refused: control characters (but tab, newline and carriage return), format characters (but
the joiners and selectors inside emoji sequences), private-use, unassigned and surrogate
code points, noncharacters (U+FDD0–U+FDEF and every U+xFFFE/U+xFFFF), line and paragraph
separators, characters that show as blank (Hangul fillers, the braille blank, …), and a
combining mark with no letter before it (a text of only accents or selectors shows nothing).
Every string the policy accepts is valid in XML 1.0 and HTML, so the writers need no other rule.

The Unicode data is ``unicodedata2``'s, not the running Python's: Python 3.10 knows Unicode
13.0 and 3.13 knows 15.1, so with the standard library an emoji from Unicode 14 or 15 passed
``check`` on one Python and failed on another. ``unicodedata2`` is the standard module's
own code with the data of one pinned Unicode version (:data:`UNICODE_VERSION`; its release
number is that version, see ``pyproject.toml``), so every Python gives the same answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import unicodedata2 as unicodedata

from .problems import Problem, shown

if TYPE_CHECKING:
    from .yamlload import Document

UNICODE_VERSION = unicodedata.unidata_version
"""The Unicode version the policy follows, whatever Python runs it."""

ALLOWED_CONTROLS = frozenset("\t\n\r")
ZWJ = "\u200d"
ZWNJ = "\u200c"
VARIATION_SELECTORS = frozenset(chr(c) for c in range(0xFE00, 0xFE10))
EMOJI_MODIFIERS = frozenset(chr(c) for c in range(0x1F3FB, 0x1F400))
KEYCAP = "\u20e3"
BLACK_FLAG = "\U0001f3f4"
CANCEL_TAG = "\U000e007f"
TAG_LETTERS = frozenset(chr(c) for c in range(0xE0020, 0xE007F))
BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5\u180e\U0001d159")
"""Characters with a visible-looking category that show as nothing (Hangul fillers, braille blank, …)."""


def _is_emoji(char: str) -> bool:
    """A character that can carry an emoji presentation (pictographs, symbols, regional indicators)."""
    return unicodedata.category(char) == "So" or 0x1F000 <= ord(char) <= 0x1FAFF or char in EMOJI_MODIFIERS


def _is_letter(char: str) -> bool:
    """``str.isalpha`` by the pinned data: a letter of any category L."""
    return unicodedata.category(char).startswith("L")


def _emoji_before(text: str, index: int) -> bool:
    """True when an emoji (with optional selector or skin tone) ends just before *index*."""
    probe = index - 1
    while probe >= 0 and (text[probe] in VARIATION_SELECTORS or text[probe] in EMOJI_MODIFIERS):
        probe -= 1
    return probe >= 0 and (_is_emoji(text[probe]) or (probe < index - 1 and text[probe + 1] in EMOJI_MODIFIERS))


def _in_flag(text: str, index: int) -> bool:
    """True when the TAG character at *index* belongs to a flag sequence: 🏴, tag letters, cancel tag."""
    start = index
    while start > 0 and text[start - 1] in TAG_LETTERS:
        start -= 1
    if start == 0 or text[start - 1] != BLACK_FLAG:
        return False
    end = index
    while end < len(text) and text[end] in TAG_LETTERS:
        end += 1
    return end < len(text) and text[end] == CANCEL_TAG and end > start


_PLAIN = re.compile("[\t\n\r -~\u00a0-\u00ac\u00ae-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2026]*")
"""Text the policy always accepts: printable ASCII, Latin-1 but the soft hyphen (a format
character), dashes, quotes and the ellipsis. Nearly every string is only these, so one
regular expression answers for it instead of a Unicode lookup per character."""


_LEADING = re.compile(r"\s*")
"""The blanks a text starts with: a combining mark right after them has no letter to sit on."""


def refused(text: str) -> tuple[int, str] | None:
    """The first refused character of *text* as (index, reason in Swedish), or None."""
    if _PLAIN.fullmatch(text):
        return None
    for index, char in enumerate(text):
        reason = _reason(text, index, char)
        if reason:
            return index, reason
    return None


def _reason(text: str, index: int, char: str) -> str | None:
    code = ord(char)
    if (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
        return "icke-tecken (noncharacter)"
    category = unicodedata.category(char)
    if category == "Cc":
        return None if char in ALLOWED_CONTROLS else "styrtecken"
    if category == "Cf":
        if char == ZWJ and _emoji_before(text, index) and index + 1 < len(text) and _is_emoji(text[index + 1]):
            return None
        if char == ZWNJ and 0 < index < len(text) - 1 and _is_letter(text[index - 1]) and _is_letter(text[index + 1]):
            return None
        if (char in TAG_LETTERS and _in_flag(text, index)) or (
            char == CANCEL_TAG and index > 0 and _in_flag(text, index - 1)
        ):
            return None
        return "osynligt formateringstecken"
    if char in VARIATION_SELECTORS:
        after_base = index > 0 and (_is_emoji(text[index - 1]) or text[index - 1] in "0123456789#*")
        return None if after_base else "osynligt formateringstecken"
    if category.startswith("M") and (index == 0 or text[index - 1].isspace()) and _LEADING.fullmatch(text, 0, index):
        return "kombinerande tecken utan bokstav före"
    if category == "Co":
        return "tecken för privat bruk"
    if category == "Cs":
        return "ensamt surrogattecken"
    if category == "Cn":
        return "tecken som inte finns i Unicode"
    if category in ("Zl", "Zp"):
        return "rad- eller styckeavgränsare"
    if char in BLANK:
        return "tecken som syns som tomrum"
    return None


def is_allowed(text: str) -> bool:
    """True when every character of *text* passes the policy."""
    return refused(text) is None


def clean(text: str) -> str:
    """*text* with every refused character replaced by U+FFFD: defence in depth for the writers."""
    found = refused(text)
    if found is None:
        return text
    return "".join("\ufffd" if _reason(text, index, char) else char for index, char in enumerate(text))


def walk(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every scalar in a parsed document, with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, (*path, index))
    else:
        yield path, value


_FIXES = {
    "kombinerande tecken utan bokstav före": "skriv bokstaven som tecknet hör till före det, eller ta bort tecknet",
}
_FIX = "skriv om texten utan tecknet; det syns inte eller kan vända, dölja eller förstöra text"


def check_characters(document: Document) -> Iterator[Problem]:
    """Every string of *document* (a project, vocabulary, kinds, geography or schema file) the policy refuses."""
    for path, value in walk(document.data):
        if not isinstance(value, str):
            continue
        found = refused(value)
        if found:
            index, reason = found
            char = value[index]
            line, column = document.where(path)
            yield Problem(
                document.path,
                line,
                column,
                f"{reason}: osynligt eller otillåtet tecken U+{ord(char):04X} "
                f"({unicodedata.name(char, 'utan namn')}) i {shown(value)}",
                _FIXES.get(reason, _FIX),
                code="invisible-character",
            )
