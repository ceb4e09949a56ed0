"""The whole picture: map, statistics, related projects, open data, feeds and JSON-LD.

Expected figures are computed here straight from the YAML files with ``yaml.safe_load``,
never through the catalog, so the extension's own counting is checked independently.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from sphinx.testing.util import SphinxTestApp

from conftest import PROJECTS, ROOTS, copy_projects
from servicehandbok.content import stats, svgmap
from servicehandbok.content.related import related
from servicehandbok.data import privacy
from servicehandbok.data.catalog import load_catalog
from servicehandbok.data.collation import sort_key
from servicehandbok.data.geography import COUNTRY_MAP, Outline, load_outline
from servicehandbok.data.model import Budget, CoFunder, Project, Source
from servicehandbok.outputs import exports

try:  # the test extra installs defusedxml; the standard parser is enough for files we wrote
    from defusedxml import ElementTree as SafeET
except ImportError:  # pragma: no cover
    import xml.etree.ElementTree as SafeET

ATOM = "{http://www.w3.org/2005/Atom}"
SVG = "{http://www.w3.org/2000/svg}"
VOCABULARY = PROJECTS / "_vocabulary"
SUPPORT_FUNDER = "tillvaxtverket"

STAT_TITLES = {
    "region": "Projekt per län",
    "method": "Projekt per metod",
    "funder": "Projekt per finansiär",
    "category": "Projekt per projekttyp",
    "programme": "Projekt per stödprogram",
    "factor": "Projekt per framgångsfaktor",
    "year": "Projekt per slutår",
}
"""What the statistics page can show, in order, and each table's caption (written out, not read from the code)."""
MAP_PAGE = "---\norphan: true\n---\n# Karta\n\n```{handbook:map}\n```\n"
STATS_PAGE = "---\norphan: true\n---\n# Siffror\n\n" + "".join(
    f"## {kind}\n\n```{{handbook:stats}} {kind}\n```\n\n" for kind in STAT_TITLES
)
DATA_PAGE = (
    "---\norphan: true\n---\n# Data\n\n{handbook:file}`projects.json`, {handbook:file}`CSV <projects.csv>`, "
    "{handbook:file}`schema <project.schema.json>`, {handbook:file}`flöde <feeds/projekt.atom>`.\n"
)


# --- Independent reading of the YAML files ------------------------------------------------


def raw_projects(folder: Path = PROJECTS) -> dict[str, dict[str, Any]]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.yaml"))
        if not path.name.startswith("_")
    }


def labels(kind_file: str) -> dict[str, str]:
    entries = yaml.safe_load((VOCABULARY / kind_file).read_text(encoding="utf-8"))
    return {entry["id"]: entry.get("short_name") or entry["name"] for entry in entries}


def names(kind_file: str) -> dict[str, str]:
    entries = yaml.safe_load((VOCABULARY / kind_file).read_text(encoding="utf-8"))
    return {entry["id"]: entry["name"] for entry in entries}


def funders_of(data: dict[str, Any]) -> list[str]:
    budget = data.get("budget", {})
    ids = [SUPPORT_FUNDER] if budget.get("support") is not None else []
    for co_funder in budget.get("co_funders", []):
        if co_funder.get("funder") and co_funder["funder"] not in ids:
            ids.append(co_funder["funder"])
    return ids


def groups_of(data: dict[str, Any], kind: str) -> list[str]:
    """The rows a project counts under, by the row's label; per län, a project of several län counts once."""
    if kind == "region":
        if data.get("national"):
            return ["Hela landet"]
        regions = data.get("regions", [])
        return ["Flera län"] if len(regions) > 1 else [REGION_LABELS[r] for r in regions]
    if kind == "method":
        return [METHOD_LABELS[m] for m in data.get("methods", [])]
    if kind == "funder":
        return [FUNDER_LABELS[f] for f in funders_of(data)]
    if kind == "category":
        return [CATEGORY_LABELS[data["category"]]]
    if kind == "programme":
        return [PROGRAMME_LABELS[data["programme"]]] if "programme" in data else ["Ej angivet"]
    if kind == "factor":
        lessons = [*data.get("outcome", {}).get("worked", []), *data.get("outcome", {}).get("hard", [])]
        return [FACTOR_LABELS[f] for f in dict.fromkeys(f for lesson in lessons for f in lesson.get("factors", []))]
    end = data.get("period", {}).get("end")
    return [end[:4] if end else "Ej angivet"]


REGION_LABELS = labels("regions.yaml")
METHOD_LABELS = labels("methods.yaml")
FUNDER_LABELS = labels("funders.yaml")
CATEGORY_LABELS = labels("categories.yaml")
PROGRAMME_LABELS = labels("programmes.yaml")
FACTOR_LABELS = labels("factors.yaml")


