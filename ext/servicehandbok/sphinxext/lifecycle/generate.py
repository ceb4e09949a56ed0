"""Write the generated MyST pages into the Sphinx source folder, touching only what changed.

The generator owns the files it wrote, not the folders in :func:`..core.names.generated_folders`:
every page it writes carries :data:`..core.names.OWNER_KEY` in its front matter, and only such a file is
deleted when the catalog no longer produces it (a removed project leaves no page). A file a
person put in one of these folders is left alone, and never overwritten. The mark travels
with the file, so it holds for every builder and build folder, and after ``rm -rf _build``.
A file is rewritten only when its text differs, so Sphinx re-reads exactly what changed.
"""

from __future__ import annotations

import shutil
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.errors import SphinxError

from ...content import hubs, nearby
from ...content.related import reason, related
from ...content.render import RenderOptions, project_page
from ...data.catalog import Catalog
from ..core.files import write_atomically
from ..core.names import GENERATED_FOLDERS, is_generated_file


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
        if Path(folder).relative_to(docs).parts[:1] in {(name,) for name in GENERATED_FOLDERS}:
            skipped |= {name for name in names if is_generated_file(Path(folder) / name)}
        return skipped

    shutil.copytree(docs, target, ignore=ignore)
    return target


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
