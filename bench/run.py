"""Benchmark: the handbook against plain Sphinx at N = 100, 1,000 (and 10,000) projects.

Run with ``nox -s bench`` (``nox -s bench -- --large`` adds 10,000). For each N it builds,
in one run on this machine:

- handbook: full build, rebuild with no change, rebuild after editing one project,
  full build with ``-j auto``;
- baseline: every page the handbook generates (project and hub pages), pre-rendered to
  plain MyST with plain links instead of the handbook's roles (``plain.py``), built by plain
  Sphinx (MyST, sphinx-design, furo, no handbook): a full build, a rebuild with no change, and
  a rebuild after the same edit, with the pages whose text changed written again
  (``plain.refresh_baseline``): each target's floor;
- project pages: the N project pages alone, with the renderer's default options and roles
  replaced by their labels (the baseline of earlier rounds), the peer's floor;
- the peer: those project pages with one sphinx-needs need each (län, methods and
  funders as options) and a ``needtable`` per län (``peer.py``; needs the ``bench`` extra);
- the search index: Pagefind indexing time and size; the largest HTML page;
- ``servicehandbok check`` on the N files;
- one search as a reader meets it (``search_transfer.py``): the most bytes and the
  slowest first results over its scenarios, when Chromium is installed.

Times are medians over ``--repeat`` runs; ratios compare figures from the same run.
The table is printed and written as JSON to bench-results/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import peer
import plain
import search_transfer
from synthetic import generate

from servicehandbok.content.render import RenderOptions, project_page
from servicehandbok.data.catalog import load_catalog
from servicehandbok.data.model import PROJECT_FOLDER
from servicehandbok.sphinxext.lifecycle.generate import copy_sources
from servicehandbok.sphinxext.search.page import UNINDEXED_SELECTORS
from servicehandbok.sphinxext.search.pagefind import build_index

REPO = Path(__file__).resolve().parents[1]
CHILD = Path(__file__).with_name("sphinx_child.py")
ROLE = re.compile(r"\{handbook:([a-z]+)\}`([^`]*)`")
EXPLICIT = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)

PROJECT_PAGES_CONF = """
project = "Baseline"
language = "sv"
extensions = ["myst_parser", "sphinx_design", "sphinx_copybutton"]
myst_enable_extensions = ["fieldlist", "deflist"]
myst_url_schemes = ["http", "https", "mailto", "tel"]
html_theme = "furo"
html_copy_source = False
smartquotes = False
"""


CPU_SECONDS: dict[Path, list[float]] = {}
"""CPU seconds of every build, by source folder: on a shared machine they vary less than wall time."""


def sphinx(srcdir: Path, outdir: Path, *extra: str) -> tuple[float, float, str]:
    """Build once in a child process; return (seconds, peak MiB, output)."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(CHILD), "-q", "-b", "html", *extra, str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"build of {srcdir} failed:\n{result.stdout}\n{result.stderr}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    CPU_SECONDS.setdefault(srcdir, []).append(report["cpu_s"])
    return seconds, report["peak_rss_mb"], result.stderr


def handbook_src(work: Path, projects: Path) -> Path:
    srcdir = copy_sources(REPO / "docs", work / "handbook")
    conf = srcdir / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + f"\nservicehandbok_projects = {str(projects)!r}\n", encoding="utf-8"
    )
    return srcdir


def project_pages_src(work: Path, projects: Path) -> Path:
    """The project pages alone as plain MyST, with default options and roles replaced by their labels.

    The baseline of earlier rounds, kept as the peer's floor (``peer.py`` adds its needs to these pages)
    and to compare with them.
    """
    srcdir = work / "project-pages"
    (srcdir / PROJECT_FOLDER).mkdir(parents=True)
    (srcdir / "conf.py").write_text(PROJECT_PAGES_CONF, encoding="utf-8")
    (srcdir / "index.md").write_text("# Baseline\n\nProject pages are orphans, as in the handbook.\n", encoding="utf-8")
    catalog = load_catalog(projects)
    vocabulary = catalog.vocabulary

    def label(match: re.Match[str]) -> str:
        kind, content = match.groups()
        explicit = EXPLICIT.match(content)
        if explicit:  # {handbook:glossary}`härlett <harlett>` and the like: the words shown
            return explicit["title"]
        if kind == "project":
            return catalog.projects[content].title.replace("`", "")
        term = vocabulary.get(kind, content) if kind in catalog.kinds else None
        return term.label if term else content

    for project in catalog.projects.values():
        text = ROLE.sub(label, project_page(project, vocabulary, RenderOptions(), "baseline"))
        (srcdir / f"{project.docname}.md").write_text(text, encoding="utf-8")
    return srcdir


