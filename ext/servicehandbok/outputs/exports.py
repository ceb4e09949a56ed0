"""Open data: every project as JSON and CSV, the schema beside them, and schema.org JSON-LD. Pure.

Each object in ``projects.json`` is itself a valid project file (the same keys and values
as the YAML), so the published schema describes it; only contacts follow the site's
contacts option, and in ``role`` mode a contact has no name, which the schema requires.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable
from typing import Any

from ..data.catalog import PROJECT_SCHEMA, Catalog, project_schema_bytes
from ..data.kinds import BUILTIN, Kind
from ..data.model import FIELD_LABELS, NATIONAL, CitedSource, Contact, Fact, Project
from ..data.status import status_of
from ..data.vocabulary import Vocabulary

JSON_FILE = "projects.json"
CSV_FILE = "projects.csv"
SCHEMA_FILE = PROJECT_SCHEMA
FILES = (JSON_FILE, SCHEMA_FILE, CSV_FILE)
FORMAT_VERSION = 1
COUNTRY = "Sverige"

CSV_LEADING = ("id", "Titel", "Projektägare")
CSV_TRAILING = (
    "Total budget (kr)",
    "Stöd från Landsbygdsprogrammet (kr)",
    "Slutdatum",
    "Status",
    "Status härledd ur datumen",
    "Uppföljning",
    "Uppföljning sökt",
    "Slutrapport",
    "Projektets webbplats",
    "Källor",
    "Webbsida",
    "Ej angivet i källan",
)
"""The columns before and after one column per kind of term (see :func:`csv_kinds`)."""
CSV_DELIMITER = ";"
"""Swedish Excel splits columns at semicolons (the comma is the decimal sign)."""
LIST_SEPARATOR = ", "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection")."""
_FORMULA_AT_START = re.compile(r'[\s"]*[=+\-@]')
_FORMULA_AFTER_BREAK = re.compile(r'(?<=[,;\t\r\n])((?:[^\S\t\r\n]|")*)(?=[=+\-@])')
"""A formula sign where a program that splits the line itself starts a cell: after a comma or a
semicolon (whichever list separator its language uses), a tab or a line break, with only spaces
or quotes between. The run between is read once from each break, so any text is read in linear time."""


def spreadsheet_safe(cell: str) -> str:
    """*cell* with a ``'`` before every formula sign a spreadsheet could evaluate; the JSON keeps the exact text.

    A sign at the start gets one, as does one that would start a cell if the line were split at
    its commas, semicolons, tabs or line breaks, as a reader that ignores the quoting (or assumes
    another separator) does: ``Byn, =HYPERLINK(…)`` is written ``Byn, '=HYPERLINK(…)``, the mark
    spreadsheet users know as "text, not a formula".
    """
    if cell.startswith(FORMULA_STARTS) or _FORMULA_AT_START.match(cell):
        cell = "'" + cell
    return _FORMULA_AFTER_BREAK.sub(r"\1'", cell)


def url_cell(url: str) -> str:
    """A web address for the CSV: a comma or semicolon that a formula sign follows is written as
    its %-escape (``%2C``, ``%3B``), which links to the same page, so no split of the line
    makes a formula of it and no ``'`` breaks the link."""
    return re.sub(r"[,;](?=[=+\-@])", lambda separator: "%2C" if separator.group() == "," else "%3B", url)


def contact_record(contact: Contact, mode: str) -> dict[str, str] | None:
    """A contact as the contacts option allows: everything, role and organisation only, or nothing."""
    fields = {"full": ("name", "role", "organisation", "phone", "email", "address"), "role": ("role", "organisation")}
    record = {name: getattr(contact, name) for name in fields.get(mode, ()) if getattr(contact, name)}
    return record or None


def csv_kinds(kinds: dict[str, Kind]) -> list[Kind]:
    """The kinds in CSV column order: a project's one type first, then the lists, in registry order."""
    return sorted(kinds.values(), key=lambda kind: not kind.single)


def csv_columns(kinds: dict[str, Kind]) -> tuple[str, ...]:
    return (*CSV_LEADING, *(spreadsheet_safe(kind.heading) for kind in csv_kinds(kinds)), *CSV_TRAILING)


