"""Command line: ``servicehandbok check [folder]`` and ``servicehandbok new "Titel"``.

Imports nothing from Sphinx, so checking a thousand files takes about a second.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..data.catalog import load_catalog
from ..data.problems import printable


def check(folder: Path) -> int:
    """Print every problem as ``file:line:column: message — fix``; 1 if any is an error."""
    if not (folder / "_vocabulary").is_dir():
        print(
            f"{printable(str(folder))}: hittar ingen mapp _vocabulary här — ange mappen med projektfilerna, till exempel: servicehandbok check projects",
            file=sys.stderr,
        )
        return 2
    catalog = load_catalog(folder)
    root = folder.resolve().parent
    for problem in catalog.problems:
        print(problem.format(root))
    errors, warnings = len(catalog.errors), len(catalog.warnings)
    print(f"{len(catalog.projects)} projekt utan fel, {errors} fel, {warnings} varningar.", file=sys.stderr)
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="servicehandbok", description="Servicehandbokens verktyg för projektfiler.")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="kontrollera alla projektfiler")
    check_cmd.add_argument("folder", nargs="?", default="projects", type=Path)
    new_cmd = commands.add_parser("new", help="skapa en ny projektfil från en mall")
    new_cmd.add_argument("title")
    new_cmd.add_argument("--folder", default="projects", type=Path)
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.folder)
    from .scaffold import ScaffoldError, create

    try:
        path = create(args.folder, args.title)
    except ScaffoldError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Skrev {printable(str(path))}. Fyll i fälten och kör: nox -s check")
    return 0
