"""The package's floors: each sub-package imports only the floors below it, and nothing imports in a loop."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "ext" / "servicehandbok"

FLOORS = {"_version": 0, "data": 0, "outputs": 1, "cli": 1, "content": 2, "sphinxext": 3, "__init__": 4}
"""Where each top-level part of the package stands; a part may import its own floor's modules and those below."""
INNER_FLOORS = {"core": 0, "lifecycle": 1, "pages": 1, "site": 2, "search": 2, "run": 3, "__init__": 4}
"""The Sphinx glue's own floors (``servicehandbok.sphinxext.<part>``), read the same way."""
SPHINX_FREE = ("data", "outputs", "cli", "content")
"""Parts that must not import Sphinx or docutils, so checking and rendering run without them."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> set[str]:
    """Every module this file imports, absolute, including imports inside functions and TYPE_CHECKING blocks."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base]) if base else ".".join(anchor)
            modules = {f"{base}.{alias.name}" for alias in node.names if _is_module(f"{base}.{alias.name}")}
            # ``from . import x`` imports the module x, not a name: the package itself only when a name is not a module.
            if len(modules) < len(node.names):
                found.add(base)
            found.update(modules)
    found.discard(module)  # a package's __init__ importing its own modules is not a loop
    return found


def _is_module(name: str) -> bool:
    relative = Path(*name.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative / "__init__.py").is_file()


GRAPH = {
    _module_name(path): {name for name in _imports(path) if name.startswith("servicehandbok") and _is_module(name)}
    for path in sorted(PACKAGE.rglob("*.py"))
}


def test_every_part_has_a_floor() -> None:
    assert {_part(module) for module in GRAPH} == set(FLOORS)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_point_down(module: str) -> None:
    floor = FLOORS[_part(module)]
    upward = {name for name in GRAPH[module] if FLOORS[_part(name)] > floor}
    assert not upward, f"{module} imports from a higher floor: {sorted(upward)}"
    # cli and outputs share a floor but are separate stairs: neither needs the other.
    sideways = {name for name in GRAPH[module] if FLOORS[_part(name)] == floor and _part(name) != _part(module)}
    sideways = {name for name in sideways if {_part(name), _part(module)} != {"_version", "data"}}
    assert not sideways, f"{module} imports sideways: {sorted(sideways)}"


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if _part(m) in SPHINX_FREE))
def test_core_imports_no_sphinx(module: str) -> None:
    path = PACKAGE.parent.joinpath(*module.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    foreign = {name for name in _imports(path) if name.split(".")[0] in {"sphinx", "docutils", "myst_parser"}}
    assert not foreign, f"{module} imports {sorted(foreign)}"


def test_no_import_loops() -> None:
    """Depth-first search for a cycle among the package's own modules (package __init__ files included)."""
    state: dict[str, int] = {}
    trail: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        trail.append(module)
        for target in sorted(GRAPH.get(module, ())):
            if state.get(target) == 1:
                return [*trail[trail.index(target) :], target]
            if target not in state and (loop := visit(target)):
                return loop
        trail.pop()
        state[module] = 2
        return None

    for module in sorted(GRAPH):
        if module not in state:
            loop = visit(module)
            assert loop is None, " → ".join(loop)


def _inner(module: str) -> str | None:
    """The Sphinx glue's sub-package of *module*, "__init__" for the glue's own package, None outside it."""
    parts = module.split(".")
    if parts[1:2] != ["sphinxext"]:
        return None
    return parts[2] if len(parts) > 2 else "__init__"


INNER = sorted(m for m in GRAPH if _inner(m) is not None)


def test_every_inner_part_has_a_floor() -> None:
    assert {_inner(module) for module in INNER} == set(INNER_FLOORS)


@pytest.mark.parametrize("module", INNER)
def test_inner_imports_point_down(module: str) -> None:
    part = _inner(module)
    floor = INNER_FLOORS[part]
    targets = {name: _inner(name) for name in GRAPH[module] if _inner(name) is not None}
    upward = sorted(name for name, target in targets.items() if INNER_FLOORS[target] > floor)
    assert not upward, f"{module} imports from a higher floor of the Sphinx glue: {upward}"
    sideways = sorted(name for name, target in targets.items() if INNER_FLOORS[target] == floor and target != part)
    assert not sideways, f"{module} imports sideways: {sideways}"


def test_graph_has_known_edges() -> None:
    """The graph is built from real imports: a module known to import another shows that edge."""
    assert "servicehandbok.data.problems" in GRAPH["servicehandbok.data.yamlload"]
    assert "servicehandbok.data.phones" in GRAPH["servicehandbok.data.privacy"]
    assert "servicehandbok.sphinxext.core.state" in GRAPH["servicehandbok.sphinxext.search.page"]
