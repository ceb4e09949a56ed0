"""True maps as inline SVG, shaded by number of projects: Sweden by län, and one län by kommun. Pure.

The outlines are the committed, simplified boundaries that ``nox -s geography`` writes
(``data.geography.Outline``). Every area with a page is a link whose accessible name
("Dalarna 6 projekt") contains the name and the figure written on it; a table beside the map has
the same figures. Names are written on the map, not left to hover tooltips a phone cannot show:
every län on the country map (inside the län where the name fits, else beside the country with a
line to it), and every kommun on a län's map whose shape holds its name (the table lists the rest).
The written names and figures are hidden from assistive technology, which reads the link's name
instead, so nothing is announced twice. Fills and the text on them are fixed pairs with at least
4.5:1 contrast; outlines, names beside the map and legend text use ``currentColor``, so they follow
light and dark mode.

Also the statistics page's bar charts (:func:`bar_chart`), laid out for the width they are shown at.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..data.geography import Outline
from ..data.model import NATIONAL

DARK_TEXT = "#1a1a1a"
WHITE = "#ffffff"
PALETTE: tuple[tuple[str, str], ...] = (
    ("#f2f2f2", DARK_TEXT),
    ("#c6dbef", DARK_TEXT),
    ("#6baed6", DARK_TEXT),
    ("#2171b5", WHITE),
    ("#08306b", WHITE),
)
"""(fill, text colour) from no projects to most; every pair has at least 4.5:1 contrast."""

COUNTRY_HEIGHT_PX, COUNTY_WIDTH_PX = 650, 400
"""About how large the stylesheet draws each map; text is sized so it reads at about 15 px."""
COUNTRY_NAME_PX, COUNTY_NAME_PX = 16, 14
"""Size of the written names, in pixels of the drawn size above: län names at about 14 px on a
wide screen and 13 px on a phone, kommun names at about 14 and 12.5 px."""
AREA_STROKE = "#4d4d4d"
"""Borders between areas: dark grey shows against every fill, in light and dark mode alike."""


@dataclass(frozen=True)
class Step:
    """One shade of the scale: counts from *low* to *high* inclusive."""

    low: int
    high: int
    fill: str
    text: str

    @property
    def label(self) -> str:
        """``0``, ``3`` or ``4–5``."""
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


@dataclass(frozen=True)
class Tile:
    """What the map shows for one area (a län, or a kommun on a län's map)."""

    id: str
    name: str
    count: int
    href: str | None
    """Link to the area's page; ``None`` for a kommun without projects, which has no page."""
    code: str = ""
    """SCB code: the area's outline in the :class:`Outline`."""
    label: str = ""
    """The name written on the map where it is shorter than *name* (``Gagnef`` for Gagnefs kommun)."""

    @property
    def written(self) -> str:
        return self.label or self.name


def scale(maximum: int) -> list[Step]:
    """Zero, then up to four steps splitting 1..*maximum* evenly; small maxima use fewer, spread shades."""
    steps = [Step(0, 0, *PALETTE[0])]
    low = 1
    for k in range(1, 5):
        high = -(-maximum * k // 4)
        if high >= low:
            steps.append(Step(low, high, *PALETTE[k]))
            low = high + 1
    return steps


def step_for(count: int, steps: list[Step]) -> Step:
    return next(step for step in steps if step.low <= count <= step.high)


def region_map(tiles: list[Tile], *, national: int, uid: str, outline: Outline) -> str:
    """Sweden by län as an ``<svg>``: one link per län, a legend, a title and a description."""
    description = (
        f"Sveriges {len(tiles)} län med namn; mörkare färg betyder fler projekt, och siffran i länet är antalet. "
        "Ett projekt som verkar i flera län räknas i varje län."
        + (f" {national} projekt gäller hela landet och visas inte på kartan." if national else "")
        + " Varje län länkar till länets sida. Tabellen bredvid kartan räknar varje projekt en gång:"
        " projekt i flera län står på raden Flera län, och ett läns antal på kartan är summan av"
        " dess egna projekt och dess projekt tillsammans med andra län."
    )
    note = f"{NATIONAL}: {national} projekt (inte på kartan)" if national else ""
    return choropleth(
        tiles,
        outline,
        uid=uid,
        title="Karta: projekt per län",
        description=description,
        legend="Antal projekt per län",
        note=note,
        label_all=True,
        classes="sh-map-svg sh-map-country",
        pixels=(None, COUNTRY_HEIGHT_PX),
        names=COUNTRY_NAME_PX,
        beside=True,
    )


def county_map(tiles: list[Tile], *, county: str, uid: str, outline: Outline) -> str:
    """One län by kommun as an ``<svg>``: kommuner with projects are links and carry their figure."""
    linked = sum(1 for tile in tiles if tile.href)
    description = (
        f"{county}s {len(tiles)} kommuner; mörkare färg betyder fler projekt. "
        f"{linked} av dem har projekt i handboken; de har siffran utskriven och länkar till kommunens sida. "
        "Kommunens namn står på kartan där det får plats. "
        "Tabellen bredvid kartan har samma siffror och nämner alla kommuner."
    )
    return choropleth(
        tiles,
        outline,
        uid=uid,
        title=f"Karta: projekt per kommun i {county}",
        description=description,
        legend="Antal projekt per kommun",
        label_all=False,
        classes="sh-map-svg sh-map-county",
        pixels=(COUNTY_WIDTH_PX, None),
        names=COUNTY_NAME_PX,
        beside=False,
    )


def choropleth(
    tiles: list[Tile],
    outline: Outline,
    *,
    uid: str,
    title: str,
    description: str,
    legend: str,
    note: str = "",
    label_all: bool,
    classes: str,
    pixels: tuple[int | None, int | None],
    names: int,
    beside: bool,
) -> str:
    """The shaded map: areas without a page first (hidden from assistive technology), then one link per area.

    Every area's name is written inside it where it fits (*names*: its size in drawn pixels); with
    *beside*, a name that does not fit is written beside the map with a line to its area, else it
    is left out. A figure is written on every linked area (*label_all*) or on those with projects.
    """
    missing = [tile.id for tile in tiles if tile.code not in outline.paths]
    if missing:
        raise KeyError(f"no outline on the map for {', '.join(missing)}")
    steps = scale(max((tile.count for tile in tiles), default=0))
    width, height = outline.size  # checked when the outline was read (data.geography.read_outline)
    drawn_width, drawn_height = pixels
    unit = width / drawn_width if drawn_width else height / (drawn_height or height)
    font = round(15 * unit, 1)
    figure_size = round(1.2 * font, 1)
    name_size = round(names * unit, 1)
    shapes = {tile.code: polygons(outline.paths[tile.code]) for tile in tiles}
    points = {tile.code: outline.labels.get(tile.code, _centre(outline.paths[tile.code])) for tile in tiles}
    placed: dict[str, list[tuple[float, float, str]]] = {}
    outside: list[Tile] = []
    for tile in tiles:
        figure = (label_all and tile.href is not None) or tile.count > 0
        lines = _fit(tile.written, points[tile.code], shapes[tile.code], name_size, figure_size if figure else 0)
        if lines is not None:
            placed[tile.code] = lines
        elif beside:
            outside.append(tile)
    margin = _beside(outside, points, shapes, name_size) if outside else {}
    left = min([0.0, *(name.left for name in margin.values())])
    right = max([float(width), *(name.right for name in margin.values())])
    left, right = math.floor(left - 4 * unit), math.ceil(right + 4 * unit)
    full_width = right - left
    per_row = max(1, int((full_width - 8) // (78 * unit)))
    legend_rows = -(-len(steps) // per_row)
    legend_height = round((30 + 28 * legend_rows + (24 if note else 0)) * unit)
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"{left} 0 {full_width} {height + legend_height}",
            "class": classes,
            "aria-labelledby": f"{uid}-title",
            "aria-describedby": f"{uid}-desc",
        },
    )
    ET.SubElement(svg, "title", {"id": f"{uid}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{uid}-desc"}).text = description
    plain = ET.SubElement(svg, "g", {"aria-hidden": "true", "class": "sh-map-plain"})
    leaders: list[tuple[float, float, float, float]] = []
    for tile in tiles:
        step = step_for(tile.count, steps)
        shape = {"d": outline.paths[tile.code], "fill": step.fill, "stroke": AREA_STROKE, "stroke-width": "1"}
        if tile.href is None:
            ET.SubElement(plain, "path", shape)
            parent = plain
        else:
            parent = ET.SubElement(svg, "a", {"href": tile.href, "class": "sh-map-area"})
            # The link's name holds its visible name and figure (WCAG 2.5.3); a <title> also names it in
            # EPUB readers. The written words are hidden from assistive technology: the name says them.
            ET.SubElement(parent, "title").text = f"{tile.name} {tile.count} projekt"
            ET.SubElement(parent, "path", shape)
        x, y = points[tile.code]
        if tile.code in placed:
            for line_x, line_y, text in placed[tile.code]:
                is_figure = text == FIGURE
                _text(
                    parent,
                    str(tile.count) if is_figure else text,
                    line_x,
                    line_y,
                    size=figure_size if is_figure else name_size,
                    fill=step.text,
                    halo=step.fill,
                    bold=is_figure,
                    hidden=tile.href is not None,
                )
            continue
        if (label_all and tile.href is not None) or tile.count:
            _text(
                parent,
                str(tile.count),
                x,
                y + 0.35 * figure_size,
                size=figure_size,
                fill=step.text,
                halo=step.fill,
                bold=True,
                hidden=tile.href is not None,
            )
        if tile.code in margin:
            name = margin[tile.code]
            anchor = "end" if name.side == "left" else "start"
            for index, line in enumerate(name.lines):
                baseline = name.top + (index + 0.8) * LINE * name_size
                _text(parent, line, name.x, baseline, size=name_size, anchor=anchor, hidden=tile.href is not None)
            # The line to the area starts just off the name's inner end.
            gap = 0.3 * name_size
            leaders.append((name.x + (gap if name.side == "left" else -gap), name.middle, x, y))
    if leaders:
        group = ET.SubElement(svg, "g", {"class": "sh-map-leaders", "aria-hidden": "true"})
        for x1, y1, x2, y2 in leaders:
            # Stop short of the figure written at the area's label point.
            length = math.hypot(x2 - x1, y2 - y1) or 1
            stop = min(0.9 * figure_size, length / 2)
            x2, y2 = x2 - (x2 - x1) * stop / length, y2 - (y2 - y1) * stop / length
            ET.SubElement(
                group,
                "path",
                {
                    "d": f"M{_n(x1)} {_n(y1)}L{_n(x2)} {_n(y2)}",
                    "fill": "none",
                    "stroke": "currentColor",
                    "stroke-width": "1",
                    "pointer-events": "none",
                },
            )
    _legend(svg, steps, legend, note, top=height, unit=unit, per_row=per_row, left=left)
    return ET.tostring(svg, encoding="unicode")


def _centre(path: str) -> tuple[int, int]:
    """The first point of a path, where no label point was stored (a hand-made outline)."""
    start = re.match(r"M(-?\d+)[ ,](-?\d+)", path)
    return (int(start.group(1)), int(start.group(2))) if start else (0, 0)


FIGURE = "\0figure"
"""Stands for the figure among the lines of an area's label (:func:`_fit`)."""
LINE = 1.15
"""Line height of names, in font sizes."""


def _n(value: float) -> str:
    """A coordinate for the SVG: whole units where that is exact enough, else one decimal."""
    return str(round(value, 1)).removesuffix(".0")


def _text(
    parent: ET.Element,
    text: str,
    x: float,
    y: float,
    *,
    size: float,
    fill: str = "currentColor",
    halo: str | None = None,
    bold: bool = False,
    anchor: str = "middle",
    hidden: bool = True,
) -> None:
    """One line of text; on an area, with a halo of the area's own fill (the stylesheet draws it)."""
    attributes = {"x": _n(x), "y": _n(y), "text-anchor": anchor, "fill": fill}
    if halo:
        attributes |= {"stroke": halo, "stroke-width": "0", "class": "sh-map-halo"}
    attributes["font-size"] = _n(size)
    if bold:
        attributes["font-weight"] = "bold"
    if hidden:
        attributes["aria-hidden"] = "true"
    ET.SubElement(parent, "text", attributes).text = text


# --- Where the names go -----------------------------------------------------------------------

Ring = list[tuple[float, float]]


def polygons(path: str) -> list[Ring]:
    """The rings of an outline's path (``M x y l dx dy … z``, as ``nox -s geography`` writes them);
    none for a path with curves or other commands, whose names are then written beside or left out."""
    if re.search(r"[^MmLlZz0-9\s,.+-]", path):
        return []
    rings = []
    for part in re.findall(r"[Mm][^Mm]*", path):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", part)]
        if len(numbers) < 2:
            continue
        x, y = numbers[0], numbers[1]
        ring = [(x, y)]
        relative = "l" in part
        for index in range(2, len(numbers) - 1, 2):
            x, y = (x + numbers[index], y + numbers[index + 1]) if relative else (numbers[index], numbers[index + 1])
            ring.append((x, y))
        rings.append(ring)
    return rings


def inside(x: float, y: float, rings: list[Ring]) -> bool:
    """Whether a point lies inside the area (even-odd over all its rings, so holes are holes)."""
    result = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                result = not result
    return result


def _box_inside(box: tuple[float, float, float, float], rings: list[Ring], step: float) -> bool:
    """Whether a rectangle lies inside the area: points along its edges inside, no corner of the area within."""
    x0, y0, x1, y1 = box
    for ring in rings:
        if any(x0 < x < x1 and y0 < y < y1 for x, y in ring):
            return False
    across = max(2, math.ceil((x1 - x0) / step))
    down = max(2, math.ceil((y1 - y0) / step))
    edge = [(x0 + (x1 - x0) * i / across, y) for i in range(across + 1) for y in (y0, y1)]
    edge += [(x, y0 + (y1 - y0) * j / down) for j in range(1, down) for x in (x0, x1)]
    return all(inside(x, y, rings) for x, y in edge)


NARROW, SLIM, WIDE = set("ijl.,:;'!|"), set("frtI()- "), set("mwMWÅÄÖÆØQOGD")


def text_width(text: str, size: float) -> float:
    """About how wide *text* is drawn in the page's sans-serif font, on the generous side."""
    em = 0.0
    for char in text:
        if char in NARROW:
            em += 0.26
        elif char in SLIM:
            em += 0.36
        elif char in WIDE:
            em += 0.8
        elif char.isupper():
            em += 0.68
        else:
            em += 0.57
    return em * size


def _width(lines: list[str], size: float) -> float:
    return max((text_width(line, size) for line in lines), default=0.0)


def _split(name: str) -> list[list[str]]:
    """The ways to write a name: on one line, or on two at a space or hyphen nearest its middle."""
    ways = [[name]]
    breaks = [i for i, char in enumerate(name) if char in " -"]
    if breaks:
        at = min(breaks, key=lambda i: abs(i - len(name) / 2))
        first, second = (name[: at + 1], name[at + 1 :]) if name[at] == "-" else (name[:at], name[at + 1 :])
        ways.append([first.strip(), second.strip()])
    return ways


SHIFTS = sorted(
    ((across / 4, down / 4) for across in range(-3, 4) for down in range(-6, 7)),
    key=lambda shift: (math.hypot(2 * shift[0], shift[1]), shift),
)
"""Where to try a label, in its own widths and heights from the area's label point, nearest first."""


def _fit(
    name: str, point: tuple[int, int], rings: list[Ring], size: float, figure: float
) -> list[tuple[float, float, str]] | None:
    """The name (and the figure below it, if *figure* is its size) at or near the area's label point,
    as ``(x, y, text)`` lines; ``None`` where they do not fit inside the area."""
    for lines in _split(name):
        width = _width(lines, size) + 0.3 * size
        height = len(lines) * LINE * size + (1.1 * figure if figure else 0)
        for across, down in SHIFTS:
            x = point[0] + across * width
            top = point[1] - height / 2 + down * height
            if _box_inside((x - width / 2, top, x + width / 2, top + height), rings, 0.5 * size):
                placed = [(x, top + (index + 0.8) * LINE * size, line) for index, line in enumerate(lines)]
                if figure:
                    placed.append((x, top + len(lines) * LINE * size + 0.85 * figure, FIGURE))
                return placed
    return None


@dataclass(frozen=True)
class Beside:
    """A name written beside the map: its lines, from *top*, ending (left side) or starting (right) at *x*."""

    side: str
    x: float
    top: float
    lines: list[str]
    size: float

    @property
    def left(self) -> float:
        return self.x - _width(self.lines, self.size) if self.side == "left" else self.x

    @property
    def right(self) -> float:
        return self.x if self.side == "left" else self.x + _width(self.lines, self.size)

    @property
    def middle(self) -> float:
        return self.top + len(self.lines) * LINE * self.size / 2


def _beside(
    tiles: list[Tile], points: dict[str, tuple[int, int]], shapes: dict[str, list[Ring]], size: float
) -> dict[str, Beside]:
    """Names written beside the map, by area: each on the side of the country its area is nearer,
    in the order of the areas from north to south, none on top of another, just off the coast."""
    corners = [corner for rings in shapes.values() for ring in rings for corner in ring]

    def across(top: float, bottom: float) -> tuple[float, float] | None:
        xs = [x for x, y in corners if top <= y <= bottom]
        return (min(xs), max(xs)) if xs else None

    sides: dict[str, list[tuple[Tile, list[str]]]] = {"left": [], "right": []}
    for tile in sorted(tiles, key=lambda tile: (points[tile.code][1], tile.code)):
        x, y = points[tile.code]
        west, east = across(y - size, y + size) or (x, x)
        lines = min(_split(tile.written), key=lambda lines: _width(lines, size))
        sides["left" if x - west < east - x else "right"].append((tile, lines))
    placed: dict[str, Beside] = {}
    for side, entries in sides.items():
        below = -math.inf
        for tile, lines in entries:
            height = len(lines) * LINE * size
            top = max(points[tile.code][1] - height / 2, below)
            below = top + height + 0.25 * size
            x = points[tile.code][0]
            west, east = across(top - 0.5 * size, top + height + 0.5 * size) or (x, x)
            placed[tile.code] = Beside(
                side, west - 0.6 * size if side == "left" else east + 0.6 * size, top, lines, size
            )
    return placed


def _legend(
    svg: ET.Element,
    steps: list[Step],
    heading: str,
    note: str,
    *,
    top: int,
    unit: float,
    per_row: int,
    left: int = 0,
) -> None:
    """The key, below the map, from its left edge; its text follows the theme's colour."""
    legend = ET.SubElement(svg, "g", {"class": "sh-map-legend", "aria-hidden": "true"})
    font = str(round(15 * unit, 1))
    start = str(left + 4)
    title = ET.SubElement(
        legend, "text", {"x": start, "y": str(round(top + 22 * unit)), "fill": "currentColor", "font-size": font}
    )
    title.text = heading
    size = round(20 * unit)
    for index, step in enumerate(steps):
        x = round(left + 4 + (index % per_row) * 78 * unit)
        y = round(top + (30 + (index // per_row) * 28) * unit)
        ET.SubElement(
            legend,
            "rect",
            {
                "x": str(x),
                "y": str(y),
                "width": str(size),
                "height": str(size),
                "fill": step.fill,
                "stroke": "currentColor",
                "stroke-width": "1",
            },
        )
        label = ET.SubElement(
            legend,
            "text",
            {"x": str(round(x + 27 * unit)), "y": str(round(y + 15 * unit)), "fill": "currentColor", "font-size": font},
        )
        label.text = step.label
    if note:
        rows = -(-len(steps) // per_row)
        text = ET.SubElement(
            legend,
            "text",
            {"x": start, "y": str(round(top + (48 + rows * 28) * unit)), "fill": "currentColor", "font-size": font},
        )
        text.text = note


# --- Bar charts ---------------------------------------------------------------------------------

CHART_WIDTH = 360
"""Width of a bar chart's viewBox, and about the widest the stylesheet draws it (24rem): one unit
is about one pixel, so its 15-unit text is 15 px on a wide screen and at least 12 px in a column
of 288 px (a 320 px phone). Text never shrinks with a long name: the names wrap above their bars."""
CHART_FONT = 15
SIDE_BY_SIDE = 0.45
"""Names sit left of their bars while the longest takes at most this share of the width."""


def wrap(text: str, size: float, width: float) -> list[str]:
    """*text* in lines of at most *width* (a word longer than that gets a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def bar_chart(bars: list[tuple[str, int]], title: str, description: str, uid: str, colour: str) -> str:
    """A horizontal bar chart of numbers of projects as an ``<svg>``, every value written out.

    Laid out for the width it is shown at (:data:`CHART_WIDTH`): the names left of the bars where
    they are short, else each name (wrapped) above its bar, so the text keeps its size.
    """
    size, width, value_space, bar_height = CHART_FONT, CHART_WIDTH, 36, 16
    longest = max((text_width(label, size) for label, _ in bars), default=0)
    beside = longest <= SIDE_BY_SIDE * width
    names = round(longest) + 10 if beside else 0
    bar_space = width - names - value_space
    peak = max((count for _, count in bars), default=0) or 1
    rows: list[tuple[list[str], float]] = []
    top = 0.0
    for label, _ in bars:
        lines = [label] if beside else wrap(label, size, width)
        rows.append((lines, top))
        top += 28 if beside else len(lines) * LINE * size + bar_height + 14
    height = max(round(top), 28)
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {width} {height}",
            "class": "sh-bars",
            "role": "img",
            "aria-labelledby": f"{uid}-title {uid}-desc",
        },
    )
    ET.SubElement(svg, "title", {"id": f"{uid}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{uid}-desc"}).text = description
    for (label, count), (lines, row_top) in zip(bars, rows, strict=True):
        if beside:
            bar_top = row_top + 5
            name = ET.SubElement(
                svg,
                "text",
                {"x": str(names - 8), "y": _n(row_top + 19), "text-anchor": "end", "fill": "currentColor"},
            )
            name.set("font-size", str(size))
            name.text = label
        else:
            bar_top = row_top + len(lines) * LINE * size + 4
            name = ET.SubElement(svg, "text", {"x": "0", "y": _n(row_top + 0.85 * LINE * size), "fill": "currentColor"})
            name.set("font-size", str(size))
            if len(lines) == 1:
                name.text = label
            for index, line in enumerate(lines if len(lines) > 1 else []):
                ET.SubElement(name, "tspan", {"x": "0", "dy": "0" if index == 0 else _n(LINE * size)}).text = line
        length = round(bar_space * count / peak)
        ET.SubElement(
            svg,
            "rect",
            {"x": str(names), "y": _n(bar_top), "width": str(length), "height": str(bar_height), "fill": colour},
        )
        value = ET.SubElement(
            svg,
            "text",
            {
                "x": str(names + length + 6),
                "y": _n(bar_top + 13),
                "fill": "currentColor",
                "font-size": str(size),
                "font-weight": "bold",
            },
        )
        value.text = str(count)
    return ET.tostring(svg, encoding="unicode")
