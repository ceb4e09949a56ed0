"""Rules for the follow-up and its sources: every fact cites a listed source, and nothing is cited that is not there.

The schema already requires each fact to have text and at least one source id, each source a
read date. What it cannot see is checked here, for one file at a time: that every cited id is
a source the file lists (or its base source's ``id``), that ids are unique, that the final
report is a report, that dates are real, that a changed value has the form of its field, and
that a listed source is used. :func:`check_successors` needs every file, so the catalog runs it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Iterator
from typing import Any

from .problems import Problem, Severity, shown
from .vocabulary import Vocabulary
from .yamlload import Document

Path_ = tuple[str | int, ...]

_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
REPORT_KINDS = ("report", "evaluation")
"""What a final report may be."""
DATE_CHANGES = ("period.start", "period.end")
AMOUNT_CHANGES = ("budget.total", "budget.support")


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def partial_date(value: str) -> bool:
    """Whether *value* (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) names a real year, month or day."""
    match = _PARTIAL_DATE.fullmatch(value)
    if not match:
        return False
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        dt.date(year or 1, month or 1, day or 1)
    except ValueError:
        return False
    return True


def citations(data: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    """Every cited source id in a parsed project file, with the path of the id."""
    outcome = _mapping(data.get("outcome"))
    for key in ("status", "website"):
        for index, source in enumerate(_list(_mapping(outcome.get(key)).get("sources"))):
            yield ("outcome", key, "sources", index), source
    for key in ("changes", "results", "worked", "hard", "successors", "contact_changes"):
        for position, item in enumerate(_list(outcome.get(key))):
            for index, source in enumerate(_list(_mapping(item).get("sources"))):
                yield ("outcome", key, position, "sources", index), source
    if isinstance(outcome.get("final_report"), str):
        yield ("outcome", "final_report"), outcome["final_report"]
    for name, entry in _mapping(data.get("provenance")).items():
        for index, source in enumerate(_list(_mapping(entry).get("sources"))):
            yield ("provenance", name, "sources", index), source


def check_sources(document: Document, vocabulary: Vocabulary) -> Iterator[Problem]:
    """The follow-up's sources, citations, dates and changed values in one project file."""
    data = _mapping(document.data)

    def at(path: Path_, message: str, fix: str, *, warning: bool = False, code: str = "source") -> Problem:
        line, column = document.where(path)
        severity = Severity.WARNING if warning else Severity.ERROR
        return Problem(document.path, line, column, message, fix, severity, code)

    listed: dict[str, dict[str, Any]] = {}
    base = _mapping(data.get("source")).get("id")
    if isinstance(base, str):
        listed[base] = {"kind": None}
    for index, source in enumerate(_list(data.get("sources"))):
        source_id = _mapping(source).get("id")
        if not isinstance(source_id, str):
            continue
        if source_id in listed and source_id != base:  # the base source may be listed with its publisher
            yield at(
                ("sources", index, "id"),
                f"källan {shown(source_id)} finns redan",
                "ge varje källa ett eget id",
                code="duplicate-id",
            )
            continue
        listed[source_id] = source
        published = source.get("published")
        if isinstance(published, str) and _PARTIAL_DATE.fullmatch(published) and not partial_date(published):
            yield at(
                ("sources", index, "published"),
                f"{shown(published)} är inget riktigt datum",
                'skriv året, året och månaden eller hela datumet, till exempel "2019-05"',
                code="bad-date",
            )
        yield from _real_date(at, source.get("read"), ("sources", index, "read"))
    outcome = _mapping(data.get("outcome"))
    yield from _real_date(at, outcome.get("searched"), ("outcome", "searched"))

    used: set[str] = set()
    for path, source_id in citations(data):
        if not isinstance(source_id, str):
            continue
        used.add(source_id)
        if source_id not in listed:
            guess = difflib.get_close_matches(source_id, list(listed), n=1, cutoff=0.6)
            yield at(
                path,
                f"okänd källa {shown(source_id)}",
                f"menade du {shown(guess[0])}?"
                if guess
                else "lägg till källan under sources (id, title, publisher, url, read, kind) eller rätta id",
                code="unknown-source",
            )
    report = outcome.get("final_report")
    if isinstance(report, str) and report in listed and listed[report].get("kind") not in REPORT_KINDS:
        yield at(
            ("outcome", "final_report"),
            f"slutrapporten {shown(report)} är inte en källa av sorten report eller evaluation",
            "ange kind: report för källan, eller ta bort final_report",
            code="source",
        )
    for index, source in enumerate(_list(data.get("sources"))):
        source_id = _mapping(source).get("id")
        if isinstance(source_id, str) and source_id not in used and source_id != base:
            yield at(
                ("sources", index, "id"),
                f"källan {shown(source_id)} används inte av någon uppgift",
                "hänvisa till den från en uppgift under outcome eller provenance, eller ta bort den",
                warning=True,
                code="unused-source",
            )
    yield from _check_changes(at, _list(outcome.get("changes")))
    yield from _check_factors(at, outcome, vocabulary)
    facts = (
        "status",
        "changes",
        "results",
        "worked",
        "hard",
        "final_report",
        "website",
        "successors",
        "contact_changes",
    )
    has_facts = any(key in outcome for key in facts)
    if outcome and not has_facts and not outcome.get("not_found"):
        yield at(
            ("outcome",),
            "uppföljningen säger inte vad som söktes och inte hittades",
            "skriv det under outcome.not_found, till exempel: Ingen slutrapport eller nyhet om projektet hittades.",
            warning=True,
            code="source",
        )


