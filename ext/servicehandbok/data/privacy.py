"""Which contact details a site hides, found however they are written, and taken out at one boundary.

The catalog is redacted once (``Catalog.redacted``), when the build starts; every writer (pages,
hubs, open data, feeds, search records, the e-book) receives the redacted data, so a new writer
cannot forget. A detail is found the way a reader would recognise it:

- a name in any case, with or without accents, with invisible characters or other spacing or
  hyphens inside it, also in the genitive (*Greta Hemligs*);
- an e-mail address in any case, also written as ``namn (at) byn.se``, ``namn[at]byn[dot]se`` or
  ``greta(dot)hemlig(at)byn(dot)se``;
- a phone number in any common Swedish or international form (:mod:`.phones`);
- inside a web address, percent-encoded or not, which then keeps only its site (``https://example.se/``).

Every project's contacts are hidden in every project's text. In ``hidden`` mode every e-mail
address and phone number in free text goes too, whoever it belongs to.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote, unquote_plus, urlsplit

from . import phones
from .model import Change, Contact, Project

CONTACT_MODES = ("full", "role", "hidden")
"""``full`` shows contacts; ``role`` shows role and organisation only; ``hidden`` shows none."""

HIDDEN = "[kontaktuppgift dold]"
"""What replaces a hidden contact's name, e-mail or phone number where free text mentions it."""

_DOT = r"(?:\.|\s*[\(\[\{]\s*(?:dot|punkt)\s*[\)\]\}]\s*|\s+(?:dot|punkt)\s+)"
_AT_SIGN = re.compile(r"@|[\(\[\{]\s*(?:at|a|snabel-?a)\s*[\)\]\}]|(?<=\s)(?:at|snabel-?a)(?=\s)", re.IGNORECASE)
"""An at-sign as written: ``@``, ``(at)``, ``[snabel-a]`` or a lone ``at`` between spaces. Every form
starts with a character that is not a space, so the scan never starts over inside a run of spaces
(a pattern that began with any number of spaces read a megabyte of them again from each position); the
spaces around a written-out sign belong to it and are added by :func:`_at_signs`."""
_LOCAL = re.compile(rf"[\w%+'-](?:[\w%+'-]|{_DOT}){{0,63}}$", re.IGNORECASE)
"""The part of an address before its at-sign, its dots perhaps written out (``greta(dot)hemlig``)."""
_LOCAL_REACH = 160
"""How far before an at-sign its local part is looked for: 64 characters, and room for dots written out."""
_DOMAIN = re.compile(rf"([\w-]{{1,63}}(?:{_DOT}[\w-]{{1,63}}){{0,8}}){_DOT}([a-z]{{2,24}})(?![\w-])", re.IGNORECASE)
"""An e-mail address, plain or written to fool harvesters (``namn (at) byn (dot) se``), is found from its
at-sign outwards: the part before it and the domain after it are read within their longest legal
lengths, so a text of any size is scanned in linear time (one long word made the old pattern quadratic)."""


def _ignorable(char: str) -> bool:
    """Invisible: format characters (soft hyphen, zero-width space and joiners, BOM) and variation selectors."""
    return unicodedata.category(char) == "Cf" or "\ufe00" <= char <= "\ufe0f"


