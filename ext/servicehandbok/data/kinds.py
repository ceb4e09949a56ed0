"""The registry of kinds of term: each kind declared once, with everything every output needs.

The five built-in kinds are declared here. A projects folder may declare more in
``_vocabulary/kinds.yaml``; they get hub pages, an index, a search facet, a statistics
table, a CSV column and a schema field from that one declaration, in the build and in
``servicehandbok check`` alike.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .problems import Problem, shown
from .yamlload import Document

KINDS_FILE = "kinds.yaml"
"""Where a projects folder declares further kinds, beside the vocabularies."""
PROJECT_FOLDER = "projekt"
"""Folder (and URL path) of the generated project pages."""
YEAR_FACET = "slutar"
"""The end-year facet, which every project has but no vocabulary backs."""
RESERVED_FACETS = frozenset({"any", "all", "none", "not", "q", "sort", YEAR_FACET, "fa", "uppfoljning"})
"""Pagefind reserves the first four as filter names; ``q`` and ``sort`` are the search page's
other URL parameters; then the end year's, the FA region's (``data.geography.FA_FACET``) and the
follow-up's (``outputs.search_records.FOLLOW_UP_FACET``)."""
RESERVED_NAMES = frozenset({"project", "search", "file", "year"})
"""The handbook domain's other roles and the end-year index."""
SITE_NAMES: dict[str, str] = {
    "search": "söksidan",
    "jamfor": "jämförelsesidan",
    "feeds": "Atom-flödena",
    "pagefind": "sökindexet",
    "index": "startsidan",
    "404": "sidan för sidor som inte finns",
    "genindex": "Sphinx eget register",
    "py-modindex": "Sphinx modulregister",
    "_static": "stil- och skriptfilerna",
    "_sphinx_design_static": "sphinx-designs stilfiler (som äldre utgåvor skriver)",
    "_sources": "sidornas källtexter",
    "_images": "bilderna",
    "_downloads": "filerna att ladda ned",
    "_modules": "Sphinx källkodssidor",
    ".doctrees": "Sphinx dokumentträd",
    "meta-inf": "e-bokens META-INF",
    "projects.json": "öppna data",
    "projects.csv": "öppna data",
    "project.schema.json": "öppna data",
    "search-suggestions.json": "sökförslagen",
    "sitemap.xml": "webbplatskartan",
    "objects.inv": "Sphinx objektlista",
    "searchindex.js": "Sphinx sökindex",
}
"""What the site writes at the top of its output folder, besides the pages of the hand-written
documents and the generated folders, by name, and what it is. A kind's folder with one of these
names would mix its pages with them or, with ``dirhtml`` (``search/index.html``), replace them.
``tests/test_kinds.py`` builds a handbook and checks that every name in its output is known."""
REGISTER_PREFIX = "handbook-"
"""The registers' pages: ``handbook-region.html`` (with ``dirhtml`` a folder of that name)."""
OVERVIEW = "index"
"""The overview page of a kind in its folder: no term may take its name."""
ORDERS = ("name", "file")
PROJECTS, AMOUNTS = "projects", "amounts"
"""How a money table adds up: see :attr:`Kind.totals`."""


@dataclass(frozen=True)
class Declaration:
    """Where a declared kind stands in ``kinds.yaml``: the file and the place of each value."""

    path: Path
    places: tuple[tuple[str, int, int], ...] = ()
    """``(key, line, column)`` of each value of the entry."""

    def where(self, key: str) -> tuple[int, int]:
        """Line and column of *key*'s value (the entry's first value when it has none)."""
        for name, line, column in self.places:
            if name == key:
                return line, column
        return self.places[0][1:] if self.places else (1, 1)


