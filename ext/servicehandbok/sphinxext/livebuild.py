"""The live loop's full build: ``sphinx-build`` itself, ended without tearing down the interpreter.

At 1,000 projects a build process spent seconds after its last file was written freeing the
environment on exit, and the live loop waits for the process before it takes the next save.
The build is Sphinx's own command line (``python -m sphinx build`` with the same arguments);
only the exit is immediate, once the output streams are flushed.
"""

from __future__ import annotations

import os
import sys

from sphinx.cmd.build import main


def run(argv: list[str]) -> None:
    code = main(argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run(sys.argv[1:])
