"""JSON files beside the project files (the schemas, ``geography.json``): read strictly, each value with its place.

The text comes from :func:`.yamlload.read_text`, the one guarded reader. ``json`` parses it
strictly (no ``NaN``, no raw control characters); a second walk over the text, which ``json``
has already accepted, records the line and column of every value and key, refuses a repeated
key and bounds the nesting, so that every later message (schema, character policy) can
name its place as the YAML files' messages do.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .problems import Problem, shown
from .yamlload import MAX_DEPTH, Document, LoadError, Path_, forbidden_character, read_text

_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
"""``json``'s own reader of a string literal (its C version where there is one): text and end."""
_SPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null")
_MESSAGES = {
    "Expecting value": "här saknas ett värde",
    "Expecting ',' delimiter": "här saknas ett kommatecken",
    "Expecting ':' delimiter": "här saknas ett kolon",
    "Expecting property name enclosed in double quotes": "ett namn ska stå inom dubbla citattecken",
    "Unterminated string starting at": "texten saknar sitt avslutande citattecken",
    "Invalid control character at": "ett styrtecken står direkt i texten",
    "Invalid \\escape": "ogiltig escape-sekvens (det som börjar med \\)",
    "Invalid \\uXXXX escape": "ogiltig \\u-sekvens",
    "Extra data": "mer innehåll efter det första JSON-värdet",
}


def _fail(path: Path, line: int, column: int, message: str, fix: str, code: str = "json") -> LoadError:
    return LoadError(Problem(path, line, column, message, fix, code=code))


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} är inget JSON-tal")


def load_json(path: Path, text: str | None = None, *, fix: str = "rätta JSON-syntaxen på raden") -> Document:
    """Parse one JSON file into a :class:`~.yamlload.Document`, or raise :class:`LoadError`.

    *fix* is what to do about a syntax error (for a generated file: run what generates it).
    """
    if text is None:
        text = read_text(path)
    refused = forbidden_character(path, text)
    if refused is not None:
        raise refused
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        reason = _MESSAGES.get(exc.msg, exc.msg)
        raise _fail(path, exc.lineno, exc.colno, f"ogiltig JSON: {reason}", fix) from None
    except RecursionError:
        raise _fail(path, 1, 1, f"för djup nästling (mer än {MAX_DEPTH} nivåer)", "förenkla strukturen") from None
    except ValueError as exc:  # NaN or Infinity, or an integer of thousands of digits
        raise _fail(path, 1, 1, f"ogiltig JSON: {exc}", fix) from None
    document = Document(path=path, data=data)
    _Locator(document, text).value(0, (), 0)
    return document


class _Locator:
    """Walks JSON text that ``json`` has accepted and records where each value and key starts."""

    def __init__(self, document: Document, text: str) -> None:
        self.document = document
        self.text = text
        self.lines = [match.end() for match in re.finditer("\n", text)]

    def where(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.lines, index)
        start = self.lines[line - 1] if line else 0
        return line + 1, index - start + 1

    def skip(self, index: int) -> int:
        match = _SPACE.match(self.text, index)
        return match.end() if match else index

    def value(self, index: int, path: Path_, depth: int) -> int:
        """Record the value at *index* (after blanks) under *path*; return where it ends."""
        index = self.skip(index)
        self.document.values[path] = self.where(index)
        if depth > MAX_DEPTH:
            raise _fail(
                self.document.path,
                *self.where(index),
                f"för djup nästling (mer än {MAX_DEPTH} nivåer)",
                "förenkla strukturen",
            )
        opening = self.text[index]
        if opening == "{":
            return self.mapping(index + 1, path, depth)
        if opening == "[":
            return self.sequence(index + 1, path, depth)
        if opening == '"':
            return _scanstring(self.text, index + 1)[1]
        match = _SCALAR.match(self.text, index)
        return match.end() if match else index + 1

    def mapping(self, index: int, path: Path_, depth: int) -> int:
        index = self.skip(index)
        if self.text[index] == "}":
            return index + 1
        while True:
            key, after = _scanstring(self.text, index + 1)
            at = self.where(index)
            key_path = (*path, key)
            if key_path in self.document.keys:
                first = self.document.keys[key_path]
                raise _fail(
                    self.document.path,
                    *at,
                    f"nyckeln {shown(key)} står två gånger (första gången på rad {first[0]})",
                    "ta bort eller slå ihop den ena",
                    "duplicate-key",
                )
            self.document.keys[key_path] = at
            index = self.skip(self.skip(after) + 1)  # past the colon
            index = self.skip(self.value(index, key_path, depth + 1))
            if self.text[index] == "}":
                return index + 1
            index = self.skip(index + 1)  # past the comma

    def sequence(self, index: int, path: Path_, depth: int) -> int:
        index = self.skip(index)
        if self.text[index] == "]":
            return index + 1
        position = 0
        while True:
            index = self.skip(self.value(index, (*path, position), depth + 1))
            position += 1
            if self.text[index] == "]":
                return index + 1
            index = self.skip(index + 1)
