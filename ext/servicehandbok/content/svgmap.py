"""A tile-grid map of Sweden's 21 län as inline SVG, shaded by number of projects. Pure.

Each län is one square placed on a grid roughly where it lies: Norrbotten top right,
Skåne bottom left, Gotland east of Kalmar. Squares keep every län equally visible and
readable (Gotland and Blekinge would vanish on a true map) and need no shape data.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..data.model import NATIONAL

GRID: dict[str, tuple[int, int]] = {
    "norrbotten": (3, 0),
    "vasterbotten": (3, 1),
    "jamtland": (2, 2),
    "vasternorrland": (3, 2),
    "dalarna": (2, 3),
    "gavleborg": (3, 3),
    "varmland": (0, 4),
    "orebro": (1, 4),
    "vastmanland": (2, 4),
    "uppsala": (3, 4),
    "vastra-gotaland": (0, 5),
    "ostergotland": (1, 5),
    "sodermanland": (2, 5),
    "stockholm": (3, 5),
    "halland": (0, 6),
    "jonkoping": (1, 6),
    "kalmar": (2, 6),
    "gotland": (3, 6),
    "skane": (0, 7),
    "kronoberg": (1, 7),
    "blekinge": (2, 7),
}
"""(column, row) of each län id; row 0 is the north."""

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

TILE_WIDTH, TILE_HEIGHT, GAP, MARGIN = 132, 66, 6, 4


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
    """What the map shows for one län."""

    id: str
    name: str
    count: int
    href: str


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


def region_map(tiles: list[Tile], *, national: int, uid: str) -> str:
    """The map as an ``<svg>`` element: one link per län, a legend, a title and a description."""
    missing = [tile.id for tile in tiles if tile.id not in GRID]
    if missing:
        raise KeyError(f"no place on the map for län {', '.join(missing)}")
    steps = scale(max((tile.count for tile in tiles), default=0))
    columns = 1 + max(col for col, _ in GRID.values())
    rows = 1 + max(row for _, row in GRID.values())
    width = 2 * MARGIN + columns * TILE_WIDTH + (columns - 1) * GAP
    height = 2 * MARGIN + rows * TILE_HEIGHT + (rows - 1) * GAP
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {width} {height}",
            "class": "sh-map-svg",
            "aria-labelledby": f"{uid}-title",
            "aria-describedby": f"{uid}-desc",
        },
    )
    ET.SubElement(svg, "title", {"id": f"{uid}-title"}).text = "Karta: projekt per län"
    description = (
        f"Sveriges {len(tiles)} län som rutor, ungefär där de ligger; mörkare ruta betyder fler projekt. "
        "Ett projekt som verkar i flera län räknas i varje län."
        + (f" {national} projekt gäller hela landet och visas inte på kartan." if national else "")
        + " Varje ruta länkar till länets sida. Tabellen under kartan räknar varje projekt en gång:"
        " projekt i flera län står på raden Flera län, och ett läns antal på kartan är summan av"
        " dess egna projekt och dess projekt tillsammans med andra län."
    )
    ET.SubElement(svg, "desc", {"id": f"{uid}-desc"}).text = description
    _legend(svg, steps, national)
    for tile in tiles:
        col, row = GRID[tile.id]
        x = MARGIN + col * (TILE_WIDTH + GAP)
        y = MARGIN + row * (TILE_HEIGHT + GAP)
        step = step_for(tile.count, steps)
        link = ET.SubElement(svg, "a", {"href": tile.href, "class": "sh-map-tile"})
        # The link's name starts with its visible text (WCAG 2.5.3); a <title> also names it in EPUB readers.
        ET.SubElement(link, "title").text = f"{tile.name} {tile.count} projekt"
        ET.SubElement(
            link,
            "rect",
            {
                "x": str(x),
                "y": str(y),
                "width": str(TILE_WIDTH),
                "height": str(TILE_HEIGHT),
                "rx": "4",
                "fill": step.fill,
                "stroke": "currentColor",
                "stroke-width": "1",
            },
        )
        center = str(x + TILE_WIDTH // 2)
        name = ET.SubElement(
            link, "text", {"x": center, "y": str(y + 27), "text-anchor": "middle", "fill": step.text, "font-size": "15"}
        )
        name.text = tile.name
        count = ET.SubElement(
            link,
            "text",
            {
                "x": center,
                "y": str(y + 52),
                "text-anchor": "middle",
                "fill": step.text,
                "font-size": "19",
                "font-weight": "bold",
            },
        )
        count.text = str(tile.count)
    return ET.tostring(svg, encoding="unicode")


def _legend(svg: ET.Element, steps: list[Step], national: int) -> None:
    """The key, in the empty north-west corner of the grid."""
    legend = ET.SubElement(svg, "g", {"class": "sh-map-legend", "aria-hidden": "true"})
    heading = ET.SubElement(legend, "text", {"x": "4", "y": "20", "fill": "currentColor", "font-size": "15"})
    heading.text = "Antal projekt per län"
    for index, step in enumerate(steps):
        x = 4 + (index // 3) * 110
        y = 32 + (index % 3) * 28
        ET.SubElement(
            legend,
            "rect",
            {
                "x": str(x),
                "y": str(y),
                "width": "22",
                "height": "22",
                "rx": "3",
                "fill": step.fill,
                "stroke": "currentColor",
                "stroke-width": "1",
            },
        )
        label = ET.SubElement(
            legend, "text", {"x": str(x + 30), "y": str(y + 16), "fill": "currentColor", "font-size": "14"}
        )
        label.text = step.label
    if national:
        note = ET.SubElement(legend, "text", {"x": "4", "y": "134", "fill": "currentColor", "font-size": "13"})
        note.text = f"{NATIONAL}: {national} projekt (inte på kartan)"
