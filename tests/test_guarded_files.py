"""Files beside the project files, and the character policy (issue 31).

Every file the build reads beside the project files (the vocabularies, ``kinds.yaml``,
``geography.json``, the map outlines and the schemas) goes through the one guarded reader,
its schema and the character policy: a folder, a symlink loop, a device, a file that is not
UTF-8 or a control character gives one clean line naming file:line:column, never a traceback,
and what ``check`` accepts the build can draw. The policy follows the pinned Unicode data of
``unicodedata2``, not the running Python's.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import servicehandbok
from conftest import copy_projects, minimal_project, write_project
from servicehandbok.cli import geography as generator
from servicehandbok.data import characters
from servicehandbok.data.catalog import load_catalog
from servicehandbok.data.geography import load_outline, read_outline
from servicehandbok.data.yamlload import LoadError, read_text

SIDE_FILES = {
    "vocabulary": "_vocabulary/methods.yaml",
    "kinds": "_vocabulary/kinds.yaml",
    "geography": "_vocabulary/geography.json",
    "country map": "_vocabulary/kartor/sverige.svg",
    "county map": "_vocabulary/kartor/20.svg",
    "vocabulary schema": "_schema/vocabulary.schema.json",
    "project schema": "_schema/project.schema.json",
}
KINDS = """\
- name: organisation_type
  field: organisation_types
  file: organisation-types.yaml
  folder: organisationstyp
  title: Organisationstyper
  singular: organisationstyp
  intro: Vilka sorters organisationer som driver projekten.
  facet: organisation
"""
TERMS = "- id: kommun\n  name: Kommun\n"
PYTHONPATH = {**os.environ, "PYTHONPATH": str(Path(servicehandbok.__file__).parents[1])}


def projects(tmp_path: Path) -> Path:
    """A valid projects folder in a repository: the real schemas, vocabularies and maps, one project
    in Dalarna, and a declared kind (so that there is a ``kinds.yaml`` to break)."""
    folder = copy_projects(tmp_path / "repo" / "projects", ["uppsala-servicepunkter"])
    write_project(folder, minimal_project(municipalities=["gagnef"]))
    (folder / "_vocabulary" / "kinds.yaml").write_text(KINDS, encoding="utf-8")
    (folder / "_vocabulary" / "organisation-types.yaml").write_text(TERMS, encoding="utf-8")
    return folder


def error_lines(folder: Path) -> list[str]:
    """The errors ``check`` prints for *folder*, as it prints them."""
    return [problem.format(folder.parent) for problem in load_catalog(folder).errors]


def replaced(path: Path) -> None:
    path.unlink()


def make_folder(path: Path) -> None:
    replaced(path)
    path.mkdir()


def make_loop(path: Path) -> None:
    replaced(path)
    path.symlink_to(path.name)


def make_latin1(path: Path) -> None:
    replaced(path)
    path.write_bytes("# Ordlista\n  Bj\xf6rbo\n".encode("latin-1"))


HOSTILE: dict[str, tuple[Callable[[Path], None], str]] = {
    "folder": (make_folder, r"1:1: det här är ingen vanlig fil utan en mapp — lägg en vanlig \S+-fil här"),
    "loop": (make_loop, r"1:1: filen är en symbolisk länk i en slinga .* — ta bort länken .*"),
    "latin1": (make_latin1, r"2:5: filen är inte sparad som UTF-8 — spara filen med teckenkodningen UTF-8 .*"),
}


@pytest.mark.parametrize("hostile", list(HOSTILE))
@pytest.mark.parametrize("which", list(SIDE_FILES))
def test_a_broken_side_file_is_one_clean_line(tmp_path: Path, which: str, hostile: str) -> None:
    folder = projects(tmp_path)
    make, expected = HOSTILE[hostile]
    make(folder / SIDE_FILES[which])
    lines = error_lines(folder)
    pattern = re.compile(rf"projects/{re.escape(SIDE_FILES[which])}:{expected}")
    assert [line for line in lines if pattern.fullmatch(line)], lines
    assert all(line.isprintable() and " — " in line for line in lines), lines


DEVICE_SCRIPT = """
import json, sys
from pathlib import Path
from servicehandbok.data.catalog import load_catalog
found = {}
for folder in sys.argv[1:]:
    folder = Path(folder)
    found[str(folder)] = [problem.format(folder.parent) for problem in load_catalog(folder).errors]
