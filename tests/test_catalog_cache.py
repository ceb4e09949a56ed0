"""The catalog cache: a build with no change neither reads the vocabulary nor compiles the schema
again, and any edit of a vocabulary file, a schema or a project is seen."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_projects
from servicehandbok.data import catalog, validate
from servicehandbok.data.catalog import load_catalog


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the costly steps as they run: reading the vocabulary, compiling the schema."""
    seen: list[str] = []
    read, compile_schema = catalog.load_vocabulary, validate.schema_validator
    monkeypatch.setattr(catalog, "load_vocabulary", lambda folder: seen.append("vocabulary") or read(folder))
    monkeypatch.setattr(validate, "schema_validator", lambda schema: seen.append("schema") or compile_schema(schema))
    return seen


def test_an_unchanged_folder_is_loaded_from_the_cache_alone(tmp_path: Path, calls: list[str]) -> None:
    folder = copy_projects(tmp_path / "projects", ["bjorbo-pakethantering", "uppsala-servicepunkter"])
    cache = tmp_path / "catalog.pickle"
    first = load_catalog(folder, cache)
    assert calls == ["vocabulary", "schema"]

    again = load_catalog(folder, cache)
    assert calls == ["vocabulary", "schema"]  # neither ran again
    assert again.vocabulary == first.vocabulary and again.problems == first.problems
    assert again.projects == first.projects and again.digest == first.digest


def test_an_edited_vocabulary_file_is_read_again(tmp_path: Path, calls: list[str]) -> None:
    folder = copy_projects(tmp_path / "projects", ["bjorbo-pakethantering"])
    cache = tmp_path / "catalog.pickle"
    load_catalog(folder, cache)
    methods = folder / "_vocabulary" / "methods.yaml"
    methods.write_text(
        methods.read_text(encoding="utf-8").replace("name: Lokalekonomisk analys (LEA)", "name: Lokal ekonomi (LEA)"),
        encoding="utf-8",
    )
    edited = load_catalog(folder, cache)
    assert calls == ["vocabulary", "schema", "vocabulary", "schema"]
    assert edited.vocabulary.terms["method"]["lea"].name == "Lokal ekonomi (LEA)"


def test_an_edited_project_compiles_the_schema_but_keeps_the_vocabulary(tmp_path: Path, calls: list[str]) -> None:
    folder = copy_projects(tmp_path / "projects", ["bjorbo-pakethantering", "uppsala-servicepunkter"])
    cache = tmp_path / "catalog.pickle"
    load_catalog(folder, cache)
    path = folder / "uppsala-servicepunkter.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  - uppsala\nmunicipalities", "  - atlantis\nmunicipalities", 1)
    )
    edited = load_catalog(folder, cache)
    assert calls == ["vocabulary", "schema", "schema"]
    assert "uppsala-servicepunkter" not in edited.projects
    assert any(p.path.name == "uppsala-servicepunkter.yaml" and "atlantis" in p.message for p in edited.errors)