def project_record(project: Project, contacts: str = "full", kinds: dict[str, Kind] = BUILTIN) -> dict[str, Any]:
    """One project with the keys and values of its file, in the schema's order.

    The project comes redacted for *contacts* (``Catalog.redacted``); this only leaves out the
    contact fields that mode does not show.
    """
    data: dict[str, Any] = {"id": project.id, "title": project.title}
    if project.lead_organisation:
        data["lead_organisation"] = project.lead_organisation
    data["category"] = project.category
    if project.programme:
        data["programme"] = project.programme
    if project.national:
        data["national"] = True
    for key in ("regions", "municipalities", "partner_municipalities", "methods"):
        if getattr(project, key):
            data[key] = list(getattr(project, key))
    for kind in kinds.values():  # the fields of kinds declared in kinds.yaml, where the schema adds them
        ids = project.terms(kind.name)
        if kind.name not in BUILTIN and kind.field and ids:
            data[kind.field] = ids[0] if kind.single else list(ids)
    period = {k: v.isoformat() for k, v in (("start", project.start), ("end", project.end)) if v}
    if period:
        data["period"] = period
    budget: dict[str, Any] = {
        k: v for k, v in (("total", project.budget.total), ("support", project.budget.support)) if v is not None
    }
    if project.budget.co_funders:
        budget["co_funders"] = [
            {
                k: v
                for k, v in (("funder", c.funder), ("name", c.name), ("amount", c.amount), ("as_written", c.as_written))
                if v is not None
            }
            for c in project.budget.co_funders
        ]
    if budget:
        data["budget"] = budget
    data["purpose"] = project.purpose
    for key in ("summary", "content"):
        if getattr(project, key):
            data[key] = getattr(project, key)
    if project.activities:
        activities: list[Any] = []
        for group in project.activities:
            if group.heading is None:
                activities += group.items
            else:
                activities.append({"heading": group.heading, "items": list(group.items)})
        data["activities"] = activities
    if project.expected_results:
        results = project.expected_results
        data["expected_results"] = results if isinstance(results, str) else list(results)
    if contacts != "hidden":
        shown = [r for r in (contact_record(c, contacts) for c in project.contacts) if r]
        if shown:
            data["contacts"] = shown
    source = project.source
    data["source"] = {
        k: v
        for k, v in (
            ("title", source.title),
            ("url", source.url),
            ("retrieved", source.retrieved.isoformat() if source.retrieved else None),
            ("notes", source.notes),
            ("editorial", source.editorial),
            ("id", source.id),
        )
        if v
    }
    if project.sources:
        data["sources"] = [source_record(s) for s in project.sources]
    outcome = outcome_record(project)
    if outcome:
        data["outcome"] = outcome
    if project.provenance:
        data["provenance"] = {
            name: {"basis": p.basis, "reason": p.reason, **({"sources": list(p.sources)} if p.sources else {})}
            for name, p in project.provenance
        }
    return data


def source_record(source: CitedSource) -> dict[str, Any]:
    """A further source with the file's keys."""
    record = {"id": source.id, "title": source.title, "publisher": source.publisher, "url": source.url}
    if source.published:
        record["published"] = source.published
    return {**record, "read": source.read.isoformat(), "kind": source.kind}


def _facts(facts: tuple[Fact, ...]) -> list[dict[str, Any]]:
    return [
        {"text": f.text, "sources": list(f.sources), **({"factors": list(f.factors)} if f.factors else {})}
        for f in facts
    ]


