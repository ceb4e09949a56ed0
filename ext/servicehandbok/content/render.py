"""Project → MyST page. A pure function of the project, the vocabulary and the options."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from ..data import emails, formatting
from ..data.kinds import BUILTIN
from ..data.model import FIELD_LABELS, INFERRED, NATIONAL, SUPPORT_FUNDER, CoFunder, Contact, Project, Successor
from ..data.vocabulary import Vocabulary
from . import glossary, myst
from .followup import cite, contact_note, outcome_section, source_list, source_numbers, status_row

RELATED_HEADING = "Liknande projekt"
SOURCE_HEADING = "Källor"
PURPOSE_HEADING = "Projektets syfte"
SUMMARY_HEADING = "Kort beskrivning"
CONTACT_HEADING = "Kontakt"
RESULTS_HEADING = "Förväntat resultat"
PLAN_NOTE = (
    "Texterna om syfte, aktiviteter och förväntat resultat är projektets planer, som grundkällan [1] "
    "beskriver dem. De berättar inte vad projektet till slut gjorde eller uppnådde."
)
"""Shown under the fact box: the base source describes plans, not outcomes."""
PLAN_NOTE_FOLLOWED = PLAN_NOTE + " Det som källor efteråt berättar står under Vad hände sedan."
"""The same, on a page that has sourced follow-up."""
FACTORS_FROM = "ur projektets lärdomar"
"""Where the fact box's success factors come from (the compare page says the same)."""
RESULTS_NOTE = "Så beskrev projektet i sin ansökan vad det ville uppnå; det är inte ett uppföljt resultat."


@dataclass(frozen=True)
class RenderOptions:
    """Site-wide choices that change how pages look."""

    contacts: str = "full"
    """``full`` shows names, phones and emails; ``role`` only role and organisation; ``hidden`` nothing."""
    edit_url: str = ""
    """Template for the "Redigera den här sidan" link, with ``{path}`` for the file's path."""
    issue_url: str = ""
    """Template for the "Rapportera fel" link, with ``{id}`` and ``{title}``."""
    today: dt.date | None = None
    """The build date project statuses are computed for (``SOURCE_DATE_EPOCH`` or today); none: no status row."""
    form_doc: str = ""
    """Document name of the form page that invites a follow-up report, if the handbook has one."""


def front_matter(data_digest: str) -> str:
    """Front matter of a generated page: kept out of the toctree, stamped with its data."""
    return f"---\norphan: true\nhandbook-data: {data_digest}\n---\n"


def project_page(
    project: Project,
    vocabulary: Vocabulary,
    options: RenderOptions,
    data_digest: str,
    related: tuple[str, ...] = (),
    reasons: dict[str, str] | None = None,
    region: str = "",
    predecessors: list[tuple[Project, Successor]] | None = None,
) -> str:
    """The whole MyST source of one project's page; *related* are ids of similar projects, best first,
    *reasons* says, for each, what they share (MyST, see :func:`.related.reason`), and *region* is the
    FA region section (``content.nearby``), which needs the whole catalog, as do *predecessors*
    (``Catalog.predecessors``). The project comes redacted for the contacts option (``Catalog.redacted``);
    *options* only decides how the contacts that are left are shown."""
    parts = [
        front_matter(data_digest),
        f"# {myst.inline(project.title)}",
        fact_box(project, vocabulary, options.today),
        note_block(PLAN_NOTE_FOLLOWED if project.outcome.reported else PLAN_NOTE),
    ]
    parts += _section(PURPOSE_HEADING, myst.paragraphs(project.purpose), myst.WEIGHT_PROSE)
    if project.summary:
        parts += _section(SUMMARY_HEADING, myst.paragraphs(project.summary), myst.WEIGHT_PROSE)
    if project.content:
        parts += _section("Innehåll och upplägg", myst.paragraphs(project.content))
    if project.activities:
        blocks = []
        for group in project.activities:
            if group.heading:
                blocks.append(f"### {myst.inline(group.heading)}")
            blocks.append(myst.bullets(group.items))
        parts += _section("Aktiviteter", "\n\n".join(blocks))
    note = note_block(RESULTS_NOTE) + "\n\n"
    if isinstance(project.expected_results, str):
        parts += _section(RESULTS_HEADING, note + myst.paragraphs(project.expected_results))
    elif project.expected_results:
        parts += _section(RESULTS_HEADING, note + myst.bullets(project.expected_results))
    parts += outcome_section(project, options.form_doc, issue_link(project, options), predecessors)
    if project.contacts and options.contacts != "hidden":
        blocks = [contact_block(c, options.contacts) for c in project.contacts]
        body = "\n\n".join([*blocks, note_block_myst(contact_note(project))])
        parts += _section(CONTACT_HEADING, body, myst.WEIGHT_LABEL)
    if related:
        why = reasons or {}
        parts += _section(
            RELATED_HEADING,
            "\n".join(
                f"- {myst.role('project', other)}" + (f" – {why[other]}" if why.get(other) else "") for other in related
            ),
            myst.UNINDEXED,  # other projects' titles are not this project's content
        )
    if region:
        parts.append(region)
    parts += _section(SOURCE_HEADING, source_block(project, options), myst.UNINDEXED)
    return "\n\n".join(parts) + "\n"


