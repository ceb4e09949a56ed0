"""What happened after the grant: the status in the fact box, the "Vad hände sedan" section and the numbered sources. Pure MyST.

Every fact after the grant comes from a source outside the base record, and the page shows
which: each fact ends with the numbers of its sources, linked to the numbered list under
"Källor", where [1] is the base source. A later source that says something else than the
base source (another end date, another owner) is shown beside it, never instead of it. A
project nobody has searched for shows one line and asks for a report; one that was searched
for with nothing found says so, with the day of the search.
"""

from __future__ import annotations

import datetime as dt

from ..data import formatting
from ..data.model import (
    INFERRED,
    INVERSE_RELATIONS,
    RELATIONS,
    Change,
    CitedSource,
    Fact,
    Project,
    Source,
    Successor,
    Term,
)
from ..data.status import status_of
from . import glossary, myst

OUTCOME_HEADING = "Vad hände sedan"
CHANGES_HEADING = "Annat än i ansökan"
RESULTS_HEADING = "Vad projektet gjorde"
WORKED_HEADING = "Det här fungerade"
HARD_HEADING = "Det här var svårt"
AFTER_HEADING = "Det som kom efter"
BEFORE_HEADING = "Det som kom före"
ORGANISATION_HEADING = "Organisationen sedan dess"
NOT_REPORTED = "Ingen har ännu rapporterat vad projektet blev."
"""The one line a page shows when nobody has searched for follow-up, before the links that invite one."""
INTRO = (
    "Uppgifterna här kommer från källor efter beslutet om stöd. Siffrorna inom hakparentes "
    "visar vilka källor varje uppgift bygger på; källorna står sist på sidan."
)
CHANGE_LABELS = {
    "period.start": "Startdatum",
    "period.end": "Slutdatum",
    "lead_organisation": "Projektägare",
    "budget.total": "Total budget",
    "budget.support": "Stöd från Landsbygdsprogrammet",
}


def source_numbers(project: Project) -> dict[str, int]:
    """Each cited source's number on the page: the base source is 1, the rest in order of first citation."""
    numbers = {project.source.id or "": 1}
    cited = [*project.outcome.cited(), *(i for _, p in project.provenance for i in p.sources)]
    for source_id in (*cited, *(s.id for s in project.sources)):
        numbers.setdefault(source_id, len(numbers) + 1)
    return numbers


def anchor(project: Project, number: int) -> str:
    """The target of source *number* on *project*'s page (a label unique in the whole handbook)."""
    return f"sh-kalla-{project.id}-{number}"


def cite(project: Project, source_ids: tuple[str, ...], numbers: dict[str, int]) -> str:
    """``[2][3]``: links to the sources in the page's list."""
    marks = sorted({numbers[i] for i in source_ids})
    return "".join(f"[{myst.inline(f'[{n}]')}](#{anchor(project, n)})" for n in marks)


def partial_date(value: str) -> str:
    """``2019`` → ``2019``, ``2019-05`` → ``maj 2019``, ``2019-05-14`` → ``14 maj 2019``."""
    parts = value.split("-")
    if len(parts) == 3:
        return formatting.date(dt.date.fromisoformat(value))
    if len(parts) == 2:
        return f"{formatting.MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return value


def status_row(project: Project, today: dt.date | None) -> tuple[str, str] | None:
    """The fact box's status row: a reported status with its sources, or one derived from the dates, marked so."""
    if today is None:
        return None
    status = status_of(project, today)
    if status is None:
        return None
    reported = project.outcome.status
    if reported is not None and not status.derived:
        citation = cite(project, reported.sources, source_numbers(project))
        return (
            "Status",
            f"{myst.inline(status.label)} *({glossary.word(glossary.STATED_TERM, status.reason)}* {citation}*)*",
        )
    return "Status", f"{myst.inline(status.label)} *({glossary.basis(INFERRED)}: {myst.inline(status.reason)})*"


def invitation(form_doc: str, issue_url: str) -> str:
    """The ways to report what became of a project: the form and "Rapportera fel", as one sentence, or ""."""
    ways = [
        (text, kind)
        for text, kind, wanted in (("skicka en uppföljning", "doc", form_doc), ("rapportera fel", "url", issue_url))
        if wanted
    ]
    links = []
    for number, (text, kind) in enumerate(ways):
        text = text[0].upper() + text[1:] if number == 0 else text
        links.append(f"{{doc}}`{text} </{form_doc}>`" if kind == "doc" else myst.link(text, issue_url))
    return " eller ".join(links) + "." if links else ""


