"""One road from data to page: one handler edits a page's body, and one function asks for a page's project."""

from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from servicehandbok import sphinxext
from servicehandbok.sphinxext.core import pagebody
from servicehandbok.sphinxext.core.pagebody import Page, Step

SPHINXEXT = Path(__file__).parents[1] / "ext" / "servicehandbok" / "sphinxext"
EDITOR = ("core/pagebody.py", "edit_body")
LOOKUP = ("core/pagebody.py", "page_project")


def _functions(tree: ast.AST) -> dict[ast.AST, str]:
    """Every node inside a function, mapped to the innermost function's name."""
    owner: dict[ast.AST, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                owner[inner] = node.name  # inner functions are walked later and win
    return owner


def _is_body_key(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == "body"


def _body_writes(tree: ast.AST) -> list[ast.AST]:
    """Nodes that set a mapping's ``"body"``: ``x["body"] = …``, ``x["body"] += …``, ``x.update(body=…)``,
    ``x.update({"body": …})`` and ``x.setdefault("body", …)``."""
    found: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Subscript) and _is_body_key(t.slice) for t in targets):
                found.append(node)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name, args, keywords = node.func.attr, node.args, node.keywords
            dicts = [a for a in args if isinstance(a, ast.Dict)]
            updates = any(k.arg == "body" for k in keywords) or any(_is_body_key(k) for d in dicts for k in d.keys if k)
            if (name == "update" and updates) or (name == "setdefault" and args and _is_body_key(args[0])):
                found.append(node)
    return found


def _project_lookups(tree: ast.AST) -> list[ast.AST]:
    """Calls of ``….project_at(…)``."""
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "project_at"
    ]


def places(root: Path, find: Any) -> list[tuple[str, str, int]]:
    """(file, function, line) of every node *find* reports in the Python files under *root*."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        owner = _functions(tree)
        for node in find(tree):
            found.append((path.relative_to(root).as_posix(), owner.get(node, "<module>"), node.lineno))
    return found


def test_only_the_page_body_editor_assigns_a_body() -> None:
    writes = places(SPHINXEXT, _body_writes)
    assert writes, "the editor itself assigns the body: the check must find it"
    others = [w for w in writes if w[:2] != EDITOR]
    assert not others, f"only {EDITOR[0]}:{EDITOR[1]} may set a page's body; register a step there instead: {others}"


def test_the_catalog_is_asked_for_a_pages_project_in_one_place() -> None:
    lookups = places(SPHINXEXT, _project_lookups)
    assert [w[:2] for w in lookups] == [LOOKUP], (
        f"call {LOOKUP[0]}:{LOOKUP[1]}(app, pagename, context) instead of project_at: {lookups}"
    )


def test_the_checks_see_what_they_forbid(tmp_path: Path) -> None:
    """The two static checks find an assignment and a lookup written any of the usual ways."""
    (tmp_path / "x.py").write_text(
        "def handler(app, pagename, templatename, context, doctree):\n"
        "    context['body'] = 'x'\n"
        "    ctx = context\n"
        "    ctx['body'] += 'y'\n"
        "    context.update(body='z')\n"
        "    context.update({'body': 'z'})\n"
        "    context.setdefault('body', '')\n"
        "    return catalog_of(app.env).project_at(pagename)\n",
        encoding="utf-8",
    )
    assert [line for _, _, line in places(tmp_path, _body_writes)] == [2, 4, 5, 6, 7]
    assert places(tmp_path, _project_lookups) == [("x.py", "handler", 8)]


class Recorder:
    """Stands in for Sphinx while the extension registers: records handlers, keeps the page body's steps."""

    def __init__(self) -> None:
        self.handlers: list[tuple[str, Any]] = []

    def connect(self, event: str, handler: Any, priority: int = 500) -> None:
        self.handlers.append((event, handler))

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: None


def test_the_extension_connects_one_body_editor_with_every_step_but_the_first_pass() -> None:
    app: Any = Recorder()
    sphinxext.setup(app)
    assert [h for e, h in app.handlers if e == "html-page-context" and h is pagebody.edit_body] == [pagebody.edit_body]
    steps = pagebody._steps(app)
    assert set(steps.writers) == set(pagebody.WRITERS)
    assert set(steps.writers) | set(steps.edits) == set(Step) - {Step.FIRST_PASS_NOTICE}