def outcome_record(project: Project) -> dict[str, Any]:
    """The follow-up with the file's keys, every fact with its sources; empty when nobody has searched."""
    outcome = project.outcome
    if outcome.searched is None:
        return {}
    record: dict[str, Any] = {"searched": outcome.searched.isoformat()}
    if outcome.status:
        record["status"] = {"value": outcome.status.value, "sources": list(outcome.status.sources)}
    if outcome.changes:
        record["changes"] = [
            {"field": c.field, "value": c.value, **({"text": c.text} if c.text else {}), "sources": list(c.sources)}
            for c in outcome.changes
        ]
    for key in ("results", "worked", "hard"):
        if getattr(outcome, key):
            record[key] = _facts(getattr(outcome, key))
    if outcome.final_report:
        record["final_report"] = outcome.final_report
    if outcome.website:
        record["website"] = {"url": outcome.website.url, "sources": list(outcome.website.sources)}
    if outcome.successors:
        record["successors"] = [
            {
                k: v
                for k, v in (
                    ("project", s.project),
                    ("name", s.name),
                    ("relation", s.relation),
                    ("text", s.text),
                    ("sources", list(s.sources)),
                )
                if v
            }
            for s in outcome.successors
        ]
    if outcome.contact_changes:
        record["contact_changes"] = _facts(outcome.contact_changes)
    if outcome.not_found:
        record["not_found"] = outcome.not_found
    return record


def follow_up_state(project: Project) -> str:
    """``ja`` (sourced follow-up), ``inget hittat`` (searched, nothing found) or ``ej sökt`` (nobody has searched)."""
    outcome = project.outcome
    if outcome.reported:
        return "ja"
    return "inget hittat" if outcome.searched else "ej sökt"


def statuses(catalog: Catalog, today: dt.date) -> dict[str, Any]:
    """Each project's status on *today*, and whether it is derived from the dates or reported.

    Kept beside the projects, not in them, so each project object stays a valid project file.
    """
    found = {}
    for project in catalog.projects.values():
        status = status_of(project, today)
        if status is not None:
            found[project.id] = {"status": status.value, "derived": status.derived, "reason": status.reason}
    return {"as_of": today.isoformat(), "projects": found}


def projects_json(
    catalog: Catalog, contacts: str = "full", today: dt.date | None = None, publisher: dict[str, str] | None = None
) -> bytes:
    """``projects.json``: a version, who publishes it, where it comes from, every project in Swedish title order,
    and their statuses."""
    document: dict[str, Any] = {
        "version": FORMAT_VERSION,
        **({"publisher": publisher} if publisher else {}),
        "generated_from": f"{catalog.folder.name}/*.yaml",
        "data_digest": catalog.digest,
        "schema": SCHEMA_FILE,
        "contacts": contacts,
        "projects": [project_record(p, contacts, catalog.kinds) for p in catalog.projects.values()],
    }
    if today is not None:
        document["status"] = statuses(catalog, today)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def schema_json(catalog: Catalog) -> bytes:
    """The project file's JSON Schema: as in the repository, with the fields of any declared kinds."""
    return project_schema_bytes(catalog.folder, catalog.kinds)


def _names(vocabulary: Vocabulary, kind: str, ids: tuple[str, ...]) -> list[str]:
    return [term.name for term in vocabulary.known(kind, ids)]


def places(project: Project, vocabulary: Vocabulary) -> list[str]:
    """The län names of a project, or Hela landet."""
    return [NATIONAL] if project.national else _names(vocabulary, "region", project.regions)


def unstated(project: Project) -> str:
    """The fields whose values the source does not state, with why: ``Projektägare – härlett: ur …``."""
    return "; ".join(f"{FIELD_LABELS.get(name, name)} – {p.mark()}" for name, p in project.marked())


def field_value(project: Project, vocabulary: Vocabulary, name: str) -> str:
    """A field that can carry a provenance mark, as readers see it."""
    if name == "lead_organisation":
        return project.lead_organisation or ""
    if name in ("regions", "national"):
        return LIST_SEPARATOR.join(places(project, vocabulary))
    if name == "partner_municipalities":
        return LIST_SEPARATOR.join(_names(vocabulary, "municipality", project.partner_municipalities))
    return LIST_SEPARATOR.join(_names(vocabulary, "municipality", project.municipalities))


