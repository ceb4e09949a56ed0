"""Write the generated MyST pages into the Sphinx source folder, touching only what changed.

Each folder that :func:`generated_folders` names belongs wholly to the generator: a file in
it that the catalog no longer produces is deleted, so a removed project leaves no page.
A file is rewritten only when its text differs, so Sphinx re-reads exactly what changed.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..content import hubs
from ..content.related import related
from ..content.render import RenderOptions, project_page
from ..data.catalog import Catalog
from ..data.kinds import BUILTIN, Kind
from ..data.model import PROJECT_FOLDER


def generated_folders(kinds: dict[str, Kind]) -> tuple[str, ...]:
    """The folders the generator owns: the project pages' and each kind's hub folder."""
    return (PROJECT_FOLDER, *(kind.folder for kind in kinds.values()))


GENERATED_FOLDERS = generated_folders(BUILTIN)
"""The generated folders of a handbook with the built-in kinds only."""


@dataclass
class WriteReport:
    """What :func:`write_pages` did, for logging and tests."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def generate(catalog: Catalog, options: RenderOptions) -> dict[str, str]:
    """Every generated page as ``{relative path: MyST text}``."""
    pages: dict[str, str] = {}
    similar = related(list(catalog.projects.values()))
    for project in catalog.projects.values():
        others = similar[project.id]
        # The page shows the related projects' titles, so it must change when they do.
        stamp = hubs.digest(catalog.vocabulary_digest, [(i, catalog.projects[i].title) for i in others])
        pages[f"{project.docname}.md"] = project_page(project, catalog.vocabulary, options, stamp, others)
    for kind in catalog.kinds.values():
        pages[f"{kind.folder}/index.md"] = hubs.kind_page(kind.name, catalog)
        for term in catalog.vocabulary.sorted(kind.name):
            for docname, text in hubs.term_pages(term, catalog).items():
                pages[f"{docname}.md"] = text
    return pages


def copy_sources(docs: Path, target: Path) -> Path:
    """A copy of the hand-written handbook sources, without build output or generated pages."""
    shutil.copytree(docs, target, ignore=shutil.ignore_patterns("_build", *GENERATED_FOLDERS))
    return target


def write_pages(srcdir: Path, pages: dict[str, str], folders: tuple[str, ...] = GENERATED_FOLDERS) -> WriteReport:
    """Make the generated *folders* under *srcdir* hold exactly *pages*."""
    report = WriteReport()
    for relative, text in sorted(pages.items()):
        target = srcdir / relative
        data = text.encode("utf-8")
        try:
            if target.read_bytes() == data:
                report.unchanged += 1
                continue
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        report.written.append(relative)
    for folder in folders:
        for path in sorted((srcdir / folder).glob("**/*")):
            relative = path.relative_to(srcdir).as_posix()
            if path.is_file() and relative not in pages:
                path.unlink()
                report.removed.append(relative)
    return report


def files_unchanged(folder: Path, marker: Path, stamp: str) -> bool:
    """True when the files in *folder* were written from the same *stamp* (data, code and
    options) and all still exist; the generated pages and the open data use it."""
    try:
        recorded = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return recorded.get("stamp") == stamp and all((folder / name).is_file() for name in recorded.get("files", ()))


def remember_files(marker: Path, stamp: str, files: Iterable[str]) -> None:
    """Record which files were written from *stamp*, for :func:`files_unchanged` next time."""
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps({"stamp": stamp, "files": sorted(files)}), encoding="utf-8")
