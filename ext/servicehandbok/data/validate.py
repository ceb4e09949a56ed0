"""Check a parsed file against a JSON Schema and explain every failure in Swedish."""

from __future__ import annotations

import dataclasses
import difflib
import json
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema.exceptions import SchemaError, ValidationError

from .characters import check_characters
from .jsonload import load_json
from .problems import Problem, shown
from .yamlload import Document, LoadError, read_text

SCHEMA_DIR = "_schema"
_TYPE_NAMES = {
    "string": "text",
    "integer": "ett heltal",
    "number": "ett tal",
    "boolean": "true eller false",
    "array": "en lista",
    "object": "en grupp av fält",
    "null": "tomt",
}
_JSON_TYPES: dict[type, str] = {str: "string", list: "array", dict: "object"}
"""The JSON type of a Python value, for :func:`type_name` (booleans and integers are told apart there)."""


def load_schema(path: Path) -> jsonschema.protocols.Validator:
    """A validator for the schema file at *path*, built once per version of its text (so a
    long-running process, such as ``nox -s docs-live``, sees an edited schema).

    Raises :class:`~.yamlload.LoadError` when the file cannot be read or is no valid schema."""
    return _validator(schema_text(path))


def read_schema(path: Path) -> dict[str, Any]:
    """The schema file at *path* as data, checked as :func:`load_schema` checks it."""
    schema: dict[str, Any] = json.loads(schema_text(path))
    return schema


def schema_text(path: Path) -> str:
    """The text of the schema file at *path*, read through the guarded reader and checked: valid
    JSON, characters the policy accepts, a valid JSON Schema whose references all resolve."""
    text = read_text(path)
    problem = _schema_problem(text)
    if problem is not None:
        raise LoadError(dataclasses.replace(problem, path=path))
    return text


_SCHEMA_FILE = Path("schema.json")
"""Stands for the file's path while a text is checked: the result is kept per text, not per file."""


@lru_cache(maxsize=16)
def _schema_problem(text: str) -> Problem | None:
    """What is wrong with a schema file's *text*, if anything (checked once per text)."""
    path = _SCHEMA_FILE
    fix = "rätta schemat; git diff visar vad som ändrats"
    try:
        document = load_json(path, text, fix=fix)
    except LoadError as exc:
        return exc.problem
    found = next(iter(check_characters(document)), None)
    if found is not None:
        return found
    schema = document.data
    if not isinstance(schema, dict):
        return Problem(path, 1, 1, "schemat ska vara ett JSON-objekt ({ … })", fix, code="schema-file")
    try:
        jsonschema.validators.validator_for(schema).check_schema(schema)
    except SchemaError as exc:
        line, column = document.where(tuple(exc.absolute_path))
        return Problem(
            path, line, column, f"schemat följer inte JSON Schema: {shown(exc.message)}", fix, code="schema-file"
        )
    except (TypeError, ValueError, LookupError) as exc:
        return Problem(path, 1, 1, f"schemat kan inte läsas som JSON Schema: {shown(exc)}", fix, code="schema-file")
    try:
        _inline(schema, schema)
    except (LookupError, TypeError, AttributeError, RecursionError):
        return Problem(
            path,
            1,
            1,
            "schemat har en $ref som inte går att följa (den pekar på något som saknas, eller på sig själv)",
            "låt varje $ref peka på en definition under #/$defs",
            code="schema-file",
        )
    return None


