"""Rules beyond the schema: vocabulary terms, real dates, invisible characters, likely mistakes."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from . import emails
from .characters import check_characters as check_characters
from .characters import walk
from .model import Term
from .phones import numbers_in
from .privacy import emails_in
from .problems import Problem, Severity, shown
from .vocabulary import Vocabulary
from .yamlload import Document

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


_STRUCTURED = {"id", "period", "budget", "contacts"}
"""Top-level fields that are not free text (contacts hold the details on purpose), besides the kinds' fields."""


_ADDRESSES = {("source", "url"), ("outcome", "website", "url")}
"""Web addresses: their digits are not phone numbers."""


def check_contact_text(document: Document, vocabulary: Vocabulary) -> Iterator[Problem]:
    """Warn where free text holds an e-mail address or phone number (however written): in ``hidden`` mode the
    site removes every one, and in the other modes it shows the text as written."""
    structured = _STRUCTURED | {kind.field for kind in vocabulary.kinds.values() if kind.field}
    for path, value in walk(document.data):
        if not isinstance(value, str) or not path or path[0] in structured or path in _ADDRESSES:
            continue
        if path[0] == "sources" and path[-1] == "url":
            continue
        if path[:1] == ("budget",) and path[-1] != "name":
            continue
        for find, what in ((emails_in, "en e-postadress"), (numbers_in, "ett telefonnummer")):
            if find(value):
                line, column = document.where(path)
                yield Problem(
                    document.path,
                    line,
                    column,
                    f"{'.'.join(str(p) for p in path)} innehåller {what}",
                    "skriv kontaktuppgifter under contacts, inte i löptexten, så att de kan döljas",
                    Severity.WARNING,
                    "contact-in-text",
                )


def _items(value: Any) -> list[tuple[int, str]]:
    """The string items of a list, with their index; anything else yields nothing."""
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str) and v.strip()] if isinstance(value, list) else []


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def check_project(document: Document, vocabulary: Vocabulary) -> Iterator[Problem]:
    """Rules that need the vocabulary or real dates.

    Tolerates a file that failed the schema (wrong types are skipped here, the schema
    reports them), so one run reports every problem at once.
    """
    data = _mapping(document.data)
    path = document.path

    def at(
        field_path: tuple[str | int, ...], message: str, fix: str, *, warning: bool = False, code: str = "data"
    ) -> Problem:
        line, column = document.where(field_path)
        return Problem(path, line, column, message, fix, Severity.WARNING if warning else Severity.ERROR, code)

    if isinstance(data.get("id"), str) and data["id"] != path.stem:
        yield at(
            ("id",),
            f"id {shown(data['id'])} är inte samma som filnamnet {shown(path.stem)}",
            f"byt id till {path.stem} eller döp om filen till {data['id']}.yaml",
            code="id-mismatch",
        )
    for kind in vocabulary.kinds.values():
        if kind.field is None:
            continue  # funders are named in budget.co_funders, checked below
        value = data.get(kind.field)
        if kind.single:
            if isinstance(value, str) and value.strip() and vocabulary.get(kind.name, value) is None:
                yield at(
                    (kind.field,),
                    f"okänd {kind.singular} {shown(value)}",
                    _did_you_mean(vocabulary, kind.name, value),
                    code="unknown-term",
                )
            continue
        for index, term in _items(value):
            if vocabulary.get(kind.name, term) is None:
                yield at(
                    (kind.field, index),
                    f"okänt id {shown(term)} i {kind.field}",
                    _did_you_mean(vocabulary, kind.name, term),
                    code="unknown-term",
                )
    yield from _check_partners(data, vocabulary, at)
    budget = _mapping(data.get("budget"))
    co_funders = budget.get("co_funders")
    for index, co_funder in enumerate(co_funders if isinstance(co_funders, list) else []):
        funder = _mapping(co_funder).get("funder")
        if isinstance(funder, str) and funder.strip() and vocabulary.get("funder", funder) is None:
            yield at(
                ("budget", "co_funders", index, "funder"),
                f"okänd finansiär {shown(funder)}",
                _did_you_mean(vocabulary, "funder", funder),
                code="unknown-term",
            )
    dates = {}
    for section, key in (("period", "start"), ("period", "end"), ("source", "retrieved")):
        value = _mapping(data.get(section)).get(key)
        if isinstance(value, str) and _DATE.fullmatch(value):
            try:
                dates[key] = dt.date.fromisoformat(value)
            except ValueError:
                yield at(
                    (section, key),
                    f"{shown(value)} är inget riktigt datum",
                    'kontrollera månad och dag, till exempel "2019-07-31"',
                    code="bad-date",
                )
    if "start" in dates and "end" in dates and dates["end"] < dates["start"]:
        yield at(
            ("period", "end"),
            "slutdatum ligger före startdatum",
            "kontrollera datumen",
            warning=True,
            code="date-order",
        )
    support, total = budget.get("support"), budget.get("total")
    if isinstance(support, int) and isinstance(total, int) and support > total:
        yield at(
            ("budget", "support"),
            f"stödet ({support} kr) är större än totalbudgeten ({total} kr)",
            "kontrollera beloppen mot källan",
            warning=True,
            code="budget",
        )
    regions = [r for _, r in _items(data.get("regions"))]
    if data.get("national") is True and regions:
        yield at(
            ("national",),
            "projektet är markerat som nationellt men har också län",
            "ta bort national eller regions",
            warning=True,
            code="region",
        )
    if data.get("national") is not True and not regions:
        yield at(
            ("regions",) if "regions" in data else (),
            "projektet har inget län",
            "lägg till regions, eller national: true om det gäller hela landet",
            warning=True,
            code="region",
        )
    for index, kommun_id in _items(data.get("municipalities")):
        kommun = vocabulary.get("municipality", kommun_id)
        if kommun and kommun.region not in regions:
            county = vocabulary.get("region", kommun.region or "")
            yield at(
                ("municipalities", index),
                f"{kommun.name} ligger i {county.name if county else kommun.region}, som inte står under regions",
                f"lägg till {kommun.region} under regions eller kontrollera kommunen",
                warning=True,
                code="region",
            )
    if "programme" not in data:
        yield at(
            (),
            "projektet anger inget stödprogram",
            "lägg till programme med ett id ur projects/_vocabulary/programmes.yaml",
            warning=True,
            code="programme",
        )
    if not _items(data.get("methods")):
        yield at(
            ("methods",) if "methods" in data else (),
            "projektet har ingen metod",
            "lägg till minst en metod under methods",
            warning=True,
            code="method",
        )
    yield from check_provenance(document)
    yield from check_tagging(document, vocabulary)