@dataclass(frozen=True)
class Kind:
    """One kind of term: where its ids are written, and how every output shows it."""

    name: str
    """Id of the kind: the role ``{handbook:<name>}``, the index ``handbook-<name>``, ``{handbook:stats} <name>``."""
    field: str | None
    """The project file's field with this kind's ids; ``None`` for a kind derived from other fields."""
    file: str
    """Vocabulary file in ``_vocabulary/``."""
    folder: str
    """Folder (and URL path) of the hub pages."""
    title: str
    """Plural, as a heading: ``Kommuner``."""
    singular: str
    """Singular, in running text: ``kommun``."""
    intro: str
    """First paragraph of the overview page of the kind."""
    facet: str
    """Pagefind filter name, also the search page's URL parameter."""
    single: bool = False
    """The field holds one id (a project has one type), not a list."""
    full_names: bool = False
    """The search facet shows full names (Gagnefs kommun), not short labels (Gagnef)."""
    stats: bool = True
    """The statistics page can show a table of it (``{handbook:stats} <name>``)."""
    feed: bool = False
    """Each term gets an Atom feed of its projects."""
    order: str = "name"
    """``name``: terms in Swedish order of name; ``file``: as listed in the vocabulary file."""
    totals: str | None = None
    """How the kind's money table adds up to a Totalt row: ``projects`` when every project is in
    exactly one row (the län table puts projects for several län under Flera län), ``amounts``
    when a project can be in several rows but each row has its own amount (funders); ``None``
    when rows overlap and no total would be honest (methods). Built-in kinds only: a declared
    kind's rows may overlap or leave projects out."""
    unused_hubs: bool = True
    """A term no project uses still gets a hub page and an index entry. ``False`` for kommuner:
    all 290 are in the vocabulary (for the form and the check), but only those in use get pages."""
    derived: str | None = None
    """For a kind without a field: the :class:`~.model.Project` property that gives a project's ids
    (funders are named in ``budget``, success factors in the follow-up's lessons). Built-in kinds only."""
    # dataclasses.field by its module: inside the class body, ``field`` names the attribute above.
    declared: Declaration | None = dataclasses.field(default=None, compare=False, repr=False)
    """Where ``kinds.yaml`` declares it, for messages; ``None`` for a built-in kind."""

    @property
    def label(self) -> str:
        """Singular as a column header and facet label: ``Kommun``."""
        return self.singular[:1].upper() + self.singular[1:]

    @property
    def stats_title(self) -> str:
        return f"Projekt per {self.singular}"

    @property
    def heading(self) -> str:
        """The kind's column in ``projects.csv`` and row on a project page: plural for a list, singular for one id."""
        return self.label if self.single else self.title

    @property
    def description(self) -> str:
        """The schema's description of the field, for a kind whose field the schema file lacks."""
        return f"{self.title}, id ur projects/_vocabulary/{self.file}."


BUILTIN: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "region",
            "regions",
            "regions.yaml",
            "lan",
            "Län",
            "län",
            "Sveriges 21 län med de projekt som verkar i varje län. Projekt som gäller hela landet står under Hela landet på startsidan.",
            "lan",
            feed=True,
            totals=PROJECTS,
        ),
        Kind(
            "municipality",
            "municipalities",
            "municipalities.yaml",
            "kommun",
            "Kommuner",
            "kommun",
            "Kommuner som projekten nämner eller tydligt verkar i.",
            "kommun",
            full_names=True,
            stats=False,
            unused_hubs=False,
        ),
        Kind(
            "method",
            "methods",
            "methods.yaml",
            "metod",
            "Metoder",
            "metod",
            "Metoder och arbetssätt som projekten har prövat. Varje metod har en kort förklaring och en lista över projekten som använt den.",
            "metod",
            feed=True,
        ),
        Kind(
            "funder",
            None,
            "funders.yaml",
            "finansiar",
            "Finansiärer",
            "finansiär",
            "Organisationer som har finansierat projekten, med antal projekt och de belopp som källan anger.",
            "finansiar",
            full_names=True,
            totals=AMOUNTS,
            derived="funders",
        ),
        Kind(
            "category",
            "category",
            "categories.yaml",
            "projekttyp",
            "Projekttyper",
            "projekttyp",
            "Projekten efter vad de gjorde: spred information, prövade en lokal lösning, utvecklade arbetet i "
            "ett län eller utvecklade ett verktyg för hela landet.",
            "typ",
            single=True,
            totals=PROJECTS,
        ),
        Kind(
            "programme",
            "programme",
            "programmes.yaml",
            "program",
            "Stödprogram",
            "stödprogram",
            "De stödprogram och utlysningar som projekten fick pengar ur, med vad varje program var, när det "
            "pågick och hur många av programmets projekt handboken har med.",
            "program",
            single=True,
            totals=PROJECTS,
            order="file",
        ),
        Kind(
            "factor",
            None,
            "factors.yaml",
            "faktor",
            "Framgångsfaktorer",
            "framgångsfaktor",
            "Fem faktorer som Tillväxtverket fann bakom servicearbete som håller även efter projekttiden, med "
            "de projekt vars källor visar faktorn i en lärdom.",
            "faktor",
            order="file",
            derived="factors",
        ),
    )
}
"""The kinds every handbook has, in the order facets, indices and hub folders list them."""

_UNIQUE = ("name", "field", "file", "folder", "facet")
_FROM_FILE = frozenset(f.name for f in fields(Kind)) - {"totals", "derived", "declared"}
"""What a ``kinds.yaml`` entry may set; the rest is for built-in kinds only."""


