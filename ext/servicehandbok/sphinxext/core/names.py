"""What the handbook owns in the source folder: the generated folders, and the mark and seal on each page it writes.

One definition of "generated" for every user (the build, the guard, stale outputs, the tests):
a document is generated when it lies in one of :func:`generated_folders`. The generator owns
those folders: every document in them must be a page it wrote, and the build refuses one that a
person put there (:mod:`..lifecycle.generate`). The mark, :data:`OWNER_KEY` in a page's front
matter, says that the generator wrote the file; the seal beside it says whether anyone changed
it since. Neither decides whether a page is generated: they decide what the generator may
replace or delete without asking (a marked page as written), and what it keeps aside first (a
marked page a person edited).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ...data.kinds import BUILTIN, Kind
from ...data.model import PROJECT_FOLDER


def generated_folders(kinds: dict[str, Kind]) -> tuple[str, ...]:
    """The folders the generator owns: the project pages' and each kind's hub folder."""
    return (PROJECT_FOLDER, *(kind.folder for kind in kinds.values()))


GENERATED_FOLDERS = generated_folders(BUILTIN)
"""The generated folders of a handbook with the built-in kinds only."""

OWNER_KEY = "handbook-data"
"""The front-matter key every generated page has (``content.render.front_matter``,
``content.hubs.kind_page``): a file with it was written by the generator; a file without it
belongs to a person."""


def is_generated(docname: str, folders: tuple[str, ...] = GENERATED_FOLDERS) -> bool:
    """True when *docname* lies in one of the generated *folders*: the one definition of a generated page."""
    return docname.split("/", 1)[0] in folders


def is_generated_file(path: Path) -> bool:
    """True when *path* carries the generator's mark (:data:`OWNER_KEY`): the generator wrote it."""
    try:
        with path.open("rb") as file:
            head = file.read(4096)
    except OSError:  # a folder, or unreadable: not ours
        return False
    return is_generated_text(head.decode("utf-8", errors="replace"))


def is_generated_text(text: str) -> bool:
    """True when *text* starts with front matter that carries the generator's mark."""
    return _mark(text) is not None


def _mark(text: str) -> re.Match[str] | None:
    """The mark's line in *text*'s front matter: group 1 the data stamp, group 2 the seal (if any)."""
    if not text.startswith("---\n"):
        return None
    front, end, _ = text[4:].partition("\n---\n")
    if not end:
        return None
    return _MARK_LINE.search(text, 4, 4 + len(front))


_MARK_LINE = re.compile(rf"^{re.escape(OWNER_KEY)}: (\S+)(?: ([0-9a-f]{{16}}))?$", re.MULTILINE)


def _checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def seal(text: str) -> str:
    """*text*, a generated page as :func:`..lifecycle.generate.generate` makes it, with a checksum of
    itself after the mark's stamp (``handbook-data: <stamp> <seal>``), so that a later build can tell
    a page it wrote from one a person edited since, whatever build folder it uses."""
    found = _mark(text)
    if found is None or found.group(2):
        return text
    return f"{text[: found.end(1)]} {_checksum(text)}{text[found.end(1) :]}"


def intact(text: str) -> bool:
    """True when *text* carries the mark and is as the generator wrote it: its seal matches. A mark
    without a seal (a page written before pages were sealed) counts as intact."""
    found = _mark(text)
    if found is None:
        return False
    if found.group(2) is None:
        return True
    return _checksum(text[: found.end(1)] + text[found.end(2) :]) == found.group(2)


SEARCH_PAGE = "search"
"""The search page, written where the theme's search box sends its query (:mod:`..search.page`)."""
COMPARE_PAGE = "jamfor"
"""The compare page (:mod:`..site.compare`)."""
