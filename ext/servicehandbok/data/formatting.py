"""Swedish presentation of numbers, dates and phone numbers; full URLs of built pages."""

from __future__ import annotations

import datetime as dt

from . import phones


def absolute_url(baseurl: str, target: str) -> str:
    """*target*, a path in the built site, as a full URL under the site's address *baseurl*."""
    return f"{baseurl.rstrip('/')}/{target}"


MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def listing(items: list[str] | tuple[str, ...]) -> str:
    """``A``, ``A och B``, ``A, B och C``: a Swedish list, never ``A och B och C``."""
    items = list(items)
    if len(items) < 3:
        return " och ".join(items)
    return f"{', '.join(items[:-1])} och {items[-1]}"


def kronor(amount: int) -> str:
    """``3502158`` → ``3 502 158 kr`` with no-break spaces, as Swedish writes amounts."""
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0kr"


def date(day: dt.date) -> str:
    """``2019-07-31`` → ``31 juli 2019``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def phone_parts(text: str) -> list[tuple[str, str | None]]:
    """Split a phone field into (shown text, ``tel:`` URL or None) parts.

    The text is shown exactly as written; each number in it links in E.164 form, so
    "024 -12 30 12 eller 070-533 36 12" becomes two links with "eller" between them.
    """
    parts: list[tuple[str, str | None]] = []
    position = 0
    for start, end, number in phones.numbers_in(text):
        if start > position:
            parts.append((text[position:start], None))
        parts.append((text[start:end], f"tel:{number}"))
        position = end
    if position < len(text):
        parts.append((text[position:], None))
    return parts