def declare(
    entries: Any, document: Document | None = None, reserved_fields: Iterable[str] = ()
) -> tuple[dict[str, Kind], list[Problem]]:
    """The built-in kinds followed by the kinds declared in *entries* (the parsed ``kinds.yaml``).

    *entries* has passed the schema; this checks what the schema cannot: no two kinds share
    a name, field, file, folder or facet, and none takes a name the handbook reserves.
    """
    kinds = dict(BUILTIN)
    problems: list[Problem] = []
    taken = {attribute: {getattr(k, attribute) for k in kinds.values()} for attribute in _UNIQUE}
    taken["folder"].add(PROJECT_FOLDER)
    taken["file"].add(KINDS_FILE)
    taken["field"] |= set(reserved_fields)
    taken["facet"] |= RESERVED_FACETS
    taken["name"] |= RESERVED_NAMES
    path = document.path if document is not None else Path(KINDS_FILE)
    for index, entry in enumerate(entries or ()):
        declaration = Declaration(
            path, tuple((key, *document.where((index, key))) for key in entry) if document is not None else ()
        )
        clash = next((a for a in _UNIQUE if entry.get(a) in taken[a]), None)
        if clash:
            problems.append(_taken(declaration, clash, entry[clash], "en annan sorts term"))
            continue
        user = site_name(entry.get("folder"))
        if user:
            problems.append(_taken(declaration, "folder", entry["folder"], user))
            continue
        kind = Kind(**{key: value for key, value in entry.items() if key in _FROM_FILE}, declared=declaration)
        for attribute in _UNIQUE:
            taken[attribute].add(getattr(kind, attribute))
        kinds[kind.name] = kind
    return kinds, problems


def _taken(declaration: Declaration, key: str, value: object, user: str) -> Problem:
    line, column = declaration.where(key)
    return Problem(
        declaration.path,
        line,
        column,
        f"{key} {shown(value)} används redan av {user}",
        f"välj ett annat värde för {key}",
        code="duplicate-id",
    )


def site_name(folder: object) -> str | None:
    """What of the site's own output already has the name *folder*, or ``None``."""
    if not isinstance(folder, str):
        return None
    if folder.startswith(REGISTER_PREFIX):
        return f"registren ({REGISTER_PREFIX}…)"
    user = SITE_NAMES.get(folder) or SITE_NAMES.get(folder.casefold())
    return f"webbplatsen: {user}" if user else None


def check_folders(kinds: Mapping[str, Kind], taken: Mapping[str, str]) -> list[Problem]:
    """The declared kinds whose folder a build finds taken: *taken* maps a name in the source or
    output folder (a hand-written page ``om``, a folder of pages, a page from ``conf.py``) to what
    has it. Each problem stands at the kind's ``folder`` line in ``kinds.yaml``."""
    return [
        _taken(kind.declared, "folder", kind.folder, taken[kind.folder])
        for kind in kinds.values()
        if kind.declared is not None and kind.folder in taken
    ]


def check_term_ids(kinds: Mapping[str, Kind], where: Mapping[tuple[str, str], tuple[Path, int, int]]) -> list[Problem]:
    """Terms whose id is the name of their kind's overview page (``metod/index``): the term's page
    would replace it. *where* is the vocabulary's place of each ``(kind, id)``."""
    problems = []
    for (kind, term_id), (path, line, column) in sorted(where.items()):
        if term_id == OVERVIEW and kind in kinds:
            problems.append(
                Problem(
                    path,
                    line,
                    column,
                    f"id {shown(term_id)} är namnet på översiktssidan {kinds[kind].folder}/{OVERVIEW}",
                    "ge termen ett annat id",
                    code="duplicate-id",
                )
            )
    return problems


def extend_schema(schema: dict[str, Any], kinds: dict[str, Kind]) -> dict[str, Any]:
    """The project schema with a term field for every kind whose field it does not have yet.

    The schema file describes the built-in fields by hand; a declared kind's field is added
    after the last term field, so the check, the form, the template and the published
    schema all accept it. Returns *schema* itself when nothing is missing.
    """
    properties = schema.get("properties", {})
    missing = [k for k in kinds.values() if k.field and k.field not in properties]
    if not missing:
        return schema
    extended = copy.deepcopy(schema)
    items = list(properties.items())
    last = max(
        (i for i, (_, node) in enumerate(items) if isinstance(node, dict) and "x-vocabulary" in node),
        default=len(items) - 1,
    )
    added = [
        (
            kind.field,
            {
                "description": kind.description,
                "$ref": "#/$defs/term" if kind.single else "#/$defs/terms",
                "x-vocabulary": kind.name,
            },
        )
        for kind in missing
    ]
    extended["properties"] = dict(items[: last + 1] + added + items[last + 1 :])
    return extended
