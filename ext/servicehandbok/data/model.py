"""The handbook's data as plain, typed Python objects. No Sphinx, no YAML here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .kinds import BUILTIN
from .kinds import PROJECT_FOLDER as PROJECT_FOLDER  # where project pages live, beside the kinds' folders

SUPPORT_FUNDER = "tillvaxtverket"
"""The funder behind every project's Landsbygdsprogrammet support."""

NATIONAL = "Hela landet"
"""What readers see in place of a län for a project that covers the whole country."""
NO_YEAR = "Ej angivet"
"""What readers see in place of an end year for a project without an end date."""

FUNDER_TYPES = {
    "state-agency": "Statlig myndighet",
    "region": "Region",
    "county-board": "Länsstyrelse",
    "municipality": "Kommun",
    "university": "Universitet eller högskola",
    "association": "Förening",
    "company": "Företag",
}


@dataclass(frozen=True)
class Reference:
    """A published source a vocabulary definition rests on."""

    title: str
    url: str
    retrieved: dt.date | None = None
    publisher: str | None = None
    published: str | None = None
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as precise as the source says."""
    id: str | None = None


@dataclass(frozen=True)
class Term:
    """An entry of a controlled vocabulary: a län, kommun, method, funder, project type or declared kind."""

    kind: str
    id: str
    name: str
    folder: str
    """Folder of the kind's hub pages (from the registry of kinds)."""
    short_name: str | None = None
    abbreviation: str | None = None
    code: str | None = None
    region: str | None = None
    text: str | None = None
    """A method's definition or a project type's description."""
    funder_type: str | None = None
    aliases: tuple[str, ...] = ()
    sources: tuple[Reference, ...] = ()
    """What a method's definition, a factor's or a programme's description rests on."""
    period: str | None = None
    """A programme's time, as its source gives it."""
    project_count: int | None = None
    """How many projects a programme funded, where a source says."""
    count_text: str | None = None
    """What the sources say of that number, in the file's own words."""
    count_sources: tuple[str, ...] = ()
    """Ids (among :attr:`sources`) of the sources of :attr:`project_count`."""
    more_url: str | None = None
    """Where more of a programme's projects are described."""

    @property
    def label(self) -> str:
        """The name to use in lists and links."""
        return self.short_name or self.name

    @property
    def docname(self) -> str:
        """Sphinx document name of this term's hub page."""
        return f"{self.folder}/{self.id}"


@dataclass(frozen=True)
class CoFunder:
    """A co-funder: a vocabulary funder, or a group the source only names (``kommunerna``)."""

    funder: str | None = None
    name: str | None = None
    amount: int | None = None
    as_written: str | None = None
    """The source's own wording of the funder's name, where it differs from the vocabulary's."""


@dataclass(frozen=True)
class Budget:
    """Money in whole kronor; ``None`` where the source gives no figure."""

    total: int | None = None
    support: int | None = None
    co_funders: tuple[CoFunder, ...] = ()


@dataclass(frozen=True)
class ActivityGroup:
    """Activities, optionally under a sub-heading."""

    heading: str | None
    items: tuple[str, ...]


@dataclass(frozen=True)
class Contact:
    """A person to contact. Everything but the name is optional."""

    name: str
    role: str | None = None
    organisation: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class Source:
    """The source of a project's base record: for the first 30 projects, Tillväxtverket's list of granted projects."""

    title: str
    url: str | None = None
    retrieved: dt.date | None = None
    notes: str | None = None
    """Maintainers' remarks; kept in the file and the exports, never shown on the page."""
    editorial: str | None = None
    """Editorial decisions explained to readers, shown under the page's source section."""
    id: str | None = None
    """The id follow-up facts and provenance may cite it by, if they do."""


SOURCE_KINDS = {
    "project-site": "projektets webbplats",
    "owner-news": "projektägarens nyhet",
    "agency-article": "myndighetens artikel",
    "report": "rapport",
    "evaluation": "utvärdering",
    "news": "nyhet i media",
}
"""Every kind of source a file may cite, with the words readers see."""


