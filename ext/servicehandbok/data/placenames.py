"""Place names as people write them: "Gagnef kommun", "Borås stad", "Region Gotland", "Malung".

With all 290 kommuner in the vocabulary, plain fuzzy matching on full names picks wrong
neighbours ("Borås stad" → Båstad); matching on the bare name first gets these right.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_WORDS = re.compile(r"\b(kommun|kommuns|stad|stads|län|läns|region|landskap|municipality|county)\b", re.IGNORECASE)
PLACE_KINDS = ("municipality", "region")


def fold(text: str) -> str:
    """Lower case, accents kept apart (å ≠ a would merge Åre and Are), spaces and dashes as one space."""
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(re.sub(r"[-_,.]", " ", text).split())


def bare(text: str) -> str:
    """``Gagnefs kommun`` → ``gagnef``; ``Region Gotland`` → ``gotland``; ``Falu kommun`` → ``falu``."""
    return fold(_WORDS.sub(" ", fold(text)))


def _forms(name: str) -> set[str]:
    """The bare name, and without a genitive s: ``gagnefs`` and ``gagnef``."""
    core = bare(name)
    forms = {core}
    if core.endswith("s") and len(core) > 3:
        forms.add(core[:-1])
    return forms


def suggest(candidates: Iterable[tuple[str, Iterable[str]]], written: str) -> str | None:
    """The id whose name *written* most likely means: exact bare name, then a unique prefix, then closest.

    *candidates* are ``(id, words)`` pairs (id, name, aliases, …).
    """
    by_form: dict[str, str] = {}
    for term_id, words in candidates:
        for word in words:
            for form in _forms(word):
                by_form.setdefault(form, term_id)
    wanted = _forms(written)
    for form in sorted(wanted, key=len, reverse=True):
        if form in by_form:
            return by_form[form]
    for form in sorted(wanted, key=len, reverse=True):
        starts = {term_id for name, term_id in by_form.items() if name.startswith(form)}
        if len(starts) == 1 and len(form) >= 4:
            return starts.pop()
    guess = difflib.get_close_matches(bare(written), list(by_form), n=1, cutoff=0.75)
    return by_form[guess[0]] if guess else None
