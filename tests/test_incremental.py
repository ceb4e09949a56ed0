"""Incremental equals clean (issue 15): after any sequence of edits and interrupted builds, an
incremental build gives byte for byte the site a clean build gives.

Random sequences of add, edit, retitle, rename and delete, follow-up edits (a sourced result, a status,
a lesson, its removal) and successor links run on a small copy of real projects,
with builds in between, some of them killed with SIGKILL part-way. A declared kind comes and goes
(``kinds.yaml``, its vocabulary, the projects' field and a page that lists it), and the settings
change between builds: search on and off, a base URL or none, each contacts mode. Then the incremental
build is compared with a clean build of the same files and settings: every HTML page, the open data,
the feeds, the sitemap, and for Pagefind the page count and each page's filters, result fields and
the page order.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import test_kinds
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sphinx.cmd.build import build_main

import servicehandbok
from conftest import PROJECTS, examples, pagefind_order
from servicehandbok.data.kinds import BUILTIN
from servicehandbok.sphinxext.core.names import GENERATED_FOLDERS

pytestmark = pytest.mark.slow

POOL = [
    "coompanion-leaxw",
    "urnara-umearegionen",
    "uppsala-servicepunkter",
    "bjorbo-pakethantering",
    "pipos-serviceanalys",
    "ydre-servicepunkter",
]
START = POOL[:3]
CONF = 'extensions = ["servicehandbok"]\nlanguage = "sv"\nhtml_theme = "basic"\nservicehandbok_projects = "projects"\n'
INDEX = (
    "# Testhandbok\n\n```{handbook:summary}\n```\n\n## Per län\n\n```{handbook:stats} region\n```\n\n"
    "```{toctree}\n" + "".join(f"{kind.folder}/index\n" for kind in BUILTIN.values()) + "```\n"
)
ARGS = ["-q", "-b", "html"]
SETTINGS = (
    {},
    {"servicehandbok_search": "0"},
    {"html_baseurl": ""},
    {"servicehandbok_contacts": "role"},
    {"servicehandbok_contacts": "hidden", "servicehandbok_search": "0", "html_baseurl": ""},
    {"servicehandbok_contacts": "hidden"},
)
"""What a step may switch to: each overrides :data:`DEFAULTS` (the first is the defaults themselves).
Contacts hidden with search on: the search index must follow the contacts mode too."""
DEFAULTS = {"html_baseurl": "https://example.org/", "servicehandbok_search": "1", "servicehandbok_contacts": "full"}
COMPARED = (".html", ".json", ".csv", ".atom", ".xml")
EXT = str(Path(servicehandbok.__file__).parents[1])


def available() -> list[str]:
    return [p for p in POOL if (PROJECTS / f"{p}.yaml").is_file()]


def make_source(folder: Path) -> Path:
    (folder / "projects").mkdir(parents=True)
    shutil.copytree(PROJECTS / "_schema", folder / "projects" / "_schema")
    shutil.copytree(PROJECTS / "_vocabulary", folder / "projects" / "_vocabulary")
    (folder / "conf.py").write_text(CONF, encoding="utf-8")
    (folder / "index.md").write_text(INDEX, encoding="utf-8")
    for project_id in START:
        shutil.copy(PROJECTS / f"{project_id}.yaml", folder / "projects" / f"{project_id}.yaml")
    return folder


def arguments(source: Path, out: Path, setting: int = 0) -> list[str]:
    """The command line of a build with the settings numbered *setting* in :data:`SETTINGS`; the doctrees
    lie beside the output folder (hidden contacts refuse doctrees inside the published folder)."""
    values = {**DEFAULTS, **SETTINGS[setting]}
    overrides = [arg for name, value in values.items() for arg in ("-D", f"{name}={value}")]
    return [*ARGS, *overrides, "-d", str(doctrees(out)), str(source), str(out)]


def doctrees(out: Path) -> Path:
    return out.with_name(f"{out.name}-doctrees")


def build(source: Path, out: Path, setting: int = 0) -> None:
    """One build in this process (faster than a new interpreter); it must succeed without warnings."""
    code = build_main(["-W", *arguments(source, out, setting)])
    assert code == 0, f"build of {source} with {SETTINGS[setting]} failed"


def start_build(source: Path, out: Path, setting: int = 0) -> subprocess.Popen[bytes]:
    """A build in a child process, so that it can be killed part-way."""
    env = {**os.environ, "PYTHONPATH": EXT + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen(
        [sys.executable, "-m", "sphinx", *arguments(source, out, setting)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )


def killed_build(source: Path, out: Path, after: float, setting: int = 0) -> None:
    """A build in a child process, killed with SIGKILL *after* seconds (or left to finish)."""
    child = start_build(source, out, setting)
    try:
        child.wait(timeout=after)
    except subprocess.TimeoutExpired:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()


def project_files(source: Path) -> list[Path]:
    return sorted((source / "projects").glob("*.yaml"))


KIND = {**test_kinds.KIND, "feed": True}
KIND_TERMS = [{"id": "kommun", "name": "Kommun"}, {"id": "forening", "name": "Förening"}]


def toggle_kind(source: Path, pick: int) -> None:
    """Declare the extra kind, tag some projects and list its overview in the start page's toctree; or,
    when it is declared, take all of that away again, as a person would."""
    vocabulary = source / "projects" / "_vocabulary"
    declared = (vocabulary / "kinds.yaml").exists()
    for index, path in enumerate(project_files(source)):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if declared:
            data.pop(KIND["field"], None)
        elif (index + pick) % 2 == 0:
            data[KIND["field"]] = [KIND_TERMS[(index + pick) % len(KIND_TERMS)]["id"]]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if declared:
        (vocabulary / "kinds.yaml").unlink()
        (vocabulary / KIND["file"]).unlink()
        (source / "index.md").write_text(INDEX, encoding="utf-8")
    else:
        (vocabulary / "kinds.yaml").write_text(yaml.safe_dump([KIND], allow_unicode=True), encoding="utf-8")
        (vocabulary / KIND["file"]).write_text(yaml.safe_dump(KIND_TERMS, allow_unicode=True), encoding="utf-8")
        (source / "index.md").write_text(
            INDEX.removesuffix("```\n") + f"{KIND['folder']}/index\n```\n", encoding="utf-8"
        )


def apply(source: Path, op: tuple[str, int, int]) -> None:
    """Apply one operation; indices pick among the files that exist, so every op is meaningful."""
    kind, pick, salt = op
    files = project_files(source)
    if kind == "kind":
        toggle_kind(source, pick)
        return
    if kind == "add":
        missing = [p for p in available() if not (source / "projects" / f"{p}.yaml").exists()]
        ids = {yaml.safe_load(f.read_text(encoding="utf-8"))["id"] for f in files}
        missing = [p for p in missing if p not in ids]
        if missing:
            chosen = missing[pick % len(missing)]
            shutil.copy(PROJECTS / f"{chosen}.yaml", source / "projects" / f"{chosen}.yaml")
        return
    if not files or (kind == "delete" and len(files) <= 1):
        return
    path = files[pick % len(files)]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if kind == "delete":
        path.unlink()
        drop_dangling(source)
        return
    if kind == "edit":
        data["purpose"] = f"{data['purpose']} Ändrad {salt}."
    elif kind == "followup":
        follow_up(data, salt)
    elif kind == "successor":
        others = [f.stem for f in files if f != path]
        if not others:
            return
        data.setdefault("sources", []).append({**SOURCE, "id": f"foljare-{salt}"})
        successor = {"project": others[salt % len(others)], "relation": "followed-by", "sources": [f"foljare-{salt}"]}
        outcome = data.setdefault("outcome", {"searched": "2026-12-07"})
        outcome["successors"] = [successor]
    elif kind == "retitle":
        # A new first letter moves the project in title order (and so every sort key and list).
        data["title"] = f"{'ABÅÖZ'[salt % 5]}{salt} {data['title']}"
    elif kind == "rename":
        path.unlink()
        data["id"] = f"{data['id'][:40]}-{salt}"
        path = path.with_name(f"{data['id']}.yaml")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if kind == "rename":
        drop_dangling(source)


def drop_dangling(source: Path) -> None:
    """Successor links to a project that was deleted or renamed are removed, as the check would demand."""
    present = {f.stem for f in project_files(source)}
    for path in project_files(source):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        successors = data.get("outcome", {}).get("successors", [])
        kept = [s for s in successors if s.get("project", next(iter(present))) in present]
        if kept != successors:
            data["outcome"]["successors"] = kept
            if not kept:
                del data["outcome"]["successors"]
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


SOURCE = {
    "id": "uppfoljning",
    "title": "Uppföljning i test",
    "publisher": "Testkommunen",
    "url": "https://example.org/uppfoljning",
    "read": "2026-12-07",
    "kind": "owner-news",
}


def follow_up(data: dict, salt: int) -> None:
    """Edit what happened: remove the follow-up, add a sourced result, or report a status."""
    if salt % 3 == 0:
        data.pop("outcome", None)
        data.pop("sources", None)
        for entry in data.get("provenance", {}).values():
            entry.pop("sources", None)
        return
    sources = data.setdefault("sources", [])
    if not any(s["id"] == SOURCE["id"] for s in sources):
        sources.append(dict(SOURCE))
    outcome = data.setdefault("outcome", {"searched": "2026-12-07"})
    if salt % 3 == 1:
        outcome.setdefault("results", []).append({"text": f"Resultat {salt}.", "sources": [SOURCE["id"]]})
    else:
        outcome["status"] = {"value": "cancelled" if salt % 2 else "finished", "sources": [SOURCE["id"]]}
        outcome.setdefault("worked", []).append(
            {"text": f"Lärdom {salt}.", "sources": [SOURCE["id"]], "factors": ["plan"]}
        )


def pagefind_pages(out: Path) -> dict[str, object] | None:
    """Pagefind's view of the site: each indexed page's filters and result fields by URL, and the page order
    (``None`` without an index: search turned off)."""
    if not (out / "pagefind").exists():
        return None
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages: dict[str, object] = {"count": sum(lang["page_count"] for lang in entry["languages"].values())}
    for fragment in (out / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        record = json.loads(data)
        pages[record["url"]] = {"filters": record["filters"], "meta": record["meta"]}
    pages["order"] = pagefind_order(out)  # browsing lists projects in this order: by title
    return pages


def snapshot(out: Path) -> dict[str, object]:
    files = {
        path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("*"))
        if path.is_file()
        and path.suffix in COMPARED
        and not path.relative_to(out).parts[0].startswith((".", "_", "pagefind"))
    }
    return {"files": files, "pagefind": pagefind_pages(out)}


def state_key(source: Path, setting: int = 0) -> str:
    digest = hashlib.sha256(f"{setting}\0".encode())
    vocabulary = source / "projects" / "_vocabulary"
    for path in [*project_files(source), vocabulary / "kinds.yaml", vocabulary / KIND["file"], source / "index.md"]:
        if path.exists():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


CLEAN: dict[str, dict[str, object]] = {}
"""Snapshots of clean builds, by the state of the sources and the settings (several sequences reach the same)."""


def clean_snapshot(source: Path, work: Path, setting: int = 0) -> dict[str, object]:
    key = state_key(source, setting)
    if key not in CLEAN:
        fresh = work / f"clean-{key[:12]}"
        shutil.copytree(source, fresh / "src", ignore=shutil.ignore_patterns(*GENERATED_FOLDERS, KIND["folder"]))
        build(fresh / "src", fresh / "out", setting)
        CLEAN[key] = snapshot(fresh / "out")
        shutil.rmtree(fresh)
    return CLEAN[key]


operations = st.tuples(
    st.sampled_from(["add", "edit", "retitle", "rename", "delete", "followup", "successor", "kind"]),
    st.integers(0, 5),
    st.integers(1, 99),
)
steps = st.lists(
    st.one_of(
        operations,
        st.tuples(st.just("build"), st.just(0), st.just(0)),
        st.tuples(st.just("kill"), st.integers(5, 40), st.just(0)),
        st.tuples(st.just("settings"), st.integers(0, len(SETTINGS) - 1), st.just(0)),
    ),
    min_size=1,
    max_size=6,
)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The starting sources and their built output, copied for each sequence instead of built again."""
    work = tmp_path_factory.mktemp("baseline")
    source = make_source(work / "src")
    build(source, work / "out")
    return work