def _note(line: str) -> str:
    return f"```{{container}} sh-note {myst.UNINDEXED}\n{line}\n```"


def _facts(project: Project, facts: tuple[Fact, ...], numbers: dict[str, int], factors: bool = False) -> str:
    lines = []
    for fact in facts:
        line = f"- {myst.inline(fact.text)} {cite(project, fact.sources, numbers)}"
        if factors and fact.factors:
            shown = ", ".join(myst.role("factor", factor) for factor in fact.factors)
            line += f" *(framgångsfaktor:* {shown}*)*"
        lines.append(line)
    return "\n".join(lines)


def _base_value(project: Project, field: str) -> str | None:
    """The base source's value of a changed field, as readers see it; ``None`` when it gives none."""
    if field == "period.start":
        return formatting.date(project.start) if project.start else None
    if field == "period.end":
        return formatting.date(project.end) if project.end else None
    if field == "lead_organisation":
        return project.lead_organisation
    amount = project.budget.total if field == "budget.total" else project.budget.support
    return formatting.kronor(amount) if amount is not None else None


def _changed_value(change: Change) -> str:
    if isinstance(change.value, int):
        return formatting.kronor(change.value)
    if change.field.startswith("period."):
        return partial_date(change.value)
    return change.value


def change_line(project: Project, change: Change, numbers: dict[str, int]) -> str:
    """``Slutdatum: 31 juli 2019 enligt [1]; januari 2020 enligt [3].`` and the explanation."""
    base = _base_value(project, change.field)
    first = cite(project, (project.source.id or "",), numbers)
    said = f"{myst.inline(base)} enligt {first}" if base else f"anges inte i {first}"
    later = f"{myst.inline(_changed_value(change))} enligt {cite(project, change.sources, numbers)}"
    line = f"- {CHANGE_LABELS[change.field]}: {said}; {later}."
    if change.text:
        line += f" {myst.inline(change.text)}"
    return line


def _successors(project: Project, numbers: dict[str, int]) -> str:
    lines = []
    for successor in project.outcome.successors:
        what = myst.role("project", successor.project) if successor.project else myst.inline(successor.name or "")
        line = f"- {RELATIONS[successor.relation].capitalize()} {what}"
        if successor.text:
            line += f": {myst.inline(successor.text)}"
        lines.append(f"{line} {cite(project, successor.sources, numbers)}")
    return "\n".join(lines)


def searched_line(project: Project) -> str:
    """``Sökt 7 december 2026.`` with what was not found, if the file says."""
    outcome = project.outcome
    text = ""
    if outcome.not_found:
        text = f"Det här hittades inte: {myst.inline(outcome.not_found)} "
    return text + f"*(Sökt {formatting.date(outcome.searched)}.)*" if outcome.searched else text


def predecessors_text(predecessors: list[tuple[Project, Successor]]) -> str:
    """The projects that name this one as what came after them: a link written once, shown on both pages.
    Their sources are on their own pages, so each line says so."""
    return "\n".join(
        f"- Projektet {INVERSE_RELATIONS[successor.relation]} {myst.role('project', earlier.id)} "
        f"*(enligt källorna på dess sida)*"
        for earlier, successor in predecessors
    )


def outcome_section(
    project: Project,
    form_doc: str = "",
    issue_url: str = "",
    predecessors: list[tuple[Project, Successor]] | None = None,
) -> list[str]:
    """The follow-up section as ``[heading, body, …]``: each part only when a source tells it; what came
    before (*predecessors*, from the catalog) first."""
    # Without a sourced fact the section is the same few words on every page: the search skips it.
    parts = [myst.heading(2, OUTCOME_HEADING, *(() if project.outcome.reported else (myst.UNINDEXED,)))]
    if predecessors:
        parts += [f"### {BEFORE_HEADING}", predecessors_text(predecessors)]
    return parts + _told(project, form_doc, issue_url)


