"""Realistic synthetic projects for benchmarks and scale tests.

Texts are sentences reshuffled from the real project files, so their length and
vocabulary match the handbook; terms are spread evenly over every län, kommun, method
and funder. The same seed always gives the same files.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from .catalog import load_catalog, project_files
from .vocabulary import VOCABULARY_DIR

SCHEMA_DIR = "_schema"


def _sentences(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        found += [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if len(s.strip()) > 30]
    return found


def corpus(source: Path) -> tuple[list[str], list[str]]:
    """Sentences and activity bullets from the real project files in *source*."""
    catalog = load_catalog(source)
    texts, bullets = [], []
    for project in catalog.projects.values():
        texts += [project.purpose, project.summary or "", project.content or ""]
        results = project.expected_results
        texts += [results] if isinstance(results, str) else list(results or ())
        for group in project.activities:
            bullets += list(group.items)
    return _sentences(texts), bullets


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
    sentences, bullets = corpus(source)
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
        data: dict[str, Any] = {
            "id": f"syntetiskt-projekt-{number + 1:05d}",
            "title": f"{vocabulary.get('region', region).label} - {rng.choice(['Service', 'Servicepunkt', 'Samverkan', 'Förstudie', 'Paketombud'])} i {place}",
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
            "purpose": " ".join(rng.sample(sentences, 4)),
            "summary": " ".join(rng.sample(sentences, 3)),
            "activities": rng.sample(bullets, 5),
            "expected_results": " ".join(rng.sample(sentences, 3)),
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
        if kommuner[region]:
            data["municipalities"] = [kommuner[region][number % len(kommuner[region])]]
        path = target / f"{data['id']}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
        written.append(path)
    return written
