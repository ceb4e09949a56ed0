"""What became of a project: its status in the fact box and the follow-up section. Pure MyST.

Every seed project has no reported outcome. The page then says so in one line and asks for
a report, instead of leaving readers to take the application's plans for results.
"""

from __future__ import annotations

import datetime as dt

from ..data import formatting
from ..data.model import Project
from ..data.status import status_of
from . import myst

OUTCOME_HEADING = "Uppföljning"
RESULTS_HEADING = "Uppnått resultat"
WORKED_HEADING = "Det här fungerade"
HARD_HEADING = "Det här var svårt"
NOT_REPORTED = "Ingen har ännu rapporterat vad projektet blev."
"""The one line a page without a report shows, before the links that invite one."""


def status_row(project: Project, today: dt.date | None) -> tuple[str, str] | None:
    """The fact box's status row, marked when derived from the dates; ``None`` without dates or a build date."""
    if today is None:
        return None
    status = status_of(project, today)
    if status is None:
        return None
    how = f"härlett: {status.reason}" if status.derived else status.reason
    return "Status", f"{myst.inline(status.label)} *({myst.inline(how)})*"


def _text(value: str | tuple[str, ...]) -> str:
    return myst.paragraphs(value) if isinstance(value, str) else myst.bullets(value)


def invitation(form_doc: str, issue_url: str) -> str:
    """The single line shown when nothing is reported: the fact, then where to report (the form, "Rapportera fel")."""
    ways = [
        (text, kind)
        for text, kind, wanted in (("skicka en uppföljning", "doc", form_doc), ("rapportera fel", "url", issue_url))
        if wanted
    ]
    links = []
    for number, (text, kind) in enumerate(ways):
        text = text[0].upper() + text[1:] if number == 0 else text
        links.append(f"{{doc}}`{text} </{form_doc}>`" if kind == "doc" else myst.link(text, issue_url))
    line = myst.inline(NOT_REPORTED)
    if links:
        line += " Vet du? " + " eller ".join(links) + "."
    return f"```{{container}} sh-note sh-unindexed\n{line}\n```"


def outcome_section(project: Project, form_doc: str = "", issue_url: str = "") -> list[str]:
    """The follow-up section as ``[heading, body, …]``: each part only when reported, else the invitation."""
    outcome = project.outcome
    parts = [f"## {OUTCOME_HEADING}"]
    if not outcome.reported:
        return [*parts, invitation(form_doc, issue_url)]
    if outcome.results:
        parts += [f"### {RESULTS_HEADING}", _text(outcome.results)]
    if outcome.worked:
        parts += [f"### {WORKED_HEADING}", myst.paragraphs(outcome.worked)]
    if outcome.hard:
        parts += [f"### {HARD_HEADING}", myst.paragraphs(outcome.hard)]
    facts = []
    if outcome.final_report:
        facts.append(f"- Slutrapport: {myst.link(outcome.final_report, outcome.final_report)}")
    if outcome.website:
        facts.append(f"- Projektets webbplats: {myst.link(outcome.website, outcome.website)}")
    if outcome.source:
        facts.append(f"- Uppgifterna om uppföljningen kommer från: {myst.inline(outcome.source)}")
    if outcome.checked:
        facts.append(f"- Senast kontrollerad: {formatting.date(outcome.checked)}")
    if facts:
        parts.append("\n".join(facts))
    return parts