@dataclass(frozen=True)
class CitedSource:
    """A further source a project file lists under ``sources``: what the follow-up facts rest on."""

    id: str
    title: str
    publisher: str
    url: str
    read: dt.date
    kind: str
    published: str | None = None
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, only as precise as the source itself says."""

    @property
    def kind_label(self) -> str:
        return SOURCE_KINDS[self.kind]


STATED, INFERRED, EDITORIAL = "stated", "inferred", "editorial"
BASIS_LABELS = {INFERRED: "härlett", EDITORIAL: "redaktionell placering", STATED: "enligt källa"}
"""How the page names a value that the base source does not state (a stated one is marked only when a
later source states it: :meth:`Project.is_marked`)."""
FIELD_LABELS = {
    "lead_organisation": "Projektägare",
    "regions": BUILTIN["region"].heading,
    "municipalities": BUILTIN["municipality"].heading,
    "partner_municipalities": "Samarbetskommuner",
    "national": BUILTIN["region"].heading,
    "category": BUILTIN["category"].heading,
    "programme": BUILTIN["programme"].heading,
    "methods": BUILTIN["method"].heading,
    "period": "Tid",
    "budget": "Budget",
}
"""The fact box's label of each field that can carry a provenance mark (the kinds' from the registry)."""


@dataclass(frozen=True)
class Provenance:
    """How the handbook knows one field's value: stated in a source, inferred from it, or placed by the editors."""

    basis: str
    reason: str
    sources: tuple[str, ...] = ()
    """Ids of the further sources (``Project.sources``) that state the value, when the base source does not."""

    def mark(self) -> str:
        """The visible mark, e.g. ``härlett: ur kontaktpersonens e-postadress``."""
        return f"{BASIS_LABELS[self.basis]}: {self.reason}"


@dataclass(frozen=True)
class Fact:
    """One follow-up fact in the file's own words, with the ids of the sources it rests on."""

    text: str
    sources: tuple[str, ...]
    factors: tuple[str, ...] = ()
    """Success factors (``factors.yaml``) the fact shows, for a lesson."""


@dataclass(frozen=True)
class Change:
    """Where a later source says something else than the base source: both are kept and shown."""

    field: str
    """``period.start``, ``period.end``, ``lead_organisation``, ``budget.total`` or ``budget.support``."""
    value: str | int
    sources: tuple[str, ...]
    text: str | None = None


@dataclass(frozen=True)
class Successor:
    """What came after the project: a handbook project (``project``) or a named one."""

    relation: str
    sources: tuple[str, ...]
    project: str | None = None
    name: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Website:
    url: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ReportedStatus:
    value: str
    sources: tuple[str, ...]


RELATIONS = {"continued-as": "fortsatte som", "taken-over-by": "togs över av", "followed-by": "följdes av"}
"""How a successor relates to the project, in the words readers see."""
INVERSE_RELATIONS = {"continued-as": "fortsätter", "taken-over-by": "tog över", "followed-by": "kom efter"}
"""The same, read from the successor's page: "Projektet fortsätter X"."""


@dataclass(frozen=True)
class Outcome:
    """What happened after the grant, from sources outside the base record: every fact cites its sources."""

    searched: dt.date | None = None
    """The day someone last searched for follow-up; ``None`` when nobody has."""
    status: ReportedStatus | None = None
    changes: tuple[Change, ...] = ()
    results: tuple[Fact, ...] = ()
    worked: tuple[Fact, ...] = ()
    hard: tuple[Fact, ...] = ()
    final_report: str | None = None
    """The id of the source that is the final report."""
    website: Website | None = None
    successors: tuple[Successor, ...] = ()
    contact_changes: tuple[Fact, ...] = ()
    not_found: str | None = None
    """What was searched for and not found, in the file's own words."""

    @property
    def facts(self) -> tuple[Fact, ...]:
        """Every sourced fact with text: results, lessons, contact changes."""
        return (*self.results, *self.worked, *self.hard, *self.contact_changes)

    @property
    def reported(self) -> bool:
        """Whether any source has told anything about the project after the grant."""
        return bool(self.status or self.changes or self.facts or self.final_report or self.website or self.successors)

    @property
    def searched_only(self) -> bool:
        """Searched for, and nothing found."""
        return self.searched is not None and not self.reported

    @property
    def factors(self) -> tuple[str, ...]:
        """The success factors the project's lessons show, first mention first."""
        return tuple(dict.fromkeys(f for fact in (*self.worked, *self.hard) for f in fact.factors))

    def cited(self) -> tuple[str, ...]:
        """Every source id the follow-up cites, first citation first."""
        ids: list[str] = []
        if self.status:
            ids += self.status.sources
        for change in self.changes:
            ids += change.sources
        for fact in self.facts:
            ids += fact.sources
        if self.final_report:
            ids.append(self.final_report)
        if self.website:
            ids += self.website.sources
        for successor in self.successors:
            ids += successor.sources
        return tuple(dict.fromkeys(ids))


