"""``nox -s docs-live``: sphinx-autobuild with a first pass that shows an edited project's page at once.

Usage: ``python -m servicehandbok.sphinxext.run.live [sphinx-autobuild options] SOURCEDIR OUTDIR``,
the same arguments as ``sphinx-autobuild``. Serving and watching are sphinx-autobuild's own,
and every change runs the same Sphinx build in a new process as before (:mod:`.sphinxbuild`,
which only skips the interpreter's teardown).
Before that build, a change to a project file is handed to a warm :class:`.firstpass.FirstPass`
in a worker process, which writes that project's page within a second or two, and the browser
reloads; it reloads again when the full build has written the rest. The worker is started
again after a change to anything else (pages, vocabularies, code), so it never serves old code.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..core.names import is_generated, is_generated_file
from .firstpass import FirstPass, Target

READY = "servicehandbok: förhandsvisningens första steg är redo"
READY_TIMEOUT = 60.0
"""Seconds a change waits for a worker that is still loading, before the full build goes ahead alone."""


def say(line: str) -> None:
    """One line of the loop's own output, at once (the benchmark reads it through a pipe)."""
    sys.stdout.write(line + "\n")
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


def main(argv: Sequence[str] | None = None) -> None:
    """Run sphinx-autobuild with the first pass in front of each rebuild."""
    from sphinx_autobuild import __main__ as autobuild
    from sphinx_autobuild.build import Builder
    from sphinx_autobuild.server import RebuildServer
    from sphinx_autobuild.utils import show_command, show_message

    argv = list(sys.argv[1:] if argv is None else argv)
    _, build_args = autobuild._parse_args(list(argv))
    worker = Worker(Target.from_sphinx_args(build_args))

    class QuickExitBuilder(Builder):  # type: ignore[misc]
        """sphinx-autobuild's build step, with :mod:`.sphinxbuild` in place of ``python -m sphinx build``."""

        def __call__(self, *, changed_paths: Sequence[Path]) -> None:
            if changed_paths:
                show_message("Rebuilding...")
            if self._run_commands(self.pre_build_commands, "pre-build") != 0:
                return
            command = [sys.executable, "-m", "servicehandbok.sphinxext.run.sphinxbuild", *self.sphinx_args]
            show_command(command[1:])
            if subprocess.run(command).returncode == 0:
                self._run_commands(self.post_build_commands, "post-build")
            else:
                show_message("Bygget stoppade; servern visar det senaste lyckade bygget tills felet är rättat.")
            show_message(f"Serving on {self.uri}")

    class FirstPassServer(RebuildServer):  # type: ignore[misc]
        """sphinx-autobuild's server, building in a thread so the first pass can reload the browser."""

        async def main(self) -> None:
            worker.start()  # the server starts after the initial build, so the worker loads what it wrote
            await super().main()

        async def watch(self) -> None:
            import watchfiles

            loop = asyncio.get_running_loop()
            step = first_pass_then_build(worker, self.change_callback, lambda: loop.call_soon_threadsafe(self.flag.set))
            source = worker.target.srcdir

            def watched(_: Any, path: str) -> bool:
                return not self.ignore(path) and not generated_page(Path(path), source)

            async for changes in watchfiles.awatch(*self.paths, watch_filter=watched):
                changed = [Path(path).resolve() for _, path in changes]
                await asyncio.to_thread(step, changed_paths=changed)
                self.flag.set()

    # main() and _create_app() take these classes from their module.
    autobuild.RebuildServer = FirstPassServer
    autobuild.Builder = QuickExitBuilder
    try:
        autobuild.main(argv)
    finally:
        worker.stop()


if __name__ == "__main__":
    main()
