"""Configuration: every bad value stops Sphinx at start-up with a ConfigError that names it."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import fields
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS, copy_projects
from servicehandbok.content.render import RenderOptions
from servicehandbok.sphinxext.core.config import (
    SETTINGS,
    HandbookConfig,
    SettingError,
    from_config,
    handbook_config,
    readme_table,
)


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    """The test root with a projects folder holding only the schema and vocabularies."""
    target = tmp_path / "src"
    shutil.copytree(ROOTS / "test-handbook", target)
    copy_projects(target / "projects", ids=())
    return target


def start(srcdir: Path, **overrides: Any) -> SphinxTestApp:
    """Start (not build) Sphinx with *overrides*; ``config-inited`` has run when this returns."""
    app = SphinxTestApp("html", srcdir=srcdir, builddir=srcdir.parent / "build", confoverrides=overrides)
    app.cleanup()
    return app


def config_error(srcdir: Path, **settings: Any) -> str:
    """The error Sphinx stops with when conf.py sets *settings*."""
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.writelines(f"{name} = {value!r}\n" for name, value in settings.items())
    with pytest.raises(SettingError) as caught:
        start(srcdir)
    return "\n".join(caught.value.problems)


def test_the_typed_configuration_raises_a_config_error(srcdir: Path) -> None:
    """Outside Sphinx's start-up, building the object refuses a bad value with a ConfigError."""
    values = {setting.name: setting.default for setting in SETTINGS} | {"servicehandbok_contacts": "alla"}
    with pytest.raises(ConfigError, match=r"(?m)^servicehandbok_contacts = 'alla' går inte: tillåtna värden"):
        from_config(SimpleNamespace(**values), srcdir)  # type: ignore[arg-type]


BUILD_DAY = dt.date(2026, 1, 31)
BUILD_EPOCH = str(int(dt.datetime(2026, 1, 31, 12, tzinfo=dt.timezone.utc).timestamp()))