NOTE_CLASSES = f"sh-note {myst.UNINDEXED}"
"""A framing note is the same on every page, so the search leaves it out (``sh-unindexed``)."""


def note_block(text: str) -> str:
    """A short framing note in italics, in a container the search does not index."""
    return note_block_myst(f"*{myst.inline(text)}*")


def note_block_myst(body: str) -> str:
    """A framing note of MyST text (already escaped), in a container the search does not index."""
    return f"```{{container}} {NOTE_CLASSES}\n{body}\n```"


def _section(title: str, body: str, *classes: str) -> list[str]:
    return [myst.heading(2, title, *classes), body]


def _terms(role: str, ids: tuple[str, ...]) -> str:
    return ", ".join(myst.role(role, term_id) for term_id in ids)


def marked(project: Project, field_name: str, value: str) -> str:
    """*value* (MyST), followed by a visible mark when the base source does not state it: the later
    source that does, linked to the page's source list, or how the value was inferred."""
    provenance = project.provenance_of(field_name)
    if provenance is None or not project.is_marked(provenance):
        return value
    if provenance.basis == "stated":
        return f"{value} *({glossary.basis(provenance.basis)}* {cite(project, provenance.sources, source_numbers(project))}*)*"
    return f"{value} *({glossary.basis(provenance.basis)}: {myst.inline(provenance.reason)})*"


def partner_text(project: Project) -> str:
    """The partner kommuner (MyST), said to be partners only, with how the handbook knows it."""
    partners = _terms("municipality", project.partner_municipalities)
    why = f"{glossary.word(glossary.PARTNER_TERM, 'samarbetspart')}, projektet verkar inte där"
    return marked(project, "partner_municipalities", f"{partners} – {why}")


def co_funder_text(co_funder: CoFunder) -> str:
    """A co-funder linked to its page, with its amount and the source's own wording of its name."""
    text = myst.role("funder", co_funder.funder) if co_funder.funder else myst.inline(co_funder.name or "")
    extra = []
    if co_funder.amount is not None:
        extra.append(formatting.kronor(co_funder.amount))
    if co_funder.as_written:
        extra.append(f"i källan: {myst.inline(co_funder.as_written)}")
    return text + (f" ({'; '.join(extra)})" if extra else "")


def fact_box(project: Project, vocabulary: Vocabulary, today: dt.date | None = None) -> str:
    """The card at the top of the page: where, how, who paid, how much, when."""
    rows: list[tuple[str, str]] = []
    if project.lead_organisation:
        rows.append(("Projektägare", marked(project, "lead_organisation", myst.inline(project.lead_organisation))))
    rows.append(("Projekttyp", marked(project, "category", myst.role("category", project.category))))
    if project.programme:
        rows.append(("Stödprogram", marked(project, "programme", myst.role("programme", project.programme))))
    if project.national:
        rows.append(("Län", marked(project, "national", NATIONAL)))
    elif project.regions:
        rows.append(("Län", marked(project, "regions", _terms("region", project.regions))))
    if project.municipalities:
        rows.append(("Kommuner", marked(project, "municipalities", _terms("municipality", project.municipalities))))
    if project.partner_municipalities:
        rows.append((FIELD_LABELS["partner_municipalities"], partner_text(project)))
    if project.methods:
        rows.append(("Metoder", marked(project, "methods", _terms("method", project.methods))))
    if project.factors:
        rows.append(("Framgångsfaktorer", _terms("factor", project.factors) + f" *({FACTORS_FROM})*"))
    for kind in vocabulary.kinds.values():  # kinds declared in kinds.yaml, after the built-in ones
        if kind.name not in BUILTIN and project.terms(kind.name):
            rows.append((myst.field_name(kind.heading), _terms(kind.name, project.terms(kind.name))))
    budget = project.budget
    money = len(rows)
    if budget.total is not None:
        rows.append(("Total budget", formatting.kronor(budget.total)))
    if budget.support is not None:
        rows.append(
            (
                "Stöd från Landsbygdsprogrammet",
                f"{formatting.kronor(budget.support)} via {myst.role('funder', SUPPORT_FUNDER)}",
            )
        )
    if budget.co_funders:
        rows.append(("Övriga finansiärer", ", ".join(co_funder_text(c) for c in budget.co_funders)))
    if len(rows) > money:  # the budget's provenance on its first row
        label, value = rows[money]
        rows[money] = (label, marked(project, "budget", value))
    if project.start and project.end:
        rows.append(
            (
                "Tid",
                marked(project, "period", f"{formatting.date(project.start)} – {formatting.date(project.end)}"),
            )
        )
    elif project.end:
        rows.append(("Tid", marked(project, "period", f"till {formatting.date(project.end)}")))
    elif project.start:
        rows.append(("Tid", marked(project, "period", f"från {formatting.date(project.start)}")))
    status = status_row(project, today)
    if status:
        rows.append(status)
    fields = "\n".join(f":{label}: {value}" for label, value in rows)
    return myst.fence(f":class-card: sh-facts\n\n{fields}", directive="card")


