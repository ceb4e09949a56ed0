"""Measure what one search costs a reader: bytes transferred and time to first results.

Usage: python bench/search_transfer.py <built site folder> [query ...]
Serves the site on 127.0.0.1, opens search.html?q=<query> in headless Chromium (a fresh
browser context, so nothing is cached) and reports, per query, the bytes of Pagefind's
files that were transferred and the milliseconds from navigation start until the
results were rendered. Run it on a site built from N synthetic projects by bench/run.py
or by nox -s docs.
"""

from __future__ import annotations

import functools
import json
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def measure(site: Path, queries: list[str]) -> list[dict[str, object]]:
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for query in queries:
                context = browser.new_context()
                page = context.new_page()
                sizes: dict[str, int] = {}
                page.on(
                    "requestfinished",
                    lambda request, sizes=sizes: sizes.__setitem__(request.url, request.sizes()["responseBodySize"]),
                )
                started = time.perf_counter()
                page.goto(f"{base}search.html?q={quote(query)}")
                page.wait_for_function(
                    "document.getElementById('sh-results')?.getAttribute('aria-busy') === 'false'", timeout=60000
                )
                elapsed = (time.perf_counter() - started) * 1000
                count = page.inner_text("#sh-count")
                page.wait_for_load_state("networkidle")
                pagefind = sum(size for url, size in sizes.items() if "/pagefind/" in url)
                total = sum(sizes.values())
                results.append(
                    {
                        "query": query,
                        "results": count,
                        "pagefind_kb": round(pagefind / 1024, 1),
                        "page_total_kb": round(total / 1024, 1),
                        "first_results_ms": round(elapsed),
                    }
                )
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return results


if __name__ == "__main__":
    site = Path(sys.argv[1])
    for row in measure(site, sys.argv[2:] or ["servicepunkt", "paketautomat", "lanthandel"]):
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