print(json.dumps(found))
"""


def test_a_link_to_a_device_is_refused_unread(tmp_path: Path) -> None:
    """``/dev/zero`` linked in place of each side file. Run in a child process whose memory is
    capped at 1 GiB, so that a reader that reads the device fails the test instead of the machine."""
    folders = {}
    for index, (which, name) in enumerate(SIDE_FILES.items()):
        folder = projects(tmp_path / str(index))
        (folder / name).unlink()
        (folder / name).symlink_to("/dev/zero")
        folders[which] = folder

    def cap() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    result = subprocess.run(
        [sys.executable, "-c", DEVICE_SCRIPT, *map(str, folders.values())],
        capture_output=True,
        text=True,
        timeout=120,
        env=PYTHONPATH,
        preexec_fn=cap,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    found = json.loads(result.stdout)
    for which, folder in folders.items():
        wanted = f"projects/{SIDE_FILES[which]}:1:1: det här är ingen vanlig fil utan en symbolisk länk till en enhet"
        assert [line for line in found[str(folder)] if line.startswith(wanted)], (which, found[str(folder)])


def test_reader_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "methods.yaml"
    os.mkfifo(fifo)
    with pytest.raises(LoadError, match="ingen vanlig fil utan ett namngivet rör"):
        read_text(fifo)


# --- Control characters, written as escapes the file format allows ------------------------------


def _edit(path: Path, old: str, new: str) -> tuple[int, int]:
    """Replace *old* (once) in the file; the line and column where *new* starts (its value, after a YAML key)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    key = re.match(r"[a-z_]+: ", old)
    start = text.index(old) + (key.end() if key else 0)
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1


CONTROL = {
    "vocabulary": ("name: Lokalekonomisk analys (LEA)", 'name: "Lokalekonomisk\\u0001 analys (LEA)"', "styrtecken"),
    "kinds": ("title: Organisationstyper", 'title: "Organisationstyper\\u0007"', "styrtecken"),
    "geography": ('"Malmö-Lund"', '"Malmö\\u0001Lund"', "styrtecken"),
    "country map": ('data-name="Stockholms län"', 'data-name="Stockholms&#1;län"', "ingen välformad XML"),
    "county map": ('data-name="Vansbro"', 'data-name="Vans&#x1b;bro"', "ingen välformad XML"),
    "vocabulary schema": ('"Servicehandboken: ordlistor"', '"Servicehandboken:\\u0085 ordlistor"', "styrtecken"),
    "project schema": ('"Servicehandboken: projekt"', '"Projekt\\u202e"', "formateringstecken"),
}


@pytest.mark.parametrize("which", list(SIDE_FILES))
def test_a_control_character_in_a_side_file_is_refused_where_it_stands(tmp_path: Path, which: str) -> None:
    folder = projects(tmp_path)
    old, new, needle = CONTROL[which]
    line, column = _edit(folder / SIDE_FILES[which], old, new)
    lines = error_lines(folder)
    place = f"projects/{SIDE_FILES[which]}:{line}:"
    assert [text for text in lines if text.startswith(place) and needle in text], lines
    if "XML" not in needle:  # a value's place is where the value starts; expat names the character itself
        assert [text for text in lines if text.startswith(f"{place}{column}:")], lines
    assert all(text.isprintable() for text in lines), lines


def test_a_term_name_of_only_combining_marks_is_refused(tmp_path: Path) -> None:
    folder = projects(tmp_path)
    (folder / "_vocabulary" / "organisation-types.yaml").write_text(
        '- id: kommun\n  name: "\\u0301\\u0308"\n', encoding="utf-8"
    )
    lines = error_lines(folder)
    assert [
        line
        for line in lines
        if line.startswith("projects/_vocabulary/organisation-types.yaml:2:9: kombinerande tecken utan bokstav före")
    ], lines


# --- geography.json: every value the build uses has the type it needs ---------------------------

GEOGRAPHY_BREAKS = {
    # (text replaced, replacement, the field named in the message)
    "names not a mapping": ('"fa_regions": {', '"fa_regions": "ab", "x": {', "fa_regions"),
    "a kommun's region a list": ('"0114": "23"', '"0114": ["23"]', "municipality_fa.0114"),
    "neighbours a number": ('"09": []', '"09": 5', "region_neighbours.09"),
    "a neighbour a number": ('"09": []', '"09": [1]', "region_neighbours.09"),
    "an empty name": ('"Malmö-Lund"', '""', "fa_regions.01"),
    "a name over two lines": ('"Malmö-Lund"', '"Malmö\\nLund"', "fa_regions.01"),
}


