"""``servicehandbok new "Titel"``: a project file with every field, explained in Swedish.

The comments come from the schema's descriptions and the vocabularies, so the template
can never disagree with what the check accepts.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from ..data import validate
from ..data.catalog import project_schema
from ..data.model import Term
from ..data.vocabulary import Vocabulary, load_vocabulary

HEADER = """\
# yaml-language-server: $schema=_schema/project.schema.json
# Nytt projekt i Servicehandboken. Fyll i fälten med källans ordalydelse.
# Ta bort raden för en uppgift som källan inte anger. Kontrollera sedan med: nox -s check
"""
_LIST_PLACEHOLDER = {"activities": '"Första aktiviteten"', "contacts": None}


def slug(title: str) -> str:
    """``Byns servicepunkt – etapp 2`` → ``byns-servicepunkt-etapp-2``."""
    text = title.casefold().translate(str.maketrans({"å": "a", "ä": "a", "ö": "o", "æ": "a", "ø": "o"}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-")


def _comment(text: str, indent: str) -> list[str]:
    return [f"{indent}# {line}" for line in text.splitlines() if line.strip()]


def _choices(vocabulary: Vocabulary, kind: str) -> str:
    terms = vocabulary.sorted(kind)
    if kind == "municipality":
        return _by_county(vocabulary, terms)
    return "Välj bland: " + ", ".join(f"{t.id} ({t.label})" if t.label.casefold() != t.id else t.id for t in terms)


def _by_county(vocabulary: Vocabulary, terms: list[Term]) -> str:
    """All 290 kommuner, one line of ids per län: readable where one line of names would not be."""
    lines = ["Välj bland (id, län för län; namnen står i projects/_vocabulary/municipalities.yaml):"]
    for county in vocabulary.sorted("region"):
        ids = [t.id for t in terms if t.region == county.id]
        if ids:
            lines.append(f"  {county.label}: {', '.join(ids)}")
    return "\n".join(lines)


_COMMENTED_OUT = {
    "provenance": "Till exempel:\nprovenance:\n  lead_organisation:\n    basis: inferred\n"
    '    reason: "ur kontaktpersonens e-postadress (@exempel.se)"',
    "sources": "Se exemplet under outcome nedan: varje uppgift om vad som hände hänvisar till en källa här.",
    "outcome": "Till exempel, när en källa berättar vad som hände (skriv med egna ord, bara det källan säger):\n"
    "sources:\n"
    "  - id: kommunens-nyhet\n"
    '    title: "Servicepunkten i byn firar ett år"\n'
    '    publisher: "Exempels kommun"\n'
    '    url: "https://exempel.se/nyheter/servicepunkten"\n'
    '    published: "2020-05"\n'
    '    read: "2026-01-31"\n'
    "    kind: owner-news\n"
    "outcome:\n"
    '  searched: "2026-01-31"\n'
    "  results:\n"
    '    - text: "Servicepunkten öppnade i byns affär."\n'
    "      sources: [kommunens-nyhet]\n"
    "  worked:\n"
    '    - text: "Byalaget och kommunen delade på kostnaden."\n'
    "      sources: [kommunens-nyhet]\n"
    "      factors: [samverkan]\n"
    '  not_found: "Ingen slutrapport hittades."',
}
"""Fields the template only describes in a comment, with an example."""


def template(project_id: str, title: str, schema: dict[str, Any], vocabulary: Vocabulary) -> str:
    """The text of a new project file, from the schema as :func:`validate.load_schema` inlines it."""
    lines = [HEADER]

    def emit(name: str, node: dict[str, Any], indent: str, prefix: str = "") -> None:
        description = node.get("description", "")
        if "x-vocabulary" in node:
            description += "\n" + _choices(vocabulary, node["x-vocabulary"])
        lines.extend(_comment(description, indent))
        key = f"{indent}{prefix}{name}:"
        if name == "id":
            lines.append(f"{key} {project_id}")
        elif name == "title" and not indent:
            lines.append(f"{key} {json.dumps(title, ensure_ascii=False)}")
        elif node.get("type") == "object":
            lines.append(key)
            for child, child_node in node.get("properties", {}).items():
                emit(child, child_node, indent + "  ")
        elif node.get("type") == "array":
            item = node.get("items", {})
            if item.get("type") == "object":
                lines.append(key)
                first = True
                for child, child_node in item.get("properties", {}).items():
                    emit(child, child_node, indent + "    " if not first else indent + "  ", "- " if first else "")
                    first = False
            elif "x-vocabulary" in node:
                lines.append(f"{key} []")
            else:
                lines.append(f"{key}\n{indent}  - {_LIST_PLACEHOLDER.get(name) or chr(34) * 2}")
        elif node.get("type") == "boolean":
            lines.append(f"{key} false")
        elif node.get("type") == "integer":
            lines.append(f"{key}")
        elif node.get("maxLength", 0) > 2000 or "oneOf" in node:
            lines.append(f"{key} |\n{indent}  ")
        else:
            lines.append(f'{key} ""')

    for name, node in schema["properties"].items():
        if name in _COMMENTED_OUT:
            # Optional and rarely needed: shown as a commented example, so an untouched template stays valid.
            lines.extend(_comment(node.get("description", "") + "\n" + _COMMENTED_OUT[name], ""))
        else:
            emit(name, node, "")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


class ScaffoldError(Exception):
    """The template could not be written; the message says why, in Swedish."""


def create(folder: Path, title: str) -> Path:
    """Write ``<folder>/<slug>.yaml`` unless it exists, and return its path."""
    project_id = slug(title)
    if not project_id:
        raise ScaffoldError("Titeln måste innehålla minst en bokstav eller siffra.")
    target = folder / f"{project_id}.yaml"
    if target.exists():
        raise ScaffoldError(f"{target} finns redan; välj en annan titel eller redigera den filen.")
    vocabulary, problems = load_vocabulary(folder)
    if problems:
        raise ScaffoldError("\n".join(problem.format(folder.resolve().parent) for problem in problems))
    schema = validate.schema_validator(project_schema(folder, vocabulary.kinds)).schema
    target.write_text(template(project_id, title, schema, vocabulary), encoding="utf-8")
    return target
