"""E-mail domains that look misspelt: a letter or two away from a domain the handbook knows.

The files keep an address as the source writes it (``…@lanssyrelsen.se``). The check warns
about it (:func:`.checks.check_emails`), and the project page shows it unlinked beside the
likely address, marked inferred (``content.render``), so neither hides what the source says.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

KNOWN_DOMAINS = frozenset(
    {
        "gmail.com",
        "hotmail.com",
        "outlook.com",
        "live.se",
        "telia.com",
        "icloud.com",
        "yahoo.com",
        "lansstyrelsen.se",
        "tillvaxtverket.se",
        "tillvaxtanalys.se",
        "jordbruksverket.se",
        "coompanion.se",
        "helasverige.se",
    }
)
"""Domains the handbook trusts without seeing them twice: mail services, and the agencies and national
organisations whose staff the projects name."""
CUTOFF = 0.88
"""How alike two domains must be (:func:`difflib.SequenceMatcher.ratio`): one wrong or missing letter in a
domain of ten or more letters, not two different organisations' short names."""


def domain_of(email: str) -> str:
    """The domain of *email*, lower case (``""`` without an ``@``)."""
    return email.rpartition("@")[2].strip().lower()


def likely_domain(domain: str, trusted: Iterable[str] = KNOWN_DOMAINS) -> str | None:
    """The trusted domain *domain* looks like a misspelling of, or ``None`` (also when it is trusted)."""
    known = sorted(set(trusted))
    if not domain or domain in known:
        return None
    guess = difflib.get_close_matches(domain, known, n=1, cutoff=CUTOFF)
    return guess[0] if guess else None


def likely_address(email: str) -> str | None:
    """*email* with its domain replaced by the known domain it looks like a misspelling of, or ``None``."""
    if "@" not in email:
        return None
    guess = likely_domain(domain_of(email))
    return f"{email.rpartition('@')[0]}@{guess}" if guess else None
