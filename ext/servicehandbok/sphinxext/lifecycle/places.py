"""A kind's folder is a name the generator alone writes: no hand-written page or folder may have it.

``kinds.declare`` refuses the names the site itself always writes (the search page, the feeds,
Pagefind's folder, Sphinx's own, :data:`...data.kinds.SITE_NAMES`). What only the build knows is
checked here, in every build: the hand-written documents and folders in the source folder, the
projects folder if it lies there, and the pages ``conf.py`` adds. A clash would mix a person's
pages with generated ones, or with ``dirhtml`` (where ``om.md`` is written to ``om/index.html``,
as is the overview ``om/index.md``) write two pages to one file.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from ...data.catalog import Catalog
from ...data.kinds import check_folders
from ..core.config import handbook_config
from ..core.names import generated_folders, is_generated_file
from ..core.stop import BuildStopped, stop
from .generate import file_location, hand_written


class FolderTakenError(BuildStopped):
    """A kind's folder has the name of a page or folder a person made."""


def source_suffixes(app: Sphinx) -> tuple[str, ...]:
    """The file endings Sphinx reads as pages."""
    return tuple(app.config.source_suffix) or (".rst",)


def taken_names(app: Sphinx, catalog: Catalog) -> dict[str, str]:
    """Each name a declared kind's folder may not have in this build, with what has it."""
    srcdir = Path(app.srcdir)
    suffixes = source_suffixes(app)
    special = {
        Path(handbook_config(app).projects).resolve(): "projektfilerna",
        Path(app.outdir).resolve(): "byggets utmapp",
        Path(app.doctreedir).resolve(): "byggets dokumentträd",
    }
    taken = dict.fromkeys(app.config.html_additional_pages, "html_additional_pages i conf.py")
    for kind in catalog.kinds.values():
        if kind.declared is None:
            continue
        for suffix in suffixes:
            if (srcdir / f"{kind.folder}{suffix}").is_file():
                taken[kind.folder] = f"sidan {kind.folder}{suffix}"
        folder = srcdir / kind.folder
        if not folder.is_dir():
            continue
        if folder.resolve() in special:
            taken[kind.folder] = special[folder.resolve()]
            continue
        own = hand_written(srcdir, [kind.folder], suffixes)
        # A person's folder; one that also holds generated pages is the kind's, and its own pages are refused.
        if own and not any(is_generated_file(path) for path in folder.rglob("*.md")):
            taken[kind.folder] = f"mappen {kind.folder}/ med egna sidor ({own[0]})"
    return taken


def refuse_taken_folders(app: Sphinx, catalog: Catalog) -> None:
    """Stop the build when a kind's folder is taken by a hand-written page or folder: at the folder's
    line in ``kinds.yaml`` for a declared kind, at the page for the built-in folders."""
    srcdir = Path(app.srcdir)
    root = handbook_config(app).projects.parent
    problems = [(p.location(root), p.text()) for p in check_folders(catalog.kinds, taken_names(app, catalog))]
    declared = {kind.folder for kind in catalog.kinds.values() if kind.declared is not None}
    for folder in generated_folders(catalog.kinds):
        if folder in declared:
            continue
        for suffix in source_suffixes(app):
            page = srcdir / f"{folder}{suffix}"
            if page.is_file():
                problems.append(
                    (
                        file_location(page),
                        f"sidan har samma namn som handbokens mapp {folder}/ (med dirhtml blir båda "
                        f"{folder}/index.html) — byt namn på sidan",
                    )
                )
    if problems:
        stop(
            problems,
            f"Bygget stoppades: {len(problems)} namn används två gånger (listan ovan). Byt ett av dem och bygg igen.",
            FolderTakenError,
        )
