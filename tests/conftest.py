"""Shared fixtures: Sphinx's own testing fixtures plus a handbook built from chosen projects."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from sphinx.testing.util import SphinxTestApp

pytest_plugins = ["sphinx.testing.fixtures"]

REPO = Path(__file__).resolve().parents[1]
PROJECTS = REPO / "projects"
ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def copy_projects(target: Path, ids: Iterable[str] | None = None) -> Path:
    """A projects folder with the real schema and vocabularies and the chosen real projects."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(PROJECTS / "_schema", target / "_schema", dirs_exist_ok=True)
    shutil.copytree(PROJECTS / "_vocabulary", target / "_vocabulary", dirs_exist_ok=True)
    for path in sorted(PROJECTS.glob("*.yaml")):
        if ids is None or path.stem in ids:
            shutil.copy2(path, target / path.name)
    return target


def minimal_project(project_id: str = "testbyn", **fields: Any) -> dict[str, Any]:
    """The smallest valid project, with *fields* merged in (``None`` removes a field)."""
    data: dict[str, Any] = {
        "id": project_id,
        "title": "Testbyn - En servicepunkt",
        "lead_organisation": "Testbyns byalag",
        "category": "lokala-pilotprojekt",
        "regions": ["dalarna"],
        "methods": ["servicepunkter"],
        "period": {"end": "2019-07-31"},
        "budget": {"total": 1000, "support": 750},
        "purpose": "Att pröva en servicepunkt.",
        "source": {"title": "Testkälla"},
    }
    for key, value in fields.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def write_project(folder: Path, data: dict[str, Any], name: str | None = None) -> Path:
    path = folder / f"{name or data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@dataclass
class Built:
    app: SphinxTestApp
    status: str
    warnings: str

    @property
    def outdir(self) -> Path:
        return Path(self.app.outdir)

    def html(self, docname: str) -> str:
        return (self.outdir / f"{docname}.html").read_text(encoding="utf-8")


@pytest.fixture
def handbook(tmp_path: Path) -> Callable[..., Built]:
    """Build the test-handbook root with a projects folder of the caller's choice.

    The source folder persists between calls within one test, so incremental builds
    can be tested; any warning fails the build unless ``allow_warnings`` is set.
    """
    srcdir = tmp_path / "src"
    if not srcdir.exists():
        shutil.copytree(ROOTS / "test-handbook", srcdir)

    def build(
        projects: Path | None = None,
        *,
        parallel: int = 1,
        allow_warnings: bool = False,
        fresh: bool = False,
        **overrides: Any,
    ) -> Built:
        if projects is not None and projects != srcdir / "projects":
            if (srcdir / "projects").exists():
                shutil.rmtree(srcdir / "projects")
            shutil.copytree(projects, srcdir / "projects")
        builddir = tmp_path / "build"
        if fresh and builddir.exists():
            shutil.rmtree(builddir)
        status, warning = io.StringIO(), io.StringIO()
        app = SphinxTestApp(
            "html",
            srcdir=srcdir,
            builddir=builddir,
            status=status,
            warning=warning,
            parallel=parallel,
            confoverrides=overrides,
        )
        try:
            app.build()
        finally:
            app.cleanup()
        built = Built(app, status.getvalue(), warning.getvalue())
        if not allow_warnings:
            assert built.warnings == "", built.warnings
        return built

    build.srcdir = srcdir  # type: ignore[attr-defined]
    return build
