"""Method and project-type guides (issue 19): every figure recomputed here from the YAML files, not via the extension."""

from __future__ import annotations

import html
import re
import statistics
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

from servicehandbok.content import hubs
from servicehandbok.data.catalog import load_catalog

PROJECTS = Path(__file__).parents[1] / "projects"
FIELD = {"method": "methods", "category": "category"}
FOLDER = {"method": "metod", "category": "projekttyp"}
VOCABULARY = {"method": "methods", "category": "categories", "region": "regions", "funder": "funders"}


@cache
def raw_projects() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(PROJECTS.glob("[!_]*.yaml"))]


@cache
def raw_terms(kind: str) -> dict[str, dict]:
    entries = yaml.safe_load((PROJECTS / "_vocabulary" / f"{VOCABULARY[kind]}.yaml").read_text(encoding="utf-8"))
    return {entry["id"]: entry for entry in entries}


def label(kind: str, term_id: str) -> str:
    entry = raw_terms(kind)[term_id]
    return entry.get("short_name") or entry["name"]


def kr(amount: float) -> str:
    return f"{round(amount):,}".replace(",", " ") + " kr"


def members(kind: str, term_id: str) -> list[dict]:
    found = []
    for data in raw_projects():
        value = data.get(FIELD[kind])
        if value == term_id or (isinstance(value, list) and term_id in value):
            found.append(data)
    return found


def expected(kind: str, term_id: str) -> list[str]:
    """What the guide must say, worked out from the files alone."""
    projects = members(kind, term_id)
    n = len(projects)
    lines = [f"Projekt: {n}."]
    regions = Counter(r for p in projects for r in p.get("regions", []))
    lines += [f"{label('region', r)} ({c})" for r, c in regions.items()]
    totals = [p["budget"]["total"] for p in projects if "total" in p.get("budget", {})]
    if len(totals) == 1:
        lines.append(f"Budget: {kr(totals[0])} (")
    elif totals:
        lines.append(
            f"sammanlagt {kr(sum(totals))}; median {kr(statistics.median(totals))}, från {kr(min(totals))} "
            f"till {kr(max(totals))} (median av {len(totals)} projekt med känd budget"
        )
    both = [p["budget"] for p in projects if p.get("budget", {}).get("total") and "support" in p.get("budget", {})]
    if both:
        support, total = sum(b["support"] for b in both), sum(b["total"] for b in both)
        lines.append(
            f"Landsbygdsprogrammet är {round(100 * support / total)} % av den totala budgeten, {kr(support)} av {kr(total)}"
        )
        lines.append(
            f"{len(both)} av {n} projekt som anger både stöd och total budget"
            if len(both) < n
            else f"{'alla ' if n > 1 else ''}{n} projekt som anger både"
        )
    dated = [p for p in projects if "start" in p.get("period", {}) and "end" in p.get("period", {})]
    if not dated:
        lines.append("Längd: okänd; " + (f"inget av de {n} projekten anger" if n > 1 else "projektet anger inte"))
    kind_words = {"state-agency": "Statlig myndighet", "region": "Region", "county-board": "Länsstyrelse"}
    kind_words |= {"municipality": "Kommun", "university": "Universitet eller högskola", "association": "Förening"}
    kind_words |= {"company": "Företag"}
    by_name = {
        name.casefold(): kind_words.get(entry.get("type"), UNKNOWN)
        for entry in raw_terms("funder").values()
        if entry.get("type")
        for name in [entry["name"], *entry.get("aliases", [])]
    }

    def kind_of(owner: str) -> str:
        """The funder list's kind, else the kind the name itself says (written out here, not imported)."""
        name = owner.casefold()
        if name in by_name:
            return by_name[name]
        for pattern, kind in NAME_PATTERNS:
            if re.search(pattern, name):
                return kind_words[kind]
        return UNKNOWN

    owners = Counter(kind_of(p["lead_organisation"]) for p in projects if "lead_organisation" in p)
    lines += [f"{kind} ({count})" for kind, count in owners.items()]
    funders: Counter[str] = Counter()
    for p in projects:
        ids = ["tillvaxtverket"] if "support" in p.get("budget", {}) else []
        ids += [c["funder"] for c in p.get("budget", {}).get("co_funders", []) if "funder" in c]
        funders.update(dict.fromkeys(ids, 1))
    lines += [f"{label('funder', f)} ({c})" for f, c in funders.items()]
    for p in projects[:20]:
        for item in p.get("activities", []):
            for text in [item] if isinstance(item, str) else item["items"]:
                lines.append(f"”{' '.join(text.split())}”")
    return lines