def largest_html(outdir: Path) -> tuple[str, int]:
    pages = [(p.stat().st_size, p.relative_to(outdir).as_posix()) for p in outdir.rglob("*.html")]
    size, name = max(pages)
    return name, size


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def measure(n: int, repeat: int, work: Path, *, parallel_build: bool = True, browser: bool = True) -> dict[str, object]:
    projects = work / "projects"
    generate(REPO / "projects", projects, n, with_real=True)
    src = handbook_src(work, projects)
    base = plain.baseline_src(work, src)
    pages = project_pages_src(work, projects)
    needs = peer.needs_src(work, pages, load_catalog(projects)) if peer.available() else None
    out, base_out, pages_out, needs_out = work / "out", work / "base-out", work / "pages-out", work / "needs-out"
    full, full_rss, no_change, edit_one, parallel, baseline, baseline_rss, check = [], [], [], [], [], [], [], []
    peer_full: list[float] = []
    full_cpu: list[float] = []
    baseline_cpu: list[float] = []
    pages_full: list[float] = []
    pages_cpu: list[float] = []
    peer_cpu: list[float] = []
    # Each rebuild of the handbook is paired with the same rebuild of the baseline: its floor.
    rebuilds: dict[str, list[float]] = {key: [] for key in REBUILDS}
    for _ in range(repeat):
        for folder in (out, base_out, pages_out, needs_out):
            shutil.rmtree(folder, ignore_errors=True)
        seconds, peak, _ = sphinx(src, out)
        full.append(seconds)
        full_rss.append(peak)
        full_cpu.append(CPU_SECONDS[src][-1])
        seconds, peak, _ = sphinx(base, base_out)
        baseline.append(seconds)
        baseline_rss.append(peak)
        baseline_cpu.append(CPU_SECONDS[base][-1])
        no_change.append(sphinx(src, out)[0])
        rebuilds["no_change_cpu_s"].append(CPU_SECONDS[src][-1])
        rebuilds["no_change_baseline_s"].append(sphinx(base, base_out)[0])
        rebuilds["no_change_baseline_cpu_s"].append(CPU_SECONDS[base][-1])
        target = projects / "syntetiskt-projekt-00001.yaml"
        text = target.read_text(encoding="utf-8")
        new_title = f"Ändrad titel {len(edit_one)}"
        target.write_text(
            re.sub(r"^title: .*$", f"title: {new_title}", text, count=1, flags=re.MULTILINE), encoding="utf-8"
        )
        edit_one.append(sphinx(src, out)[0])
        rebuilds["edit_one_cpu_s"].append(CPU_SECONDS[src][-1])
        method_hub = next((out / "metod").glob("*.html"))
        hubs = [p.read_text(encoding="utf-8") for p in (out / "metod").glob("*.html")]
        if not any(new_title in page for page in hubs):
            raise SystemExit(f"hub pages were not updated after editing one project ({method_hub.parent})")
        plain.refresh_baseline(base, src)
        rebuilds["edit_one_baseline_s"].append(sphinx(base, base_out)[0])
        rebuilds["edit_one_baseline_cpu_s"].append(CPU_SECONDS[base][-1])
        pages_full.append(sphinx(pages, pages_out)[0])
        pages_cpu.append(CPU_SECONDS[pages][-1])
        if needs is not None:
            peer_full.append(sphinx(needs, needs_out)[0])
            peer_cpu.append(CPU_SECONDS[needs][-1])
            if peer.need_id(1) not in "".join(
                p.read_text(encoding="utf-8") for p in (needs_out / "lan").glob("*.html")
            ):
                raise SystemExit(f"the sphinx-needs tables list no needs ({needs_out / 'lan'})")
        if parallel_build:
            shutil.rmtree(out)
            parallel.append(sphinx(src, out, "-j", "auto")[0])
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "servicehandbok.cli", "check", str(projects)], capture_output=True, check=True
        )
        check.append(time.perf_counter() - started)
    index = out / "pagefind"
    largest_name, largest_size = largest_html(out)
    pagefind_seconds = index_time(out)
    searches = search_transfer.measure(out) if browser and search_transfer.CHROMIUM.exists() else []
    return {
        "n": n,
        "full_build_s": median(full),
        "baseline_s": median(baseline),
        "ratio_full_to_baseline": _ratio(full, baseline),
        "project_pages_s": median(pages_full),
        "needs_s": median(peer_full) if peer_full else "n/a",
        "ratio_needs_to_project_pages": (_ratio(peer_full, pages_full) if peer_full else "n/a"),
        "full_cpu_s": median(full_cpu),
        "baseline_cpu_s": median(baseline_cpu),
        "project_pages_cpu_s": median(pages_cpu),
        "needs_cpu_s": median(peer_cpu) if peer_cpu else "n/a",
        "cpu_ratio_full_to_baseline": _ratio(full_cpu, baseline_cpu),
        "cpu_ratio_full_to_project_pages": _ratio(full_cpu, pages_cpu),
        "cpu_ratio_needs_to_project_pages": (_ratio(peer_cpu, pages_cpu) if peer_cpu else "n/a"),
        "no_change_rebuild_s": median(no_change),
        "edit_one_rebuild_s": median(edit_one),
        **{key: median(values) for key, values in rebuilds.items()},
        "cpu_ratio_no_change_to_baseline": _ratio(rebuilds["no_change_cpu_s"], rebuilds["no_change_baseline_cpu_s"]),
        "cpu_ratio_edit_one_to_baseline": _ratio(rebuilds["edit_one_cpu_s"], rebuilds["edit_one_baseline_cpu_s"]),
        "parallel_full_build_s": median(parallel) if parallel else "n/a",
        "check_s": median(check),
        "search_index_s": round(pagefind_seconds, 2),
        "search_index_mb": round(folder_size(index) / 2**20, 2),
        "largest_html": largest_name,
        "largest_html_kb": round(largest_size / 1024, 1),
        "peak_rss_mb": max(full_rss),
        "baseline_peak_rss_mb": max(baseline_rss),
        "search_kb": max((row["pagefind_kb"] for row in searches), default="n/a"),
        "first_results_ms": max((row["first_results_ms"] for row in searches), default="n/a"),
        "searches": searches,
    }


