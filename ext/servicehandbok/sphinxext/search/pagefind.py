"""Build the Pagefind index of the project pages, fed one page at a time in Swedish title order.

Pagefind numbers pages in the order it receives them, and a search without words (browsing
by facet) lists its results in that order. Feeding the pages by title therefore gives the
browsing order for free; Pagefind's command line walks the folder in no set order. A
Pagefind sort key would do the same, but Pagefind stores every sort order for every page in
the metadata file that each search fetches first: 22 kB per order at 10,000 projects. The
two orders a reader can choose (end date, budget) are filters instead, fetched only when
chosen; see ``outputs.search_records.ORDER_FILTER``.
"""

from __future__ import annotations

import base64
import io
import itertools
import json
import queue
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from subprocess import PIPE
from typing import IO, Any, cast

from sphinx.errors import SphinxError

INDEX_FOLDER = "pagefind"
FILTER_ONLY_BUG = "this.backend.request_indexes(ptr,term)"
FILTER_ONLY_FIX = '(term?this.backend.request_indexes(ptr,term):"[]")'
"""Pagefind 1.5.2 fetches every index chunk for a search without words (browsing by facet):
8.4 MB at 10,000 projects. Upstream fixed it (Pagefind PR 1317: no chunks for an empty
term) after the last release; this applies the same rule in the search code it ships.
Drop it once a release has the fix; the browser test of browsing by facet guards it."""
PATCHED = ("pagefind.js", "pagefind-worker.js")
"""The files of Pagefind's search code that hold ``FILTER_ONLY_BUG`` (both run the search)."""


class SearchIndexError(SphinxError):
    category = "Sökindexet kunde inte byggas"


BODY_START, BODY_END = "<!--pagefind-body-->", "<!--/pagefind-body-->"
"""Around a page's indexed part: Pagefind is sent that part alone, not the theme's navigation
around it, which it would parse only to skip (a quarter of the indexing time at 10,000 pages)."""


def indexed_part(html: str) -> str:
    """What Pagefind needs of a page: the part between the markers, in a Swedish document."""
    start, end = html.find(BODY_START), html.find(BODY_END)
    if start < 0 or end < start:
        return html
    return f'<!DOCTYPE html><html lang="sv"><body>{html[start + len(BODY_START) : end]}</body></html>'


def page_url(relative: str) -> str:
    """The site-relative URL Pagefind gives a result, as its own crawler would: ``x/index.html`` → ``x/``."""
    url = "/" + relative
    return url[: -len("index.html")] if url.endswith("/index.html") else url


class _Service:
    """Pagefind's indexing service (``pagefind --service``): requests written in order, answers
    read by a thread of their own.

    Pagefind's own Python wrapper speaks the same protocol (each message base64-encoded JSON
    followed by a comma) but reads at most one answer per 0.1 s, which is 1,000 s for 10,000
    pages. The service handles requests one at a time in the order they arrive, so pages are
    numbered in the order they are sent; up to :data:`WINDOW` wait while it works.
    """

    WINDOW = 32
    PATIENCE = 600
    """Seconds to wait for one answer before the build fails (a page takes milliseconds)."""

    def __init__(self, process: subprocess.Popen[bytes], errors: IO[bytes]) -> None:
        self._process, self._errors = process, errors
        self._answers: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._ids = itertools.count(1)
        self._waiting = 0
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        # Popen(stdout=PIPE) with the default buffering gives a buffered reader, which has read1.
        stdout = cast(io.BufferedReader, self._process.stdout)
        assert stdout is not None
        pending = bytearray()
        while chunk := stdout.read1(1 << 16):
            seen = len(pending)  # an answer can be tens of megabytes: look for its end in new bytes only
            pending += chunk
            while (end := pending.find(b",", seen)) >= 0:
                self._answers.put(json.loads(base64.b64decode(pending[:end]))["payload"])
                del pending[: end + 1]
                seen = 0
        self._answers.put(None)

    def send(self, kind: str, **fields: Any) -> None:
        """Ask; with :data:`WINDOW` questions open, first take one answer."""
        assert self._process.stdin is not None
        if self._waiting >= self.WINDOW:
            self.answer()
        message = {"message_id": next(self._ids), "payload": {"type": kind, **fields}}
        self._process.stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
        self._waiting += 1

    def answer(self) -> dict[str, Any]:
        """The oldest open question's answer; an error or a stopped service fails the build."""
        assert self._process.stdin is not None
        self._process.stdin.flush()
        try:
            payload = self._answers.get(timeout=self.PATIENCE)
        except queue.Empty:
            raise SearchIndexError(f"Pagefind gave no answer in {self.PATIENCE} s") from None
        self._waiting -= 1
        if payload is None:
            self._errors.seek(0)
            raise SearchIndexError(f"Pagefind stopped: {self._errors.read().decode('utf-8', 'replace')}")
        if payload["type"] == "Error":
            raise SearchIndexError(f"Pagefind: {payload['message']}")
        return payload

    def close(self) -> None:
        """No more questions: the service stops, and so does the reader at the end of its output."""
        assert self._process.stdin is not None
        self._process.stdin.close()
        self._reader.join(timeout=self.PATIENCE)

    def ask(self, kind: str, **fields: Any) -> dict[str, Any]:
        """Every open question answered, then this one."""
        while self._waiting:
            self.answer()
        self.send(kind, **fields)
        return self.answer()


