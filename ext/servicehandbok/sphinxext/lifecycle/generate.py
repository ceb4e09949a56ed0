"""Write the generated MyST pages into the Sphinx source folder, touching only what changed.

The generator owns the folders in :func:`..core.names.generated_folders`: every document in them is
a page it writes (the one definition of "generated", :mod:`..core.names`). So a document a person
puts there is refused, in every build and with one line naming it: the built-in folders are
ignored by git, so a page kept there would be published from one machine and missing from the
next checkout, and the generator may need its name later (a new term). Each page the generator
writes carries its mark and a seal (:func:`..core.names.seal`); a marked page whose seal no longer
matches was edited by hand, and is moved aside to a backup folder, with a warning, before it is
replaced or removed. Nothing a person wrote is deleted. Other files (notes, images) are left alone.
The mark and seal travel with the file, so all this holds for every builder and build folder,
and after ``rm -rf _build``. A file is rewritten only when its text differs, so Sphinx re-reads
exactly what changed. Pages of a kind no longer declared (a folder of marked pages that no kind
has now) are removed the same way.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ...content import hubs, nearby
from ...content.related import reason, related
from ...content.render import RenderOptions, project_page
from ...data.catalog import Catalog
from ..core.files import write_atomically
from ..core.names import GENERATED_FOLDERS, intact, is_generated_file, is_generated_text, seal
from ..core.stop import BuildStopped, stop

DOCUMENT_SUFFIXES = (".md", ".rst")
"""Files Sphinx reads as pages (``source_suffix``); the build passes its own."""
BACKUP_FOLDER = "servicehandbok-sparade-sidor"
"""Where a generated page edited by hand is kept, beside the output folder (``docs/_build/``)."""
BACKUP_SUFFIX = ".bak"
"""Added to a kept page's name, so that no build reads it as a page wherever the folder lies."""
_FOLDER_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
"""A kind's folder is an id (the vocabulary schema): only such a folder can hold a removed kind's pages."""


class HandMadeFileError(BuildStopped):
    """A document a person wrote lies in a folder the generator owns."""


@dataclass
class WriteReport:
    """What :func:`write_pages` did, for logging and tests."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    """Generated pages deleted (their source path): the catalog no longer makes them."""
    kept: list[str] = field(default_factory=list)
    """Files in the generated folders that are no pages (notes, images): left as they are."""
    kept_aside: list[tuple[str, Path]] = field(default_factory=list)
    """Generated pages a person edited: their source path and where the edited text was moved."""


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
        before = catalog.predecessors(project.id)
        stamp = hubs.digest(
            catalog.vocabulary_digest,
            [(i, catalog.projects[i].title, why[i]) for i in others],
            region,
            hubs.titles_linked(region, catalog),
            [(earlier.id, earlier.title, successor.relation) for earlier, successor in before],
        )
        pages[f"{project.docname}.md"] = project_page(
            project, catalog.vocabulary, options, stamp, others, reasons=why, region=region, predecessors=before
        )
    return pages


def copy_sources(docs: Path, target: Path) -> Path:
    """A copy of the hand-written handbook sources, without build output or generated pages."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {name for name in names if name == "_build"}
        if Path(folder) == docs:  # the built-in generated folders, and any generated page elsewhere
            skipped |= {name for name in names if name in GENERATED_FOLDERS}
        return skipped | {name for name in names if is_generated_file(Path(folder) / name)}

    shutil.copytree(docs, target, ignore=ignore)
    return target


def _files(folder: Path) -> Iterator[Path]:
    """Every file under *folder*, in a stable order (none if it does not exist)."""
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            yield Path(root, name)


