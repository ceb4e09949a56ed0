"""True maps as inline SVG, shaded by number of projects: Sweden by län, and one län by kommun. Pure.

The outlines are the committed, simplified boundaries that ``nox -s geography`` writes
(``data.geography.Outline``). Every area with a page is a link whose accessible name
("Dalarna 6 projekt") contains the figure written on it; a table beside the map has the
same figures. Fills and figure colours are fixed pairs with at least 4.5:1 contrast;
outlines and legend text use ``currentColor``, so they follow light and dark mode.
"""

from __future__ import annotations

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
        f"Sveriges {len(tiles)} län; mörkare färg betyder fler projekt, och siffran i länet är antalet. "
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
    )


def county_map(tiles: list[Tile], *, county: str, uid: str, outline: Outline) -> str:
    """One län by kommun as an ``<svg>``: kommuner with projects are links and carry their figure."""
    linked = sum(1 for tile in tiles if tile.href)
    description = (
        f"{county}s {len(tiles)} kommuner; mörkare färg betyder fler projekt. "
        f"{linked} av dem har projekt i handboken; de har siffran utskriven och länkar till kommunens sida. "
        "Tabellen bredvid kartan har samma siffror."
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
) -> str:
    """The shaded map: areas without a page first (hidden from assistive technology), then one link per area."""
    missing = [tile.id for tile in tiles if tile.code not in outline.paths]
    if missing:
        raise KeyError(f"no outline on the map for {', '.join(missing)}")
    steps = scale(max((tile.count for tile in tiles), default=0))
    _, _, width, height = (int(float(n)) for n in outline.view_box.split())
    drawn_width, drawn_height = pixels
    unit = width / drawn_width if drawn_width else height / (drawn_height or height)
    font = round(15 * unit, 1)
    per_row = max(1, int((width - 8) // (78 * unit)))
    legend_rows = -(-len(steps) // per_row)
    legend_height = round((30 + 28 * legend_rows + (24 if note else 0)) * unit)
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {width} {height + legend_height}",
            "class": classes,
            "aria-labelledby": f"{uid}-title",
            "aria-describedby": f"{uid}-desc",
        },
    )
    ET.SubElement(svg, "title", {"id": f"{uid}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{uid}-desc"}).text = description
    plain = ET.SubElement(svg, "g", {"aria-hidden": "true", "class": "sh-map-plain"})
    for tile in tiles:
        step = step_for(tile.count, steps)
        shape = {"d": outline.paths[tile.code], "fill": step.fill, "stroke": AREA_STROKE, "stroke-width": "1"}
        if tile.href is None:
            ET.SubElement(plain, "path", shape)
            continue
        link = ET.SubElement(svg, "a", {"href": tile.href, "class": "sh-map-area"})
        # The link's name contains its visible figure (WCAG 2.5.3); a <title> also names it in EPUB readers.
        ET.SubElement(link, "title").text = f"{tile.name} {tile.count} projekt"
        ET.SubElement(link, "path", shape)
        if label_all or tile.count:
            x, y = outline.labels.get(tile.code, _centre(outline.paths[tile.code]))
            figure = ET.SubElement(
                link,
                "text",
                {
                    "x": str(x),
                    "y": str(round(y + 0.35 * 1.2 * font)),
                    "text-anchor": "middle",
                    "fill": step.text,
                    "stroke": step.fill,
                    "stroke-width": "0",
                    "font-size": str(round(1.2 * font, 1)),
                    "font-weight": "bold",
                },
            )
            figure.text = str(tile.count)
    _legend(svg, steps, legend, note, top=height, unit=unit, per_row=per_row)
    return ET.tostring(svg, encoding="unicode")


def _centre(path: str) -> tuple[int, int]:
    """The first point of a path, where no label point was stored (a hand-made outline)."""
    start = re.match(r"M(-?\d+)[ ,](-?\d+)", path)
    return (int(start.group(1)), int(start.group(2))) if start else (0, 0)


def _legend(
    svg: ET.Element, steps: list[Step], heading: str, note: str, *, top: int, unit: float, per_row: int
) -> None:
    """The key, below the map; its text follows the theme's colour."""
    legend = ET.SubElement(svg, "g", {"class": "sh-map-legend", "aria-hidden": "true"})
    font = str(round(15 * unit, 1))
    title = ET.SubElement(
        legend, "text", {"x": "4", "y": str(round(top + 22 * unit)), "fill": "currentColor", "font-size": font}
    )
    title.text = heading
    size = round(20 * unit)
    for index, step in enumerate(steps):
        x = round(4 + (index % per_row) * 78 * unit)
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
            {"x": "4", "y": str(round(top + (48 + rows * 28) * unit)), "fill": "currentColor", "font-size": font},
        )
        text.text = note
