"""Files the build writes beside Sphinx's own: replaced in one step, and skipped when their stamp is unchanged.

A stamp is everything a group of files was written from (data digest, code, options). The
generated pages, the open data and the feeds record theirs in the doctree folder; a build
with the same stamp and every file still there writes none of them again.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomically(target: Path, data: bytes) -> None:
    """Replace *target* with *data* in one step: a reader or a killed build sees the old file or the new one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        # mkstemp makes the file private (0600); a web server running as another user must read it.
        Path(temporary).chmod(0o644)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
