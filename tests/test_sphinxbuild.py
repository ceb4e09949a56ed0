"""``nox -s docs`` builds with ``python -m servicehandbok.sphinxext.run.sphinxbuild``: sphinx-build,
ended without the interpreter's teardown. The exit code, the output and the messages are still
sphinx-build's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, ROOTS, copy_projects


def sphinxbuild(srcdir: Path, outdir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "ext"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "servicehandbok.sphinxext.run.sphinxbuild",
            "-q",
            "-W",
            *extra,
            str(srcdir),
            str(outdir),
        ],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )


def test_the_quick_exit_keeps_the_output_the_warnings_file_and_the_exit_code(tmp_path: Path) -> None:
    srcdir = shutil.copytree(ROOTS / "test-handbook", tmp_path / "src")
    copy_projects(srcdir / "projects", ["bjorbo-pakethantering", "uppsala-servicepunkter"])
    done = sphinxbuild(srcdir, tmp_path / "out", "-w", str(tmp_path / "warnings.txt"))
    assert done.returncode == 0, done.stderr
    assert "Björbo" in (tmp_path / "out" / "projekt" / "bjorbo-pakethantering.html").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "pagefind" / "pagefind-entry.json").is_file()  # build-finished ran to its end

    broken = srcdir / "projects" / "uppsala-servicepunkter.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("regions:\n  - uppsala", "regions:\n  - atlantis", 1),
        encoding="utf-8",
    )
    failed = sphinxbuild(srcdir, tmp_path / "out", "-w", str(tmp_path / "warnings.txt"))
    assert failed.returncode != 0
    assert "uppsala-servicepunkter.yaml" in failed.stderr and "Traceback" not in failed.stderr
    assert "uppsala-servicepunkter.yaml" in (tmp_path / "warnings.txt").read_text(encoding="utf-8")
