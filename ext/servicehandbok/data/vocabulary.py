"""The controlled vocabularies in ``projects/_vocabulary/``: län, kommuner, methods, funders, types."""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import placenames, validate
from .characters import check_characters
from .collation import sort_key
from .kinds import BUILTIN, KINDS_FILE, Kind, declare
from .model import Reference, Term
from .problems import Problem, shown
from .yamlload import Document, LoadError, load

VOCABULARY_DIR = "_vocabulary"


@dataclass
class Vocabulary:
    """All terms, by kind and id, in each kind's order."""

    kinds: dict[str, Kind] = field(default_factory=lambda: dict(BUILTIN))
    """Every kind of term, built-in and declared in ``kinds.yaml``."""
    terms: dict[str, dict[str, Term]] = field(default_factory=dict)
    where: dict[tuple[str, str], tuple[Path, int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for kind in self.kinds:
            self.terms.setdefault(kind, {})

    def get(self, kind: str, term_id: str) -> Term | None:
        return self.terms[kind].get(term_id)

    def known(self, kind: str, ids: tuple[str, ...]) -> list[Term]:
        """The terms of *ids* that exist, in the order given (the checks report the rest)."""
        return [term for term in (self.get(kind, term_id) for term_id in ids) if term is not None]

    def sorted(self, kind: str) -> list[Term]:
        """The terms of *kind* in the kind's order: Swedish order of name, or as the file lists them."""
        terms = list(self.terms[kind].values())
        return terms if self.kinds[kind].order == "file" else sorted(terms, key=lambda t: sort_key(t.name))

    def suggest(self, kind: str, written: str) -> str | None:
        """The id a misspelt or human-written term most likely meant."""
        if kind in placenames.PLACE_KINDS:
            words = ((t.id, filter(None, (t.id, t.name, t.label, *t.aliases))) for t in self.terms[kind].values())
            found = placenames.suggest(words, written)
            if found:
                return found
        by_word: dict[str, str] = {}
        for term in self.terms[kind].values():
            for word in filter(None, (term.id, term.name, term.label, term.abbreviation, *term.aliases)):
                by_word.setdefault(word.casefold(), term.id)
        guess = difflib.get_close_matches(written.casefold(), list(by_word), n=1, cutoff=0.6)
        return by_word[guess[0]] if guess else None


def load_vocabulary(projects_dir: Path) -> tuple[Vocabulary, list[Problem]]:
    """Read every vocabulary file; return the terms and every problem found.

    Every file goes through the guarded reader, the vocabulary schema and the character
    policy, like a project file: a term's name is on as many pages as a project's title.
    """
    folder = projects_dir / VOCABULARY_DIR
    try:
        schema = validate.load_schema(projects_dir / validate.SCHEMA_DIR / "vocabulary.schema.json")
    except LoadError as exc:
        return Vocabulary(), [exc.problem]
    kinds, problems = load_kinds(folder, schema, _schema_fields(projects_dir))
    vocabulary = Vocabulary(kinds)
    for kind in kinds.values():
        path = folder / kind.file
        try:
            document = load(path)
        except LoadError as exc:
            problems.append(exc.problem)
            continue
        problems += check_characters(document)
        # A declared kind's file is a generic term list; the built-in files have their own rules.
        part = validate.schema_of(schema)["$defs"][path.stem if kind.name in BUILTIN else "terms"]
        kind_problems = validate.check(document, schema.evolve(schema=part))
        problems += kind_problems
        if kind_problems:
            continue
        for index, entry in enumerate(document.data):
            _add(vocabulary, kind.name, entry, document, index, problems)
        problems += _check_aliases(document)
    problems += _check_links(vocabulary)
    return vocabulary, problems


def _schema_fields(projects_dir: Path) -> set[str]:
    """The fields the project schema file already defines, which no declared kind may take
    (a schema that cannot be read is reported where the project files are checked)."""
    try:
        schema = validate.read_schema(projects_dir / validate.SCHEMA_DIR / "project.schema.json")
    except LoadError:
        return set()
    properties = schema.get("properties")
    return set(properties) if isinstance(properties, dict) else set()


def load_kinds(folder: Path, schema: Any, reserved_fields: Iterable[str] = ()) -> tuple[dict[str, Kind], list[Problem]]:
    """The built-in kinds and those *folder*'s ``kinds.yaml`` declares, if it has one.

    Anything at that name counts as having one (a folder, a broken link): it is read, and
    the reader says what is wrong with it, rather than the declared kinds silently missing.
    """
    path = folder / KINDS_FILE
    if not os.path.lexists(path):
        return dict(BUILTIN), []
    try:
        document = load(path)
    except LoadError as exc:
        return dict(BUILTIN), [exc.problem]
    characters = list(check_characters(document))
    problems = validate.check(document, schema.evolve(schema=schema.schema["$defs"]["kinds"]))
    if problems:
        return dict(BUILTIN), sorted(characters + problems)
    kinds, found = declare(document.data, document, reserved_fields)
    return kinds, characters + found


def _add(
    vocabulary: Vocabulary, kind: str, entry: dict, document: Document, index: int, problems: list[Problem]
) -> None:
    line, column = document.where((index, "id"))
    if entry["id"] in vocabulary.terms[kind]:
        first = vocabulary.where[(kind, entry["id"])]
        problems.append(
            Problem(
                document.path,
                line,
                column,
                f"id {shown(entry['id'])} finns redan (rad {first[1]})",
                "ge termen ett eget id",
                code="duplicate-id",
            )
        )
        return
    vocabulary.where[(kind, entry["id"])] = (document.path, line, column)
    vocabulary.terms[kind][entry["id"]] = Term(
        kind=kind,
        folder=vocabulary.kinds[kind].folder,
        id=entry["id"],
        name=entry["name"].strip(),
        short_name=entry.get("short_name"),
        abbreviation=entry.get("abbreviation"),
        code=entry.get("code"),
        region=entry.get("region"),
        text=entry.get("definition") or entry.get("description"),
        funder_type=entry.get("type"),
        aliases=tuple(entry.get("aliases", ())),
        sources=tuple(_reference(source) for source in entry.get("sources", ())),
        period=entry.get("period"),
        project_count=entry.get("project_count", {}).get("value"),
        count_text=entry.get("project_count", {}).get("text"),
        count_sources=tuple(entry.get("project_count", {}).get("sources", ())),
        more_url=entry.get("where_more"),
    )


def _reference(source: dict[str, Any]) -> Reference:
    """A definition's source: a method's (title, url, retrieved) or a factor's and programme's (with publisher and id)."""
    read = source.get("retrieved") or source.get("read")
    return Reference(
        source["title"].strip(),
        source["url"],
        dt.date.fromisoformat(read) if read else None,
        source.get("publisher"),
        source.get("published"),
        source.get("id"),
    )


def _check_aliases(document: Document) -> list[Problem]:
    """An alias names one term only: a word shared by two terms would find the wrong projects."""
    owner: dict[str, str] = {}
    for entry in document.data:
        for word in filter(None, (entry["name"], entry.get("short_name"), entry.get("abbreviation"))):
            owner.setdefault(word.strip().casefold(), entry["id"])
    problems = []
    for index, entry in enumerate(document.data):
        for position, alias in enumerate(entry.get("aliases", ())):
            other = owner.setdefault(alias.strip().casefold(), entry["id"])
            if other != entry["id"]:
                line, column = document.where((index, "aliases", position))
                problems.append(
                    Problem(
                        document.path,
                        line,
                        column,
                        f"{shown(alias)} hör redan till {shown(other)}",
                        "ta bort ordet här eller hos den andra termen",
                        code="duplicate-alias",
                    )
                )
    return problems


def _check_links(vocabulary: Vocabulary) -> list[Problem]:
    """Kommuner and funders must point at a län that exists; a programme's count at sources it lists."""
    problems = []
    for term in vocabulary.terms.get("programme", {}).values():
        listed = {source.id for source in term.sources}
        for source_id in term.count_sources:
            if source_id not in listed:
                path, line, column = vocabulary.where[("programme", term.id)]
                problems.append(
                    Problem(
                        path,
                        line,
                        column,
                        f"project_count hänvisar till källan {shown(source_id)}, som {shown(term.id)} inte listar",
                        "lägg till källan under programmets sources eller rätta id",
                        code="unknown-source",
                    )
                )
    for kind in ("municipality", "funder"):
        for term in vocabulary.terms[kind].values():
            if term.region and term.region not in vocabulary.terms["region"]:
                path, line, column = vocabulary.where[(kind, term.id)]
                guess = vocabulary.suggest("region", term.region)
                fix = f"menade du {shown(guess)}?" if guess else "använd ett id ur regions.yaml"
                problems.append(
                    Problem(
                        path,
                        line,
                        column,
                        f"okänt län {shown(term.region)} för {shown(term.id)}",
                        fix,
                        code="unknown-term",
                    )
                )
    return problems
