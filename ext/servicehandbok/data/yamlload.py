"""A restricted YAML reader that keeps every value exactly as written, with its position.

PyYAML's ``safe_load`` turns ``0701234567`` into an octal number, ``no`` into ``False``
and ``12:30`` into ``750``, and lets a repeated key silently win. Here, a scalar is a
string unless it is a plain decimal integer or ``true``/``false``; the schema then says
which type a field wants. Anchors, aliases and explicit tags are refused, nesting is
bounded, and a repeated key is an error. Events come from libyaml when it is available.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:
    # libyaml's parser lives in the C extension; yaml.cyaml imports it from there without exporting it.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import Loader as _Parser  # type: ignore[assignment]

from .problems import Problem, shown

MAX_DEPTH = 32
MAX_BYTES = 1_000_000
MAX_DIGITS = 15
"""Longest integer literal converted to a number: amounts are at most 10^12 kr, and Python refuses
to convert literals of thousands of digits (a traceback, not a message)."""
_YAML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters YAML refuses to read; found here first so the message names their real place."""
_INT = re.compile(r"-?(0|[1-9][0-9]*)")
_PLAIN_STYLES = (None, "")
_STR_TAGS = (None, "!", "tag:yaml.org,2002:str")


def _tag(tag: str) -> str:
    return shown(tag.replace("tag:yaml.org,2002:", "!!"))


Path_ = tuple[str | int, ...]
_TOO_DEEP = (
    f"för djup nästling (mer än {MAX_DEPTH} nivåer)",
    "förenkla strukturen; ett projekt behöver bara några nivåer",
)


@dataclass
class Document:
    """A parsed file: its data plus the 1-based (line, column) of every value and key."""

    path: Path
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    plain: set[Path_] = field(default_factory=set)
    """Paths whose scalar was written without quotes (to suggest quoting in messages)."""

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Position of *path*, falling back to the nearest enclosing value that has one."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))


