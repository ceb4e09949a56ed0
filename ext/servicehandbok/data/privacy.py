"""Which contact details a site hides, and their removal from free text. Used by every writer."""

from __future__ import annotations

import re
from typing import Any

from . import formatting
from .model import Project

CONTACT_MODES = ("full", "role", "hidden")
"""``full`` shows contacts; ``role`` shows role and organisation only; ``hidden`` shows none."""

HIDDEN = "[kontaktuppgift dold]"
"""What replaces a hidden contact's name, e-mail or phone number where free text mentions it."""


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


def redact(text: str, details: list[str]) -> str:
    """*text* with every whole-word mention of *details* (any case) replaced by :data:`HIDDEN`."""
    for detail in details:
        text = re.sub(rf"(?<!\w){re.escape(detail)}(?!\w)", HIDDEN, text, flags=re.IGNORECASE)
    return text


def redact_all(value: Any, details: list[str]) -> Any:
    if isinstance(value, str):
        return redact(value, details)
    if isinstance(value, list):
        return [redact_all(item, details) for item in value]
    if isinstance(value, dict):
        return {key: redact_all(item, details) for key, item in value.items()}
    return value