class Catalog:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def project_at(self, docname: str) -> Any:
        self.asked.append(docname)
        return SimpleNamespace(id=docname) if docname.startswith("projekt/") else None


def fake_app(catalog: Catalog) -> Any:
    domain = SimpleNamespace(catalog=catalog)
    return SimpleNamespace(env=SimpleNamespace(get_domain=lambda name: domain))


def test_steps_run_in_their_fixed_order_whatever_order_they_were_added_in() -> None:
    catalog = Catalog()
    app = fake_app(catalog)
    for step in sorted(Step, reverse=True):
        if step in pagebody.WRITERS:
            pagebody.add_writer(app, step, lambda page, step=step: f"[{step.name}]" if page.name == "skriven" else None)
        else:
            pagebody.add_edit(app, step, lambda page, body, step=step: f"{step.name}({body})")

    written: dict[str, Any] = {}
    pagebody.edit_body(app, "skriven", "page.html", written, None)
    assert written["body"] == ("FIRST_PASS_NOTICE(SEARCH_NOTICE(SEARCH_INDEX(LANGUAGE(TABLES([COMPARE_PAGE])))))"), (
        "the last writer wins, then every edit, in Step order"
    )

    page = {"body": "text"}
    pagebody.edit_body(app, "om", "page.html", page, None)
    assert page["body"] == "FIRST_PASS_NOTICE(SEARCH_NOTICE(SEARCH_INDEX(LANGUAGE(TABLES(text)))))"

    bodiless: dict[str, Any] = {}
    pagebody.edit_body(app, "genindex", "page.html", bodiless, None)
    assert "body" not in bodiless, "edits skip a page without a body; only writers give one"


def test_a_step_takes_one_function_of_its_kind() -> None:
    app = fake_app(Catalog())

    def edit(page: Page, body: str) -> str:
        return body

    pagebody.add_edit(app, Step.TABLES, edit)
    pagebody.add_edit(app, Step.TABLES, edit)  # the same function again: a repeated setup
    with pytest.raises(ValueError, match="TABLES already has"):
        pagebody.add_edit(app, Step.TABLES, lambda page, body: body)
    with pytest.raises(ValueError, match="use add_writer"):
        pagebody.add_edit(app, Step.SEARCH_PAGE, edit)
    with pytest.raises(ValueError, match="use add_edit"):
        pagebody.add_writer(app, Step.LANGUAGE, lambda page: None)


def test_a_pages_project_is_looked_up_once_for_all_its_handlers() -> None:
    catalog = Catalog()
    app = fake_app(catalog)
    seen: list[Any] = []

    def note(page: Page, body: str) -> str:
        seen.append(page.project)
        return body

    pagebody.add_edit(app, Step.LANGUAGE, note)
    pagebody.add_edit(app, Step.SEARCH_INDEX, note)
    context: dict[str, Any] = {"body": "b"}
    assert pagebody.page_project(app, "projekt/a", context).id == "projekt/a"  # an earlier handler asks first
    pagebody.edit_body(app, "projekt/a", "page.html", context, None)
    assert pagebody.page_project(app, "projekt/a", context).id == "projekt/a"  # and a later one
    pagebody.edit_body(app, "om", "page.html", {"body": "b"}, None)
    assert [p and p.id for p in seen] == ["projekt/a", "projekt/a", None, None]
    assert catalog.asked == ["projekt/a", "om"], "one lookup per page, a page that is no project's included"


def test_the_first_pass_notice_changes_nothing_the_handlers_after_the_body_decide() -> None:
    """The first-pass notice used to be added after the guard and the trimming of the page's files; now
    the body's editor adds it before them, which holds while the notice gives them nothing to act on."""
    from servicehandbok.sphinxext.core.markup import active_markup
    from servicehandbok.sphinxext.run.firstpass import NOTICE
    from servicehandbok.sphinxext.site import assets

    body = '<div class="highlight"><pre>x</pre></div><p class="sd-card">y</p>'
    assert active_markup(NOTICE) is None
    assert assets.unused(NOTICE + body) == assets.unused(body)
    assert assets.unused(NOTICE) == assets.unused("")
    pruning = tuple(assets.PRUNED.values())
    assert not [name for name in assets.used_classes(NOTICE) if name.startswith(pruning)]
