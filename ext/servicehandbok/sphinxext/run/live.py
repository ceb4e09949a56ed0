"""``nox -s docs-live``: a preview server that builds again on every save, with a first pass
that shows an edited project's page at once.

Usage: ``python -m servicehandbok.sphinxext.run.live [options] [sphinx-build arguments] SOURCEDIR OUTDIR``.
The options are the loop's own (``--port``, ``--host``, ``--watch DIR``, ``--ignore GLOB``,
``--re-ignore REGEX``, ``--no-initial``, ``--open-browser``, ``--no-first-pass``; the names
sphinx-autobuild uses); everything else goes to ``sphinx-build``. Every change runs the same
Sphinx build in a new process (:mod:`.sphinxbuild`, which only skips the interpreter's
teardown); the server shows the output folder and tells the open pages to reload when a
build has finished.
Before that build, a change to a project file is handed to a warm :class:`.firstpass.FirstPass`
in a worker process, which writes that project's page within a second or two, and the browser
reloads; it reloads again when the full build has written the rest. The worker is started
again after a change to anything else (pages, vocabularies, code), so it never serves old code.

The watcher and server are the loop's own (watchfiles and the standard library): the loop
used to extend sphinx-autobuild's private parts, which it has no public hook for (see
``core/upstream.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import http.server
import io
import multiprocessing
import re
import signal
import subprocess
import sys
import threading
import time
import webbrowser
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ...data.problems import printable
from ..core.names import is_generated, is_generated_file
from .firstpass import FirstPass, Target, sphinx_arguments

READY = "servicehandbok: förhandsvisningens första steg är redo"
READY_TIMEOUT = 60.0
"""Seconds a change waits for a worker that is still loading, before the full build goes ahead alone."""


def say(line: str) -> None:
    """One line of the loop's own output, at once (the benchmark reads it through a pipe); a file
    name that is not UTF-8 or a control character in it is written as an escape, never a crash."""
    sys.stdout.write(printable(line) + "\n")
    sys.stdout.flush()


def _serve(connection: Connection, target: Target) -> None:
    """The worker process: load a :class:`FirstPass`, then write pages for each list of changed paths."""
    # Stopped with the loop's process group: leave through `finally`, which removes the scratch folder.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(0))
    try:
        first = FirstPass(target)
    except Exception as exc:  # no build yet, another builder: the full build still runs
        connection.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    connection.send(("ready", str(first.projects)))
    try:
        while (paths := connection.recv()) is not None:
            started, cpu = time.perf_counter(), time.process_time()
            try:
                written = first.show([Path(p) for p in paths])
            except Exception as exc:  # the full build right after shows the page, and any error
                connection.send(("error", f"{type(exc).__name__}: {exc}"))
                continue
            spent = (time.perf_counter() - started, time.process_time() - cpu)
            connection.send(("shown", ([str(p) for p in written], spent)))
    except (EOFError, KeyboardInterrupt):
        pass
    finally:
        first.close()


class Worker:
    """The parent's handle on one worker process; a failed or stale worker is replaced."""

    def __init__(self, target: Target, log: Callable[[str], None] | None = None) -> None:
        self.target = target
        self.log = log or say
        self.process: multiprocessing.process.BaseProcess | None = None
        self.connection: Connection | None = None
        self.projects: Path | None = None
        self.stale = True
        self.lock = threading.Lock()

    def start(self) -> None:
        """Start loading a new worker (the old one, if any, is stopped)."""
        self.stop()
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, self.target), daemon=True)
        self.process.start()
        child.close()
        self.connection, self.projects, self.stale = parent, None, False
        threading.Thread(target=self._announce, args=(time.perf_counter(),), daemon=True).start()

    def _announce(self, started: float) -> None:
        """Say when the worker is ready (the benchmark waits for this line before it saves)."""
        with self.lock:
            if self._ready(READY_TIMEOUT):
                self.log(f"{READY} ({time.perf_counter() - started:.1f} s)")

    def stop(self) -> None:
        with self.lock:
            self._stop()

    def _stop(self) -> None:
        if self.process is None:
            return
        assert self.connection is not None
        with contextlib.suppress(OSError):
            self.connection.send(None)
        self.process.join(5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()
        self.connection.close()
        self.process = self.connection = None

    def _ready(self, timeout: float) -> bool:
        if self.connection is None:
            return False
        if self.projects is not None:
            return True
        try:
            if not self.connection.poll(timeout):
                return False
            kind, detail = self.connection.recv()
        except (EOFError, OSError):  # the worker died while loading
            kind, detail = "failed", "arbetsprocessen avslutades"
        if kind != "ready":
            self.log(f"servicehandbok: förhandsvisningens första steg startade inte ({detail})")
            self.stale = True
            self._stop()
            return False
        self.projects = Path(detail)
        return True

    def is_project_file(self, path: Path) -> bool:
        return self.projects is not None and path.suffix == ".yaml" and path.resolve().parent == self.projects

    def show(self, paths: Sequence[Path], timeout: float = READY_TIMEOUT) -> list[str]:
        """Write the pages of the edited projects among *paths*; the files written (none if it could not)."""
        with self.lock:
            return self._show(paths, timeout)

    def _show(self, paths: Sequence[Path], timeout: float) -> list[str]:
        if not self._ready(timeout):
            self.stale = True  # not loaded in time: what changed is unknown to it, so load again after the build
            return []
        assert self.connection is not None
        if not all(self.is_project_file(path) for path in paths):
            self.stale = True  # a page, vocabulary or code changed: start a new worker after the build
        if not any(self.is_project_file(path) for path in paths):
            return []
        try:
            self.connection.send([str(path) for path in paths])
            kind, detail = self.connection.recv()
        except (EOFError, OSError):
            self.stale = True
            return []
        if kind != "shown":
            self.log(f"servicehandbok: förhandsvisningens första steg misslyckades ({detail}); hela bygget följer")
            return []
        written, (seconds, cpu) = detail
        if written:
            self.log(
                f"servicehandbok: förhandsvisning av {len(written)} sida på {seconds:.2f} s "
                f"(processortid {cpu:.2f} s); hela bygget följer"
            )
        return list(written)

    def after_build(self) -> None:
        """Replace a stale worker now that the build has written a new environment."""
        if self.stale or self.process is None or not self.process.is_alive():
            self.start()


def generated_page(path: Path, srcdir: Path) -> bool:
    """A page the build itself writes into the source folder (:mod:`..core.names`): not a change to rebuild for.

    A file is the generator's when it carries its mark, whatever the folder (declared kinds
    included); a removed file, which has no mark left, when it lay in a built-in generated folder.
    """
    try:
        relative = path.resolve().relative_to(srcdir)
    except ValueError:
        return False
    if path.exists():
        return is_generated_file(path)
    return is_generated(relative.with_suffix("").as_posix())


def first_pass_then_build(worker: Worker, build: Callable[..., Any], reload: Callable[[], None]) -> Callable[..., Any]:
    """What runs for each change: the first pass (and a browser reload), then the full build as before."""

    def run(*, changed_paths: Sequence[Path]) -> None:
        if changed_paths and worker.show(changed_paths):
            reload()
        build(changed_paths=changed_paths)
        worker.after_build()

    return run


# --- The loop's own server and watcher ---------------------------------------------------

EVENTS = "/__servicehandbok__/reload"
"""Where an open page listens for "build finished" (server-sent events)."""
RELOAD_SCRIPT = "/__servicehandbok__/reload.js"
RELOAD_CODE = f'new EventSource("{EVENTS}").onmessage = () => window.location.reload();\n'.encode()
RELOAD_TAG = f'\n<script src="{RELOAD_SCRIPT}"></script>\n'.encode()
"""Added to the end of every HTML page the server sends (a file of its own: no inline script)."""
KEEPALIVE = 15.0
"""Seconds between the comment lines that tell a closed page's connection from an open one."""
ALWAYS_IGNORED = (
    *(".git", ".hg", ".svn", ".idea", ".vscode", ".venv", "venv", "node_modules", ".nox", ".tox"),
    *(".mypy_cache", ".ruff_cache", ".pytest_cache", ".pytype"),
)
"""Folders (in the working folder) whose changes never start a build, as in sphinx-autobuild."""


def arguments(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """The loop's own options, and the arguments left for ``sphinx-build``."""
    parser = argparse.ArgumentParser(
        prog="python -m servicehandbok.sphinxext.run.live",
        description="Förhandsvisning av handboken som byggs om vid varje ändring.",
        allow_abbrev=False,
    )
    parser.add_argument("--port", type=int, default=8000, help="porten som servern lyssnar på (0: en ledig port)")
    parser.add_argument("--host", default="127.0.0.1", help="adressen som servern lyssnar på")
    parser.add_argument("--watch", action="append", default=[], metavar="MAPP", help="bevaka även denna mapp")
    parser.add_argument("--ignore", action="append", default=[], metavar="MÖNSTER", help="bortse från dessa filer")
    parser.add_argument("--re-ignore", action="append", default=[], metavar="REGEX", help="bortse från dessa filer")
    parser.add_argument("--no-initial", action="store_true", help="bygg inte innan servern startar")
    parser.add_argument("--open-browser", action="store_true", help="öppna förhandsvisningen i webbläsaren")
    parser.add_argument("--no-first-pass", action="store_true", help="bara hela bygget, utan det snabba första steget")
    return parser.parse_known_args(list(argv))


class Ignored:
    """The paths whose changes start no build: as sphinx-autobuild's ``--ignore`` and ``--re-ignore``
    (a folder, a glob or a regular expression on the absolute path), and the generated pages."""

    def __init__(self, srcdir: Path, folders: Sequence[str | Path], patterns: Sequence[str]) -> None:
        self.srcdir = srcdir
        self.folders = list(dict.fromkeys(Path(folder).resolve().as_posix() for folder in folders))
        self.patterns = [re.compile(pattern) for pattern in dict.fromkeys(patterns)]

    def __call__(self, path: str) -> bool:
        name = Path(path).resolve().as_posix()
        if any(name.startswith(f"{folder}/") or fnmatch.fnmatch(name, folder) for folder in self.folders):
            return True
        return any(pattern.search(name) for pattern in self.patterns) or generated_page(Path(path), self.srcdir)


class Reloads:
    """Counts finished builds; each open page waits for the count to change."""

    def __init__(self) -> None:
        self.count = 0
        self.changed = threading.Condition()

    def announce(self) -> None:
        with self.changed:
            self.count += 1
            self.changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.count != seen, timeout)
            return self.count


def server(host: str, port: int, root: Path, reloads: Reloads) -> http.server.ThreadingHTTPServer:
    """A server for the output folder that adds the reload script to every HTML page and sends
    no page the browser may keep (a first-pass page is dated in the past: see ``backdate``)."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:  # one line per request is noise here
            pass

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def do_GET(self) -> None:
            if self.path == EVENTS:
                self.events()
            else:
                super().do_GET()

        def send_head(self) -> Any:
            del self.headers["If-Modified-Since"]  # always the file as it is now
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if path == RELOAD_SCRIPT:
                return self.send_bytes(200, "text/javascript; charset=utf-8", RELOAD_CODE)
            file = Path(self.translate_path(self.path))
            if file.is_dir() and path.endswith("/"):
                file = file / "index.html"
            if file.suffix == ".html" and file.is_file():
                return self.send_bytes(200, "text/html; charset=utf-8", file.read_bytes() + RELOAD_TAG)
            missing = root / "404.html"
            if not file.exists() and missing.is_file():  # the handbook's own "not found" page
                return self.send_bytes(404, "text/html; charset=utf-8", missing.read_bytes() + RELOAD_TAG)
            return super().send_head()

        def send_bytes(self, status: int, kind: str, data: bytes) -> io.BytesIO:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            return io.BytesIO(data)

        def events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            seen = reloads.count
            with contextlib.suppress(OSError):  # the page was closed or reloaded
                while True:
                    count = reloads.wait(seen, KEEPALIVE)
                    self.wfile.write(b"data: reload\n\n" if count != seen else b": ...\n\n")
                    self.wfile.flush()
                    seen = count

    httpd = http.server.ThreadingHTTPServer((host, port), Handler)
    httpd.daemon_threads = True
    return httpd


def full_build(sphinx_args: Sequence[str]) -> Callable[..., None]:
    """The full build for a list of changed paths: ``sphinx-build`` in a new process."""

    def build(*, changed_paths: Sequence[Path]) -> None:
        if changed_paths:
            names = ", ".join(_shown(path) for path in changed_paths[:5])
            say(f"servicehandbok: ändrat: {names}; bygger om")
        command = [sys.executable, "-m", "servicehandbok.sphinxext.run.sphinxbuild", *sphinx_args]
        if subprocess.run(command).returncode != 0:
            say(
                "servicehandbok: bygget stoppade; förhandsvisningen visar det senaste lyckade bygget tills felet är rättat"
            )

    return build


def _shown(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return path.relative_to(Path.cwd()).as_posix()
    return path.as_posix()


def changes(paths: Sequence[Path], ignored: Ignored) -> Iterator[list[Path]]:
    """Each batch of changed paths under *paths*, sorted, that *ignored* leaves."""
    import watchfiles

    watched = watchfiles.DefaultFilter()  # editors' swap files, __pycache__, .git

    def wanted(change: Any, path: str) -> bool:
        return watched(change, path) and not ignored(path)

    build_now = False
    while True:
        # watchfiles ends its watch on a file name that is not UTF-8. The loop says so, starts the
        # watch again and builds in its first (empty) round: the build lists the file among the
        # problems, and what is saved while it runs is still seen.
        again: dict[str, Any] = {"yield_on_timeout": True, "rust_timeout": 100} if build_now else {}
        try:
            for batch in watchfiles.watch(*paths, watch_filter=wanted, **again):
                if batch or build_now:
                    build_now = False
                    yield sorted({Path(path).resolve() for _, path in batch})
            return
        except RuntimeError as exc:
            name = undecodable_path(str(exc))
            if name is None:
                raise
            say(
                f"servicehandbok: {name}: filnamnet är inte UTF-8 — byt namn på filen "
                "(bara a–z, 0–9 och bindestreck); förhandsvisningen bygger om och fortsätter"
            )
            build_now = True


_UNDECODABLE = re.compile(r'Unable to decode path "(.*)" to string')


def undecodable_path(message: str) -> str | None:
    """The path in watchfiles' error for a name that is not UTF-8, as the handbook shows one
    (``projects/\\xff.yaml``, relative to the working folder); None for any other error."""
    match = _UNDECODABLE.search(message)
    if match is None:
        return None
    shown = re.sub(r"\\x([0-9A-F]{2})", lambda byte: "\\x" + byte.group(1).lower(), match.group(1))
    return shown.removeprefix(Path.cwd().as_posix() + "/")


def _stop(number: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> None:
    """Build, serve the output folder, then build again (first pass first) on every change."""
    options, sphinx_args = arguments(sys.argv[1:] if argv is None else argv)
    target = Target.from_sphinx_args(sphinx_args)
    warnings = sphinx_arguments(sphinx_args).warnfile
    target.outdir.mkdir(parents=True, exist_ok=True)
    folders = [*ALWAYS_IGNORED, *options.ignore, target.outdir, target.doctreedir, *([warnings] if warnings else [])]
    ignored = Ignored(target.srcdir, folders, options.re_ignore)
    paths = [target.srcdir, *(Path(folder).resolve(strict=True) for folder in options.watch)]
    signal.signal(signal.SIGTERM, _stop)  # stopped like Ctrl+C: the worker and its scratch folder go too
    build = full_build(sphinx_args)
    worker = Worker(target)
    reloads = Reloads()
    if not options.no_initial:
        say("servicehandbok: bygger handboken")
        build(changed_paths=())
    httpd = server(options.host, options.port, target.outdir, reloads)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://{options.host}:{httpd.server_address[1]}/"
    say(f"servicehandbok: förhandsvisningen visas på {url} (avsluta med Ctrl+C)")
    if options.open_browser:
        webbrowser.open(url)
    step = build
    if not options.no_first_pass:
        worker.start()  # after the initial build, so the worker loads what it wrote
        step = first_pass_then_build(worker, build, reloads.announce)
    try:
        for changed in changes(paths, ignored):
            step(changed_paths=changed)
            reloads.announce()
    except KeyboardInterrupt:
        pass
    finally:
        worker.stop()
        httpd.shutdown()
        httpd.server_close()


if __name__ == "__main__":
    main()
