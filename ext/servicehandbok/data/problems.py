"""Problems found in project files, reported as ``file:line:column: message — fix``."""

from __future__ import annotations

import contextlib
import enum
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.Enum):
    """An error stops the build; a warning points at something legal but probably wrong."""

    ERROR = "fel"
    WARNING = "varning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file."""

    path: Path
    line: int
    column: int
    message: str
    fix: str = ""
    severity: Severity = Severity.ERROR
    code: str = "data"
    """Short machine-readable kind, used as the Sphinx warning subtype."""

    def format(self, root: Path | None = None) -> str:
        """Render as ``file:line:column: message — fix``, the path relative to *root*."""
        prefix = "" if self.severity is Severity.ERROR else "varning: "
        return f"{self.location(root)}: {prefix}{self.text()}"

    def location(self, root: Path | None = None) -> str:
        """``file:line:column``, the path relative to *root* where it lies under it, printable."""
        path = self.path
        if root is not None:
            # The folder is resolved, not the file: a file may be a symlink (or a loop of them).
            with contextlib.suppress(ValueError, OSError, RuntimeError):
                path = (self.path.parent.resolve() / self.path.name).relative_to(root.resolve())
        return printable(f"{path.as_posix()}:{self.line}:{self.column}")

    def text(self) -> str:
        """``message — fix``, printable: the part after the location."""
        return printable(f"{self.message} — {self.fix}" if self.fix else self.message)


def printable(text: str) -> str:
    """*text* with every control or invisible character written as an escape, safe for any terminal."""
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    """``\\u001b``; a byte of a file name that is not UTF-8 (Python keeps it as a lone surrogate) as ``\\xff``."""
    if "\udc80" <= char <= "\udcff":
        return f"\\x{ord(char) - 0xDC00:02x}"
    return f"\\u{ord(char):04x}"


def shown(value: object) -> str:
    """Quote a value for a message so invisible and control characters become visible."""
    text = str(value)
    out = []
    for char in text:
        if char.isprintable() and char not in "\u200b\u200c\u200d\u2060\ufeff":
            out.append(char)
        else:
            out.append(f"\\u{ord(char):04x}")
    return "”" + "".join(out)[:120] + "”"
