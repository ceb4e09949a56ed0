"""Swedish alphabetical order without relying on a system locale.

Python's default order puts Ä before Å and all accented letters after Z; Swedish ends
the alphabet with Å, Ä, Ö, treats W as V's neighbour and É as E.
"""

from __future__ import annotations

import functools
import unicodedata

_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzåäö"
_RANK = {char: index for index, char in enumerate(_ALPHABET)}
_FOLD = {"æ": "ä", "ø": "ö", "ü": "y", "ß": "ss"}


def _letters(text: str) -> str:
    out = []
    for char in text.casefold():
        char = _FOLD.get(char, char)
        if char in _RANK:
            out.append(char)
            continue
        base = unicodedata.normalize("NFD", char)
        # Å, Ä, Ö are letters of their own; other accents fold to the base letter.
        if base[:1] in "ao" and base[1:2] in ("\u030a", "\u0308"):
            out.append(unicodedata.normalize("NFC", base[:2]))
        elif base[:1] in _RANK:
            out.append(base[:1])
    return "".join(out)


@functools.lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple[tuple[int, ...], str]:
    """Key for sorting *text* in Swedish order; ties are broken by the original text."""
    return tuple(_RANK.get(char, len(_RANK)) for char in _letters(text)), text


def initial(text: str) -> str:
    """The A–Ö section a term belongs under (``#`` for digits and symbols)."""
    letters = _letters(text)
    first = letters[:1]
    return first.upper() if first and not first.isdigit() else "#"
