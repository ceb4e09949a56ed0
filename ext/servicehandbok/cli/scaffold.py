"""``servicehandbok new "Titel"``: a project file with every field, explained in Swedish.

The comments come from the schema's descriptions and the vocabularies, so the template
can never disagree with what the check accepts.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import unicodedata
from pathlib import Path
from typing import Any

from ..data import validate
from ..data.catalog import project_schema, undecodable
from ..data.model import Term
from ..data.problems import printable
from ..data.vocabulary import Vocabulary, load_vocabulary
from ..data.yamlload import LoadError

HEADER = """\
# yaml-language-server: $schema=_schema/project.schema.json
# Nytt projekt i Servicehandboken. Fyll i fälten med källans ordalydelse.
# Ta bort raden för en uppgift som källan inte anger. Kontrollera sedan med: nox -s check
"""
_LIST_PLACEHOLDER = {"activities": '"Första aktiviteten"', "contacts": None}


def slug(title: str) -> str:
    """``Byns servicepunkt – etapp 2`` → ``byns-servicepunkt-etapp-2``."""
    text = title.casefold().translate(str.maketrans("åäöæø", "aaoao"))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-")


def _comment(text: str, indent: str) -> list[str]:
    return [f"{indent}# {line}" for line in text.splitlines() if line.strip()]


def _choices(vocabulary: Vocabulary, kind: object) -> str:
    if not isinstance(kind, str) or kind not in vocabulary.kinds:
        return ""  # a schema naming no known list of terms: the check reports the field, not the template
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
    "partner_municipalities": "Sällan: kommunernas id skrivs som under municipalities. Till exempel:\n"
    "partner_municipalities:\n  - munkedal",
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

    def emit(name: str, node: Any, indent: str, prefix: str = "") -> None:
        if node is False:  # JSON Schema's "no value allowed": nothing to fill in
            return
        node = _object(node)
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
            for child, child_node in _object(node.get("properties")).items():
                emit(child, child_node, indent + "  ")
        elif node.get("type") == "array":
            item = _object(node.get("items"))
            if item.get("type") == "object":
                lines.append(key)
                first = True
                for child, child_node in _object(item.get("properties")).items():
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

    for name, node in _object(schema.get("properties")).items():
        if name in _COMMENTED_OUT:
            # Optional and rarely needed: shown as a commented example, so an untouched template stays valid.
            lines.extend(_comment(_object(node).get("description", "") + "\n" + _COMMENTED_OUT[name], ""))
        else:
            emit(name, node, "")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _object(node: Any) -> dict[str, Any]:
    """A schema node as an object: JSON Schema also allows ``true`` (any value) where a schema stands."""
    return node if isinstance(node, dict) else {}


class ScaffoldError(Exception):
    """The template could not be written; the message says why, in Swedish."""


def create(folder: Path, title: str) -> Path:
    """Write ``<folder>/<slug>.yaml`` unless it exists, and return its path.

    The file appears whole or not at all (:func:`_write_new`): a failure leaves nothing behind.
    """
    if undecodable(title):
        raise ScaffoldError(
            f"Titeln ”{printable(title)}” innehåller tecken som inte är UTF-8; skriv den igen i en terminal som använder UTF-8."
        )
    project_id = slug(title)
    if not project_id:
        raise ScaffoldError("Titeln måste innehålla minst en bokstav eller siffra.")
    target = folder / f"{project_id}.yaml"
    if os.path.lexists(target):
        raise ScaffoldError(f"{printable(str(target))} finns redan; välj en annan titel eller redigera den filen.")
    root = folder.resolve().parent
    try:
        vocabulary, problems = load_vocabulary(folder)
        if problems:
            raise ScaffoldError("\n".join(problem.format(root) for problem in problems))
        schema = validate.schema_of(validate.schema_validator(project_schema(folder, vocabulary.kinds)))
    except LoadError as exc:
        raise ScaffoldError(exc.problem.format(root)) from None
    _write_new(target, template(project_id, title, schema, vocabulary).encode("utf-8"))
    return target


def _write_new(target: Path, data: bytes) -> None:
    """Put *data* at *target*, which must not exist, in one step.

    The bytes go to a hidden temporary file beside it, which is then linked into place: an
    interrupted run, a full disk or a folder that cannot be written leaves no empty or half
    file, and a file someone created meanwhile is never overwritten.
    """
    shown = printable(str(target))
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        # Created like any new file (the umask applies), and only if the name is free.
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise ScaffoldError(
            f"{shown} kunde inte skrivas ({exc.strerror}); kontrollera att mappen finns och får skrivas i."
        ) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            target.hardlink_to(temporary)  # fails, rather than overwrites, if the name is taken
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: look once more, then rename
            if os.path.lexists(target):
                raise FileExistsError(target) from None
            temporary.replace(target)
    except FileExistsError:
        raise ScaffoldError(f"{shown} finns redan; välj en annan titel eller redigera den filen.") from None
    except OSError as exc:
        raise ScaffoldError(f"{shown} kunde inte skrivas ({exc.strerror}); inget skrevs.") from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