def test_defaults_become_one_typed_object(srcdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    settings = handbook_config(start(srcdir))
    assert settings == HandbookConfig(projects=(srcdir / "projects").resolve(), today=BUILD_DAY)
    assert settings.render_options() == RenderOptions(contacts="full", edit_url="", issue_url="", today=BUILD_DAY)


def test_without_source_date_epoch_the_build_date_is_today(srcdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert handbook_config(start(srcdir)).today == dt.date.today()


def test_every_setting_reaches_the_object(srcdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    settings = handbook_config(
        start(
            srcdir,
            servicehandbok_contacts="role",
            servicehandbok_search=False,
            servicehandbok_edit_url="https://example.org/edit/{path}",
            servicehandbok_issue_url="https://example.org/new?t={title}&i={id}",
            servicehandbok_form_page="lagg-till",
        )
    )
    assert (settings.contacts, settings.search) == ("role", False)
    assert settings.render_options() == RenderOptions(
        contacts="role",
        edit_url="https://example.org/edit/{path}",
        issue_url="https://example.org/new?t={title}&i={id}",
        today=BUILD_DAY,
        form_doc="lagg-till",
    )


def test_a_malformed_source_date_epoch_is_refused(srcdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "igår")
    values = {setting.name: setting.default for setting in SETTINGS} | {"servicehandbok_projects": "projects"}
    with pytest.raises(ConfigError, match=r"(?m)^SOURCE_DATE_EPOCH='igår' går inte: skriv sekunder sedan 1970"):
        from_config(SimpleNamespace(**values), srcdir)  # type: ignore[arg-type]


@pytest.mark.parametrize("page", ["lagg-till.md", "../x", "a b", "`x`"])
def test_form_page_must_be_a_document_name(srcdir: Path, page: str) -> None:
    values = {setting.name: setting.default for setting in SETTINGS} | {
        "servicehandbok_form_page": page,
        "servicehandbok_projects": "projects",
    }
    with pytest.raises(ConfigError, match=r"^servicehandbok_form_page = .* går inte: skriv sidans namn"):
        from_config(SimpleNamespace(**values), srcdir)  # type: ignore[arg-type]


def test_search_can_be_switched_off_from_the_command_line(srcdir: Path) -> None:
    assert handbook_config(start(srcdir, servicehandbok_search="0")).search is False


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"servicehandbok_contacts": "all"},
            "servicehandbok_contacts = 'all' går inte: tillåtna värden är 'full', 'role', 'hidden'.",
        ),
        (
            {"servicehandbok_contacts": "Hidden"},
            "servicehandbok_contacts = 'Hidden' går inte: tillåtna värden är 'full', 'role', 'hidden'.",
        ),
        ({"servicehandbok_search": "no"}, "servicehandbok_search = 'no' går inte: skriv True eller False."),
        (
            {"servicehandbok_edit_url": "http://example.org/{path}"},
            "servicehandbok_edit_url = 'http://example.org/{path}' går inte: adressen måste börja med https://.",
        ),
        (
            {"servicehandbok_issue_url": "javascript:alert(1)"},
            "servicehandbok_issue_url = 'javascript:alert(1)' går inte: adressen måste börja med https://.",
        ),
        (
            {"servicehandbok_edit_url": "https://example.org/{file}"},
            "servicehandbok_edit_url = 'https://example.org/{file}' går inte: {file} känns inte igen. "
            "Tillåtna platshållare: {path} och {id}.",
        ),
        (
            {"servicehandbok_issue_url": "https://example.org/new?t={title!r}"},
            "servicehandbok_issue_url = 'https://example.org/new?t={title!r}' går inte: {title!r} känns inte igen. "
            "Tillåtna platshållare: {id} och {title}.",
        ),
        (
            {"servicehandbok_issue_url": "https://example.org/new?t={0}"},
            "servicehandbok_issue_url = 'https://example.org/new?t={0}' går inte: {0} känns inte igen. "
            "Tillåtna platshållare: {id} och {title}.",
        ),
        (
            {"servicehandbok_edit_url": "https://example.org/{path"},
            "servicehandbok_edit_url = 'https://example.org/{path' går inte: expected '}' before end of string. "
            "Skriv platshållare som {path} och {id}; en klammer som ska synas skrivs {{ eller }}.",
        ),
        (
            {"servicehandbok_edit_url": 42},
            "servicehandbok_edit_url = 42 går inte: skriv en text, en https://-adress med {path} och {id}, eller ''.",
        ),
    ],
)
def test_bad_value_names_the_setting_and_what_is_allowed(srcdir: Path, settings: dict[str, Any], message: str) -> None:
    assert config_error(srcdir, **settings) == message


def test_missing_projects_folder_is_a_config_error(srcdir: Path) -> None:
    missing = (srcdir / "projekt").resolve()
    assert config_error(srcdir, servicehandbok_projects="projekt") == (
        f"servicehandbok_projects = 'projekt' går inte: {missing} — mappen finns inte. "
        "Ange mappen med projektfilerna (den med _schema/ och _vocabulary/), relativt till conf.py."
    )


def test_folder_without_schema_is_a_config_error(srcdir: Path) -> None:
    (srcdir / "tom").mkdir()
    message = config_error(srcdir, servicehandbok_projects="tom")
    assert message.startswith(f"servicehandbok_projects = 'tom' går inte: {(srcdir / 'tom').resolve()} — ")
    assert "saknar _schema/project.schema.json eller _vocabulary/" in message


def test_projects_folder_may_be_absolute_or_a_path(srcdir: Path) -> None:
    absolute = (srcdir / "projects").resolve()
    assert handbook_config(start(srcdir, servicehandbok_projects=str(absolute))).projects == absolute
    assert handbook_config(start(srcdir, servicehandbok_projects=absolute)).projects == absolute


def test_the_readme_documents_every_setting_as_the_code_declares_it() -> None:
    """One declaration per setting (HandbookConfig's field metadata) registers, checks and documents it."""
    readme = (ROOTS.parents[1] / "README.md").read_text(encoding="utf-8")
    assert readme_table() in readme
    assert [s.name for s in SETTINGS] == [f"servicehandbok_{f.name}" for f in fields(HandbookConfig) if f.metadata]
