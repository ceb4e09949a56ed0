"""Screenshots of the handbook as its readers see it: five pages on a phone and a desktop, light and dark.

Usage: ``python bench/screenshots.py [--site DIR] [--out DIR]`` (``nox -s screenshots``).

Without ``--site`` the handbook is built first, from a copy of ``docs/`` and the real projects,
into a temporary folder (``SOURCE_DATE_EPOCH`` set: the variable's value if set, else the last
commit's time). With ``--site`` the given built ``html`` folder is used as it is. The site is
served on 127.0.0.1 as a static host serves it (``search_transfer.serve``) and opened in the
browser named in ``browser.py`` (``SERVICEHANDBOK_CHROMIUM``), the one the tests drive.

Each page is taken full-page at 390×844 (a phone) and 1280×800 (a desktop), with the reader's
system set to light and to dark (the theme follows it): 20 PNG files named
``<page>-<phone|desktop>-<light|dark>.png`` in ``--out`` (default ``bench-results/screenshots``,
which git ignores). Script errors the pages report while they are taken are listed at the end,
and make the exit status 1.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from search_transfer import serve

from browser import CHROMIUM, CHROMIUM_ARGS, ENVIRONMENT_VARIABLE

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bench-results" / "screenshots"
FALLBACK_EPOCH = "1796601600"
"""The build date when the variable is unset and git gives none (2026-12-07)."""

SEARCH_READY = "document.getElementById('sh-results')?.getAttribute('aria-busy') === 'false'"
COMPARE_READY = "document.getElementById('sh-compare-result')?.getAttribute('aria-busy') === 'false'"
COMPARED = ("hela-sverige-service-i-samverkan", "bjorbo-pakethantering", "pipos-serviceanalys")

PAGES: dict[str, tuple[str, str | None]] = {
    "start": ("index.html", None),
    "project": ("projekt/bjorbo-pakethantering.html", None),
    "hub": ("lan/dalarna.html", None),
    "search": (f"search.html?q=servicepunkt&lan={quote('Dalarna')}", SEARCH_READY),
    "compare": (f"jamfor.html?p={','.join(COMPARED)}", COMPARE_READY),
}
"""Name → (path under the site, a condition the page is ready at, besides its load event)."""
DEVICES: dict[str, dict[str, Any]] = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
SCHEMES = ("light", "dark")


def build(target: Path) -> Path:
    """The handbook built as ``nox -s docs`` builds it, from a copy of its sources, into *target*/html."""
    from servicehandbok.sphinxext.lifecycle.generate import copy_sources

    sources = copy_sources(ROOT / "docs", target / "docs")
    outdir = target / "html"
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH") or commit_time()}
    command = [sys.executable, "-m", "servicehandbok.sphinxext.run.sphinxbuild", "-W", "--keep-going", "-q"]
    command += ["-b", "html", "-d", str(target / "doctrees"), "-D", f"servicehandbok_projects={ROOT / 'projects'}"]
    result = subprocess.run([*command, str(sources), str(outdir)], env=env, check=False)
    if result.returncode != 0:
        raise SystemExit(f"Bygget misslyckades (status {result.returncode}); felen står ovanför.")
    return outdir


def commit_time() -> str:
    """The last commit's time in seconds, or :data:`FALLBACK_EPOCH` outside a git checkout."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return FALLBACK_EPOCH
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip().isdigit() else FALLBACK_EPOCH


def take(site: Path, out: Path, report: Callable[[str], None] = lambda line: None) -> list[str]:
    """Write the screenshots of every page, device and scheme into *out*; the script errors seen, as lines."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    with serve(site, []) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for device in DEVICES:
                for scheme in SCHEMES:
                    errors += shoot(browser, base, device, scheme, out, report)
        finally:
            browser.close()
    return errors


def shoot(browser: Any, base: str, device: str, scheme: str, out: Path, report: Callable[[str], None]) -> list[str]:
    """The screenshots of every page on one device in one colour scheme; the script errors seen."""
    # A fresh context each time: no picks, stored theme or scroll places carried over.
    context = browser.new_context(**DEVICES[device], color_scheme=scheme, locale="sv-SE")
    page = context.new_page()
    errors: list[str] = []
    current = [""]
    page.on("pageerror", lambda error: errors.append(f"{current[0]}: {error}"))
    page.on(
        "console", lambda message: errors.append(f"{current[0]}: {message.text}") if message.type == "error" else None
    )
    try:
        for name, (path, ready) in PAGES.items():
            current[0] = f"{path} ({device}, {scheme})"
            page.goto(base + path, wait_until="load")
            if ready:
                page.wait_for_function(ready, timeout=30000)
            file = out / f"{name}-{device}-{scheme}.png"
            page.screenshot(path=str(file), full_page=True, animations="disabled")
            report(f"{file}: {base + path}")
    finally:
        context.close()
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--site", type=Path, help="en byggd html-mapp (annars byggs handboken först)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"mappen för bilderna (standard {DEFAULT_OUT})")
    args = parser.parse_args()
    if not CHROMIUM.is_file():
        raise SystemExit(f"Chromium finns inte i {CHROMIUM}: installera chromium, eller sätt {ENVIRONMENT_VARIABLE}.")
    if importlib.util.find_spec("playwright") is None:
        raise SystemExit("Playwright saknas: pip install playwright (webbläsaren är Chromium, se bench/browser.py).")
    if args.site is not None and not (args.site / "index.html").is_file():
        raise SystemExit(f"{args.site}: ingen byggd handbok (index.html saknas); ange mappen med html-bygget.")
    with tempfile.TemporaryDirectory(prefix="servicehandbok-screenshots-") as work:
        site = args.site or build(Path(work))
        errors = take(site, args.out, lambda line: sys.stdout.write(line + "\n"))
    sys.stdout.write(f"{len(PAGES) * len(DEVICES) * len(SCHEMES)} bilder i {args.out}\n")
    if errors:
        sys.stdout.write("Skriptfel på sidorna:\n" + "".join(f"  {line}\n" for line in errors))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
