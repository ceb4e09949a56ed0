"""The architecture page's table of handlers is the one the extension registers, in Sphinx's order."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from servicehandbok import sphinxext
from servicehandbok.sphinxext.core.events import Order

PAGE = Path(__file__).parents[1] / "docs" / "forvaltning" / "arkitektur.md"
ROW = re.compile(r"^\| `(?P<event>[a-z-]+)` \| (?:`(?P<order>[A-Z_]+)`)? *\| `(?P<handler>[\w.]+)` \|", re.MULTILINE)


class Recorder:
    """Stands in for Sphinx: records ``connect`` and accepts every other registration."""

    def __init__(self) -> None:
        self.connected: list[tuple[str, int, str]] = []

    def connect(self, event: str, handler: Any, priority: int = Order.DEFAULT) -> None:
        name = f"{handler.__module__.removeprefix('servicehandbok.sphinxext.')}.{handler.__name__}"
        self.connected.append((event, int(priority), name))

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: None


def registered() -> list[tuple[str, int, str]]:
    recorder = Recorder()
    sphinxext.setup(recorder)  # type: ignore[arg-type]
    return recorder.connected


def test_the_page_lists_every_handler_with_its_order() -> None:
    documented = [
        (row["event"], int(Order[row["order"]] if row["order"] else Order.DEFAULT), row["handler"])
        for row in ROW.finditer(PAGE.read_text(encoding="utf-8"))
    ]
    assert len(documented) >= 40
    assert sorted(documented) == sorted(registered())


def test_the_page_lists_each_events_handlers_in_the_order_sphinx_calls_them() -> None:
    documented = [(row["event"], row["handler"]) for row in ROW.finditer(PAGE.read_text(encoding="utf-8"))]
    for event in dict.fromkeys(event for event, _ in documented):
        # Sphinx calls by priority, then in the order of connection (a stable sort).
        called = [name for _, _, name in sorted((c for c in registered() if c[0] == event), key=lambda c: c[1])]
        assert [name for e, name in documented if e == event] == called, event
