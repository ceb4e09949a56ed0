"""Related projects say why (issue 19): each reason is checked against the YAML files directly."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from servicehandbok.content.related import reason, related
from servicehandbok.content.render import RELATED_HEADING, RenderOptions, project_page
from servicehandbok.data.catalog import load_catalog

PROJECTS = Path(__file__).parents[1] / "projects"


@cache
def raw(project_id: str) -> dict:
    return yaml.safe_load((PROJECTS / f"{project_id}.yaml").read_text(encoding="utf-8"))


@cache
def labels(file: str) -> dict[str, str]:
    entries = yaml.safe_load((PROJECTS / "_vocabulary" / file).read_text(encoding="utf-8"))
    return {e["id"]: e.get("short_name") or e["name"] for e in entries}


def shared_from_files(a: str, b: str) -> dict[str, set[str]]:
    """What two project files have in common, Tillväxtverket left out (it funds nearly every project)."""

    def funders(data: dict) -> set[str]:
        return {c["funder"] for c in data.get("budget", {}).get("co_funders", []) if "funder" in c} - {"tillvaxtverket"}

    x, y = raw(a), raw(b)
    return {
        "samma metod": {labels("methods.yaml")[m] for m in set(x.get("methods", [])) & set(y.get("methods", []))},
        "samma län": {labels("regions.yaml")[r] for r in set(x.get("regions", [])) & set(y.get("regions", []))},
        "samma finansiär": {labels("funders.yaml")[f] for f in funders(x) & funders(y)},
    }


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(PROJECTS)


def test_every_related_project_says_what_it_shares(catalog) -> None:
    similar = related(list(catalog.projects.values()))
    checked = 0
    for project in catalog.projects.values():
        for other in similar[project.id]:
            text = reason(project, catalog.projects[other], catalog.vocabulary).replace("\\", "")
            said: dict[str, set[str]] = {}
            for part in text.split(" · "):
                heading, _, names = part.partition(": ")
                key = {"samma metoder": "samma metod", "samma finansiärer": "samma finansiär"}.get(heading, heading)
                # Method names may hold commas inside parentheses; split only at commas outside them.
                said[key] = set(re.split(r", (?![^()]*\))", names))
            expected = {k: v for k, v in shared_from_files(project.id, other).items() if v}
            assert said == expected, (project.id, other, text)
            checked += 1
    assert checked > 100


def test_the_page_shows_the_reasons(catalog) -> None:
    project = catalog.projects["bjorbo-pakethantering"]
    similar = related(list(catalog.projects.values()))[project.id]
    why = {other: reason(project, catalog.projects[other], catalog.vocabulary) for other in similar}
    page = project_page(project, catalog.vocabulary, RenderOptions(), "d", similar, why)
    section = page.split(f"## {RELATED_HEADING}\n", 1)[1].split("\n## ", 1)[0]
    assert (
        "- {handbook:project}`coompanion-leaxw` – samma län: Dalarna · samma finansiär: Länsstyrelsen i Dalarnas län"
        in section
    )
    assert section.count(" – ") == len(similar)
