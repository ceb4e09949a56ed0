"""Project → MyST page. A pure function of the project, the vocabulary and the options."""

from __future__ import annotations

from dataclasses import dataclass

from ..data import formatting
from ..data.kinds import BUILTIN
from ..data.model import NATIONAL, SUPPORT_FUNDER, Contact, Project
from ..data.privacy import private_details, redact, redacted
from ..data.vocabulary import Vocabulary
from . import myst

RELATED_HEADING = "Liknande projekt"
SOURCE_HEADING = "Källa"
UNINDEXED_HEADINGS = (RELATED_HEADING, SOURCE_HEADING)
"""Sections the search leaves out: other projects' titles and provenance notes are not this project's content."""
PURPOSE_HEADING = "Projektets syfte"
SUMMARY_HEADING = "Kort beskrivning"
CONTACT_HEADING = "Kontakt"


@dataclass(frozen=True)
class RenderOptions:
    """Site-wide choices that change how pages look."""

    contacts: str = "full"
    """``full`` shows names, phones and emails; ``role`` only role and organisation; ``hidden`` nothing."""
    edit_url: str = ""
    """Template for the "Redigera den här sidan" link, with ``{path}`` for the file's path."""
    issue_url: str = ""
    """Template for the "Rapportera fel" link, with ``{id}`` and ``{title}``."""


def front_matter(data_digest: str) -> str:
    """Front matter of a generated page: kept out of the toctree, stamped with its data."""
    return f"---\norphan: true\nhandbook-data: {data_digest}\n---\n"


def project_page(
    project: Project,
    vocabulary: Vocabulary,
    options: RenderOptions,
    data_digest: str,
    related: tuple[str, ...] = (),
) -> str:
    """The whole MyST source of one project's page; *related* are ids of similar projects, best first."""
    project = redacted(project, options.contacts)
    parts = [front_matter(data_digest), f"# {myst.inline(project.title)}", fact_box(project, vocabulary)]
    parts += _section(PURPOSE_HEADING, myst.paragraphs(project.purpose))
    if project.summary:
        parts += _section(SUMMARY_HEADING, myst.paragraphs(project.summary))
    if project.content:
        parts += _section("Innehåll och upplägg", myst.paragraphs(project.content))
    if project.activities:
        blocks = []
        for group in project.activities:
            if group.heading:
                blocks.append(f"### {myst.inline(group.heading)}")
            blocks.append(myst.bullets(group.items))
        parts += _section("Aktiviteter", "\n\n".join(blocks))
    if isinstance(project.expected_results, str):
        parts += _section("Förväntat resultat", myst.paragraphs(project.expected_results))
    elif project.expected_results:
        parts += _section("Förväntat resultat", myst.bullets(project.expected_results))
    if project.contacts and options.contacts != "hidden":
        parts += _section(CONTACT_HEADING, "\n\n".join(contact_block(c, options.contacts) for c in project.contacts))
    if related:
        parts += _section(RELATED_HEADING, "\n".join(f"- {myst.role('project', other)}" for other in related))
    parts += _section(SOURCE_HEADING, source_block(project, options))
    return "\n\n".join(parts) + "\n"


def _section(title: str, body: str) -> list[str]:
    return [f"## {title}", body]


def _terms(role: str, ids: tuple[str, ...]) -> str:
    return ", ".join(myst.role(role, term_id) for term_id in ids)


def fact_box(project: Project, vocabulary: Vocabulary) -> str:
    """The card at the top of the page: where, how, who paid, how much, when."""
    rows: list[tuple[str, str]] = []
    if project.lead_organisation:
        rows.append(("Projektägare", myst.inline(project.lead_organisation)))
    rows.append(("Projekttyp", myst.role("category", project.category)))
    if project.national:
        rows.append(("Län", NATIONAL))
    elif project.regions:
        rows.append(("Län", _terms("region", project.regions)))
    if project.municipalities:
        rows.append(("Kommuner", _terms("municipality", project.municipalities)))
    if project.methods:
        rows.append(("Metoder", _terms("method", project.methods)))
    for kind in vocabulary.kinds.values():  # kinds declared in kinds.yaml, after the built-in ones
        if kind.name not in BUILTIN and project.terms(kind.name):
            rows.append((kind.heading, _terms(kind.name, project.terms(kind.name))))
    budget = project.budget
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
        named = []
        for co_funder in budget.co_funders:
            text = myst.role("funder", co_funder.funder) if co_funder.funder else myst.inline(co_funder.name or "")
            if co_funder.amount is not None:
                text += f" ({formatting.kronor(co_funder.amount)})"
            named.append(text)
        rows.append(("Övriga finansiärer", ", ".join(named)))
    if project.start and project.end:
        rows.append(("Tid", f"{formatting.date(project.start)} – {formatting.date(project.end)}"))
    elif project.end:
        rows.append(("Tid", f"till {formatting.date(project.end)}"))
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
            details.append(f"- E-post: {myst.link(contact.email, 'mailto:' + contact.email)}")
        if contact.address:
            address = " \\\n  ".join(myst.inline(line) for line in contact.address.splitlines() if line.strip())
            details.append(f"- Adress: {address}")
    if not details and mode != "full":
        return ""
    return "\n\n".join(part for part in ("\n".join(lines), "\n".join(details)) if part)


def source_block(project: Project, options: RenderOptions) -> str:
    """Where the facts come from, and how to correct them."""
    source = project.source
    title = myst.link(source.title, source.url) if source.url else myst.inline(source.title)
    text = f"Uppgifterna kommer från {title}"
    if source.retrieved:
        text += f", läst {formatting.date(source.retrieved)}"
    parts = [text + "."]
    if source.notes:
        # A note may quote a contact's e-mail address; it stays hidden when contacts are.
        parts.append(myst.paragraphs(redact(source.notes, private_details(project, options.contacts))))
    links = []
    if options.edit_url:
        links.append(
            myst.link(
                "Redigera den här sidan", options.edit_url.format(path=f"projects/{project.path.name}", id=project.id)
            )
        )
    if options.issue_url:
        links.append(myst.link("Rapportera fel", options.issue_url.format(id=project.id, title=project.title)))
    if links:
        parts.append(" · ".join(links))
    return "\n\n".join(parts)