@contextmanager
def _service() -> Iterator[_Service]:
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise SearchIndexError("Pagefind's program was not found (pip install 'pagefind[bin]')")
    command = [str(binary), "--service"]
    with (
        tempfile.TemporaryFile() as errors,
        subprocess.Popen(command, stdin=PIPE, stdout=PIPE, stderr=errors) as process,
    ):
        service = _Service(process, errors)
        try:
            yield service
        finally:
            service.close()


def build_index(site: Path, pages: Iterable[str], output: Path, exclude: Iterable[str]) -> None:
    """Index *pages* (paths relative to *site*, in the order results should browse) into *output*.

    The index files are asked for and written here, not by the service: it answers before its
    own writes have reached the disk, and when it then stops, a file can be left empty.
    """
    with _service() as service:
        config = {"force_language": "sv", "exclude_selectors": list(exclude)}
        index = service.ask("NewIndex", config=config)["index_id"]
        for page in pages:
            html = indexed_part((site / page).read_text(encoding="utf-8"))
            service.send("AddFile", index_id=index, file_path=None, url=page_url(page), file_contents=html)
        files = service.ask("GetFiles", index_id=index)["files"]
    for file in files:
        path = output / file["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(file["content"]))
    if not (output / "pagefind.js").is_file():
        raise SearchIndexError(f"Pagefind wrote no index into {output}")
    patch_filter_only_search(output)


def patch_filter_only_search(index: Path) -> None:
    """Make a search without words load no word index; see ``FILTER_ONLY_BUG``.

    The patch is a string in Pagefind's minified search code (listed in ``core/upstream.py``):
    when a release no longer holds it exactly once, the build stops and says so, rather than
    publish a search that fetches the whole index for every browse.
    """
    for name in PATCHED:
        path = index / name
        code = path.read_text(encoding="utf-8") if path.is_file() else ""
        if FILTER_ONLY_FIX in code:
            continue
        if code.count(FILTER_ONLY_BUG) != 1:
            raise SearchIndexError(
                f"Pagefind {_version()}: {name} innehåller {FILTER_ONLY_BUG!r} {code.count(FILTER_ONLY_BUG)} gånger, "
                "inte en; servicehandbok/sphinxext/search/pagefind.py (FILTER_ONLY_BUG) måste följa den nya "
                "versionen, eller släppa rättelsen om versionen redan har den"
            )
        path.write_text(code.replace(FILTER_ONLY_BUG, FILTER_ONLY_FIX), encoding="utf-8")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind")
    except PackageNotFoundError:
        return "(okänd version)"