_PROVENANCE_FIELDS = {
    "lead_organisation",
    "regions",
    "municipalities",
    "partner_municipalities",
    "national",
    "category",
    "programme",
    "methods",
    "period",
    "budget",
}
_TEXT_FIELDS = ("title", "purpose", "summary", "content", "activities", "expected_results")


def check_provenance(document: Document) -> Iterator[Problem]:
    """A provenance entry must explain a field the file actually has."""
    data = _mapping(document.data)
    for name in _mapping(data.get("provenance")):
        if name in _PROVENANCE_FIELDS and name not in data:
            line, column = document.where(("provenance", name))
            yield Problem(
                document.path,
                line,
                column,
                f"provenance.{name} förklarar ett fält som filen inte har",
                f"lägg till {name} eller ta bort posten under provenance",
                code="provenance",
            )


def project_text(data: dict[str, Any]) -> str:
    """Every piece of a project's own text (title, purpose, activities …) as one string."""
    return "\n".join(value for key in _TEXT_FIELDS for _, value in walk(data.get(key)) if isinstance(value, str))


def term_words(term: Term) -> list[str]:
    """The words that name a method in running text: its name, short name and abbreviation.

    Search aliases are left out on purpose: they include broad words readers search for
    ("kommersiell service", "tillgänglighet") that name no method, and would make every hint noise.
    """
    return [w for w in dict.fromkeys((term.name, term.short_name, term.abbreviation)) if w]


def _names(word: str, text: str) -> bool:
    """Whether *text* names *word* as a whole word; an abbreviation (all capitals) must match its case."""
    flags = 0 if word.isupper() else re.IGNORECASE
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, flags) is not None


def check_tagging(document: Document, vocabulary: Vocabulary) -> Iterator[Problem]:
    """A hint, not an error: the text names a method, but the project is not tagged with it."""
    data = _mapping(document.data)
    tagged = {m for _, m in _items(data.get("methods"))}
    text = project_text(data)
    for term in vocabulary.sorted("method"):
        if term.id in tagged:
            continue
        named = next((word for word in term_words(term) if _names(word, text)), None)
        if named is None:
            continue
        line, column = document.where(("methods",) if "methods" in data else ())
        yield Problem(
            document.path,
            line,
            column,
            f"texten nämner {shown(named)}, men projektet är inte taggat med metoden {term.id}",
            f"lägg till {term.id} under methods om taggningsregeln i bidragsguiden passar; annars är det bara en ledtråd",
            Severity.WARNING,
            "untagged-method",
        )


def _check_partners(data: dict[str, Any], vocabulary: Vocabulary, at: Any) -> Iterator[Problem]:
    """Partner kommuner are known ids, and not also kommuner the project works in."""
    working = {term for _, term in _items(data.get("municipalities"))}
    for index, term in _items(data.get("partner_municipalities")):
        if vocabulary.get("municipality", term) is None:
            yield at(
                ("partner_municipalities", index),
                f"okänt id {shown(term)} i partner_municipalities",
                _did_you_mean(vocabulary, "municipality", term),
                code="unknown-term",
            )
        elif term in working:
            yield at(
                ("partner_municipalities", index),
                f"{shown(term)} står både under municipalities och partner_municipalities",
                "ta bort den ur partner_municipalities om projektet verkar i kommunen, annars ur municipalities",
                code="partner-municipality",
            )


def _did_you_mean(vocabulary: Vocabulary, kind: str, written: str) -> str:
    guess = vocabulary.suggest(kind, written)
    return (
        f"menade du {shown(guess)}?"
        if guess
        else f"använd ett id ur projects/_vocabulary/{vocabulary.kinds[kind].file}"
    )


def check_emails(documents: Iterable[Document]) -> Iterator[Problem]:
    """Warn about an e-mail domain a letter or two away from a known one (:mod:`.emails`) or one seen more often."""
    located = [
        (doc, i, c["email"])
        for doc in documents
        for i, c in enumerate(_mapping(doc.data).get("contacts") or [])
        if isinstance(c, dict) and isinstance(c.get("email"), str) and "@" in c["email"]
    ]
    counts = Counter(emails.domain_of(email) for _, _, email in located)
    trusted = emails.KNOWN_DOMAINS | {d for d, n in counts.items() if n > 1}
    for doc, index, email in located:
        guess = emails.likely_domain(emails.domain_of(email), trusted)
        if guess:
            line, column = doc.where(("contacts", index, "email"))
            yield Problem(
                doc.path,
                line,
                column,
                f"e-postdomänen i {shown(email)} ser ut som ett stavfel för {guess}",
                "står adressen så i källan, låt den stå: projektsidan visar den utan länk, med den troliga adressen "
                "märkt härlett; skriv i source.notes att källan har stavfelet. Är det ditt eget skrivfel, rätta det",
                Severity.WARNING,
                "email",
            )