@pytest.mark.parametrize("case", list(GEOGRAPHY_BREAKS))
def test_malformed_geography_values_fail_check(tmp_path: Path, case: str) -> None:
    folder = projects(tmp_path)
    old, new, field = GEOGRAPHY_BREAKS[case]
    line, _ = _edit(folder / "_vocabulary" / "geography.json", old, new)
    lines = error_lines(folder)
    found = [text for text in lines if text.startswith("projects/_vocabulary/geography.json:")]
    assert found, lines
    assert any(re.match(rf"projects/_vocabulary/geography\.json:{line}:\d+: .*{re.escape(field)}", t) for t in found)
    assert all("nox -s geography" in text for text in found), found


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[]", "ska vara en grupp av fält"),
        ('{"fa_regions": NaN}', "NaN är inget JSON-tal"),
        ('{"fa_regions": {}, "fa_regions": {}}', "står två gånger"),
        ('{"fa_regions": {}\n "municipality_fa": {}}', "2:2: ogiltig JSON: här saknas ett kommatecken"),
        ("[" * 5000 + "]" * 5000, "för djup nästling"),
    ],
)
def test_invalid_geography_json_is_one_clean_line(tmp_path: Path, text: str, needle: str) -> None:
    folder = projects(tmp_path)
    (folder / "_vocabulary" / "geography.json").write_text(text, encoding="utf-8")
    lines = error_lines(folder)
    assert [line for line in lines if line.startswith("projects/_vocabulary/geography.json:") and needle in line]


# --- Map outlines --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ('viewBox="0 0 427 1004"', 'viewBox=""', "kartans viewBox ”” går inte att rita"),
        ('viewBox="0 0 427 1004"', 'viewBox="0 0 0.5 1004"', "går inte att rita"),
        ('viewBox="0 0 427 1004"', "", "går inte att rita"),
        ('<svg xmlns="http://www.w3.org/2000/svg"', "<svg", "ingen SVG-bild"),
        ('data-label="275 685"', 'data-label="mitt i"', "ogiltig data-label"),
        ('d="M234 715l1', 'd="javascript:M234 715l1', "ingen giltig kontur"),
        ("<svg xmlns", '<!DOCTYPE svg [<!ENTITY a "aaaa">]>\n<svg xmlns', "DOCTYPE"),
    ],
)
def test_an_outline_that_cannot_be_drawn_fails_check(tmp_path: Path, old: str, new: str, needle: str) -> None:
    folder = projects(tmp_path)
    path = folder / "_vocabulary" / "kartor" / "sverige.svg"
    _edit(path, old, new)
    lines = error_lines(folder)
    assert [line for line in lines if line.startswith("projects/_vocabulary/kartor/sverige.svg:") and needle in line]
    assert load_outline(folder / "_vocabulary", "sverige") is None  # the build never draws it


def test_an_outline_missing_an_area_fails_check(tmp_path: Path) -> None:
    folder = projects(tmp_path)
    path = folder / "_vocabulary" / "kartor" / "20.svg"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'<path id="kommun-2026"[^>]*/>\n', "", text), encoding="utf-8")
    assert read_outline(path).paths  # still a drawable map ...
    lines = error_lines(folder)
    assert [line for line in lines if "kartor/20.svg:" in line and "saknar området för Gagnefs kommun" in line], lines


def test_the_real_outlines_and_geography_pass(tmp_path: Path) -> None:
    assert error_lines(projects(tmp_path)) == []


# --- What check and the build print ---------------------------------------------------------------


def hostile_side_files(tmp_path: Path) -> Path:
    """A projects folder whose side files are broken in five ways at once."""
    folder = projects(tmp_path)
    vocabulary = folder / "_vocabulary"
    _edit(
        vocabulary / "methods.yaml", "name: Lokalekonomisk analys (LEA)", 'name: "Lokalekonomisk\\u0001 analys (LEA)"'
    )
    make_folder(vocabulary / "kinds.yaml")
    _edit(vocabulary / "geography.json", '"0114": "23"', '"0114": ["23"]')
    _edit(vocabulary / "kartor" / "sverige.svg", 'viewBox="0 0 427 1004"', 'viewBox=""')
    (vocabulary / "kartor" / "20.svg").unlink()
    (vocabulary / "kartor" / "20.svg").symlink_to("/dev/zero")
    return folder


