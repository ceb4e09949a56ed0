"""Which contact details a site hides, and their removal from free text. Used by every writer."""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import Any

from . import formatting
from .model import Change, Contact, Project

CONTACT_MODES = ("full", "role", "hidden")
"""``full`` shows contacts; ``role`` shows role and organisation only; ``hidden`` shows none."""

HIDDEN = "[kontaktuppgift dold]"
"""What replaces a hidden contact's name, e-mail or phone number where free text mentions it."""

EMAIL_IN_TEXT = re.compile(r"[^\s@<>()\[\]:;,\"']+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
"""An e-mail address anywhere in a text."""
PHONE_IN_TEXT = re.compile(
    r"(?<![\w+])(?<!\d-)(?<!\d–)(?:\+46[ \u00a0\-–]?(?:\(0\)[ \u00a0]?)?|0)[1-9](?:[ \u00a0\-–/]?[0-9]){5,10}(?![\w])"
)
"""A Swedish phone number anywhere in a text (0… or +46…, spaces and dashes allowed); not the day and
year of an ISO date range (``2018-12-01–2020-12-31``)."""
_SEPARATORS = r"[\s\-–/().]*"


def private_details(project: Project, mode: str) -> list[str]:
    """The contact names, e-mail addresses and phone numbers that *mode* hides, longest first."""
    if mode == "full":
        return []
    found: set[str] = set()
    for contact in project.contacts:
        found.add(contact.name)
        if contact.email:
            found.add(contact.email)
        if contact.phone:
            found.update(text.strip() for text, url in formatting.phone_parts(contact.phone) if url)
    return sorted(found, key=lambda detail: (-len(detail), detail))


@lru_cache(maxsize=4096)
def _pattern(detail: str) -> re.Pattern[str]:
    """A whole-word pattern for *detail*; a phone number matches however it is spaced or prefixed."""
    number = formatting.e164(detail) if re.fullmatch(r"[+0-9\s\-–/().]+", detail) else None
    if number and number.startswith("+46"):
        digits = number[3:]
        national = _SEPARATORS.join(digits)
        body = rf"(?:\+{_SEPARATORS}46{_SEPARATORS}(?:\(0\){_SEPARATORS})?|0{_SEPARATORS}){national}"
        return re.compile(rf"(?<![\w+]){body}(?!\w)")
    words = r"\s+".join(re.escape(part) for part in detail.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def redact(text: str, details: list[str]) -> str:
    """*text* with every whole-word mention of *details* (any case, any spacing) replaced by :data:`HIDDEN`."""
    for detail in details:
        if detail.strip():
            text = _pattern(detail).sub(HIDDEN, text)
    return text


def redact_all(value: Any, details: list[str]) -> Any:
    if not details:
        return value
    if isinstance(value, str):
        return redact(value, details)
    if isinstance(value, list):
        return [redact_all(item, details) for item in value]
    if isinstance(value, tuple):
        return tuple(redact_all(item, details) for item in value)
    if isinstance(value, dict):
        return {key: redact_all(item, details) for key, item in value.items()}
    return value


CODE_FIELDS = frozenset(
    {
        "id",
        "category",
        "programme",
        "regions",
        "municipalities",
        "methods",
        "declared_terms",
        "funder",
        "basis",
        "sources",
        "factors",
        "field",
        "relation",
        "project",
        "value",
        "kind",
        "url",
        "published",
        "final_report",
    }
)
"""Fields that hold ids, codes, dates or addresses, not text a person wrote: never redacted.
(``value`` is a status code or a changed value: a changed value is redacted by :func:`_redact_tree` itself.)"""


def _redact_tree(value: Any, details: list[str], name: str = "") -> Any:
    """Every piece of text in a model object, with *details* redacted: dataclasses, tuples and strings alike.

    Walking the whole tree means a field added to the model later is redacted without anyone
    remembering to; only :data:`CODE_FIELDS` are left as they are.
    """
    if isinstance(value, str):
        return redact(value, details)
    if isinstance(value, tuple):
        return tuple(_redact_tree(item, details, name) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            current = getattr(value, field.name)
            if (
                field.name in CODE_FIELDS
                and _is_code(current)
                and not (field.name == "value" and isinstance(value, Change))
            ):
                continue
            new = _redact_tree(current, details, field.name)
            if new != current:
                changes[field.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


def _is_code(value: Any) -> bool:
    """An id, code or address, or a tuple of them: a field named like one that holds objects (a project's
    ``sources``) is walked, not skipped."""
    return isinstance(value, str) or (isinstance(value, tuple) and all(isinstance(item, str) for item in value))


def redacted(project: Project, mode: str) -> Project:
    """*project* as a site in *mode* may show it: hidden details out of every text field.

    In ``hidden`` mode the contacts themselves are dropped; in ``role`` mode each keeps
    only its role and organisation (the name stays, as the model requires one, but no
    writer shows it in that mode).
    """
    details = private_details(project, mode)
    if not details:
        return project
    contacts: tuple[Contact, ...] = ()
    if mode == "role":
        contacts = tuple(
            Contact(name=HIDDEN, role=_redact_tree(c.role, details), organisation=_redact_tree(c.organisation, details))
            for c in project.contacts
        )
    return dataclasses.replace(_redact_tree(dataclasses.replace(project, contacts=()), details), contacts=contacts)