@settings(
    max_examples=examples(8),  # CI: 4 derandomized sequences besides the explicit ones; nightly: 80 random
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
@given(sequence=steps)
# Found in CI: a retitled project named only by id in neighbouring län's "I närheten" lists left them stale.
@example(sequence=[("add", 0, 33), ("build", 0, 0), ("retitle", 1, 69), ("build", 0, 0), ("retitle", 3, 76)])
# Found while measuring: deleting the last projects with a kommun emptied the kommun register,
# and the pages not otherwise rewritten kept its link in their relation bar (and its page stayed).
@example(sequence=[("delete", 5, 60), ("delete", 3, 5), ("retitle", 4, 41)])
# Issue 31: a kind no longer declared left its hub pages and register in the output for good.
@example(sequence=[("kind", 0, 0), ("build", 0, 0), ("kind", 0, 0), ("build", 0, 0)])
# Issue 31: settings switched between builds: search off and on again, the base URL unset and set,
# contacts hidden, then by role.
@example(
    sequence=[
        ("settings", 1, 0),
        ("kind", 1, 0),
        ("build", 0, 0),
        ("settings", 4, 0),
        ("build", 0, 0),
        ("settings", 3, 0),
    ]
)
# Issue 31: contacts hidden with search on and a base URL, a kind declared, then everything shown again.
@example(sequence=[("settings", 5, 0), ("build", 0, 0), ("kind", 2, 0), ("settings", 0, 0)])
def test_incremental_build_equals_clean_build(baseline: Path, tmp_path_factory, sequence) -> None:
    work = tmp_path_factory.mktemp("sequence")
    source, out = work / "src", work / "out"
    shutil.copytree(baseline / "src", source)
    shutil.copytree(baseline / "out", out)
    shutil.copytree(doctrees(baseline / "out"), doctrees(out))
    setting = 0
    for op in sequence:
        if op[0] == "build":
            build(source, out, setting)
        elif op[0] == "kill":
            killed_build(source, out, after=op[1] / 10, setting=setting)
        elif op[0] == "settings":
            setting = op[1]
        else:
            apply(source, op)
            time.sleep(0.01)  # a new mtime for Sphinx's change detection
    build(source, out, setting)
    incremental = snapshot(out)
    clean = clean_snapshot(source, work, setting)
    assert incremental["pagefind"] == clean["pagefind"], sequence
    different = sorted(
        set(incremental["files"]) ^ set(clean["files"])
        | {k for k in incremental["files"] if clean["files"].get(k) not in (None, incremental["files"][k])}
    )
    assert different == [], (sequence, different)
    shutil.rmtree(work)


def test_a_build_killed_while_writing_is_redone(tmp_path: Path) -> None:
    """The case found by hand: delete a project, kill the build while it writes, build twice more."""
    source = make_source(tmp_path / "src")
    out = tmp_path / "out"
    build(source, out)
    (source / "projects" / f"{START[0]}.yaml").unlink()
    pickle = doctrees(out) / "environment.pickle"
    started = pickle.stat().st_mtime_ns
    child = start_build(source, out)
    # Kill it once it starts writing: Sphinx saves the environment just before.
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and child.poll() is None:
        try:
            if pickle.stat().st_mtime_ns != started:
                break
        except FileNotFoundError:
            pass
        time.sleep(0.01)
    assert child.poll() is None, "the build finished before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    build(source, out)
    build(source, out)
    title = yaml.safe_load((PROJECTS / f"{START[0]}.yaml").read_text(encoding="utf-8"))["title"]
    assert title not in (out / "index.html").read_text(encoding="utf-8")
    assert snapshot(out) == clean_snapshot(source, tmp_path)
