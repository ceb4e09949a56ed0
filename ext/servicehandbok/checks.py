"""Rules beyond the schema: vocabulary terms, real dates, invisible characters, likely mistakes."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from .model import KINDS
from .problems import Problem, Severity, shown
from .vocabulary import Vocabulary
from .yamlload import Document

_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_TERM_FIELDS = {"regions": "region", "municipalities": "municipality", "methods": "method"}
COMMON_EMAIL_DOMAINS = frozenset({"gmail.com", "hotmail.com", "outlook.com", "live.se", "telia.com", "icloud.com", "yahoo.com", "lansstyrelsen.se", "tillvaxtverket.se"})


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


def check_characters(document: Document) -> Iterator[Problem]:
    """Refuse control, direction-changing and invisible characters that can disguise text."""
    for path, value in walk(document.data):
        if not isinstance(value, str):
            continue
        line, column = document.where(path)
        bad = _BIDI.search(value) or _INVISIBLE.search(value)
        control = next((c for c in value if unicodedata.category(c) == "Cc" and c not in "\n\t"), None)
        if bad or control:
            char = bad.group() if bad else control
            yield Problem(document.path, line, column, f"osynligt tecken U+{ord(char):04X} ({unicodedata.name(char, 'kontrolltecken')}) i {shown(value)}", "skriv om texten utan tecknet; det syns inte men kan vända eller dölja text", code="invisible-character")


def check_project(document: Document, vocabulary: Vocabulary) -> Iterator[Problem]:
    """Rules that need the vocabulary or real dates; run after the schema passed."""
    data = document.data
    path = document.path

    def at(field_path: tuple[str | int, ...], message: str, fix: str, *, warning: bool = False, code: str = "data") -> Problem:
        line, column = document.where(field_path)
        return Problem(path, line, column, message, fix, Severity.WARNING if warning else Severity.ERROR, code)

    if data["id"] != path.stem:
        yield at(("id",), f"id {shown(data['id'])} är inte samma som filnamnet {shown(path.stem)}", f"byt id till {path.stem} eller döp om filen till {data['id']}.yaml", code="id-mismatch")
    for field, kind in _TERM_FIELDS.items():
        for index, term in enumerate(data.get(field, [])):
            if vocabulary.get(kind, term) is None:
                yield at((field, index), f"okänt id {shown(term)} i {field}", _did_you_mean(vocabulary, kind, term), code="unknown-term")
    if vocabulary.get("category", data["category"]) is None:
        yield at(("category",), f"okänd projekttyp {shown(data['category'])}", _did_you_mean(vocabulary, "category", data["category"]), code="unknown-term")
    for index, co_funder in enumerate(data.get("budget", {}).get("co_funders", [])):
        if "funder" in co_funder and vocabulary.get("funder", co_funder["funder"]) is None:
            yield at(("budget", "co_funders", index, "funder"), f"okänd finansiär {shown(co_funder['funder'])}", _did_you_mean(vocabulary, "funder", co_funder["funder"]), code="unknown-term")
    dates = {}
    for key in ("start", "end"):
        if key in data.get("period", {}):
            try:
                dates[key] = dt.date.fromisoformat(data["period"][key])
            except ValueError:
                yield at(("period", key), f"{shown(data['period'][key])} är inget riktigt datum", "kontrollera månad och dag, till exempel \"2019-07-31\"", code="bad-date")
    if "retrieved" in data["source"]:
        try:
            dt.date.fromisoformat(data["source"]["retrieved"])
        except ValueError:
            yield at(("source", "retrieved"), f"{shown(data['source']['retrieved'])} är inget riktigt datum", "kontrollera månad och dag", code="bad-date")
    if "start" in dates and "end" in dates and dates["end"] < dates["start"]:
        yield at(("period", "end"), "slutdatum ligger före startdatum", "kontrollera datumen", warning=True, code="date-order")
    budget = data.get("budget", {})
    if budget.get("support") is not None and budget.get("total") is not None and budget["support"] > budget["total"]:
        yield at(("budget", "support"), f"stödet ({budget['support']} kr) är större än totalbudgeten ({budget['total']} kr)", "kontrollera beloppen mot källan", warning=True, code="budget")
    if data.get("national") and data.get("regions"):
        yield at(("national",), "projektet är markerat som nationellt men har också län", "ta bort national eller regions", warning=True, code="region")
    if not data.get("national") and not data.get("regions"):
        yield at(("category",), "projektet har inget län", "lägg till regions, eller national: true om det gäller hela landet", warning=True, code="region")
    regions = set(data.get("regions", []))
    for index, kommun_id in enumerate(data.get("municipalities", [])):
        kommun = vocabulary.get("municipality", kommun_id)
        if kommun and kommun.region not in regions:
            county = vocabulary.get("region", kommun.region)
            yield at(("municipalities", index), f"{kommun.name} ligger i {county.name if county else kommun.region}, som inte står under regions", f"lägg till {kommun.region} under regions eller kontrollera kommunen", warning=True, code="region")
    if not data.get("methods"):
        yield at(("category",), "projektet har ingen metod", "lägg till minst en metod under methods", warning=True, code="method")


def _did_you_mean(vocabulary: Vocabulary, kind: str, written: str) -> str:
    guess = vocabulary.suggest(kind, written)
    return f"menade du {shown(guess)}?" if guess else f"använd ett id ur projects/_vocabulary/{_file(kind)}"


def _file(kind: str) -> str:
    return KINDS[kind].file


def check_emails(documents: Iterable[Document]) -> Iterator[Problem]:
    """Warn about an email domain a letter or two away from a domain seen more often."""
    located = [(doc, i, c["email"]) for doc in documents for i, c in enumerate(doc.data.get("contacts", [])) if "email" in c]
    counts = Counter(email.rsplit("@", 1)[1].lower() for _, _, email in located)
    trusted = COMMON_EMAIL_DOMAINS | {d for d, n in counts.items() if n > 1}
    for doc, index, email in located:
        domain = email.rsplit("@", 1)[1].lower()
        if domain in trusted:
            continue
        guess = difflib.get_close_matches(domain, sorted(trusted), n=1, cutoff=0.88)
        if guess:
            line, column = doc.where(("contacts", index, "email"))
            yield Problem(doc.path, line, column, f"e-postdomänen i {shown(email)} ser ut som ett stavfel för {guess[0]}", "kontrollera adressen mot källan; rätta den bara om källan är fel, och skriv det i source.notes", Severity.WARNING, "email")