def _documents(folder: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    return (path for path in _files(folder) if path.suffix in suffixes and not path.name.startswith("."))


def removed_kind_folders(srcdir: Path, folders: Collection[str], skip: Iterable[Path] = ()) -> list[str]:
    """Top folders of *srcdir* that hold pages the generator wrote but are none of the generated
    *folders* now: the hub folders of a kind that is no longer declared (or was given another
    folder). *skip* are folders never searched (the build's output and doctree folders)."""
    skipped = {path.resolve() for path in skip}
    found = []
    for entry in sorted(srcdir.iterdir()) if srcdir.is_dir() else ():
        if entry.name in folders or not _FOLDER_NAME.fullmatch(entry.name) or not entry.is_dir():
            continue
        if entry.resolve() in skipped:
            continue
        if any(is_generated_file(path) for path in _documents(entry, (".md",))):
            found.append(entry.name)
    return found


def hand_written(srcdir: Path, folders: Iterable[str], suffixes: tuple[str, ...] = DOCUMENT_SUFFIXES) -> list[str]:
    """The documents in the generated *folders* without the generator's mark: pages a person put there."""
    return [
        path.relative_to(srcdir).as_posix()
        for folder in folders
        for path in _documents(srcdir / folder, suffixes)
        if not is_generated_file(path)
    ]


def file_location(path: Path) -> str:
    """``file:1:1`` for a message about a whole file, the path relative to the working folder where it lies under it."""
    with contextlib.suppress(ValueError):
        path = path.resolve().relative_to(Path.cwd().resolve())
    return f"{path.as_posix()}:1:1"


def refuse_hand_written(srcdir: Path, found: list[str], pages: Collection[str] = ()) -> None:
    """Stop the build, one line per document a person put in a generated folder (:func:`hand_written`)."""
    if not found:
        return
    problems = []
    for relative in found:
        folder = relative.split("/", 1)[0]
        if relative in pages:
            message = (
                f"filen är inte skriven av handboken, men handboken skriver sidan {relative} ur projektfilerna "
                f"och mappen {folder}/ är bara för sådana sidor — flytta den egna filen ur mappen; "
                "ändra i projektfilerna för att ändra sidan"
            )
        else:
            message = (
                f"filen är inte skriven av handboken, men mappen {folder}/ är bara för sidor som handboken "
                "skriver ur projektfilerna — flytta den egna sidan till en annan mapp och bygg igen"
            )
        problems.append((file_location(srcdir / relative), message))
    one = len(found) == 1
    stop(
        problems,
        f"Bygget stoppades: {len(found)} {'egen sida' if one else 'egna sidor'} i mappar som handboken skriver "
        f"(listan ovan). Flytta {'den' if one else 'dem'} och bygg igen.",
        HandMadeFileError,
    )


def _backup(srcdir: Path, relative: str, backup: Path) -> Path:
    """Move the edited page *relative* into *backup*, under a name no earlier backup has."""
    target = backup / f"{relative}{BACKUP_SUFFIX}"
    number = 1
    while target.exists():
        number += 1
        target = backup / f"{relative}.{number}{BACKUP_SUFFIX}"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(srcdir / relative, target)
    return target


def write_pages(
    srcdir: Path,
    pages: dict[str, str],
    folders: tuple[str, ...] = GENERATED_FOLDERS,
    *,
    backup: Path | None = None,
    suffixes: tuple[str, ...] = DOCUMENT_SUFFIXES,
    skip: Iterable[Path] = (),
) -> WriteReport:
    """Write *pages* (sealed) under *srcdir*, and delete the generated pages that are no longer in it,
    in the generated *folders* and in the folders of kinds no longer declared.

    A document without the generator's mark in a generated folder stops the build before anything
    is written (:func:`refuse_hand_written`). A marked page whose seal no longer matches is moved
    into *backup* (``srcdir/_build/`` + :data:`BACKUP_FOLDER` if not given) before it is replaced or
    deleted. Files that are no pages are left alone and reported.
    """
    report = WriteReport()
    refuse_hand_written(srcdir, hand_written(srcdir, folders, suffixes), pages)
    backup = backup if backup is not None else srcdir / "_build" / BACKUP_FOLDER
    sealed = {relative: seal(text).encode("utf-8") for relative, text in pages.items()}
    leftover = removed_kind_folders(srcdir, folders, skip)
    for relative, data in sorted(sealed.items()):
        target = srcdir / relative
        try:
            current = target.read_bytes()
        except FileNotFoundError:
            current = None
        if current == data:
            report.unchanged += 1
            continue
        if current is not None and not intact(current.decode("utf-8", errors="replace")):
            report.kept_aside.append((relative, _backup(srcdir, relative, backup)))
        write_atomically(target, data)
        report.written.append(relative)
    for folder in (*folders, *leftover):
        for path in list(_files(srcdir / folder)):
            relative = path.relative_to(srcdir).as_posix()
            if relative in sealed or path.name.startswith("."):
                continue
            text = path.read_text(encoding="utf-8", errors="replace") if path.suffix in suffixes else ""
            if not is_generated_text(text):  # no page (a note, an image), or a person's page where no kind is now
                if folder in folders:
                    report.kept.append(relative)
                continue
            if intact(text):
                path.unlink()
            else:
                report.kept_aside.append((relative, _backup(srcdir, relative, backup)))
            report.removed.append(relative)
        _prune(srcdir / folder, keep_top=folder in folders)
    return report


def _prune(folder: Path, *, keep_top: bool) -> None:
    """Remove the empty folders under *folder* (and *folder* itself, unless *keep_top*)."""
    if not folder.is_dir():
        return
    for root, _, _ in sorted(os.walk(folder), key=lambda entry: -len(entry[0])):
        path = Path(root)
        if (path != folder or not keep_top) and not any(path.iterdir()):
            path.rmdir()


PAGES_RECORD = "servicehandbok-pages.json"
"""In the doctree folder: the stamp the pages were written from, and each page's size and time."""


def remember_pages(record: Path, stamp: str, srcdir: Path, pages: Iterable[str]) -> None:
    """Record *stamp* and the size and time of each page as written, for :func:`pages_unchanged`."""
    files = {}
    for relative in sorted(pages):
        info = (srcdir / relative).stat()
        files[relative] = [info.st_size, info.st_mtime_ns]
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps({"stamp": stamp, "files": files}), encoding="utf-8")


def pages_unchanged(
    record: Path, stamp: str, srcdir: Path, folders: tuple[str, ...], suffixes: tuple[str, ...] = DOCUMENT_SUFFIXES
) -> bool:
    """True when the pages were written from *stamp* and are as written (size and time), and the
    generated folders hold no other document: then nothing needs to be generated or checked again."""
    try:
        recorded = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    files = recorded.get("files")
    if recorded.get("stamp") != stamp or not isinstance(files, dict):
        return False
    for relative, (size, mtime) in files.items():
        try:
            info = (srcdir / relative).stat()
        except OSError:
            return False
        if (info.st_size, info.st_mtime_ns) != (size, mtime):
            return False
    return all(
        path.relative_to(srcdir).as_posix() in files
        for folder in folders
        for path in _documents(srcdir / folder, suffixes)
    )