@dataclass(frozen=True)
class Project:
    """One project, as its YAML file describes it."""

    id: str
    title: str
    category: str
    purpose: str
    source: Source
    path: Path
    programme: str | None = None
    lead_organisation: str | None = None
    national: bool = False
    regions: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    """The kommuner the project works in: its kommun hubs, maps and FA regions."""
    partner_municipalities: tuple[str, ...] = ()
    """Kommuner the source names only as partners (a method's owner), not as places the project works in."""
    methods: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    budget: Budget = field(default_factory=Budget)
    summary: str | None = None
    content: str | None = None
    activities: tuple[ActivityGroup, ...] = ()
    expected_results: str | tuple[str, ...] | None = None
    contacts: tuple[Contact, ...] = ()
    sources: tuple[CitedSource, ...] = ()
    """Further sources, cited by the follow-up facts and the provenance."""
    outcome: Outcome = field(default_factory=Outcome)
    provenance: tuple[tuple[str, Provenance], ...] = ()
    """``(field, provenance)`` for the fields the file explains, in the file's order."""
    declared_terms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Ids of the kinds declared in ``kinds.yaml``, as ``(kind, ids)`` pairs."""

    @property
    def docname(self) -> str:
        """Sphinx document name of the project page."""
        return f"{PROJECT_FOLDER}/{self.id}"

    @property
    def funders(self) -> tuple[str, ...]:
        """Ids of every named funder: Tillväxtverket when support is given, then co-funders."""
        ids = [SUPPORT_FUNDER] if self.budget.support is not None else []
        ids += [c.funder for c in self.budget.co_funders if c.funder and c.funder not in ids]
        return tuple(ids)

    def terms(self, kind: str) -> tuple[str, ...]:
        """Ids of the terms of *kind* this project is tagged with."""
        builtin = BUILTIN.get(kind)
        if builtin is None:
            return next((ids for name, ids in self.declared_terms if name == kind), ())
        if builtin.field is None:
            return tuple(getattr(self, builtin.derived or "funders"))
        value = getattr(self, builtin.field)
        if builtin.single:
            return (value,) if value else ()
        return tuple(value)

    @property
    def factors(self) -> tuple[str, ...]:
        """Success factors the project's sourced lessons show (the ``factor`` kind's terms)."""
        return self.outcome.factors

    def cited_source(self, source_id: str) -> CitedSource | Source | None:
        """The source with *source_id*: one of :attr:`sources`, or the base source if it has that id."""
        if self.source.id == source_id:
            return self.source
        return next((s for s in self.sources if s.id == source_id), None)

    def provenance_of(self, field_name: str) -> Provenance | None:
        """How the value of *field_name* is known, if the file says."""
        return dict(self.provenance).get(field_name)

    def marked(self) -> list[tuple[str, Provenance]]:
        """The fields whose values the base source does not state, each with its provenance."""
        return [(name, prov) for name, prov in self.provenance if self.is_marked(prov)]

    def is_marked(self, provenance: Provenance) -> bool:
        """Whether readers must be told where a value comes from: inferred, placed by the editors,
        or stated only in a later source (a value the base source states needs no mark)."""
        if provenance.basis != STATED:
            return True
        return any(source_id != self.source.id for source_id in provenance.sources)

    def amount_from(self, funder: str) -> int | None:
        """What *funder* is known to have put into this project, if the source says."""
        if funder == SUPPORT_FUNDER:
            return self.budget.support
        amounts = [c.amount for c in self.budget.co_funders if c.funder == funder and c.amount is not None]
        return sum(amounts) if amounts else None
