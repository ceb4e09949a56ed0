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
    """What a method's definition rests on."""

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
    """Where the facts come from."""

    title: str
    url: str | None = None
    retrieved: dt.date | None = None
    notes: str | None = None
    """Maintainers' remarks; kept in the file and the exports, never shown on the page."""
    editorial: str | None = None
    """Editorial decisions explained to readers, shown under the page's source section."""


STATED, INFERRED, EDITORIAL = "stated", "inferred", "editorial"
BASIS_LABELS = {INFERRED: "härlett", EDITORIAL: "redaktionell placering"}
"""How the page names a value that the source does not state."""
FIELD_LABELS = {
    "lead_organisation": "Projektägare",
    "regions": BUILTIN["region"].heading,
    "municipalities": BUILTIN["municipality"].heading,
    "national": BUILTIN["region"].heading,
}
"""The fact box's label of each field that can carry a provenance mark (the kinds' from the registry)."""


@dataclass(frozen=True)
class Provenance:
    """How the handbook knows one field's value: stated in the source, inferred from it, or placed by the editors."""

    basis: str
    reason: str

    @property
    def marked(self) -> bool:
        """Whether readers must be told the value is not stated in the source."""
        return self.basis != STATED

    def mark(self) -> str:
        """The visible mark, e.g. ``härlett: ur kontaktpersonens e-postadress``."""
        return f"{BASIS_LABELS[self.basis]}: {self.reason}"


@dataclass(frozen=True)
class Outcome:
    """What became of the project, as reported after the grant: empty for every project until someone reports."""

    status: str | None = None
    """An override of the status the dates give: ``planned``, ``ongoing``, ``finished`` or ``cancelled``."""
    results: str | tuple[str, ...] | None = None
    worked: str | None = None
    hard: str | None = None
    final_report: str | None = None
    website: str | None = None
    checked: dt.date | None = None
    """"Senast kontrollerad": the day someone last checked these facts."""
    source: str | None = None
    """Where the report comes from (a final report, a call with the project leader)."""

    @property
    def reported(self) -> bool:
        """Whether anyone has reported anything beyond a status."""
        return any((self.results, self.worked, self.hard, self.final_report, self.website, self.checked))


@dataclass(frozen=True)
class Project:
    """One project, as its YAML file describes it."""

    id: str
    title: str
    category: str
    purpose: str
    source: Source
    path: Path
    lead_organisation: str | None = None
    national: bool = False
    regions: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    budget: Budget = field(default_factory=Budget)
    summary: str | None = None
    content: str | None = None
    activities: tuple[ActivityGroup, ...] = ()
    expected_results: str | tuple[str, ...] | None = None
    contacts: tuple[Contact, ...] = ()
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
            return self.funders
        value = getattr(self, builtin.field)
        return (value,) if builtin.single else tuple(value)

    def provenance_of(self, field_name: str) -> Provenance | None:
        """How the value of *field_name* is known, if the file says."""
        return dict(self.provenance).get(field_name)

    def marked(self) -> list[tuple[str, Provenance]]:
        """The fields whose values are not stated in the source, each with its provenance."""
        return [(name, prov) for name, prov in self.provenance if prov.marked]

    def amount_from(self, funder: str) -> int | None:
        """What *funder* is known to have put into this project, if the source says."""
        if funder == SUPPORT_FUNDER:
            return self.budget.support
        amounts = [c.amount for c in self.budget.co_funders if c.funder == funder and c.amount is not None]
        return sum(amounts) if amounts else None