def _told(project: Project, form_doc: str, issue_url: str) -> list[str]:
    outcome = project.outcome
    parts: list[str] = []
    ask = invitation(form_doc, issue_url)
    if outcome.searched is None:
        line = myst.inline(NOT_REPORTED) + (f" Vet du? {ask}" if ask else "")
        return [_note(line)]
    if not outcome.reported:
        line = f"Inga uppföljande källor hittades (sökt {formatting.date(outcome.searched)})."
        if outcome.not_found:
            line += f" {myst.inline(outcome.not_found)}"
        return [_note(line + (f" Vet du mer? {ask}" if ask else ""))]
    numbers = source_numbers(project)
    parts.append(_note(myst.inline(INTRO)))
    if outcome.changes:
        parts += [f"### {CHANGES_HEADING}", "\n".join(change_line(project, c, numbers) for c in outcome.changes)]
    if outcome.results:
        parts += [f"### {RESULTS_HEADING}", _facts(project, outcome.results, numbers)]
    if outcome.worked:
        parts += [f"### {WORKED_HEADING}", _facts(project, outcome.worked, numbers, factors=True)]
    if outcome.hard:
        parts += [f"### {HARD_HEADING}", _facts(project, outcome.hard, numbers, factors=True)]
    if outcome.successors:
        parts += [f"### {AFTER_HEADING}", _successors(project, numbers)]
    if outcome.contact_changes:
        parts += [f"### {ORGANISATION_HEADING}", _facts(project, outcome.contact_changes, numbers)]
    links = []
    if outcome.final_report:
        report = project.cited_source(outcome.final_report)
        if isinstance(report, CitedSource):
            links.append(
                f"- Slutrapport: {myst.link(report.title, report.url, source=True)} {cite(project, (report.id,), numbers)}"
            )
    if outcome.website:
        site = outcome.website
        links.append(
            f"- Projektets webbplats: {myst.link(site.url, site.url, source=True)} {cite(project, site.sources, numbers)}"
        )
    if links:
        parts.append("\n".join(links))
    parts.append(searched_line(project))
    if ask:
        parts.append(f"Vet du mer eller något nyare? {ask}")
    return parts


def contact_note(project: Project) -> str:
    """Under the contacts: where they come from, and what later sources say about the organisations."""
    numbers = source_numbers(project)
    first = cite(project, (project.source.id or "",), numbers)
    line = (
        f"Kontaktuppgifterna kommer från ansökan, som den återges i {first}, och gällde när stödet beviljades. "
        "De kan ha ändrats sedan dess."
    )
    if project.outcome.contact_changes:
        line += f" Vad källor säger om organisationen sedan dess står under *{ORGANISATION_HEADING}* ovan."
    return line


def _reference(source: Source | CitedSource) -> str:
    """One entry of the source list, in MyST: title, publisher, date, address, read."""
    if isinstance(source, Source):
        text = f"*{myst.inline(source.title)}*."
        if source.url:
            text += f" {myst.link(source.url, source.url, source=True)}"
        if source.retrieved:
            text += f" Läst {formatting.date(source.retrieved)}."
        return text + " Grundkällan: projektets grunduppgifter kommer härifrån."
    published = f", {partial_date(source.published)}" if source.published else ""
    return (
        f"*{myst.inline(source.title)}*. {myst.inline(source.publisher)}{published}"
        f" ({myst.inline(source.kind_label)}). {myst.link(source.url, source.url, source=True)} Läst {formatting.date(source.read)}."
    )


def source_list(project: Project) -> str:
    """The numbered sources, each a paragraph with its own target, in the order :func:`source_numbers` gives."""
    blocks = []
    for source_id, number in source_numbers(project).items():
        listed = next((s for s in project.sources if s.id == source_id), None)  # the base source may be listed too
        source = listed or (project.source if number == 1 else project.cited_source(source_id))
        if source is None:  # an unknown id cannot pass the checks
            continue
        text = _reference(source) + (
            " Grundkällan: projektets grunduppgifter kommer härifrån." if number == 1 and listed else ""
        )
        blocks.append(f"({anchor(project, number)})=\n{myst.inline(f'[{number}]')} {text}")
    return "\n\n".join(blocks)


def sources_block(term: Term) -> str:
    """The sources a term's definition or description rests on, as a short list under it."""
    lines = []
    for source in term.sources:
        line = f"- {myst.link(source.title, source.url, source=True)}"
        if source.publisher:
            line += f", {myst.inline(source.publisher)}"
        if source.published:
            line += f", {partial_date(source.published)}"
        if source.retrieved:
            line += f", läst {formatting.date(source.retrieved)}"
        lines.append(line)
    return "Källor för beskrivningen:\n\n" + "\n".join(lines)
