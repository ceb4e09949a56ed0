"""Which contact details a site hides, and their removal from free text. Used by every writer."""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import Any

from . import formatting
from .model import ActivityGroup, Budget, Contact, Project

CONTACT_MODES = ("full", "role", "hidden")
"""``full`` shows contacts; ``role`` shows role and organisation only; ``hidden`` shows none."""

HIDDEN = "[kontaktuppgift dold]"
"""What replaces a hidden contact's name, e-mail or phone number where free text mentions it."""

EMAIL_IN_TEXT = re.compile(r"[^\s@<>()\[\]:;,\"']+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
"""An e-mail address anywhere in a text."""
PHONE_IN_TEXT = re.compile(
    r"(?<![\w+])(?:\+46[ \u00a0\-–]?(?:\(0\)[ \u00a0]?)?|0)[1-9](?:[ \u00a0\-–/]?[0-9]){5,10}(?![\w])"
)
"""A Swedish phone number anywhere in a text (0… or +46…, spaces and dashes allowed)."""
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


def redacted(project: Project, mode: str) -> Project:
    """*project* as a site in *mode* may show it: hidden details out of every text field.

    In ``hidden`` mode the contacts themselves are dropped; in ``role`` mode each keeps
    only its role and organisation (the name stays, as the model requires one, but no
    writer shows it in that mode).
    """
    details = private_details(project, mode)
    if not details:
        return project

    def text(value: str | None) -> str | None:
        return None if value is None else redact(value, details)

    contacts: tuple[Contact, ...] = ()
    if mode == "role":
        contacts = tuple(
            Contact(name=HIDDEN, role=text(c.role), organisation=text(c.organisation)) for c in project.contacts
        )
    budget = project.budget
    return dataclasses.replace(
        project,
        title=redact(project.title, details),
        purpose=redact(project.purpose, details),
        lead_organisation=text(project.lead_organisation),
        summary=text(project.summary),
        content=text(project.content),
        activities=tuple(
            ActivityGroup(text(group.heading), tuple(redact(item, details) for item in group.items))
            for group in project.activities
        ),
        expected_results=redact_all(project.expected_results, details),
        budget=Budget(
            budget.total,
            budget.support,
            tuple(dataclasses.replace(c, name=text(c.name), as_written=text(c.as_written)) for c in budget.co_funders),
        ),
        source=dataclasses.replace(
            project.source,
            title=redact(project.source.title, details),
            notes=text(project.source.notes),
            editorial=text(project.source.editorial),
        ),
        provenance=tuple(
            (field, dataclasses.replace(known, reason=redact(known.reason, details)))
            for field, known in project.provenance
        ),
        contacts=contacts,
        outcome=dataclasses.replace(
            project.outcome,
            results=redact_all(project.outcome.results, details),
            worked=text(project.outcome.worked),
            hard=text(project.outcome.hard),
            source=text(project.outcome.source),
        ),
    )