def projects_in(raw: dict[str, dict[str, Any]], region: str) -> int:
    """How many projects work in *region*, alone or with other län (what the map shows)."""
    return sum(region in data.get("regions", []) for data in raw.values())


def shared_in(raw: dict[str, dict[str, Any]], region: str) -> int:
    return sum(region in data.get("regions", []) and len(data["regions"]) > 1 for data in raw.values())


def own_amounts(raw: dict[str, dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """Funder label → (sum of the amounts the source gives for the funder itself, how many projects give one)."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for data in raw.values():
        budget = data.get("budget", {})
        if budget.get("support") is not None:
            sums[FUNDER_LABELS[SUPPORT_FUNDER]][0] += budget["support"]
            sums[FUNDER_LABELS[SUPPORT_FUNDER]][1] += 1
        for co_funder in budget.get("co_funders", []):
            if co_funder.get("funder") and co_funder.get("amount") is not None:
                sums[FUNDER_LABELS[co_funder["funder"]]][0] += co_funder["amount"]
                sums[FUNDER_LABELS[co_funder["funder"]]][1] += 1
    return {label: (a, n) for label, (a, n) in sums.items()}


def expected_figures(raw: dict[str, dict[str, Any]], kind: str) -> dict[str, tuple[int, int, int, int, int]]:
    """label → (projects, total, with total, support, with support), summed by hand."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for data in raw.values():
        budget = data.get("budget", {})
        for label in groups_of(data, kind):
            row = sums[label]
            row[0] += 1
            if budget.get("total") is not None:
                row[1] += budget["total"]
                row[2] += 1
            if budget.get("support") is not None:
                row[3] += budget["support"]
                row[4] += 1
    return {label: tuple(values) for label, values in sums.items()}  # type: ignore[misc]


# --- Reading the built HTML ------------------------------------------------------------------


class Tables(HTMLParser):
    """Every ``table.sh-figures``: its caption and the text of each body row's cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, Any]] = []
        self._in_table = False
        self._where: str | None = None
        self._cell: list[str] | None = None
        self._row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table" and "sh-figures" in classes:
            self._in_table = True
            self.tables.append({"caption": "", "rows": []})
        elif self._in_table and tag == "caption":
            self._where = "caption"
        elif self._in_table and tag == "tbody":
            self._where = "body"
        elif self._in_table and self._where == "body" and tag == "tr":
            self._row = []
        elif self._row is not None and tag == "td":
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = False
            self._where = None
        elif tag == "caption":
            self._where = None
        elif tag == "td" and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1]["rows"].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._where == "caption":
            self.tables[-1]["caption"] += data
        elif self._cell is not None:
            self._cell.append(data)


def figure_tables(html: str) -> list[dict[str, Any]]:
    parser = Tables()
    parser.feed(html)
    for table in parser.tables:
        table["caption"] = " ".join(table["caption"].split()).removesuffix("¶")
    return parser.tables


def amount(cell: str) -> int:
    return 0 if cell == "–" else int(re.sub(r"\D", "", cell))


def svg_elements(html: str, css_class: str) -> list[Any]:
    """Each inline ``<svg class=…>`` of a page, parsed as XML."""
    found = re.findall(
        rf'<svg xmlns="http://www.w3.org/2000/svg"[^>]*class="{css_class}(?: [^"]*)?".*?</svg>', html, re.DOTALL
    )
    return [SafeET.fromstring(text) for text in found]


def json_ld_blocks(html: str) -> list[Any]:
    return [json.loads(text) for text in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)]


# --- A built handbook with every project --------------------------------------------------


@pytest.fixture(scope="module")
def full_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All real projects, with a map page one folder down, a statistics page and a data page."""
    work = tmp_path_factory.mktemp("overview")
    srcdir = work / "src"
    shutil.copytree(ROOTS / "test-handbook", srcdir)
    copy_projects(srcdir / "projects")
    (srcdir / "sub").mkdir()
    (srcdir / "sub" / "karta.md").write_text(MAP_PAGE, encoding="utf-8")
    (srcdir / "siffror.md").write_text(STATS_PAGE, encoding="utf-8")
    (srcdir / "sub" / "data.md").write_text(DATA_PAGE, encoding="utf-8")
    status, warning = io.StringIO(), io.StringIO()
    app = SphinxTestApp("html", srcdir=srcdir, builddir=work / "build", status=status, warning=warning)
    try:
        app.build()
    finally:
        app.cleanup()
    assert warning.getvalue() == ""
    return Path(app.outdir)


# --- Map --------------------------------------------------------------------------------------


def contrast(foreground: str, background: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_colour_scale_is_sequential_and_readable() -> None:
    assert len(svgmap.PALETTE) >= 5  # no projects plus at least four steps
    for fill, text in svgmap.PALETTE:
        assert contrast(text, fill) >= 4.5, (fill, text)
    assert [text for _, text in svgmap.PALETTE[-2:]] == ["#ffffff", "#ffffff"]
    lightness = [sum(int(fill[i : i + 2], 16) for i in (1, 3, 5)) for fill, _ in svgmap.PALETTE]
    assert lightness == sorted(lightness, reverse=True)
    assert contrast(stats.BAR, "#ffffff") >= 3 and contrast(stats.BAR, "#131416") >= 3


@pytest.mark.parametrize("maximum", range(40))
def test_scale_covers_every_count_once(maximum: int) -> None:
    steps = svgmap.scale(maximum)
    covered = [n for step in steps for n in range(step.low, step.high + 1)]
    assert covered == list(range(maximum + 1))
    assert len(steps) == 1 + min(maximum, 4)


def test_outline_places_every_lan_like_the_country() -> None:
    outline = load_outline(PROJECTS / "_vocabulary", COUNTRY_MAP)
    codes = {term.id: term.code for term in load_catalog(PROJECTS).vocabulary.terms["region"].values()}
    assert set(outline.paths) == set(codes.values()) and set(outline.labels) == set(codes.values())
    x = {region: outline.labels[code][0] for region, code in codes.items()}
    y = {region: outline.labels[code][1] for region, code in codes.items()}  # y grows southwards
    assert min(y, key=y.get) == "norrbotten" and max(y, key=y.get) == "skane"
    assert x["gotland"] > x["kalmar"]
    assert x["stockholm"] > x["vastra-gotaland"]


def test_map_escapes_every_text() -> None:
    tile = svgmap.Tile("dalarna", 'Dal<arna> & "co"', 2, "lan/dalarna.html?a=1&b=<2>", "20")
    outline = Outline("0 0 100 200", {"20": "M10 10l50 0 0 50z"}, {"20": (40, 30)})
    text = svgmap.region_map([tile], national=0, uid="t", outline=outline)
    assert "<arna>" not in text and "&amp;" in text
    root = SafeET.fromstring(text)
    link = root.find(f"{SVG}a")
    assert link.get("href") == "lan/dalarna.html?a=1&b=<2>"
    assert link.find(f"{SVG}title").text == 'Dal<arna> & "co" 2 projekt'


def test_map_on_a_page_one_folder_down(full_site: Path) -> None:
    raw = raw_projects()
    expected = expected_figures(raw, "region")
    html = (full_site / "sub" / "karta.html").read_text(encoding="utf-8")
    (svg,) = svg_elements(html, "sh-map-svg")
    assert svg.get("role") != "img"
    assert svg.find(f"{SVG}title").text and svg.find(f"{SVG}desc").text
    links = svg.findall(f".//{SVG}a")
    assert len(links) == 21
    seen = set()
    for link in links:
        href = link.get("href")
        region = re.fullmatch(r"\.\./lan/([a-z-]+)\.html", href).group(1)
        seen.add(region)
        assert (full_site / "sub" / href).resolve().is_file()
        label = REGION_LABELS[region]
        count = projects_in(raw, region)
        assert link.find(f"{SVG}title").text == f"{label} {count} projekt"
        assert len(link.findall(f"{SVG}path")) == 1
        # The visible figure and name are the link's name (WCAG 2.5.3), and hidden as text: said once.
        texts = link.findall(f"{SVG}text")
        assert [t.text for t in texts if t.get("font-weight") == "bold"] == [str(count)]
        assert " ".join(t.text for t in texts if t.get("font-weight") != "bold") == label
        assert {t.get("aria-hidden") for t in texts} == {"true"}
    assert seen == set(REGION_LABELS)
    assert any(link.find(f"{SVG}title").text == "Dalarna 6 projekt" for link in links)
    (table,) = figure_tables(html)
    assert table["caption"] == "Projekt per län"
    body = [row for row in table["rows"] if row[0] != "Totalt"]
    assert {row[0]: int(row[1]) for row in body} == {
        **dict.fromkeys(REGION_LABELS.values(), 0),
        **{label: figures[0] for label, figures in expected.items()},
    }
    by_label = {label: region for region, label in REGION_LABELS.items()}
    for row in body:
        if row[0] in by_label:
            # A tile = the län's own projects + its share in projects for several län.
            assert int(row[1]) + int(row[5]) == projects_in(raw, by_label[row[0]]), row
            assert int(row[5]) == shared_in(raw, by_label[row[0]]), row


def test_region_overview_page_has_the_map(full_site: Path) -> None:
    html = (full_site / "lan" / "index.html").read_text(encoding="utf-8")
    (svg,) = svg_elements(html, "sh-map-svg")
    hrefs = [link.get("href") for link in svg.findall(f".//{SVG}a")]
    assert len(hrefs) == 21 and all((full_site / "lan" / href).resolve().is_file() for href in hrefs)


# --- Statistics -------------------------------------------------------------------------------


def test_statistics_equal_sums_from_the_yaml_files(full_site: Path) -> None:
    raw = raw_projects()
    html = (full_site / "siffror.html").read_text(encoding="utf-8")
    tables = figure_tables(html)
    assert [t["caption"] for t in tables] == list(STAT_TITLES.values())
    charts = svg_elements(html, "sh-bars")
    assert len(charts) == len(STAT_TITLES)
    given = own_amounts(raw)
    for kind, table, chart in zip(STAT_TITLES, tables, charts, strict=True):
        expected = expected_figures(raw, kind)
        body = [row for row in table["rows"] if row[0] != "Totalt"]
        shown = {row[0]: row[1:] for row in body}
        for label, figures in expected.items():
            cells = shown[label]
            assert int(cells[0]) == figures[0], (kind, label)
            if kind == "funder":
                assert (amount(cells[1]), cells[2]) == (
                    given.get(label, (0, 0))[0],
                    f"{given.get(label, (0, 0))[1]} av {figures[0]}",
                ), label
            elif kind not in ("method", "factor"):
                with_total, of = (int(n) for n in cells[2].split(" av "))
                assert of == figures[0]
                assert (amount(cells[1]), with_total, amount(cells[3])) == figures[1:4], (kind, label)
        assert all(int(shown[label][0]) == 0 for label in shown.keys() - expected.keys()), kind
        # The chart writes out the same number of projects for every row, in the same order
        # (a long name on two lines, each a <tspan>).
        texts = [" ".join(t.itertext()) for t in chart.findall(f"{SVG}text")]
        assert texts[0::2] == [row[0] for row in body]
        assert texts[1::2] == [row[1] for row in body]
        assert chart.find(f"{SVG}title").text == STAT_TITLES[kind]


def test_every_money_table_adds_up_to_the_handbook_total(full_site: Path) -> None:
    """Sum every money column from the YAML files; each table's rows and its Totalt row must give the same."""
    raw = raw_projects()
    budgets = [data.get("budget", {}) for data in raw.values()]
    grand_total = sum(b["total"] for b in budgets if b.get("total") is not None)
    grand_support = sum(b["support"] for b in budgets if b.get("support") is not None)
    given = sum(a for a, _ in own_amounts(raw).values())
    seed = [
        data.get("budget", {}) for data in raw.values() if "beviljade-projekt.html" in data["source"].get("url", "")
    ]
    assert sum(b["total"] for b in seed if b.get("total") is not None) == 85_567_205  # summed by hand from the seed
    pages = [full_site / "siffror.html", full_site / "sub" / "karta.html"]
    checked = 0
    for page in pages:
        for table in figure_tables(page.read_text(encoding="utf-8")):
            totals = [row for row in table["rows"] if row[0] == "Totalt"]
            body = [row for row in table["rows"] if row[0] != "Totalt"]
            if table["caption"] in (STAT_TITLES["method"], STAT_TITLES["factor"]):
                assert totals == []  # a project can be in several rows: counts only, no money to add up
                assert len(body[0]) == 2
                continue
            (total,) = totals
            if table["caption"] == STAT_TITLES["funder"]:
                assert amount(total[2]) == sum(amount(row[2]) for row in body) == given
                assert int(total[1]) == len(raw)
            else:
                assert int(total[1]) == sum(int(row[1]) for row in body) == len(raw), table["caption"]
                assert amount(total[2]) == sum(amount(row[2]) for row in body) == grand_total, table["caption"]
                assert amount(total[4]) == sum(amount(row[4]) for row in body) == grand_support, table["caption"]
            checked += 1
    assert checked == 6  # per län, funder, project type, programme and end year on the statistics page, and the map's


def test_statistics_rows_match_yaml_directly() -> None:
    catalog = load_catalog(PROJECTS)
    raw = raw_projects()
    assert stats.stat_kinds(catalog.kinds) == tuple(STAT_TITLES)
    for kind in STAT_TITLES:
        expected = expected_figures(raw, kind)
        rows = {row.label: row for row in stats.rows(catalog, kind)}
        for label, figures in expected.items():
            row = rows[label]
            assert (row.projects, row.total, row.with_total, row.support, row.with_support) == figures


# --- Related projects -------------------------------------------------------------------------


def synthetic(count: int, seed: int) -> list[Project]:
    """Random projects over small vocabularies, in Swedish title order like the catalog."""
    rng = random.Random(seed)
    methods = [f"m{i}" for i in range(8)]
    regions = [f"r{i}" for i in range(6)]
    funders = [SUPPORT_FUNDER, *(f"f{i}" for i in range(5))]
    projects = []
    for index in range(count):
        co = rng.sample(funders[1:], rng.randint(0, 2))
        projects.append(
            Project(
                id=f"p{index}",
                title=f"Projekt {rng.choice('ABCÅÄÖ')}{index:04d}",
                category="lokala-pilotprojekt",
                purpose="x",
                source=Source("s"),
                path=Path(f"p{index}.yaml"),
                methods=tuple(rng.sample(methods, rng.randint(0, 3))),
                regions=tuple(rng.sample(regions, rng.randint(0, 2))),
                budget=Budget(support=1 if rng.random() < 0.9 else None, co_funders=tuple(CoFunder(f) for f in co)),
            )
        )
    return sorted(projects, key=lambda p: sort_key(p.title))


def brute_force(projects: list[Project], limit: int = 5) -> dict[str, tuple[str, ...]]:
    """Every pair, scored by the rule in the issue: 3 per method, 2 per län, 1 per funder but Tillväxtverket."""
    result = {}
    for p in projects:
        scored = []
        for position, q in enumerate(projects):
            if q is p:
                continue
            score = (
                3 * len(set(p.methods) & set(q.methods))
                + 2 * len(set(p.regions) & set(q.regions))
                + len((set(p.funders) & set(q.funders)) - {SUPPORT_FUNDER})
            )
            if score:
                scored.append((-score, position, q.id))
        result[p.id] = tuple(qid for _, _, qid in sorted(scored)[:limit])
    return result


@pytest.mark.parametrize("seed", range(5))
def test_related_equals_all_pairs_on_a_synthetic_catalogue(seed: int) -> None:
    projects = synthetic(400, seed)
    assert related(projects) == brute_force(projects)


def test_related_weights_and_ties() -> None:
    def project(pid: str, title: str, **fields: Any) -> Project:
        return Project(id=pid, title=title, category="c", purpose="x", source=Source("s"), path=Path(pid), **fields)

    base = project("base", "Bas", methods=("lea",), regions=("dalarna",), budget=Budget(support=1))
    same_method = project("m", "Öbyn", methods=("lea",))
    same_region = project("r", "Alby", regions=("dalarna",))
    both = project("mr", "Östby", methods=("lea",), regions=("dalarna",))
    tie = project("m2", "Ärla", methods=("lea",))
    only_support = project("tv", "Tvåby", budget=Budget(support=5))
    shared_funder = project("f", "Fyrby", budget=Budget(co_funders=(CoFunder("gagnef-kommun"),)))
    base = project(
        "base",
        "Bas",
        methods=("lea",),
        regions=("dalarna",),
        budget=Budget(support=1, co_funders=(CoFunder("gagnef-kommun"),)),
    )
    ordered = sorted(
        [base, same_method, same_region, both, tie, only_support, shared_funder], key=lambda p: sort_key(p.title)
    )
    result = related(ordered)
    assert result["base"] == ("mr", "m2", "m", "r", "f")  # 5, then 3 and 3 in Swedish order (Ä before Ö), 2, 1
    assert "tv" not in result["base"] and result["tv"] == ()
    assert related(ordered, limit=2)["base"] == ("mr", "m2")


def test_project_pages_list_related_projects(full_site: Path) -> None:
    catalog = load_catalog(PROJECTS)
    expected = related(list(catalog.projects.values()))
    html = (full_site / "projekt" / "bjorbo-pakethantering.html").read_text(encoding="utf-8")
    section = html[html.index('id="liknande-projekt"') : html.index('id="kallor"')]
    hrefs = re.findall(r'href="([^"]+)"', section)
    assert [h for h in hrefs if not h.startswith("#")] == [f"{pid}.html" for pid in expected["bjorbo-pakethantering"]]


# --- Open data --------------------------------------------------------------------------------


def stripped(value: Any) -> Any:
    """YAML as the handbook reads it: text without surrounding whitespace, no empty or false fields."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [stripped(v) for v in value]
    if isinstance(value, dict):
        return {k: stripped(v) for k, v in value.items() if v not in ([], {}, None, False)}
    return value


TITLES_IN_SWEDISH_ORDER = (
    "Björbo - Leverantörsneutral pakethantering",
    "Coompanion - LEAXW Dalarna Gävleborg",
    "Dalarna - Information om utveckling av service",
    "Dalarna - Processledning Dalarnas regionala serviceprogram",
    "Falkenberg - Pilotprojekt för utveckling av lokala servicelösningar",
    "Gällivare - Service i samverkan utvecklar Gällivare kommun",
    "Gävleborg - Stärkt regional serviceutveckling i Gävleborg",
    "Hela Sverige ska leva - Service i samverkan",
    "Jämtland - Stärkt samverkan för kommersiell service i Jämtland Härjedalen",
    "Kalmar - Flernivåsamverkan för stärkt regional service",
    "Kiladalens utveckling - Landsbygd under utveckling!",
    "Kronoberg - Stärkt serviceutveckling i Kronobergs län",
    "Lokal mat - Pilotprojekt serviceutveckling för lanthandel i Dalarna",
    "Lund - Operatörsoberoende paketautomater för ökad service",
    "Norrbotten - Förstudie Smarta hållbara byar",
    "Norrbotten - Servicen som en process i regionen",
    "Pipos serviceanalys",
    "Skåne - Möjligheter i Mellanrum",
    "Stockholm - Ö för ö",
    "Stöckebygdens utveckling - Mötesplats Stöcke",
    "Södermanland - Service i Södermanland",
    "Uppsala - Servicepunkter i kommunen",
    "Urnära - Service till alla i Umeåregionen",
    "Värmland - Stärkt regional serviceutveckling i Värmland",
    "Västerbotten - Processtöd för regional serviceutveckling i Västerbotten",
    "Västmanland - Samverkansforum Västmanland",
    "Västra Götaland - Samverkan för regional serviceutveckling",
    "Örebro - Lokala servicelösningar i Örebro län",
    "Örebro - Tillgänglig service i Örebro län",
    "Östergötland - Stärkt regional serviceutveckling i Östergötland",
)
"""The real projects' titles in Swedish order, written out by hand (not computed with the code's sort key)."""


def test_projects_json_round_trips_and_validates(full_site: Path) -> None:
    document = json.loads((full_site / "projects.json").read_text(encoding="utf-8"))
    assert document["version"] == 1 and document["generated_from"] == "projects/*.yaml"
    raw = raw_projects()
    titles = [p["title"] for p in document["projects"]]
    assert sorted(p["id"] for p in document["projects"]) == sorted(raw)
    assert [t for t in titles if t in TITLES_IN_SWEDISH_ORDER] == list(TITLES_IN_SWEDISH_ORDER)
    schema = json.loads((full_site / "project.schema.json").read_text(encoding="utf-8"))
    assert (full_site / "project.schema.json").read_bytes() == (
        PROJECTS / "_schema" / "project.schema.json"
    ).read_bytes()
    validator = jsonschema.Draft202012Validator(schema)
    for project in document["projects"]:
        errors = [e.message for e in validator.iter_errors(project)]
        assert errors == [], (project["id"], errors)
        assert project == stripped(raw[project["id"]])


def test_projects_csv_has_one_row_per_project(full_site: Path) -> None:
    data = (full_site / "projects.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    raw = raw_projects()
    assert sorted(row["id"] for row in rows) == sorted(raw)
    region_names = names("regions.yaml")
    for row in rows:
        source = raw[row["id"]]
        budget = source.get("budget", {})
        assert row["Titel"] == source["title"].strip()
        assert row["Total budget (kr)"] == str(budget.get("total", ""))
        assert row["Stöd från Landsbygdsprogrammet (kr)"] == str(budget.get("support", ""))
        assert row["Slutdatum"] == source.get("period", {}).get("end", "")
        places = ["Hela landet"] if source.get("national") else [region_names[r] for r in source.get("regions", [])]
        assert row["Län"] == ", ".join(places)
        assert row["Webbsida"] == f"projekt/{row['id']}.html" and (full_site / row["Webbsida"]).is_file()


def test_data_links_are_relative_to_the_page(full_site: Path) -> None:
    html = (full_site / "sub" / "data.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a class="[^"]*\bsh-data-link\b[^"]*" href="([^"]+)"', html)
    assert hrefs == ["../projects.json", "../projects.csv", "../project.schema.json", "../feeds/projekt.atom"]
    assert all((full_site / "sub" / href).resolve().is_file() for href in hrefs)


def test_unknown_data_file_is_a_warning(handbook, tmp_path: Path) -> None:
    (handbook.srcdir / "fel.md").write_text(
        "---\norphan: true\n---\n# Fel\n\n{handbook:file}`hemligt.json`\n", encoding="utf-8"
    )
    built = handbook(copy_projects(tmp_path / "p", ["bjorbo-pakethantering"]), allow_warnings=True)
    assert "fel.md" in built.warnings and "hemligt.json" in built.warnings


def test_json_ld_on_project_pages_only(full_site: Path) -> None:
    raw = raw_projects()
    for project_id, data in raw.items():
        html = (full_site / "projekt" / f"{project_id}.html").read_text(encoding="utf-8")
        (block,) = json_ld_blocks(html)
        assert block["@type"] == "Project" and block["name"] == data["title"].strip()
        assert block["description"] == data["purpose"].strip()
        assert "url" not in block  # no html_baseurl in the test root
        region_names = names("regions.yaml")
        expected_area = ["Sverige"] if data.get("national") else [region_names[r] for r in data.get("regions", [])]
        assert block["areaServed"] == expected_area
        funder_names = names("funders.yaml")
        assert [f["name"] for f in block.get("funder", [])] == [funder_names[f] for f in funders_of(data)]
    for page in ("index.html", "lan/dalarna.html", "sub/karta.html"):
        assert json_ld_blocks((full_site / page).read_text(encoding="utf-8")) == []


def test_json_ld_cannot_end_its_script() -> None:
    project = Project(
        id="x",
        title="</script><script>alert(1)</script>",
        category="c",
        purpose="<!-- a",
        source=Source("s"),
        path=Path(),
    )
    tag = exports.json_ld(project, load_catalog(PROJECTS).vocabulary)
    inner = tag.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "</" not in inner and "<!--" not in inner
    assert json.loads(inner)["name"] == project.title


# --- Feeds ------------------------------------------------------------------------------------


def check_feed(path: Path, expected_ids: set[str], outdir: Path) -> Any:
    root = SafeET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}").text
    assert root.find(f"{ATOM}author/{ATOM}name").text
    rels = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert set(rels) == {"self", "alternate"}
    assert (path.parent / rels["self"]).resolve() == path.resolve()
    assert (path.parent / rels["alternate"]).resolve().is_file()
    entries = root.findall(f"{ATOM}entry")
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert {i.removeprefix("tag:servicehandboken,2026:projekt/") for i in ids} == expected_ids
    assert len(ids) == len(set(ids))
    stamps = []
    for entry in entries:
        assert entry.find(f"{ATOM}title").text and entry.find(f"{ATOM}summary").text
        stamp = entry.find(f"{ATOM}updated").text
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", stamp)
        stamps.append(stamp)
        href = entry.find(f"{ATOM}link").get("href")
        assert (path.parent / href).resolve().is_file()
    assert stamps == sorted(stamps, reverse=True)
    if stamps:
        assert root.find(f"{ATOM}updated").text == stamps[0]
    return root


def test_feeds_are_atom_and_list_the_right_projects(full_site: Path) -> None:
    raw = raw_projects()
    check_feed(full_site / "feeds" / "projekt.atom", set(raw), full_site)
    for region in REGION_LABELS:
        members = {pid for pid, data in raw.items() if region in data.get("regions", [])}
        check_feed(full_site / "feeds" / "lan" / f"{region}.atom", members, full_site)
    for method in METHOD_LABELS:
        members = {pid for pid, data in raw.items() if method in data.get("methods", [])}
        check_feed(full_site / "feeds" / "metod" / f"{method}.atom", members, full_site)
    dalarna = (full_site / "lan" / "dalarna.html").read_text(encoding="utf-8")
    assert 'href="../feeds/lan/dalarna.atom"' in dalarna
    # An entry's date is the project's end, or the day its follow-up was searched for when a source told more.
    end = dt.date.fromisoformat(raw["bjorbo-pakethantering"]["period"]["end"])
    searched = dt.date.fromisoformat(raw["bjorbo-pakethantering"]["outcome"]["searched"])
    feed = (full_site / "feeds" / "metod" / "pakethantering.atom").read_text(encoding="utf-8")
    assert f"<updated>{max(end, searched).isoformat()}T00:00:00Z</updated>" in feed


FEED_DIGESTS = """
import hashlib, json, sys
from pathlib import Path
from servicehandbok.data.catalog import load_catalog
from servicehandbok.outputs import feeds
built = feeds.feeds(load_catalog(Path(sys.argv[1])), lambda docname: docname + ".html")
print(json.dumps({name: hashlib.sha256(data).hexdigest() for name, data in sorted(built.items())}))
"""


def test_feeds_are_byte_for_byte_repeatable(tmp_path: Path) -> None:
    """Separate processes with different hash seeds, over folders filled in opposite orders, give the same bytes."""
    forward, backward = tmp_path / "forward", tmp_path / "backward"
    for folder, files in (
        (forward, sorted(PROJECTS.glob("*.yaml"))),
        (backward, sorted(PROJECTS.glob("*.yaml"))[::-1]),
    ):
        copy_projects(folder, ids=())
        for path in files:
            shutil.copy2(path, folder / path.name)

    def digests(folder: Path, seed: str) -> dict[str, str]:
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOTS.parents[1] / "ext")}
        result = subprocess.run(
            [sys.executable, "-c", FEED_DIGESTS, str(folder)], env=env, capture_output=True, text=True, check=True
        )
        return json.loads(result.stdout)

    first = digests(forward, "1")
    assert len(first) > 10 and "feeds/projekt.atom" in first
    assert digests(backward, "2") == first
    assert digests(forward, "3") == first


BASE_URL_PROJECTS = ["bjorbo-pakethantering", "pipos-serviceanalys", "uppsala-servicepunkter"]


def test_base_url_makes_links_absolute(handbook, tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "p", BASE_URL_PROJECTS)
    built = handbook(folder, html_baseurl="https://example.org/handbok/")
    root = SafeET.parse(built.outdir / "feeds" / "projekt.atom").getroot()
    links = [link.get("href") for link in root.iter(f"{ATOM}link") if link.get("rel") != "related"]
    assert links and all(link.startswith("https://example.org/handbok/") for link in links)
    assert "https://example.org/handbok/projekt/bjorbo-pakethantering.html" in links
    (block,) = json_ld_blocks(built.html("projekt/pipos-serviceanalys"))
    assert block["url"] == "https://example.org/handbok/projekt/pipos-serviceanalys.html"
    assert block["areaServed"] == ["Sverige"]
    rows = list(
        csv.DictReader(io.StringIO((built.outdir / "projects.csv").read_text(encoding="utf-8-sig")), delimiter=";")
    )
    assert {row["Webbsida"] for row in rows} == {
        f"https://example.org/handbok/projekt/{pid}.html" for pid in BASE_URL_PROJECTS
    }


# --- Contacts ---------------------------------------------------------------------------------


def contact_details(raw: dict[str, dict[str, Any]]) -> set[str]:
    details = set()
    for data in raw.values():
        for contact in data.get("contacts", []):
            details.add(contact["name"].strip())
            details.update(contact[k].strip() for k in ("email", "phone") if contact.get(k))
    return details


def test_open_data_is_rewritten_only_when_its_inputs_change(handbook, tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", ["bjorbo-pakethantering", "uppsala-servicepunkter"])
    first = handbook(folder)
    data, feed = first.outdir / "projects.json", first.outdir / "feeds" / "projekt.atom"
    written = data.stat().st_mtime_ns
    again = handbook()
    assert "öppna data och flöden oförändrade" in again.status
    assert data.stat().st_mtime_ns == written

    feed.unlink()
    handbook()
    assert feed.is_file()

    hidden = handbook(servicehandbok_contacts="hidden")
    assert json.loads(data.read_text(encoding="utf-8"))["contacts"] == "hidden", hidden.status

    path = handbook.srcdir / "projects" / "uppsala-servicepunkter.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Uppsala - Servicepunkter", "Uppsala - Ändrad"), "utf-8")
    handbook()
    assert "Uppsala - Ändrad" in data.read_text(encoding="utf-8")


def test_hidden_contacts_leave_no_trace_in_open_data(handbook, tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects")
    built = handbook(folder, servicehandbok_contacts="hidden")
    secrets = contact_details(raw_projects(folder))
    assert len(secrets) > 50
    files = [built.outdir / "projects.json", built.outdir / "projects.csv", *(built.outdir / "feeds").rglob("*.atom")]
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        folded = unescape(text).casefold()
        leaked = [s for s in secrets if s.casefold() in folded]
        assert leaked == [], (path.name, leaked[:3])
    document = json.loads((built.outdir / "projects.json").read_text(encoding="utf-8"))
    assert document["contacts"] == "hidden" and all("contacts" not in p for p in document["projects"])
    for page in (built.outdir / "projekt").glob("*.html"):
        for block in json_ld_blocks(page.read_text(encoding="utf-8")):
            assert not [s for s in secrets if s.casefold() in json.dumps(block, ensure_ascii=False).casefold()]


def test_role_mode_keeps_only_role_and_organisation() -> None:
    catalog = load_catalog(PROJECTS)
    secrets = contact_details(raw_projects())
    # The catalog is redacted once, when the build starts; the writers get it so (data/privacy.py).
    document = json.loads(exports.projects_json(catalog.redacted("role"), "role"))
    for project in document["projects"]:
        for contact in project.get("contacts", []):
            assert set(contact) <= {"role", "organisation"} and contact
    text = json.dumps(document, ensure_ascii=False).casefold()
    assert [s for s in secrets if s.casefold() in text] == []
    assert privacy.HIDDEN in text  # a source note that quoted an e-mail address
