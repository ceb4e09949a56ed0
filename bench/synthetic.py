"""Realistic synthetic projects for the benchmark and scale tests (not part of the installed package).

Each synthetic project is a variant of one real project: every text field has as many
sentences as the real one, three in four of them taken from that project and the rest
from any project. So texts have the handbook's length and vocabulary, and a word is on
about as large a share of pages as in the real projects ("servicepunkt": a third). Terms
are spread evenly over every län, kommun, method and funder. The same seed always gives
the same files.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from servicehandbok.data.catalog import load_catalog, project_files
from servicehandbok.data.vocabulary import VOCABULARY_DIR

SCHEMA_DIR = "_schema"


OWN_SHARE = 0.75
"""Share of a variant's sentences taken from its own real project; the rest from any project."""


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s.strip()]


@dataclass(frozen=True)
class Template:
    """The texts of one real project, as sentences per field."""

    topic: str
    purpose: list[str]
    summary: list[str]
    expected: list[str]
    bullets: list[str]


def corpus(source: Path) -> tuple[list[Template], list[str]]:
    """One template per real project in *source*, and every sentence of them all."""
    templates = []
    for project in load_catalog(source).projects.values():
        results = project.expected_results
        expected = results if isinstance(results, str) else " ".join(results or ())
        templates.append(
            Template(
                topic=project.title.split(" - ", 1)[-1],
                purpose=_sentences(project.purpose),
                summary=_sentences(" ".join(filter(None, (project.summary, project.content)))),
                expected=_sentences(expected),
                bullets=[item for group in project.activities for item in group.items],
            )
        )
    pool = [s for t in templates for s in (*t.purpose, *t.summary, *t.expected)]
    return templates, pool


def _variant(own: list[str], pool: list[str], rng: random.Random) -> str:
    return " ".join(rng.choice(own) if rng.random() < OWN_SHARE else rng.choice(pool) for _ in own)


def generate(source: Path, target: Path, count: int, seed: int = 2014, *, with_real: bool = False) -> list[Path]:
    """Write *count* valid project files, plus the schema and vocabularies, into *target*.

    With *with_real*, the real projects of *source* are among the *count* (so hand-written
    pages that refer to them still build) and the rest are synthetic.
    """
    target.mkdir(parents=True, exist_ok=True)
    for folder in (SCHEMA_DIR, VOCABULARY_DIR):
        shutil.copytree(source / folder, target / folder, dirs_exist_ok=True)
    for old in project_files(target):
        old.unlink()
    catalog = load_catalog(source)
    vocabulary = catalog.vocabulary
    templates, pool = corpus(source)
    rng = random.Random(seed)
    regions = [t.id for t in vocabulary.sorted("region")]
    kommuner = {r: [k.id for k in vocabulary.sorted("municipality") if k.region == r] for r in regions}
    methods = [t.id for t in vocabulary.sorted("method")]
    funders = [t.id for t in vocabulary.sorted("funder") if t.id != "tillvaxtverket"]
    categories = [t.id for t in vocabulary.sorted("category")]
    places = ["Björkby", "Norrå", "Västerhöjden", "Sjöviken", "Älvnäs", "Granbacka", "Östra Ed", "Lillmon"]
    written = []
    if with_real:
        for real in project_files(source)[:count]:
            written.append(Path(shutil.copy2(real, target / real.name)))
    for number in range(count - len(written)):
        region = regions[number % len(regions)]
        place = f"{rng.choice(places)} {number + 1}"
        template = templates[number % len(templates)]
        data: dict[str, Any] = {
            "id": f"syntetiskt-projekt-{number + 1:05d}",
            "title": f"{vocabulary.get('region', region).label} - {template.topic} ({place})",
            "lead_organisation": f"{place} byalag",
            "category": categories[number % len(categories)],
            "regions": [region],
            "methods": sorted({methods[number % len(methods)], rng.choice(methods)}),
            "period": {"start": f"{2016 + number % 3}-01-01", "end": f"{2018 + number % 3}-{1 + number % 12:02d}-28"},
            "budget": {
                "total": 1_000_000 + number * 37,
                "support": 700_000 + number * 23,
                "co_funders": [{"funder": funders[number % len(funders)]}],
            },
            "purpose": _variant(template.purpose, pool, rng),
            "contacts": [
                {
                    "name": f"Kontakt {number + 1}",
                    "role": "Projektledare",
                    "phone": f"070-{number % 1000:03d} {number % 100:02d} {number % 97:02d}",
                    "email": f"kontakt{number + 1}@example.se",
                }
            ],
            "source": {"title": "Syntetiskt projekt för prestandamätning"},
        }
        for key, own in (("summary", template.summary), ("expected_results", template.expected)):
            if own:
                data[key] = _variant(own, pool, rng)
        if template.bullets:
            data["activities"] = rng.sample(template.bullets, len(template.bullets))
        if kommuner[region]:
            data["municipalities"] = [kommuner[region][number % len(kommuner[region])]]
        path = target / f"{data['id']}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
        written.append(path)
    return written