REBUILDS = (
    "no_change_cpu_s",
    "no_change_baseline_s",
    "no_change_baseline_cpu_s",
    "edit_one_cpu_s",
    "edit_one_baseline_s",
    "edit_one_baseline_cpu_s",
)
"""The rebuilds measured besides the handbook's wall times: CPU seconds, and the baseline's."""


def _ratio(handbook: list[float], floor: list[float]) -> float:
    return round(statistics.median(handbook) / statistics.median(floor), 2)


def index_time(outdir: Path) -> float:
    """Pagefind indexing alone, on the built site, into a scratch folder."""
    with tempfile.TemporaryDirectory() as scratch:
        pages = sorted(page.relative_to(outdir).as_posix() for page in (outdir / PROJECT_FOLDER).glob("**/*.html"))
        started = time.perf_counter()
        build_index(outdir, pages, Path(scratch), UNINDEXED_SELECTORS)
        return time.perf_counter() - started


COLUMNS = [
    ("n", "N"),
    ("full_build_s", "full s"),
    ("baseline_s", "baseline s"),
    ("ratio_full_to_baseline", "full/base"),
    ("cpu_ratio_full_to_baseline", "CPU full/base"),
    ("project_pages_s", "project pages s"),
    ("cpu_ratio_full_to_project_pages", "CPU full/pages"),
    ("needs_s", "sphinx-needs s"),
    ("ratio_needs_to_project_pages", "needs/pages"),
    ("cpu_ratio_needs_to_project_pages", "CPU needs/pages"),
    ("parallel_full_build_s", "-j auto s"),
    ("no_change_rebuild_s", "no change s"),
    ("no_change_baseline_s", "no change base s"),
    ("cpu_ratio_no_change_to_baseline", "CPU no change/base"),
    ("edit_one_rebuild_s", "edit one s"),
    ("edit_one_baseline_s", "edit one base s"),
    ("cpu_ratio_edit_one_to_baseline", "CPU edit one/base"),
    ("check_s", "check s"),
    ("search_index_s", "pagefind s"),
    ("search_index_mb", "index MB"),
    ("search_kb", "search kB"),
    ("first_results_ms", "results ms"),
    ("largest_html_kb", "largest kB"),
    ("peak_rss_mb", "peak MiB"),
]


def table(rows: list[dict[str, object]]) -> str:
    lines = ["| " + " | ".join(title for _, title in COLUMNS) + " |", "|" + "---:|" * len(COLUMNS)]
    lines += ["| " + " | ".join(str(row[key]) for key, _ in COLUMNS) + " |" for row in rows]
    if len(rows) > 1:
        first, last = rows[-2], rows[-1]
        growth = round(float(last["full_build_s"]) / float(first["full_build_s"]), 2)
        lines.append(
            f"\nFull build growth from N={first['n']} to N={last['n']}: {growth}× for {int(last['n']) // int(first['n'])}× the projects."
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000])
    parser.add_argument("--large", action="store_true", help="also measure N=10,000 (once; takes a while)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", type=Path, default=REPO / "bench-results")
    parser.add_argument("--no-parallel", action="store_true", help="skip the -j auto build (saves time)")
    parser.add_argument("--no-browser", action="store_true", help="skip the search measured in Chromium")
    args = parser.parse_args()
    sizes = [*args.sizes, *([10_000] if args.large else [])]
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as work:
            rows.append(
                measure(
                    n,
                    1 if n >= 10_000 else args.repeat,
                    Path(work),
                    parallel_build=not args.no_parallel,
                    browser=not args.no_browser,
                )
            )
        sys.stdout.write(f"N={n}: {json.dumps(rows[-1])}\n")
        sys.stdout.flush()
    report = table(rows)
    sys.stdout.write("\n" + report + "\n")
    args.output.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    machine = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    (args.output / f"bench-{stamp}.json").write_text(
        json.dumps({"machine": machine, "rows": rows}, indent=2), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