HOSTILE_LINES = {
    "_vocabulary/methods.yaml": "styrtecken",
    "_vocabulary/kinds.yaml": "ingen vanlig fil utan en mapp",
    "_vocabulary/geography.json": "municipality_fa.0114 ska vara text",
    "_vocabulary/kartor/sverige.svg": "viewBox",
    "_vocabulary/kartor/20.svg": "ingen vanlig fil utan en symbolisk länk till en enhet",
}


def test_check_prints_one_line_per_broken_side_file(tmp_path: Path) -> None:
    folder = hostile_side_files(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "servicehandbok.cli", "check", "projects"],
        cwd=folder.parent,
        capture_output=True,
        text=True,
        timeout=120,
        env=PYTHONPATH,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert all(re.fullmatch(r"projects/[^:]+:\d+:\d+: .+ — .+", line) for line in lines), lines
    for name, needle in HOSTILE_LINES.items():
        assert [line for line in lines if line.startswith(f"projects/{name}:") and needle in line], (name, lines)


def test_the_build_stops_on_broken_side_files_without_a_traceback(tmp_path: Path) -> None:
    folder = hostile_side_files(tmp_path)
    (folder.parent / "conf.py").write_text(
        'extensions = ["servicehandbok"]\nlanguage = "sv"\nservicehandbok_projects = "projects"\n', encoding="utf-8"
    )
    (folder.parent / "index.md").write_text("# Test\n\n```{handbook:map}\n```\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(folder.parent), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**PYTHONPATH, "NO_COLOR": "1"},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("Bygget stoppades: "), result.stderr
    crashes = ("Traceback", "Exception occurred", "MemoryError", "ValueError", "TypeError", "KeyError")
    assert [word for word in crashes if word in output] == [], output
    for name, needle in HOSTILE_LINES.items():
        assert re.search(rf"projects/{re.escape(name)}:\d+:\d+: [^\n]*{re.escape(needle)}", output), (name, output)


# --- The geography generator reads what it builds on through the same reader ----------------------


def test_generator_refuses_a_broken_vocabulary_file_cleanly(tmp_path: Path) -> None:
    folder = projects(tmp_path)
    make_folder(folder / "_vocabulary" / "regions.yaml")
    with pytest.raises(generator.GeographyError, match=r"regions\.yaml:1:1: det här är ingen vanlig fil"):
        generator._vocabulary_file(folder, "regions.yaml")
    _edit(folder / "_vocabulary" / "municipalities.yaml", "name: Upplands Väsby kommun", 'name: "Upplands\\u0001"')
    with pytest.raises(generator.GeographyError, match=r"municipalities\.yaml:\d+:\d+: styrtecken"):
        generator._vocabulary_file(folder, "municipalities.yaml")


def test_generator_will_not_write_into_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "geography.json"
    target.mkdir()
    with pytest.raises(generator.GeographyError, match="ingen vanlig fil utan en mapp"):
        generator._current(target)
    assert generator._current(tmp_path / "saknas.json") is None


# --- ``new`` reads the project schema as ``check`` does --------------------------------------------

SCHEMA_BREAKS = {
    "malformed": ('{"type": "object",\n  "properties": }', r"2:17: ogiltig JSON: här saknas ett värde"),
    "not an object": ("[1, 2]", r"1:1: schemat ska vara ett JSON-objekt \(\{ … \}\)"),
    "no definitions": ("{}", r"1:1: schemat saknar #/\$defs/term och #/\$defs/terms, som fälten för termerna pekar på"),
    "only a type": ('{"type": "object"}', r"1:1: schemat saknar #/\$defs/term"),
}


@pytest.mark.parametrize("case", list(SCHEMA_BREAKS))
def test_new_and_check_refuse_a_broken_project_schema_in_one_clean_line(tmp_path: Path, case: str) -> None:
    from servicehandbok.cli import scaffold

    folder = projects(tmp_path)
    text, expected = SCHEMA_BREAKS[case]
    (folder / "_schema" / "project.schema.json").write_text(text, encoding="utf-8")
    pattern = re.compile(rf"projects/_schema/project\.schema\.json:{expected}.* — .+")
    with pytest.raises(scaffold.ScaffoldError) as refused:
        scaffold.create(folder, "Byns butik")
    assert pattern.fullmatch(str(refused.value)), str(refused.value)
    assert not (folder / "byns-butik.yaml").exists()
    assert [line for line in error_lines(folder) if pattern.fullmatch(line)], error_lines(folder)


def _schema_with(edit: Callable[[dict], None]) -> str:
    schema = json.loads((Path(__file__).parents[1] / "projects" / "_schema" / "project.schema.json").read_text())
    edit(schema)
    return json.dumps(schema, ensure_ascii=False, indent=2)


SCHEMA_ODDITIES = {
    # JSON Schema allows true (any value) and false (no value) where a schema stands.
    "a field that takes anything": lambda s: s["properties"].update(purpose=True),
    "a field that takes nothing": lambda s: s["properties"].update(content=False),
    "list items that take anything": lambda s: s["properties"]["activities"].update(items=True),
    "a term field dropped, another true": lambda s: (
        s["properties"].pop("methods"),
        s["properties"].update(title=True),
    ),
    "an unknown list of terms": lambda s: s["properties"]["regions"].update({"x-vocabulary": "okand"}),
    "a list of terms that is no name": lambda s: s["properties"]["regions"].update({"x-vocabulary": 5}),
}


@pytest.mark.parametrize("case", list(SCHEMA_ODDITIES))
def test_new_writes_a_template_from_an_unusual_but_valid_schema(tmp_path: Path, case: str) -> None:
    """A schema ``check`` reads gives ``new`` no traceback: the template follows what it can."""
    import yaml

    from servicehandbok.cli import scaffold

    folder = projects(tmp_path)
    (folder / "_schema" / "project.schema.json").write_text(_schema_with(SCHEMA_ODDITIES[case]), encoding="utf-8")
    written = scaffold.create(folder, "Byns butik")
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert data["id"] == "byns-butik"


# --- The character policy: combining marks, and one Unicode version on every Python ----------------


@pytest.mark.parametrize("title", ["\u0301\u0301", " \u0308", "\U000e0100", "\u20e3", "\u0301Testbyn"])
def test_a_title_that_starts_with_a_combining_mark_is_refused(tmp_path: Path, title: str) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    write_project(folder, minimal_project(title=title))
    (problem,) = load_catalog(folder).errors
    assert problem.code == "invisible-character"
    assert problem.message.startswith("kombinerande tecken utan bokstav före")
    assert problem.fix.startswith("skriv bokstaven som tecknet hör till före det")
    assert problem.format().isprintable()


@pytest.mark.parametrize("title", ["Cafe\u0301 i byn", "1\ufe0f\u20e3 Servicepunkt", "Å\u0308 och \u00e4"])
def test_combining_marks_on_a_letter_pass(title: str) -> None:
    assert characters.is_allowed(title)


def test_the_policy_uses_pinned_unicode_data_not_the_running_pythons() -> None:
    """Python 3.10 has Unicode 13.0 and 3.13 has 15.1; the policy answers as Unicode 17.0 on both."""
    assert characters.UNICODE_VERSION == "17.0.0"
    assert characters.is_allowed("Skakigt \U0001fae8")  # SHAKING FACE, Unicode 15.0
    assert characters.is_allowed("Trådlöst \U0001f6dc")  # WIRELESS, Unicode 15.0
    assert characters.is_allowed("Sliten \U0001fae9 och \U0001faea")  # Unicode 16.0 and 17.0
    assert characters.is_allowed("\U0001e4d0\u200c\U0001e4d1")  # ZWNJ between Nag Mundari letters (15.0)
    assert not characters.is_allowed("Inte tilldelad \U0001faff")  # unassigned in Unicode 17.0
    assert characters.refused("a\U0001faffb") == (1, "tecken som inte finns i Unicode")


def test_check_names_a_new_character_by_the_pinned_data(tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    write_project(folder, minimal_project(title="\u0301\U0001fae8"))
    (problem,) = load_catalog(folder).errors
    assert "COMBINING ACUTE ACCENT" in problem.message
    write_project(folder, minimal_project(title="Skakigt \U0001fae8"))
    assert load_catalog(folder).errors == []


def test_the_check_session_installs_the_pinned_data() -> None:
    """``nox -s check`` runs from the source tree with the CORE list only: it must name unicodedata2."""
    noxfile = (Path(__file__).parents[1] / "noxfile.py").read_text(encoding="utf-8")
    core = re.search(r"^CORE = \[(.*)\]$", noxfile, re.M)
    assert core and "unicodedata2" in core.group(1)
    pyproject = (Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^\s*"unicodedata2>=17\.0\.0,<17\.1",$', pyproject, re.M)


def test_the_policy_module_does_not_use_the_standard_unicodedata() -> None:
    source = Path(characters.__file__).read_text(encoding="utf-8")
    assert not re.search(r"^\s*import unicodedata\s*$", source, re.M)
    assert ".isalpha()" not in source  # str methods follow the running Python's data too
    assert "import unicodedata2" in source
