"""A Sphinx extension that records CPU time per page and phase, and per event handler, for profiling.

cProfile overweights many small calls; this reads the process clock around the few places that
matter: reading one document (parse, transforms, pickle), resolving it (unpickle, post-transforms,
``doctree-resolved``), writing it (translate, ``html-page-context``, template), every event
handler, every transform and post-transform by class, and the whole phases. Add ``"phases"`` to
``extensions`` (with ``bench/`` on the path) and set ``PHASES_OUT`` to a JSON file.

Summarise one or two recordings with ``python bench/phases.py a.json [b.json]``.
"""

from __future__ import annotations

import atexit
import functools
import gc
import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils.transforms import Transformer
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.events import EventManager

clock = time.process_time
RECORD: dict[str, Any] = {
    "read": {},
    "resolve": {},
    "write": {},
    "handlers": defaultdict(float),
    "transforms": defaultdict(float),
    "phases": {},
    "gc": {"0": [0, 0.0], "1": [0, 0.0], "2": [0, 0.0]},
}
_gc_started: list[float] = []


def _gc(phase: str, info: dict[str, int]) -> None:
    """Count the collector's passes and their CPU time, by generation."""
    if phase == "start":
        _gc_started[:] = [clock()]
    elif _gc_started:
        entry = RECORD["gc"][str(info["generation"])]
        entry[0] += 1
        entry[1] += clock() - _gc_started[0]


def _timed(store: dict[str, float], key: Callable[..., str]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = clock()
            try:
                return function(*args, **kwargs)
            finally:
                name = key(*args, **kwargs)
                store[name] = store.get(name, 0.0) + clock() - started

        return wrapper

    return decorate


def _patch() -> None:
    Builder.read_doc = _timed(RECORD["read"], lambda self, docname, **kw: docname)(Builder.read_doc)  # type: ignore[method-assign]
    BuildEnvironment.get_and_resolve_doctree = _timed(  # type: ignore[method-assign]
        RECORD["resolve"], lambda self, docname, *a, **kw: docname
    )(BuildEnvironment.get_and_resolve_doctree)
    StandaloneHTMLBuilder.write_doc = _timed(RECORD["write"], lambda self, docname, *a, **kw: docname)(  # type: ignore[method-assign]
        StandaloneHTMLBuilder.write_doc
    )
    original_emit = EventManager.emit

    def emit(self: EventManager, name: str, *args: Any, **kwargs: Any) -> Any:
        # Time each listener by wrapping it once.
        for listener in self.listeners.get(name, []):
            handler = listener.handler
            if not getattr(handler, "_phases", False):
                label = f"{name}: {getattr(handler, '__module__', '?')}.{getattr(handler, '__qualname__', handler)}"
                wrapped = _timed(RECORD["handlers"], lambda *a, _label=label, **kw: _label)(handler)
                wrapped._phases = True  # type: ignore[attr-defined]
                self.listeners[name][self.listeners[name].index(listener)] = listener._replace(handler=wrapped)
        return original_emit(self, name, *args, **kwargs)

    EventManager.emit = emit  # type: ignore[method-assign]
    original_apply = Transformer.apply_transforms

    def apply_transforms(self: Transformer) -> None:
        # docutils pops transforms off a sorted list; time each one by wrapping its apply method.
        for entry in self.transforms:
            cls = entry[1]
            if not getattr(cls.apply, "_phases", False):
                label = f"{cls.__module__}.{cls.__qualname__}"
                wrapped = _timed(RECORD["transforms"], lambda *a, _label=label, **kw: _label)(cls.apply)
                wrapped._phases = True  # type: ignore[attr-defined]
                cls.apply = wrapped
        original_apply(self)

    Transformer.apply_transforms = apply_transforms  # type: ignore[method-assign]


def _phase(name: str) -> Callable[..., None]:
    def mark(*args: Any) -> None:
        RECORD["phases"][name] = clock()

    return mark


def _save() -> None:
    target = os.environ.get("PHASES_OUT")
    if target:
        RECORD["phases"]["exit"] = clock()
        Path(target).write_text(json.dumps(RECORD), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    _patch()
    gc.callbacks.append(_gc)
    RECORD["phases"]["setup"] = clock()
    app.connect("builder-inited", _phase("builder-inited"), priority=0)
    app.connect("env-before-read-docs", _phase("before-read"), priority=0)
    app.connect("env-updated", _phase("env-updated"), priority=0)
    app.connect("build-finished", _phase("build-finished"), priority=0)
    atexit.register(_save)
    return {"parallel_read_safe": False, "parallel_write_safe": False}


def _group(docname: str) -> str:
    return docname.split("/", 1)[0] if "/" in docname else "(top)"


def summary(path: Path) -> dict[str, dict[str, tuple[int, float, float, float]]]:
    """Per folder: pages, and CPU ms per page to read, resolve and write."""
    record = json.loads(path.read_text(encoding="utf-8"))
    groups: dict[str, list[str]] = defaultdict(list)
    for docname in {*record["read"], *record["write"]}:
        groups[_group(docname)].append(docname)
    table = {}
    for group, docs in sorted(groups.items()):
        per = [
            1000 * sum(record[phase].get(d, 0.0) for d in docs) / len(docs) for phase in ("read", "resolve", "write")
        ]
        table[group] = (len(docs), *per)
    return table


def _out(*args: Any) -> None:
    sys.stdout.write(" ".join(str(a) for a in args) + "\n")


def main() -> None:
    for path in map(Path, sys.argv[1:]):
        record = json.loads(path.read_text(encoding="utf-8"))
        _out(f"\n{path}: phases {record['phases']}")
        _out("garbage collector (passes, s) by generation:", record.get("gc"))
        _out(f"{'folder':<14}{'pages':>7}{'read ms':>10}{'resolve ms':>12}{'write ms':>10}")
        for group, (count, read, resolve, write) in summary(path).items():
            _out(f"{group:<14}{count:>7}{read:>10.1f}{resolve:>12.1f}{write:>10.1f}")
        totals = {phase: sum(record[phase].values()) for phase in ("read", "resolve", "write")}
        _out("totals s:", {k: round(v, 1) for k, v in totals.items()})
        _out("handlers (s):")
        for name, seconds in sorted(record["handlers"].items(), key=lambda item: -item[1])[:25]:
            _out(f"  {seconds:7.2f}  {name}")
        _out("transforms (s):")
        for name, seconds in sorted(record["transforms"].items(), key=lambda item: -item[1])[:30]:
            _out(f"  {seconds:7.2f}  {name}")


if __name__ == "__main__":
    main()
