"""Lighthouse scores of four kinds of page: start, project, hub and search (not a test; figures vary).

Usage: ``python bench/lighthouse.py [built site] [--runs N] [--reports DIR]``. Without a folder
the handbook is built first into bench-results/lighthouse-site. Needs Node and
``npm ci --prefix bench/lighthouse``, and the browser named in ``browser.py``
(``SERVICEHANDBOK_CHROMIUM``).

The site is served on 127.0.0.1 as static hosts serve it (text gzip-compressed, the server of
``search_transfer.py``), and Lighthouse runs with its defaults: mobile, simulated throttling.
Each page is measured *runs* times (default 3); the table gives the median of each category
and, for performance, the median metrics and what cost the points, so a noisy machine can
be told from a slow page. With ``--reports`` every Lighthouse JSON report is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from search_transfer import serve

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
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}
DIAGNOSTICS = ("render-blocking-resources", "unused-css-rules", "unused-javascript", "dom-size")


def build(outdir: Path) -> Path:
    """The handbook built as for publishing."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "ext")}
    subprocess.run(
        [sys.executable, "-m", "sphinx", "build", "-q", "-b", "html", str(ROOT / "docs"), str(outdir)],
        check=True,
        env=env,
    )
    return outdir


def report(url: str, keep: Path | None = None) -> dict[str, Any]:
    """One Lighthouse JSON report of *url*, copied to *keep* if given."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={path}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--chrome-flags=--headless=new --no-sandbox",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        )
        text = path.read_text(encoding="utf-8")
    if keep is not None:
        keep.write_text(text, encoding="utf-8")
    return json.loads(text)


def summary(data: dict[str, Any]) -> dict[str, Any]:
    """Category scores (0–100), metric values (ms; CLS unitless) and the diagnostics of one report."""
    audits = data["audits"]
    return {
        "scores": {name: round(100 * data["categories"][name]["score"]) for name in CATEGORIES},
        "metrics": {short: audits[key]["numericValue"] for key, short in METRICS.items()},
        "diagnostics": {key: audits[key].get("displayValue", "") for key in DIAGNOSTICS if key in audits},
        "blocking": [
            item["url"].rsplit("/", 1)[-1].split("?")[0]
            for item in audits.get("render-blocking-resources", {}).get("details", {}).get("items", [])
        ],
        "lcp_element": _lcp_element(audits),
        "benchmark_index": data.get("environment", {}).get("benchmarkIndex", 0),
    }


def _lcp_element(audits: dict[str, Any]) -> str:
    for item in audits.get("largest-contentful-paint-element", {}).get("details", {}).get("items", []):
        for row in item.get("items", []):
            node = row.get("node")
            if node:
                return str(node.get("snippet", ""))[:80]
    return ""


def median_row(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over runs; diagnostics and blocking files from the run with the median performance."""
    middle = sorted(runs, key=lambda run: run["scores"]["performance"])[len(runs) // 2]
    return {
        "scores": {name: statistics.median(run["scores"][name] for run in runs) for name in CATEGORIES},
        "performance_runs": [run["scores"]["performance"] for run in runs],
        "metrics": {short: statistics.median(run["metrics"][short] for run in runs) for short in METRICS.values()},
        "diagnostics": middle["diagnostics"],
        "blocking": middle["blocking"],
        "lcp_element": middle["lcp_element"],
        "benchmark_index": [round(run["benchmark_index"]) for run in runs],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("site", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reports", type=Path, help="folder that keeps each Lighthouse JSON report")
    parser.add_argument("--only", help="measure only the page whose name starts with this")
    args = parser.parse_args()
    site = args.site or build(ROOT / "bench-results" / "lighthouse-site")
    if args.reports:
        args.reports.mkdir(parents=True, exist_ok=True)
    pages = {name: path for name, path in PAGES.items() if not args.only or name.startswith(args.only)}
    rows = {}
    with serve(site, []) as base:
        for number, (name, path) in enumerate(pages.items()):
            runs = []
            for run in range(args.runs):
                keep = (
                    args.reports / f"{number}-{path.split('/')[-1].split('.')[0]}-{run}.json" if args.reports else None
                )
                runs.append(summary(report(base + path, keep)))
            rows[name] = median_row(runs)
            sys.stderr.write(f"{name}: {json.dumps(rows[name], ensure_ascii=False)}\n")
    out = sys.stdout
    out.write("| sida | prestanda (körningar) | tillgänglighet | bästa praxis | SEO |\n|---|---:|---:|---:|---:|\n")
    for name, row in rows.items():
        scores, runs = row["scores"], ", ".join(str(p) for p in row["performance_runs"])
        out.write(
            f"| {name} (`{pages[name]}`) | {scores['performance']:g} ({runs}) | "
            + " | ".join(f"{scores[c]:g}" for c in CATEGORIES[1:])
            + " |\n"
        )
    out.write(
        "\n| sida | FCP | LCP | TBT | CLS | SI | blockerande filer | DOM |\n|---|---:|---:|---:|---:|---:|---|---|\n"
    )
    for name, row in rows.items():
        m = row["metrics"]
        out.write(
            f"| {name} | {m['FCP'] / 1000:.1f} s | {m['LCP'] / 1000:.1f} s | {m['TBT']:.0f} ms | {m['CLS']:.3f} | "
            f"{m['SI'] / 1000:.1f} s | {len(row['blocking'])}: {', '.join(row['blocking'])} | "
            f"{row['diagnostics'].get('dom-size', '')} |\n"
        )


if __name__ == "__main__":
    main()
