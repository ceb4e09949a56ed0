"""Write the generated MyST pages into the Sphinx source folder, touching only what changed.

The generator owns the files it wrote, not the folders in :func:`generated_folders`: every
page it writes carries :data:`OWNER_KEY` in its front matter, and only such a file is
deleted when the catalog no longer produces it (a removed project leaves no page). A file a
person put in one of these folders is left alone, and never overwritten. The mark travels
with the file, so it holds for every builder and build folder, and after ``rm -rf _build``.
A file is rewritten only when its text differs, so Sphinx re-reads exactly what changed.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.errors import SphinxError

from ..content import hubs, nearby
from ..content.related import reason, related
from ..content.render import RenderOptions, project_page
from ..data.catalog import Catalog
from ..data.kinds import BUILTIN, Kind
from ..data.model import PROJECT_FOLDER
from .completion import write_atomically


def generated_folders(kinds: dict[str, Kind]) -> tuple[str, ...]:
    """The folders the generator owns: the project pages' and each kind's hub folder."""
    return (PROJECT_FOLDER, *(kind.folder for kind in kinds.values()))


GENERATED_FOLDERS = generated_folders(BUILTIN)
"""The generated folders of a handbook with the built-in kinds only."""

OWNER_KEY = "handbook-data"
"""The front-matter key every generated page has (``content.render.front_matter``,
``content.hubs.kind_page``): a file with it was written by the generator and may be
replaced or deleted by it; a file without it belongs to a person."""


class HandMadeFileError(SphinxError):
    """A generated page would overwrite a file that a person wrote."""

    category = "En egen fil står i vägen för en genererad sida"


@dataclass
class WriteReport:
    """What :func:`write_pages` did, for logging and tests."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Files in the generated folders that the generator did not write: left as they are."""


def generate(catalog: Catalog, options: RenderOptions) -> dict[str, str]:
    """Every generated page as ``{relative path: MyST text}``."""
    pages = project_pages(catalog, options)
    for kind in catalog.kinds.values():
        pages[f"{kind.folder}/index.md"] = hubs.kind_page(kind.name, catalog)
        for term in catalog.hub_terms(kind.name):
            for docname, text in hubs.term_pages(term, catalog, options.contacts).items():
                pages[f"{docname}.md"] = text
    return pages


def project_pages(catalog: Catalog, options: RenderOptions, only: Collection[str] | None = None) -> dict[str, str]:
    """The project pages (those of the ids in *only*, if given), as :func:`generate` writes them;
    the live preview's first pass renders the edited project's page alone."""
    pages: dict[str, str] = {}
    similar = related(list(catalog.projects.values()), only=only)
    regions = nearby.project_sections(catalog)
    for project in catalog.projects.values():
        if only is not None and project.id not in only:
            continue
        others = similar[project.id]
        why = {i: reason(project, catalog.projects[i], catalog.vocabulary) for i in others}
        region = regions.get(project.id, "")
        # The page shows the related projects' titles and what they share, so it must change when they do;
        # so does its region's list.
        stamp = hubs.digest(
            catalog.vocabulary_digest,
            [(i, catalog.projects[i].title, why[i]) for i in others],
            region,
            hubs.titles_linked(region, catalog),
        )
        pages[f"{project.docname}.md"] = project_page(
            project, catalog.vocabulary, options, stamp, others, reasons=why, region=region
        )
    return pages


def copy_sources(docs: Path, target: Path) -> Path:
    """A copy of the hand-written handbook sources, without build output or generated pages."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {name for name in names if name == "_build"}
        if Path(folder).relative_to(docs).parts[:1] in {(name,) for name in GENERATED_FOLDERS}:
            skipped |= {name for name in names if is_generated_file(Path(folder) / name)}
        return skipped

    shutil.copytree(docs, target, ignore=ignore)
    return target


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


def write_pages(srcdir: Path, pages: dict[str, str], folders: tuple[str, ...] = GENERATED_FOLDERS) -> WriteReport:
    """Write *pages* under *srcdir* and delete the generated pages that are no longer in it.

    Files without the generator's mark are kept and reported, and a page that would replace
    one stops the build before anything is written.
    """
    report = WriteReport()
    blocked = sorted(r for r in pages if (srcdir / r).exists() and not is_generated_file(srcdir / r))
    if blocked:
        raise HandMadeFileError(
            f"{', '.join(blocked)}: filen är inte genererad av handboken, men en genererad sida behöver namnet. "
            "Flytta eller byt namn på den egna filen och bygg igen."
        )
    for relative, text in sorted(pages.items()):
        target = srcdir / relative
        data = text.encode("utf-8")
        try:
            if target.read_bytes() == data:
                report.unchanged += 1
                continue
        except FileNotFoundError:
            pass
        write_atomically(target, data)
        report.written.append(relative)
    for folder in folders:
        for path in sorted((srcdir / folder).glob("**/*")):
            relative = path.relative_to(srcdir).as_posix()
            if not path.is_file() or relative in pages:
                continue
            if is_generated_file(path):
                path.unlink()
                report.removed.append(relative)
            else:
                report.kept.append(relative)
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