def _real_date(at: Any, value: Any, path: Path_) -> Iterator[Problem]:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) and not partial_date(value):
        yield at(path, f"{shown(value)} är inget riktigt datum", 'kontrollera månad och dag, till exempel "2019-07-31"')


def _check_changes(at: Any, changes: list[Any]) -> Iterator[Problem]:
    """A changed value has the form of its field: a date for the period, whole kronor for the budget."""
    for index, change in enumerate(changes):
        change = _mapping(change)
        field, value = change.get("field"), change.get("value")
        path = ("outcome", "changes", index, "value")
        if field in DATE_CHANGES and not (isinstance(value, str) and partial_date(value)):
            yield at(
                path,
                f"{shown(value)} är inget datum för {field}",
                "skriv ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD inom citattecken, bara så exakt som källan säger, och förklara i text",
                code="bad-date",
            )
        elif field in AMOUNT_CHANGES and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            yield at(
                path,
                f"{shown(value)} är inget belopp för {field}",
                "skriv beloppet i hela kronor som ett heltal utan mellanslag, till exempel 2969000",
                code="amount",
            )
        elif field == "lead_organisation" and not (isinstance(value, str) and value.strip()):
            yield at(path, f"{shown(value)} är inget namn", "skriv organisationens namn som källan skriver det")


def _check_factors(at: Any, outcome: dict[str, Any], vocabulary: Vocabulary) -> Iterator[Problem]:
    if "factor" not in vocabulary.terms:
        return
    for key in ("worked", "hard"):
        for position, lesson in enumerate(_list(outcome.get(key))):
            for index, factor in enumerate(_list(_mapping(lesson).get("factors"))):
                if isinstance(factor, str) and vocabulary.get("factor", factor) is None:
                    guess = vocabulary.suggest("factor", factor)
                    yield at(
                        ("outcome", key, position, "factors", index),
                        f"okänd framgångsfaktor {shown(factor)}",
                        f"menade du {shown(guess)}?" if guess else "använd ett id ur projects/_vocabulary/factors.yaml",
                        code="unknown-term",
                    )


def check_successors(documents: Iterable[Document], known: set[str]) -> Iterator[Problem]:
    """A successor named as a handbook project must be one (*known*: every project file's id), and not itself."""
    for document in documents:
        data = _mapping(document.data)
        for index, successor in enumerate(_list(_mapping(data.get("outcome")).get("successors"))):
            target = _mapping(successor).get("project")
            if not isinstance(target, str):
                continue
            problem = None
            if target == data.get("id"):
                problem = (f"projektet {shown(target)} anges som sin egen efterföljare", "ta bort posten")
            elif target not in known:
                guess = difflib.get_close_matches(target, sorted(known), n=1, cutoff=0.6)
                fix = (
                    f"menade du {shown(guess[0])}?"
                    if guess
                    else "skriv name: i stället om efterföljaren inte finns i handboken"
                )
                problem = (f"okänt projekt {shown(target)}", fix)
            if problem:
                line, column = document.where(("outcome", "successors", index, "project"))
                yield Problem(document.path, line, column, *problem, code="unknown-project")
