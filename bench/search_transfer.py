"""Measure what one search costs a reader: bytes transferred and time to first results.

Usage: python bench/search_transfer.py <built site folder> [repeat]
``nox -s bench`` runs it on every site it builds when Chromium is installed.

The site is served on 127.0.0.1 the way static hosts (GitHub Pages, Read the Docs) serve
it: text files gzip-compressed, Pagefind's index files as they are (already compressed).
Bytes are counted by the server, so requests from Pagefind's web worker count too. Each
scenario opens a fresh browser context, so nothing is cached:

- a query typed into the search (``?q=...``), as a shared link opens it;
- browsing by facet without words (``?lan=Dalarna``), as a hub page's link opens it;
- a query, then opening the "Län" facet group to see its counts.

"first result" is milliseconds from navigation start until the first result card is shown
(the count is shown before it), "first results" until the first ten are, page load and
Pagefind start-up included; "page ready" is when the same page's HTML was
parsed (DOMContentLoaded), which is what any page of the site costs. Both are medians of
*repeat* runs (default 3).
"""

from __future__ import annotations

import functools
import gzip
import json
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from browser import CHROMIUM, CHROMIUM_ARGS

COMPRESSED_TYPES = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt")
READY = "document.getElementById('sh-results')?.getAttribute('aria-busy') === 'false'"
FIRST = "document.querySelector('#sh-results li') !== null || document.getElementById('sh-count')?.textContent === '0 projekt'"
SCENARIOS = [
    ("servicepunkt", "?q=servicepunkt", None),
    ("paketautomat", "?q=paketautomat", None),
    ("lanthandel", "?q=lanthandel", None),
    ("lan=Dalarna (hub link)", "?lan=Dalarna", None),
    ("servicepunkt + open Län", "?q=servicepunkt", "Län"),
    ("servicepunkt, largest budget", "?q=servicepunkt&sort=budget", None),
    ("lan=Dalarna, latest end", "?lan=Dalarna&sort=slut", None),
]


class CountingHandler(SimpleHTTPRequestHandler):
    """Serves files like a static host and records the bytes of each response body."""

    def __init__(self, *args: Any, sent: list[tuple[str, int]], **kwargs: Any) -> None:
        self.sent = sent
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        body = path.read_bytes()
        gzipped = path.suffix in COMPRESSED_TYPES and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)
        self.sent.append((self.path.split("?")[0], len(body)))


@contextmanager
def serve(site: Path, sent: list[tuple[str, int]]) -> Iterator[str]:
    handler = functools.partial(CountingHandler, directory=str(site), sent=sent)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def measure(site: Path, repeat: int = 3) -> list[dict[str, object]]:
    from playwright.sync_api import sync_playwright

    sent: list[tuple[str, int]] = []
    rows = []
    with serve(site, sent) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for name, query, facet in SCENARIOS:
            times, firsts, ready = [], [], []
            for _ in range(repeat):
                context = browser.new_context()
                page = context.new_page()
                sent.clear()
                started = time.perf_counter()
                page.goto(f"{base}search.html{query}", wait_until="commit")
                page.wait_for_function(FIRST, timeout=120000, polling=10)
                firsts.append((time.perf_counter() - started) * 1000)
                page.wait_for_function(READY, timeout=120000)
                times.append((time.perf_counter() - started) * 1000)
                ready.append(page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
                if facet:
                    group = page.locator("details.sh-facet", has=page.locator("summary", has_text=facet))
                    group.locator("summary").click()
                    group.locator("input[type=checkbox]").first.wait_for(timeout=120000)
                page.wait_for_load_state("networkidle")
                count = page.inner_text("#sh-count")
                context.close()
            pagefind = sum(size for path, size in sent if "/pagefind/" in path)
            rows.append(
                {
                    "scenario": name,
                    "results": count,
                    "pagefind_kb": round(pagefind / 1024, 1),
                    "page_total_kb": round(sum(size for _, size in sent) / 1024, 1),
                    "page_ready_ms": round(statistics.median(ready)),
                    "first_result_ms": round(statistics.median(firsts)),
                    "first_results_ms": round(statistics.median(times)),
                }
            )
        browser.close()
    return rows


if __name__ == "__main__":
    for row in measure(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 3):
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
