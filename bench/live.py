"""How long after a project file is saved the live preview shows the change (issue 17).

Usage: python bench/live.py [--projects N] [--edits K] [--work DIR] [--no-preview] [--no-first-pass]

Builds the handbook on N synthetic projects (or reuses DIR from an earlier run, with
``handbook/``, ``projects/`` and ``out/``), starts the live loop the way ``nox -s docs-live``
does (``servicehandbok.sphinxext.run.live``, with the first pass; the same loop without it
with ``--no-first-pass``; with ``servicehandbok_preview``, unless ``--no-preview``), then
retitles one project K times. Each time it measures from the save until the project's page in
the output folder shows the new title, and until the build has finished (its marker file is
gone, search index included), and prints the seconds as one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from run import handbook_src
from synthetic import generate

from servicehandbok.sphinxext.core.names import GENERATED_FOLDERS
from servicehandbok.sphinxext.lifecycle.completion import MARKER

REPO = Path(__file__).resolve().parents[1]
PROJECT = "syntetiskt-projekt-00001"
FIRST_PASS_CLASS = "servicehandbok-first-pass"
"""The class of the first pass's note: the page has it until the full build writes the page again."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare(work: Path, n: int) -> None:
    """Projects, handbook sources and one full build, unless *work* already has them."""
    if not (work / "handbook").is_dir():
        generate(REPO / "projects", work / "projects", n, with_real=True)
        handbook_src(work, work / "projects")
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(work / "handbook"), str(work / "out")],
        check=True,
        capture_output=True,
    )


def autobuild(work: Path, preview: bool, first_pass: bool) -> subprocess.Popen[str]:
    ignores = [arg for folder in GENERATED_FOLDERS for arg in ("--ignore", str(work / "handbook" / folder))]
    command = [
        *(sys.executable, "-m", "servicehandbok.sphinxext.run.live", "-q", "-b", "html"),
        *(() if first_pass else ("--no-first-pass",)),
        *(("-D", "servicehandbok_preview=1") if preview else ()),
        *("--no-initial", "--port", str(free_port()), "--watch", str(work / "projects"), *ignores),
        *(str(work / "handbook"), str(work / "out")),
    ]
    output = subprocess.PIPE if first_pass else subprocess.DEVNULL
    return subprocess.Popen(command, stdout=output, stderr=subprocess.DEVNULL, start_new_session=True, text=True)


def ready(server: subprocess.Popen[str], work: Path, timeout: float) -> None:
    """Wait until the live loop says its first pass is loaded (its output is then drained)."""
    from servicehandbok.sphinxext.run.live import READY

    assert server.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    log = (work / "live.log").open("a", encoding="utf-8")

    def drain() -> None:
        for line in server.stdout:  # type: ignore[union-attr]
            log.write(f"{time.time():.2f} {line}")
            log.flush()
            lines.put(line)

    threading.Thread(target=drain, daemon=True).start()
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            if READY in lines.get(timeout=1):
                return
        except queue.Empty:
            continue
    raise SystemExit(f"the live loop was not ready within {timeout} s")


def retitle(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.MULTILINE), encoding="utf-8")


def wait_for(page: Path, text: str, timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            if text in page.read_text(encoding="utf-8"):
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"{page} did not show {text!r} within {timeout} s")


def finished(page: Path, marker: Path, timeout: float) -> float:
    """Seconds until the full build has written *page* (without the first pass's note) and finished."""
    started = time.perf_counter()
    while FIRST_PASS_CLASS in page.read_text(encoding="utf-8") or marker.exists():
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"the build did not finish within {timeout} s")
        time.sleep(0.05)
    return time.perf_counter() - started


def measure(work: Path, edits: int, preview: bool, first_pass: bool) -> tuple[list[float], list[float]]:
    """Seconds from each save to the page shown, and to the build finished."""
    (work / "live.log").unlink(missing_ok=True)
    server = autobuild(work, preview, first_pass)
    try:
        if first_pass:
            ready(server, work, 300)
        time.sleep(2 if first_pass else 5)  # the server starts and begins to watch
        page = work / "out" / "projekt" / f"{PROJECT}.html"
        shown, done = [], []
        for number in range(edits):
            title = f"Förhandsvisad titel {os.getpid()}-{number}"
            retitle(work / "projects" / f"{PROJECT}.yaml", title)
            shown.append(round(wait_for(page, title, 600), 2))
            done.append(round(shown[-1] + finished(page, work / "out" / MARKER, 600), 2))
            time.sleep(1)
        return shown, done
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()


def first_pass_cpu(log: Path) -> list[float]:
    """The processor seconds of each first pass, as the live loop reported them."""
    if not log.is_file():
        return []
    found = re.findall(r"förhandsvisning av .* \(processortid ([0-9.]+) s\)", log.read_text(encoding="utf-8"))
    return [float(seconds) for seconds in found]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--work", type=Path, help="reuse this folder (handbook/, projects/, out/)")
    parser.add_argument("--no-preview", action="store_true", help="run Pagefind on every rebuild, as before")
    parser.add_argument("--no-first-pass", action="store_true", help="the live loop without its first pass")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="live-") as scratch:
        work = args.work or Path(scratch)
        prepare(work, args.projects)
        shown, done = measure(work, args.edits, not args.no_preview, not args.no_first_pass)
        cpu = first_pass_cpu(work / "live.log")
    result = {
        "preview": not args.no_preview,
        "first_pass": not args.no_first_pass,
        "first_pass_cpu_s": cpu,
        "page_shown_s": shown,
        "build_done_s": done,
        "median_shown_s": statistics.median(shown),
        "median_done_s": statistics.median(done),
    }
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