def contact_block(contact: Contact, mode: str) -> str:
    """One contact as a short list; in ``role`` mode without name, phone and email."""
    lines: list[str] = []
    if mode == "full":
        lines.append(f"**{myst.inline(contact.name)}**")
    details: list[str] = []
    if contact.role:
        details.append(f"- Roll: {myst.inline(contact.role)}")
    if contact.organisation:
        details.append(f"- Organisation: {myst.inline(contact.organisation)}")
    if mode == "full":
        if contact.phone:
            shown = "".join(
                myst.link(text, url) if url else myst.inline(text, keep_edges=True)
                for text, url in formatting.phone_parts(contact.phone)
            )
            details.append(f"- Telefon: {shown}")
        if contact.email:
            details.append(f"- E-post: {email_text(contact.email)}")
        if contact.address:
            address = " \\\n  ".join(myst.inline(line) for line in contact.address.splitlines() if line.strip())
            details.append(f"- Adress: {address}")
    if not details and mode != "full":
        return ""
    return "\n\n".join(part for part in ("\n".join(lines), "\n".join(details)) if part)


MISSPELT_WORDS = "domänen ser felstavad ut"
"""Said of an address whose domain looks misspelt (``data.emails``), linked to the glossary."""


def email_text(email: str) -> str:
    """An address as a ``mailto:`` link; one whose domain looks misspelt as the source writes it, unlinked,
    with the likely address beside it, marked as inferred."""
    likely = emails.likely_address(email)
    if likely is None:
        return myst.link(email, "mailto:" + email)
    return (
        f"{myst.inline(email)} *(så står det i källan, men "
        f"{glossary.word(glossary.MISSPELT_TERM, MISSPELT_WORDS)}; troligen* {myst.link(likely, 'mailto:' + likely)}*, "
        f"{glossary.basis(INFERRED)})*"
    )


def source_block(project: Project, options: RenderOptions) -> str:
    """Where the facts come from, for readers: the numbered sources, and what the editors decided.

    Maintainers' notes (``source.notes``) stay in the file and the exports; they are not for readers.
    """
    parts = [source_list(project)]
    decisions = editorial_decisions(project)
    if decisions:
        parts.append("Det här har redaktionen lagt till eller bestämt:")
        parts.append("\n".join(f"- {line}" for line in decisions))
    links = []
    if options.edit_url:
        links.append(
            myst.link(
                "Redigera den här sidan", options.edit_url.format(path=f"projects/{project.path.name}", id=project.id)
            )
        )
    if options.issue_url:
        links.append(myst.link("Rapportera fel", issue_link(project, options)))
    if links:
        parts.append(" · ".join(links))
    return "\n\n".join(parts)


def issue_link(project: Project, options: RenderOptions) -> str:
    """The "Rapportera fel" address for *project*, or "" when the handbook has none."""
    # The title is free text: encoded, its "&", "#" or "?" cannot end the template's query value.
    title = quote(project.title, safe="")
    return options.issue_url.format(id=project.id, title=title) if options.issue_url else ""


def editorial_decisions(project: Project) -> list[str]:
    """The editors' decisions in plain Swedish, as MyST lines: provenance, the source's wording, free notes."""
    lines = []
    numbers = source_numbers(project)
    for field_name, provenance in project.provenance:
        label = FIELD_LABELS.get(field_name, field_name)
        if provenance.sources and project.is_marked(provenance) and provenance.basis == "stated":
            where = cite(project, provenance.sources, numbers)
            lines.append(
                f"{label} står inte i grundkällan men i {where}: {myst.inline(provenance.reason.rstrip('.'))}."
            )
        elif project.is_marked(provenance):
            lines.append(
                f"{label} står inte i källan ({glossary.basis(provenance.basis)}: {myst.inline(provenance.reason)})."
            )
        else:
            lines.append(f"{label} står i källan: {myst.inline(provenance.reason.rstrip('.'))}.")
    for co_funder in project.budget.co_funders:
        if co_funder.funder and co_funder.as_written:
            lines.append(
                f"Finansiären {myst.role('funder', co_funder.funder)} heter i källan "
                f"”{myst.inline(co_funder.as_written)}”; handboken använder organisationens officiella namn."
            )
    if project.source.editorial:
        paragraphs = project.source.editorial.split("\n\n")
        lines += [myst.inline(part) for part in paragraphs if part.strip()]
    return lines