def fold(text: str) -> tuple[str, list[int]]:
    """*text* as readers compare it (case, accents and invisible characters ignored, compatibility forms
    unified), and for each folded character the index of the character it came from."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if _ignorable(char):
            continue
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            for piece in part.casefold():
                folded.append(piece)
                origin.append(index)
    return "".join(folded), origin


def _alnum(text: str) -> str:
    return re.sub(r"[\W_]+", "", fold(text)[0])


def email_key(local: str, domain: str, tld: str) -> str:
    """One form for an address however it was written: ``namn@byn.se``."""
    parts = re.split(rf"{_DOT}", domain, flags=re.IGNORECASE)
    words = re.split(rf"{_DOT}", local, flags=re.IGNORECASE)
    return f"{'.'.join(fold(w)[0] for w in words)}@{'.'.join(fold(p)[0] for p in parts)}.{fold(tld)[0]}"


def _at_signs(text: str) -> Iterator[tuple[int, int]]:
    """Where each at-sign in *text* starts and ends; a written-out one (``namn (at) byn``) with the
    spaces around it. Each run of spaces is read once: it touches only the sign next to it."""
    for sign in _AT_SIGN.finditer(text):
        start, end = sign.span()
        if text[start] != "@":
            while start > 0 and text[start - 1].isspace():
                start -= 1
            while end < len(text) and text[end].isspace():
                end += 1
        yield start, end


def emails_in(text: str) -> list[tuple[int, int, str]]:
    """Every e-mail address in *text* as ``(start, end, normalised address)``."""
    found = []
    for at_start, at_end in _at_signs(text):
        local = _LOCAL.search(text, max(0, at_start - _LOCAL_REACH), at_start)
        if local is None or (local.start() > 0 and re.match(r"[\w.%+'-]", text[local.start() - 1])):
            continue  # nothing before the sign, or a longer word than an address has
        domain = _DOMAIN.match(text, at_end, at_end + 600)
        if domain is None:
            continue
        found.append((local.start(), domain.end(), email_key(local.group(), domain.group(1), domain.group(2))))
    return found


@dataclasses.dataclass(frozen=True)
class Private:
    """The details one contacts mode hides, in the forms they are compared in."""

    names: tuple[str, ...] = ()
    """Folded names, longest first."""
    emails: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    """E.164 numbers."""
    every: bool = False
    """Hide every e-mail address and phone number, listed or not (``hidden`` mode)."""

    def __bool__(self) -> bool:
        return bool(self.names or self.emails or self.phones or self.every)


def private_details(projects: Project | Iterable[Project], mode: str) -> Private:
    """What *mode* hides of the contacts of *projects* (one project, or every project of a catalog)."""
    if mode == "full":
        return Private()
    names: set[str] = set()
    emails: set[str] = set()
    numbers: set[str] = set()
    for project in [projects] if isinstance(projects, Project) else projects:
        for contact in project.contacts:
            names.add(" ".join(fold(contact.name)[0].split()))
            if contact.email:
                found = emails_in(contact.email)
                emails.update(key for _, _, key in found)
            if contact.phone:
                numbers.update(number for _, _, number in phones.numbers_in(contact.phone))
    ordered = tuple(sorted((n for n in names if n), key=lambda n: (-len(n), n)))
    return Private(ordered, frozenset(emails), frozenset(numbers), every=mode == "hidden")


def _name_pattern(name: str) -> re.Pattern[str]:
    """A folded name, its words joined by any spacing or hyphens, in the genitive too (Hemligs, Hemlig's)."""
    words = [re.escape(word) for word in re.split(r"[\s\-‐‑–]+", name) if word]
    joined = _BETWEEN_WORDS.join(words)
    return re.compile(rf"(?<!\w){joined}(?:s|'s|:s)?(?!\w)")


_BETWEEN_WORDS = r"[\s\-‐‑–.]*"


def redact(text: str, private: Private) -> str:
    """*text* with every hidden detail, however written, replaced by :data:`HIDDEN`."""
    if not private or not text:
        return text
    folded, origin = fold(text)
    spans: list[tuple[int, int]] = []
    for name in private.names:
        spans += [(m.start(), m.end()) for m in _name_pattern(name).finditer(folded)]
    spans += [(start, end) for start, end, key in emails_in(folded) if private.every or key in private.emails]
    spans += [(s, e) for s, e, number in phones.numbers_in(folded) if private.every or number in private.phones]
    if not spans:
        return text
    # Back from folded positions to the text's own, then replace from the end so positions hold.
    merged: list[tuple[int, int]] = []
    for start, end in sorted((origin[s], origin[e - 1] + 1) for s, e in spans if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    for start, end in reversed(merged):
        text = text[:start] + HIDDEN + text[end:]
    return text


def redact_url(url: str, private: Private) -> str:
    """*url*, or only its site when its path or query holds a hidden detail (a name, address or number)."""
    if not private or not url:
        return url
    parts = urlsplit(url)
    # As a reader of the address would read it: percent-escapes decoded, a + in the query a space.
    rest = _alnum(unquote(parts.path) + unquote_plus(parts.query) + unquote(parts.fragment))
    hidden = [_alnum(name) for name in private.names]
    hidden += [_alnum(email.split("@")[0]) for email in private.emails]
    hidden += [number[3:] for number in private.phones if number.startswith("+46")]  # 70… as in 070…
    every = private.every and (emails_in(unquote_plus(url)) or "mailto" in rest)
    if any(detail and detail in rest for detail in hidden) or every:
        return f"{parts.scheme}://{parts.netloc}/"
    return url


CODE_FIELDS = frozenset(
    {
        "id",
        "category",
        "programme",
        "regions",
        "municipalities",
        "partner_municipalities",
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
        "published",
        "final_report",
    }
)
"""Fields that hold ids, codes or dates, not text a person wrote: never redacted (``value`` is a status
code or a changed value; a changed value is text and is redacted)."""
URL_FIELDS = frozenset({"url"})


def _is_code(value: Any) -> bool:
    """An id, code or date, or a tuple of them: a field named like one that holds objects (a project's
    ``sources``) is walked, not skipped."""
    return isinstance(value, str) or (isinstance(value, tuple) and all(isinstance(item, str) for item in value))


def _redact_tree(value: Any, private: Private) -> Any:
    """Every piece of text in a model object, with the hidden details out: dataclasses, tuples and strings alike.

    Walking the whole tree means a field added to the model later is redacted without anyone
    remembering to; only :data:`CODE_FIELDS` are left as they are, and addresses keep their site.
    """
    if isinstance(value, str):
        return redact(value, private)
    if isinstance(value, tuple):
        return tuple(_redact_tree(item, private) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            current = getattr(value, field.name)
            if field.name in URL_FIELDS and isinstance(current, str):
                new = redact_url(current, private)
            elif (
                field.name in CODE_FIELDS
                and _is_code(current)
                and not (field.name == "value" and isinstance(value, Change))
            ):
                continue
            else:
                new = _redact_tree(current, private)
            if new != current:
                changes[field.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


def redacted(project: Project, mode: str, private: Private | None = None) -> Project:
    """*project* as a site in *mode* may show it: hidden details out of every text field.

    *private* is what to hide (by default this project's contacts; the catalog passes every
    project's). In ``hidden`` mode the contacts themselves are dropped; in ``role`` mode each
    keeps only its role and organisation (the name stays, as the model requires one, but no
    writer shows it in that mode).
    """
    private = private_details(project, mode) if private is None else private
    if mode == "full":
        return project
    contacts: tuple[Contact, ...] = ()
    if mode == "role":
        contacts = tuple(
            Contact(
                name=HIDDEN,
                role=redact(c.role or "", private) or None,
                organisation=_redact_tree(c.organisation, private),
            )
            for c in project.contacts
        )
    return dataclasses.replace(_redact_tree(dataclasses.replace(project, contacts=()), private), contacts=contacts)