def schema_validator(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    """A validator for a schema built in memory (the project schema with declared kinds)."""
    return _validator(json.dumps(schema, ensure_ascii=False))


@cache
def _validator(text: str) -> jsonschema.protocols.Validator:
    """Local ``$ref``s are inlined first (``$defs`` included): our schemas are not recursive,
    resolving references on every value took half the time of checking a thousand files,
    and the messages can then read any part of the schema without following references.
    """
    schema = json.loads(text)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(_inline(schema, schema))


def _inline(node: Any, root: dict[str, Any]) -> Any:
    """A copy of *node* with every local ``$ref`` replaced by what it points to."""
    if isinstance(node, list):
        return [_inline(item, root) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = _inline(_local_ref(root, node["$ref"]), root)
        return {**target, **{k: _inline(v, root) for k, v in node.items() if k != "$ref"}}
    return {k: _inline(v, root) for k, v in node.items()}


def type_name(value: Any) -> str:
    """Swedish name of the JSON type of *value*."""
    if isinstance(value, bool):
        return _TYPE_NAMES["boolean"]
    if isinstance(value, int):
        return _TYPE_NAMES["integer"]
    if value is None:
        return "tomt"
    return _TYPE_NAMES.get(_JSON_TYPES.get(type(value), ""), type(value).__name__)


def field_label(path: tuple[str | int, ...]) -> str:
    """Readable name of a field: ``budget.total``, ``contacts, punkt 2, email``."""
    if not path:
        return "filen"
    parts: list[str] = []
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part + 1}]")
        else:
            parts.append(("." if parts else "") + part)
    return "".join(parts)


def schema_of(validator: jsonschema.protocols.Validator) -> dict[str, Any]:
    """The schema *validator* checks against, references inlined. JSON Schema also allows ``true``
    and ``false``, but every validator made here holds an object: a schema file that is not one
    is refused when it is read (:func:`schema_text`)."""
    schema = validator.schema
    assert isinstance(schema, dict), "a validator made here always holds an object schema"
    return schema


def subschema(validator: jsonschema.protocols.Validator, path: tuple[str | int, ...]) -> dict[str, Any]:
    """The schema that applies at *path* (following properties and items)."""
    node = schema_of(validator)
    for part in path:
        node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {}).get(part, {})
    return node


def hint(validator: jsonschema.protocols.Validator, path: tuple[str | int, ...]) -> str:
    """How to write the field at *path*: its ``x-hint``, else the nearest description."""
    for depth in range(len(path), -1, -1):
        node = subschema(validator, path[:depth])
        text = node.get("x-hint") or node.get("description")
        if text:
            return text
    return ""


def _local_ref(schema: dict[str, Any], ref: str) -> dict[str, Any]:
    """Follow a ``#/...`` reference; our schemas only refer within themselves."""
    node: Any = schema
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _one_of_names(validator: jsonschema.protocols.Validator, path: tuple[str | int, ...]) -> str:
    names = []
    for option in subschema(validator, path).get("oneOf", []):
        kind = option.get("type")
        names.append(_TYPE_NAMES.get(kind, str(kind)))
    return " eller ".join(dict.fromkeys(names))


def check(document: Document, validator: jsonschema.protocols.Validator) -> list[Problem]:
    """Every schema problem in *document*, each with its line, column and a fix."""
    problems = [p for error in validator.iter_errors(document.data) for p in _explain(document, validator, error)]
    return sorted(set(problems))


