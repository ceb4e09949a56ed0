"""Lighthouse scores of four kinds of page: start, project, hub and search (not a test; figures vary).

Usage: ``python bench/lighthouse.py [built site]``. Without a folder the handbook is built
first into bench-results/lighthouse-site. Needs Node and ``npm ci --prefix bench/lighthouse``,
and the browser named in ``browser.py`` (``SERVICEHANDBOK_CHROMIUM``). The site is served on 127.0.0.1.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from browser import CHROMIUM

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "startsida": "index.html",
    "projektsida": "projekt/bjorbo-pakethantering.html",
    "navsida (län)": "lan/dalarna.html",
    "söksida": "search.html?q=servicepunkt",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def build(outdir: Path) -> Path:
    """The handbook built as for publishing."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "ext")}
    subprocess.run(
        [sys.executable, "-m", "sphinx", "build", "-q", "-b", "html", str(ROOT / "docs"), str(outdir)],
        check=True,
        env=env,
    )
    return outdir


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def scores(url: str) -> dict[str, int]:
    """The four category scores (0–100) of one page."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--chrome-flags=--headless=new --no-sandbox",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    return {name: round(100 * data["categories"][name]["score"]) for name in CATEGORIES}


def main() -> None:
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else build(ROOT / "bench-results" / "lighthouse-site")
    handler = functools.partial(Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        sys.stdout.write("| sida | prestanda | tillgänglighet | bästa praxis | SEO |\n|---|---:|---:|---:|---:|\n")
        for name, path in PAGES.items():
            result = scores(base + path)
            sys.stdout.write(f"| {name} (`{path}`) | " + " | ".join(str(result[c]) for c in CATEGORIES) + " |\n")
            sys.stdout.flush()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