class LoadError(Exception):
    """The file cannot be read as a project file; carries one :class:`Problem`."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


class _Composer:
    """Builds plain Python values from parser events, refusing what we do not allow."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.parser = _Parser(text)
        self.doc = Document(path=path, data=None)

    def fail(self, mark: Any, message: str, fix: str, code: str = "yaml") -> LoadError:
        line, column = _pos(mark)
        return LoadError(Problem(self.path, line, column, message, fix, code=code))

    def next(self) -> Any:
        return self.parser.get_event()

    def run(self) -> Document:
        self.next()  # StreamStart
        if self.parser.check_event(yaml.StreamEndEvent):
            raise self.fail(None, "filen är tom", "fyll i projektets fält, se docs/bidra.md")
        self.next()  # DocumentStart
        self.doc.data = self.value(self.next(), (), 0)
        self.next()  # DocumentEnd
        if not self.parser.check_event(yaml.StreamEndEvent):
            extra = self.parser.peek_event()
            mark = extra.start_mark if extra is not None else None
            raise self.fail(
                mark, "filen innehåller mer än ett YAML-dokument", "ta bort raden med --- och allt efter den"
            )
        return self.doc

    def value(self, event: Any, path: Path_, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(event.start_mark, *_TOO_DEEP)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise self.fail(
                event.start_mark,
                "ankare och alias (& och *) är inte tillåtna",
                "skriv ut värdet på varje ställe i stället",
            )
        tag = getattr(event, "tag", None)
        self.doc.values[path] = _pos(event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            if tag not in _STR_TAGS:
                raise self.fail(
                    event.start_mark,
                    f"YAML-taggen {_tag(tag)} är inte tillåten",
                    "ta bort taggen (det som börjar med !)",
                )
            return self.scalar(event, path)
        if tag is not None and tag not in ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "!"):
            raise self.fail(
                event.start_mark, f"YAML-taggen {_tag(tag)} är inte tillåten", "ta bort taggen (det som börjar med !)"
            )
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not self.parser.check_event(yaml.SequenceEndEvent):
                items.append(self.value(self.next(), (*path, len(items)), depth + 1))
            self.next()
            return items
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(path, depth)
        raise self.fail(event.start_mark, "oväntat innehåll", "kontrollera YAML-syntaxen")  # pragma: no cover

    def scalar(self, event: Any, path: Path_) -> Any:
        text = event.value
        if event.style not in _PLAIN_STYLES or event.tag is not None:
            return text
        self.doc.plain.add(path)
        if _INT.fullmatch(text):
            if len(text.lstrip("-")) > MAX_DIGITS:
                raise self.fail(
                    event.start_mark,
                    f"talet är för stort ({len(text.lstrip('-'))} siffror)",
                    "belopp anges i hela kronor och får vara högst 1000000000000 (10^12)",
                    code="too-large",
                )
            return int(text)
        if text in ("true", "false"):
            return text == "true"
        if text in ("", "~", "null"):
            return None
        return text

    def mapping(self, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while not self.parser.check_event(yaml.MappingEndEvent):
            key_event = self.next()
            if not isinstance(key_event, yaml.ScalarEvent) or getattr(key_event, "anchor", None):
                raise self.fail(
                    key_event.start_mark,
                    "en nyckel måste vara ett enkelt namn",
                    "skriv nyckeln som ett ord följt av kolon, t.ex. title:",
                )
            if key_event.tag not in _STR_TAGS:
                raise self.fail(
                    key_event.start_mark,
                    f"YAML-taggen {_tag(key_event.tag)} är inte tillåten",
                    "ta bort taggen (det som börjar med !)",
                )
            key = key_event.value
            key_path = (*path, key)
            if key in result:
                first = self.doc.keys[key_path]
                raise self.fail(
                    key_event.start_mark,
                    f"nyckeln {shown(key)} står två gånger (första gången på rad {first[0]})",
                    "ta bort eller slå ihop den ena",
                    code="duplicate-key",
                )
            self.doc.keys[key_path] = _pos(key_event.start_mark)
            result[key] = self.value(self.next(), key_path, depth + 1)
        self.next()
        return result


def _io_problem(path: Path, message: str, fix: str, line: int = 1, column: int = 1, code: str = "io") -> LoadError:
    return LoadError(Problem(path, line, column, message, fix, code=code))


_NOUNS = {".yaml": "YAML-fil", ".yml": "YAML-fil", ".json": "JSON-fil", ".svg": "SVG-fil"}
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
"""Non-blocking, so that opening a named pipe returns at once and :func:`read_text` can refuse it."""


def _kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "en mapp"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "en enhet (som /dev/zero)"
    if stat.S_ISFIFO(mode):
        return "ett namngivet rör (fifo)"
    if stat.S_ISSOCK(mode):
        return "en socket"
    return "något annat än en fil"


def _unopened(path: Path, exc: OSError | RuntimeError, noun: str) -> LoadError:
    """Why *path* could not be opened, in words a contributor can act on."""
    code = getattr(exc, "errno", None)
    if isinstance(exc, RuntimeError) or code == errno.ELOOP:
        return _io_problem(
            path,
            "filen är en symbolisk länk i en slinga (den pekar till slut på sig själv)",
            f"ta bort länken eller låt den peka på en vanlig {noun}",
        )
    if code == errno.ENOENT:
        if path.is_symlink():
            return _io_problem(
                path, "filen är en symbolisk länk till något som inte finns", "rätta eller ta bort länken"
            )
        return _io_problem(path, "filen finns inte", f"lägg en {noun} här eller kontrollera namnet")
    if code in (errno.EACCES, errno.EPERM):
        return _io_problem(path, "filen får inte läsas (behörighet saknas)", "ge alla läsrätt till filen: chmod a+r")
    if code == errno.ENXIO:
        return _io_problem(path, "det här är ingen vanlig fil (en socket eller en enhet)", f"lägg en vanlig {noun} här")
    reason = getattr(exc, "strerror", None) or str(exc)
    return _io_problem(path, f"filen kan inte läsas ({reason})", "kontrollera att filen finns och är läsbar")


def read_text(path: Path, *, limit: int = MAX_BYTES) -> str:
    """Read a file as UTF-8, turning every way that can fail into a :class:`LoadError`.

    The one guarded reader for every file the build reads beside the pages: project files,
    vocabularies, ``kinds.yaml``, ``geography.json``, the map outlines and the schemas. The
    file is opened without blocking and looked at before a byte is read: anything but a
    regular file after following links (a folder, a device such as ``/dev/zero``, a pipe) is
    refused unread, a symlink loop is named as one, and no more than *limit* bytes are read.
    """
    noun = _NOUNS.get(path.suffix.lower(), "fil")
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except (OSError, RuntimeError) as exc:
        raise _unopened(path, exc, noun) from None
    except ValueError:  # a NUL byte in the name
        raise _io_problem(path, "filnamnet innehåller ett otillåtet tecken", "döp om filen") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            via = "en symbolisk länk till " if path.is_symlink() else ""
            raise _io_problem(
                path, f"det här är ingen vanlig fil utan {via}{_kind_of(info.st_mode)}", f"lägg en vanlig {noun} här"
            )
        if info.st_size > limit:
            raise _io_problem(
                path, f"filen är för stor ({info.st_size} byte)", f"en {noun} får vara högst {limit} byte"
            )
        stream = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    with stream:
        try:
            raw = stream.read(limit + 1)
        except OSError as exc:
            raise _unopened(path, exc, noun) from None
    if len(raw) > limit:
        raise _io_problem(path, "filen är för stor", f"en {noun} får vara högst {limit} byte")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace")) + 1
        raise _io_problem(
            path,
            "filen är inte sparad som UTF-8",
            "spara filen med teckenkodningen UTF-8 i din editor",
            line,
            column,
            "encoding",
        ) from None
    return text.removeprefix("\ufeff")


def forbidden_character(path: Path, text: str) -> LoadError | None:
    """A character that no YAML or XML parser reads (a NUL, an escape), named at its real place."""
    forbidden = _YAML_FORBIDDEN.search(text)
    if not forbidden:
        return None
    line = text.count("\n", 0, forbidden.start()) + 1
    column = forbidden.start() - (text.rfind("\n", 0, forbidden.start()) + 1) + 1
    char = forbidden.group()
    return LoadError(
        Problem(
            path,
            line,
            column,
            f"otillåtet tecken U+{ord(char):04X} i filen",
            "ta bort tecknet; det syns inte i de flesta editorer",
            code="yaml",
        )
    )


def load(path: Path, text: str | None = None) -> Document:
    """Parse one YAML file into a :class:`Document`, or raise :class:`LoadError`."""
    if text is None:
        text = read_text(path)
    refused = forbidden_character(path, text)
    if refused is not None:
        raise refused
    composer = _Composer(path, text)
    try:
        return composer.run()
    except yaml.MarkedYAMLError as exc:
        line, column = _pos(exc.problem_mark or exc.context_mark)
        reason = exc.problem or "ogiltig YAML"
        if "nesting depth" in reason:  # libyaml's own limit, reached before ours
            raise composer.fail(exc.problem_mark, *_TOO_DEEP) from None
        fix = (
            "använd mellanslag, inte tabbar, för indrag"
            if "\t" in _line_at(text, line)
            else "kontrollera indrag, kolon och citattecken på raden"
        )
        raise LoadError(Problem(path, line, column, f"YAML-syntaxfel: {reason}", fix, code="yaml")) from None
    except yaml.YAMLError as exc:
        raise LoadError(Problem(path, 1, 1, f"YAML-syntaxfel: {exc}", "kontrollera filens YAML", code="yaml")) from None


def _line_at(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""