UNKNOWN = "sorten framgår inte"
NAME_PATTERNS = [
    (r" kommun$", "municipality"),
    (r"^länsstyrelsen", "county-board"),
    (r"^(region |regionförbundet|landstinget)", "region"),
    (r"(universitet|högskola)", "university"),
    (r"( ef| förening|föreningen|sockenråd|byalag)$|^hela sverige ska leva", "association"),
    (r" ab( \(svb\))?$", "company"),
]


def terms_with_projects() -> list[tuple[str, str]]:
    return [(kind, term_id) for kind in FIELD for term_id in raw_terms(kind) if members(kind, term_id)]


def visible_myst(text: str) -> str:
    """The MyST a guide is written in, as readers see it: roles as their labels, escapes and emphasis gone."""
    kinds = {"region": "region", "funder": "funder", "method": "method", "category": "category"}
    text = re.sub(r"\{handbook:\w+\}`([^`<]+?) <[^`>]+>`", r"\1", text)  # a role with its own words
    text = re.sub(
        r"\{handbook:(\w+)\}`([a-z0-9-]+)`",
        lambda m: label(kinds[m[1]], m[2]) if m[1] in kinds else m[2],
        text,
    )
    text = re.sub(r"\\(.)", r"\1", text).replace("**", "").replace("*", "")
    return " ".join(text.replace("\u00a0", " ").split())


def visible_html(page: str) -> str:
    text = re.sub(r"<[^>]+>", " ", page)
    text = html.unescape(text).replace("\u00a0", " ")
    text = " ".join(text.split())
    return re.sub(r" ([.,;:)])", r"\1", text).replace("( ", "(")


def guide_part(text: str) -> str:
    start = text.index("Vad projekten visar")
    return text[start : text.index("Projekt (", start)]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(PROJECTS)


@pytest.mark.parametrize(("kind", "term_id"), terms_with_projects())
def test_guide_figures_match_the_files(catalog, kind: str, term_id: str) -> None:
    term = catalog.vocabulary.get(kind, term_id)
    page = hubs.term_pages(term, catalog)[term.docname]
    shown = guide_part(visible_myst(page))
    missing = [line for line in expected(kind, term_id) if line not in shown]
    assert missing == [], shown


def test_every_method_hub_has_a_guide(catalog) -> None:
    for term in catalog.vocabulary.sorted("method"):
        page = hubs.term_pages(term, catalog)[term.docname]
        assert ("## Vad projekten visar" in page) == bool(catalog.projects_with("method", term.id)), term.id


def test_guide_contacts_follow_the_contacts_option(catalog) -> None:
    term = catalog.vocabulary.get("method", "servicepunkter")
    names = {c.name for p in catalog.projects_with("method", term.id) for c in p.contacts}
    full = hubs.term_pages(term, catalog, "full")[term.docname]
    assert "### Att fråga" in full and all(name in visible_myst(full) for name in names)
    role = hubs.term_pages(term, catalog.redacted("role"), "role")[term.docname]
    assert "### Att fråga" in role and not any(name in visible_myst(role) for name in names)
    assert "kontaktuppgift dold" not in role
    hidden = hubs.term_pages(term, catalog.redacted("hidden"), "hidden")[term.docname]
    assert "### Att fråga" not in hidden and not any(name in visible_myst(hidden) for name in names)


@pytest.mark.parametrize(("kind", "term_id"), terms_with_projects())
def test_built_hub_pages_show_the_recomputed_figures(site: Path, kind: str, term_id: str) -> None:
    text = guide_part(visible_html((site / FOLDER[kind] / f"{term_id}.html").read_text(encoding="utf-8")))
    missing = [line for line in expected(kind, term_id) if line not in text]
    assert missing == [], text
