"""The restricted YAML reader: values stay as written, traps become clear errors."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from servicehandbok.data.yamlload import LoadError, load, read_text

P = Path("projects/x.yaml")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("0701234567", "0701234567"),
        ("+46701234567", "+46701234567"),
        ("no", "no"),
        ("on", "on"),
        ("12:30", "12:30"),
        ("1.10", "1.10"),
        ("2024-01-15", "2024-01-15"),
        ("2021-99-99", "2021-99-99"),
        ("'quoted 42'", "quoted 42"),
        ('"0701"', "0701"),
        ("42", 42),
        ("-5", -5),
        ("true", True),
        ("false", False),
        ("~", None),
    ],
)
def test_scalars_keep_what_was_written(written: str, expected: object) -> None:
    assert load(P, f"value: {written}\n").data == {"value": expected}


def test_block_text_is_kept() -> None:
    assert load(P, "text: |\n  rad ett\n\n  rad två\n").data == {"text": "rad ett\n\nrad två\n"}


def test_positions_of_values_and_keys() -> None:
    document = load(P, "a: 1\nlist:\n  - x\n  - y: 2\n")
    assert document.where(("list", 1, "y")) == (4, 8)
    assert document.where(("list", 1, "y"), key=True) == (4, 5)
    assert document.where(("a",)) == (1, 4)
    assert document.where(("missing", "deeper")) == (1, 1)


def problem_of(text: str):
    with pytest.raises(LoadError) as caught:
        load(P, text)
    return caught.value.problem


def test_duplicate_key_names_both_lines() -> None:
    problem = problem_of("title: a\npurpose: b\ntitle: c\n")
    assert (problem.line, problem.column) == (3, 1)
    assert "”title” står två gånger (första gången på rad 1)" in problem.message


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['echo hacked']",
        "!!python/name:os.system ''",
        "!!binary aGk=",
        "!custom x",
        "!!int '5'",
    ],
)
def test_explicit_tags_are_refused(tag: str) -> None:
    problem = problem_of(f"title: ok\nvalue: {tag}\n")
    assert problem.line == 2
    assert "YAML-taggen" in problem.message


def test_python_tag_on_a_mapping_is_refused() -> None:
    problem = problem_of("value: !!python/object:os.system {}\n")
    assert "python/object" in problem.message


def test_alias_bomb_is_refused_fast() -> None:
    bomb = "a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
        f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    started = time.perf_counter()
    problem = problem_of(bomb)
    assert time.perf_counter() - started < 1
    assert "alias" in problem.message
    assert problem.path == P


def test_deep_nesting_is_refused_fast() -> None:
    started = time.perf_counter()
    problem = problem_of("value: " + "[" * 1000 + "]" * 1000 + "\n")
    assert time.perf_counter() - started < 1
    assert "nästling" in problem.message


def test_tab_indentation_names_line_and_fix() -> None:
    problem = problem_of("title: a\nbudget:\n\ttotal: 5\n")
    assert problem.line == 3
    assert "tabbar" in problem.fix


@pytest.mark.parametrize(
    ("text", "needle"), [("", "tom"), ("# bara en kommentar\n", "tom"), ("a: 1\n---\nb: 2\n", "mer än ett")]
)
def test_empty_and_multi_document_files(text: str, needle: str) -> None:
    assert needle in problem_of(text).message


@pytest.mark.parametrize(
    ("text", "position"),
    [
        # The second colon on line 1, counted from 1.
        ("a: b: c\n", (1, 5)),
        # The list on line 2 is never closed; the parser notices at the colon of line 3.
        ("title: x\nbudget: [1, 2\npurpose: y\n", (3, 8)),
        # PyYAML reports where it ran out looking for the closing quote: the end of the file.
        ('title: "unterminated\npurpose: x\n', (3, 1)),
    ],
)
def test_broken_syntax_has_position(text: str, position: tuple[int, int]) -> None:
    problem = problem_of(text)
    assert (problem.line, problem.column) == position
    assert problem.message.startswith("YAML-syntaxfel")


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Björbo\n".encode("latin-1"))
    with pytest.raises(LoadError) as caught:
        read_text(path)
    assert (caught.value.problem.line, caught.value.problem.column) == (1, 10)
    assert "UTF-8" in caught.value.problem.message


def test_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufefftitle: x\n".encode())
    assert load(path).data == {"title": "x"}
