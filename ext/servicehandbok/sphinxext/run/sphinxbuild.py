"""``sphinx-build`` itself, ended without tearing down the interpreter: what ``nox -s docs`` and
the live loop (:mod:`.live`) run.

At 1,000 projects a build process spent 1.3-1.6 s of CPU after its last file was written,
freeing the environment and the doctrees on exit (a build with no change took 2.6-3.1 s of
user and system time with this command and 3.9-4.7 s with ``python -m sphinx build``). The build is Sphinx's
own command line with the same arguments; Sphinx closes its warning file (``-w``) itself, and
only the exit is immediate, once the output streams are flushed.

Usage: ``python -m servicehandbok.sphinxext.run.sphinxbuild [sphinx-build arguments]``.
"""

from __future__ import annotations

import os
import sys

from sphinx.cmd.build import main

from ...data.epoch import epoch_problem


def run(argv: list[str]) -> None:
    # Sphinx reads SOURCE_DATE_EPOCH as it starts, before any extension can check it, and crashes
    # on a value it cannot use (data/epoch.py): the handbook's own line comes first.
    problem = epoch_problem()
    if problem:
        raise SystemExit(f"Bygget stoppades: {problem}")
    code = main(argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run(sys.argv[1:])