def _cell(project: Project, vocabulary: Vocabulary, kind: Kind) -> str:
    """A kind's CSV cell: the full names of the project's terms (Hela landet for a national project)."""
    if kind.name == "region":
        return LIST_SEPARATOR.join(places(project, vocabulary))
    if kind.name == "funder":  # and the co-funders the file only names, as written (``kommunerna``)
        named = [c.name for c in project.budget.co_funders if not c.funder and c.name]
        return LIST_SEPARATOR.join([*_names(vocabulary, "funder", project.funders), *named])
    if kind.single:  # an unknown id cannot pass the checks, but the cell never hides what the file says
        return LIST_SEPARATOR.join(
            term.name if (term := vocabulary.get(kind.name, i)) else i for i in project.terms(kind.name)
        )
    return LIST_SEPARATOR.join(_names(vocabulary, kind.name, project.terms(kind.name)))


def csv_row(
    project: Project, vocabulary: Vocabulary, url: str, contacts: str = "full", today: dt.date | None = None
) -> list[str]:
    """One project as a CSV row; amounts as plain integers, the date as ÅÅÅÅ-MM-DD, the status on *today*."""
    status = status_of(project, today) if today else None
    outcome = project.outcome
    return [
        project.id,
        project.title,
        project.lead_organisation or "",
        *(_cell(project, vocabulary, kind) for kind in csv_kinds(vocabulary.kinds)),
        "" if project.budget.total is None else str(project.budget.total),
        "" if project.budget.support is None else str(project.budget.support),
        project.end.isoformat() if project.end else "",
        status.label if status else "",
        ("ja" if status.derived else "nej") if status else "",
        follow_up_state(project),
        outcome.searched.isoformat() if outcome.searched else "",
        url_cell(report.url)
        if isinstance(report := project.cited_source(outcome.final_report or ""), CitedSource)
        else "",
        url_cell(outcome.website.url) if outcome.website else "",
        LIST_SEPARATOR.join(url_cell(s.url) for s in project.sources),
        url_cell(url),
        unstated(project),
    ]


def projects_csv(
    catalog: Catalog, page_url: Callable[[Project], str], contacts: str = "full", today: dt.date | None = None
) -> bytes:
    """``projects.csv``: UTF-8 with a byte order mark so Excel reads å, ä and ö; one row per project."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(csv_columns(catalog.kinds))
    for project in catalog.projects.values():
        writer.writerow(
            [
                spreadsheet_safe(cell)
                for cell in csv_row(project, catalog.vocabulary, page_url(project), contacts, today)
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def files(
    catalog: Catalog,
    contacts: str,
    page_url: Callable[[Project], str],
    today: dt.date | None = None,
    publisher: dict[str, str] | None = None,
) -> dict[str, bytes]:
    """Every open-data file by its path in the output root; statuses as on *today* (the build date)."""
    return {
        JSON_FILE: projects_json(catalog, contacts, today, publisher),
        SCHEMA_FILE: schema_json(catalog),
        CSV_FILE: projects_csv(catalog, page_url, contacts, today),
    }


def json_ld(project: Project, vocabulary: Vocabulary, url: str = "", contacts: str = "full") -> str:
    """A ``<script type="application/ld+json">`` describing the project as a schema.org Project."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Project",
        "identifier": project.id,
        "name": project.title,
        "description": project.purpose,
        "areaServed": [COUNTRY] if project.national else _names(vocabulary, "region", project.regions),
    }
    funders = _names(vocabulary, "funder", project.funders)
    if funders:
        data["funder"] = [{"@type": "Organization", "name": name} for name in funders]
    marks = [
        {
            "@type": "PropertyValue",
            "name": FIELD_LABELS.get(name, name),
            "value": field_value(project, vocabulary, name),
            "description": p.mark(),
        }
        for name, p in project.marked()
    ]
    if marks:
        # Which values the source does not state: schema.org has no provenance term, so each is a named property.
        data["additionalProperty"] = marks
    if project.sources:
        # Where the follow-up comes from: each cited page as a schema.org CreativeWork.
        data["citation"] = [
            {
                "@type": "CreativeWork",
                "name": s.title,
                "url": s.url,
                "publisher": {"@type": "Organization", "name": s.publisher},
                **({"datePublished": s.published} if s.published else {}),
            }
            for s in project.sources
        ]
    if url:
        data["url"] = url
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    # Nothing in the data may end the script element, open a comment in it, or break it in XHTML (EPUB):
    # <, > and & are written as JSON escapes, which mean the same to a JSON reader.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'