def _explain(doc: Document, validator: jsonschema.protocols.Validator, error: ValidationError) -> Iterator[Problem]:
    # Any JSON value. An error from iter_errors always has both; jsonschema types them as possibly
    # unset only for errors built by hand.
    instance: Any = error.instance
    value: Any = error.validator_value
    path = tuple(error.absolute_path)
    label = field_label(path)
    line, column = doc.where(path)
    described = hint(validator, path)

    def problem(message: str, fix: str, at: tuple[int, int] = (line, column), code: str = "schema") -> Problem:
        return Problem(doc.path, at[0], at[1], message, fix, code=code)

    def empty() -> Problem:
        fix = "fyll i ett värde eller ta bort raden"
        return problem(f"{label} är tomt", f"{fix} ({described})" if described else fix, code="empty")

    kind = error.validator
    if kind == "additionalProperties":
        allowed = sorted(subschema(validator, path).get("properties", {}))
        for key in sorted(set(instance) - set(allowed)):
            guess = difflib.get_close_matches(key.strip().lower(), allowed, n=1, cutoff=0.6)
            fix = f"menade du {shown(guess[0])}?" if guess else "tillåtna fält: " + ", ".join(allowed)
            yield problem(f"okänt fält {shown(key)} i {label}", fix, doc.where((*path, key), key=True), "unknown-field")
    elif kind == "required":
        for key in value:
            if key not in instance:
                wanted = subschema(validator, (*path, key)).get("description", "")
                yield problem(
                    f"fältet {shown(key)} saknas i {label}",
                    f"lägg till {key}: ({wanted})" if wanted else f"lägg till {key}:",
                    code="missing-field",
                )
    elif kind == "type":
        expected = value
        expected_name = " eller ".join(
            _TYPE_NAMES.get(t, t) for t in ([expected] if isinstance(expected, str) else expected)
        )
        if instance is None:
            yield empty()
            return
        if expected == "string" and path in doc.plain:
            fix = f'skriv värdet inom citattecken, till exempel {path[-1] if path and isinstance(path[-1], str) else "- "}: "{instance}"'
        elif (
            expected == "integer"
            and isinstance(instance, str)
            and instance.replace(" ", "").replace("\u00a0", "").isdigit()
        ):
            digits = instance.replace(" ", "").replace("\u00a0", "").lstrip("0") or "0"
            fix = (
                f"skriv beloppet som ett heltal utan mellanslag, utan citattecken och utan inledande nollor, till exempel {digits}"
                if digits != instance
                else "skriv beloppet som ett heltal utan citattecken"
            )
        else:
            fix = described or f"ändra värdet till {expected_name}"
        yield problem(f"{label} ska vara {expected_name}, inte {type_name(instance)}", fix, code="wrong-type")
    elif kind in ("minLength", "pattern") and isinstance(instance, str) and not instance.strip():
        yield empty()
    elif kind == "pattern":
        if "\n" in instance.strip() and "\\r\\n" in value.replace("\r", "\\r").replace("\n", "\\n"):
            yield problem(f"{label} får bara vara en rad", "skriv texten på en rad", code="bad-format")
        else:
            yield problem(
                f"{label} har fel form: {shown(instance)}",
                described or "se beskrivningen av fältet i bidragsguiden",
                code="bad-format",
            )
    elif kind == "maxLength":
        yield problem(
            f"{label} är för lång ({len(instance)} tecken)",
            f"korta texten till högst {value} tecken",
            code="too-long",
        )
    elif kind == "minimum":
        yield problem(f"{label} får inte vara mindre än {value}", described or "ändra värdet", code="bad-value")
    elif kind == "maximum":
        yield problem(f"{label} får inte vara större än {value}", described or "ändra värdet", code="bad-value")
    elif kind == "minItems":
        yield problem(f"{label} är en tom lista", "lägg till minst en punkt eller ta bort fältet", code="empty")
    elif kind == "uniqueItems":
        yield problem(f"{label} har samma värde två gånger", "ta bort dubbletten", code="duplicate-value")
    elif kind == "enum":
        allowed = [str(v) for v in value]
        guess = difflib.get_close_matches(str(instance), allowed, n=1, cutoff=0.5)
        fix = f"menade du {shown(guess[0])}?" if guess else "tillåtna värden: " + ", ".join(allowed)
        yield problem(f"{label} har ett okänt värde {shown(instance)}", fix, code="unknown-term")
    elif kind == "oneOf":
        options = value
        if all(set(o) == {"required"} for o in options):
            names = " eller ".join(o["required"][0] for o in options)
            yield problem(
                f"{label} ska ha precis ett av fälten {names}", described or f"ange {names}", code="bad-format"
            )
        elif error.context:
            by_option: dict[str | int, list[ValidationError]] = {}
            for sub in error.context:
                by_option.setdefault(sub.schema_path[0], []).append(sub)
            fitting = [
                errs
                for errs in by_option.values()
                if not any(e.validator == "type" and not e.relative_path for e in errs)
            ]
            if fitting:
                for sub in fitting[0]:
                    yield from _explain(doc, validator, sub)
            else:
                yield problem(
                    f"{label} ska vara {_one_of_names(validator, path)}, inte {type_name(instance)}",
                    described or "se bidragsguiden",
                    code="wrong-type",
                )
        else:
            yield problem(f"{label} har fel form", described or "se bidragsguiden", code="bad-format")
    else:  # pragma: no cover - a schema keyword we do not use yet
        yield problem(f"{label}: {error.message}", described, code="schema")
