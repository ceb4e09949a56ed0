"""What the handbook owns in the source folder: the generated folders and the generator's mark.

One definition of "generated" for every user (the build, the guard, the tests, the live loop):
a document is generated when it lies in one of :func:`generated_folders`, and a file there
was written by the generator when its front matter carries :data:`OWNER_KEY`.
"""

from __future__ import annotations

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
``content.hubs.kind_page``): a file with it was written by the generator and may be
replaced or deleted by it; a file without it belongs to a person."""


def is_generated(docname: str, folders: tuple[str, ...] = GENERATED_FOLDERS) -> bool:
    """True when *docname* lies in one of the generated *folders*."""
    return docname.split("/", 1)[0] in folders


def is_generated_file(path: Path) -> bool:
    """True when *path* is a page the generator wrote: its front matter has :data:`OWNER_KEY`."""
    try:
        with path.open("rb") as file:
            head = file.read(4096)
    except OSError:  # a folder, or unreadable: not ours
        return False
    return is_generated_text(head.decode("utf-8", errors="replace"))


def is_generated_text(text: str) -> bool:
    if not text.startswith("---\n"):
        return False
    front, end, _ = text[4:].partition("\n---\n")
    return bool(end) and any(line.startswith(f"{OWNER_KEY}: ") for line in front.split("\n"))


SEARCH_PAGE = "search"
"""The search page, written where the theme's search box sends its query (:mod:`..search.page`)."""
COMPARE_PAGE = "jamfor"
"""The compare page (:mod:`..site.compare`)."""
