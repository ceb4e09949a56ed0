"""Hostile and broken input (issue 15): hidden contacts stay hidden, exports are inert, no file gives a traceback."""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import unquote_plus

import pytest
import yaml

import servicehandbok
from conftest import copy_projects, minimal_project, write_project
from servicehandbok.data import characters
from servicehandbok.data.catalog import load_catalog
from servicehandbok.data.privacy import HIDDEN
from servicehandbok.data.problems import Problem, Severity
from servicehandbok.data.yamlload import LoadError, read_text
from servicehandbok.outputs import exports

# --- 1. Privacy ----------------------------------------------------------------------

NAME, EMAIL, PHONE = "Greta Hemlig", "greta.hemlig@byn.se", "070-987 65 43"
WRITTEN_AS = (
    NAME,
    "greta  HEMLIG",
    EMAIL,
    PHONE,
    "0709876543",
    "+46 70 987 65 43",
    "070 - 987 65 43",
    # Issue 31: as a reader would still recognise them.
    "Greta Hemligs",
    "GRÉTA HÉMLIG",
    "Greta\u00a0Hemlig",
    "+46 (0)70-987 65 43",
    "070\u2011987\u00a065\u00a043",
    "0046 70 987 65 43",
    "greta.hemlig (at) byn (dot) se",
    "Greta.Hemlig[at]BYN.se",
    "Gre\u200cta Hem\u200clig",  # an invisible zero-width non-joiner inside (the one the character policy lets through)
    "Gre\u0301ta Hemligs",  # the accent as a combining mark (NFD)
    "\uff27\uff52\uff45\uff54\uff41 \uff28\uff45\uff4d\uff4c\uff49\uff47",  # full-width letters (NFKC)
    "(070) 987 65 43",
    "+46\u201170\u2011987\u201165\u201143",
    "greta(dot)hemlig(at)byn(dot)se",
)
"""The contact's details as free text might repeat them: other case, spacing, accents, invisible
characters, the genitive, prefixes and dashes, and an address written to fool harvesters."""
UNLISTED = "Ring växeln 08-123 456 78 eller +46 8 123 456 78, eller skriv till okand@exempel.se."
"""Details of nobody listed: in hidden mode they go too."""
FREE_TEXT_FIELDS = (
    "title",
    "lead_organisation",
    "purpose",
    "summary",
    "content",
    "activities",
    "expected_results",
    "co_funder",
    "co_funder_as_written",
    "source_title",
    "source_notes",
    "source_editorial",
    "provenance_reason",
    "role",
    "outcome_results",
    "outcome_worked",
    "outcome_hard",
    "outcome_not_found",
    "outcome_change",
    "outcome_successor",
    "outcome_contact_changes",
    "source_reference",
)
FOLLOW_UP_SOURCE = {
    "id": "nyhet",
    "title": "Byns nyhet",
    "publisher": "Byn",
    "url": "https://example.se/nyhet",
    "read": "2026-01-31",
    "kind": "news",
}


def leaky_project(field: str) -> dict:
    mention = "Ring " + " eller ".join(WRITTEN_AS) + "."
    data = minimal_project(
        f"lacka-{field.replace('_', '-')}",
        contacts=[{"name": NAME, "role": "Projektledare", "email": EMAIL, "phone": PHONE}],
    )
    if field == "activities":
        data["activities"] = [mention, {"heading": "Möten", "items": [mention]}]
    elif field == "expected_results":
        data["expected_results"] = [mention]
    elif field == "co_funder":
        data["budget"] = {"total": 1000, "co_funders": [{"name": mention}]}
    elif field == "co_funder_as_written":
        data["budget"] = {"total": 1000, "co_funders": [{"funder": "gagnef-kommun", "as_written": mention}]}
    elif field == "provenance_reason":
        data["provenance"] = {"lead_organisation": {"basis": "inferred", "reason": mention}}
    elif field in ("outcome_results", "outcome_worked", "outcome_hard", "outcome_contact_changes"):
        facts = [{"text": mention, "sources": ["nyhet"]}, {"text": "Annat.", "sources": ["nyhet"]}]
        data["sources"] = [FOLLOW_UP_SOURCE]
        data["outcome"] = {"searched": "2026-01-31", field.removeprefix("outcome_"): facts}
    elif field == "outcome_not_found":
        data["outcome"] = {"searched": "2026-01-31", "not_found": mention}
    elif field == "outcome_change":
        data["sources"] = [FOLLOW_UP_SOURCE]
        change = {"field": "lead_organisation", "value": mention, "text": mention, "sources": ["nyhet"]}
        data["outcome"] = {"searched": "2026-01-31", "changes": [change]}
    elif field == "outcome_successor":
        data["sources"] = [FOLLOW_UP_SOURCE]
        successor = {"name": mention, "relation": "followed-by", "text": mention, "sources": ["nyhet"]}
        data["outcome"] = {"searched": "2026-01-31", "successors": [successor]}
    elif field == "source_reference":
        data["sources"] = [{**FOLLOW_UP_SOURCE, "title": mention, "publisher": mention}]
        data["outcome"] = {"searched": "2026-01-31", "results": [{"text": "Annat.", "sources": ["nyhet"]}]}
    elif field.startswith("source_"):
        data["source"] = {"title": "Källa", field.removeprefix("source_"): mention}
    elif field == "role":
        data["contacts"][0]["role"] = mention
    else:
        data[field] = mention
    return data


def leaks(text: str) -> list[str]:
    """Which of the contact's details (however written, in any URL too) *text* still holds, and the unlisted ones.

    The text is read as a reader of the page, the data or the address would: character references,
    JSON escapes and percent-escapes decoded; case, accents, width and invisible characters ignored
    (compatibility decomposition; then only letters and digits count)."""
    text = html.unescape(re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text))
    text = unicodedata.normalize("NFKD", unquote_plus(text)).casefold()
    letters = re.sub(r"[\W_]+", "", text)
    written_out = re.sub(r"dot|punkt", "", letters)  # greta(dot)hemlig
    found = [detail for detail in ("gretahemlig", "okandexempel") if detail in letters or detail in written_out]
    digits = re.sub(r"[^0-9]", "", text)
    found += [number for number in ("709876543", "812345678") if number in digits]
    return found


def readable(path: Path) -> dict[str, str]:
    """Every text in the file at *path* as a reader of it gets it: a compressed file (the search
    index's fragments, with their ``pagefind_dcd`` header) decompressed, an e-book unzipped."""
    data = path.read_bytes()
    if path.suffix == ".epub":
        with zipfile.ZipFile(path) as book:
            return {f"{path}!{name}": book.read(name).decode("utf-8", errors="replace") for name in book.namelist()}
    if path.suffix.startswith(".pf_") or data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return {str(path): data.decode("utf-8", errors="replace")}


@pytest.mark.parametrize("builder", ["html", "dirhtml", "epub"])
def test_hidden_contacts_are_redacted_from_every_free_text_field_in_every_output(
    handbook, tmp_path: Path, builder: str
) -> None:
    folder = copy_projects(tmp_path / "projects", ["uppsala-servicepunkter"])
    for field in FREE_TEXT_FIELDS:
        write_project(folder, leaky_project(field))
    # Named in another project's text, in its addresses (percent-encoded too), and details that belong to nobody listed.
    other = minimal_project("lacka-annat-projekt", purpose=f"Greta Hemligs by. {UNLISTED}")
    other["source"] = {"title": "Källa", "url": "https://example.se/s%C3%B6k?q=Gr%C3%A9ta+Hemlig"}
    addresses = [
        "https://example.se/personer/greta-hemlig.html",
        "https://example.se/personer/Greta%20Hemligs%20sida.html",
        "https://example.se/ring/070-987%2065%2043",
        "https://example.se/kontakt?till=greta.hemlig%40byn.se",
        "https://example.se/kontakt?till=okand%40exempel.se",
    ]
    other["sources"] = [
        {**FOLLOW_UP_SOURCE, "id": f"nyhet-{index}", "url": url} for index, url in enumerate(addresses, start=1)
    ]
    cited = [source["id"] for source in other["sources"]]
    other["outcome"] = {
        "searched": "2026-01-31",
        "website": {"url": "https://example.se/greta.hemlig/070-9876543", "sources": cited[:1]},
        "results": [{"text": UNLISTED, "sources": cited}],
    }
    write_project(folder, other)
    built = handbook(folder, servicehandbok_contacts="hidden", allow_warnings=True, buildername=builder)
    del built
    out = tmp_path / "build" / builder
    scanned: dict[str, str] = {}
    for path in [*out.rglob("*"), *(handbook.srcdir / "projekt").rglob("*")]:
        if path.is_file():  # every file, fonts, images and the search engine's code included
            scanned.update(readable(path))
    assert [name for name in scanned if "lacka-" in name], "the leaky projects were not built"
    # The redacted text is there to be read, so a detail would be too.
    if builder != "epub":
        fragments = [text for name, text in scanned.items() if name.endswith(".pf_fragment")]
        assert fragments and all(text.startswith("pagefind_dcd") for text in fragments)
        assert any(HIDDEN in text for text in fragments), "the search fragments were not read"
        assert {str(out / "projects.csv"), str(out / "feeds" / "projekt.atom")} <= scanned.keys()
    if builder == "epub":
        members = [text for name, text in scanned.items() if ".epub!" in name]
        assert any(HIDDEN in text for text in members), "the e-book's pages were not read"
    leaked = {str(Path(name).relative_to(tmp_path)): found for name, text in scanned.items() if (found := leaks(text))}
    assert leaked == {}


def test_redaction_keeps_the_text_around_the_details() -> None:
    from servicehandbok.data.catalog import build_project
    from servicehandbok.data.privacy import HIDDEN, redacted
    from servicehandbok.data.yamlload import load

    path = Path("lacka-summary.yaml")
    project = build_project(load(path, yaml.safe_dump(leaky_project("summary"), allow_unicode=True)))
    shown = redacted(project, "hidden")
    assert shown.summary == "Ring " + " eller ".join([HIDDEN] * len(WRITTEN_AS)) + "."
    assert redacted(project, "role").summary == shown.summary  # role mode hides the same listed details
    assert shown.contacts == ()
    assert redacted(project, "full") is project


@pytest.mark.parametrize("mode", ["full", "role", "hidden"])
def test_check_warns_about_contact_details_in_free_text(tmp_path: Path, mode: str) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    write_project(folder, leaky_project("purpose"))
    warnings = [p for p in load_catalog(folder).problems if p.code == "contact-in-text"]
    assert len(warnings) == 2 and all(p.severity is Severity.WARNING for p in warnings)
    assert {"en e-postadress", "ett telefonnummer"} == {p.message.rsplit(" innehåller ", 1)[1] for p in warnings}


# --- 2. CSV formula injection ----------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_a_spreadsheet_would_evaluate_are_neutralised(tmp_path: Path, start: str) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    title = f'{start}HYPERLINK("https://evil.example";"klick")'
    write_project(folder, minimal_project("formel", title="Formel", lead_organisation="x"))
    catalog = load_catalog(folder)
    project = catalog.projects["formel"]
    import dataclasses

    catalog.projects["formel"] = dataclasses.replace(project, title=title, lead_organisation=start + "1+1")
    rows = list(
        csv.reader(io.StringIO(exports.projects_csv(catalog, lambda p: "u").decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][1] == "'" + title and rows[1][2] == "'" + start + "1+1"
    record = json.loads(exports.projects_json(catalog))["projects"][0]
    assert record["title"] == title


# --- 3. E-mail, phone and URL fields -----------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "anna@byn.se?bcc=all@byn.se&subject=x"),
        ("email", "anna@byn.se#x"),
        ("email", "anna%40x@byn.se"),
        ("email", "anna @byn.se"),
        ("email", "anna@byn.se,bo@byn.se"),
        ("phone", "070-123 45 67<script>"),
        ("phone", "javascript:alert(1)"),
        ("phone", "070;1"),
    ],
)
def test_contact_fields_are_plain(tmp_path: Path, field: str, value: str) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    write_project(folder, minimal_project(contacts=[{"name": "Anna", field: value}]))
    errors = load_catalog(folder).errors
    assert len(errors) == 1 and errors[0].code == "bad-format", [p.format() for p in errors]
    assert f"contacts[1].{field} har fel form" in errors[0].message
    assert "skriv" in errors[0].fix


@pytest.mark.parametrize("url", ["https://", "https://x.se/\\evil", 'https://x.se/a"b', "https:// x.se"])
def test_source_url_is_plain(tmp_path: Path, url: str) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    write_project(folder, minimal_project(source={"title": "K", "url": url}))
    assert [p.code for p in load_catalog(folder).errors] == ["bad-format"]


# --- 4, 5, 8, 9, 10. No traceback for any file ---------------------------------------------


def run_check(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(servicehandbok.__file__).parents[1])}
    return subprocess.run(
        [sys.executable, "-m", "servicehandbok.cli", "check", "projects"],
        cwd=folder.parent,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def hostile_folder(tmp_path: Path) -> Path:
    folder = copy_projects(tmp_path / "repo" / "projects", ["uppsala-servicepunkter"])
    outside = tmp_path / "outside.yaml"
    write_project(tmp_path, minimal_project("outside"), name="outside")
    (folder / "utanfor.yaml").symlink_to(outside)
    (folder / "slinga.yaml").symlink_to(folder / "slinga.yaml")
    (folder / "enhet.yaml").symlink_to("/dev/zero")
    (folder / "stort-tal.yaml").write_text(valid := yaml.safe_dump(minimal_project("stort-tal")), encoding="utf-8")
    (folder / "stort-tal.yaml").write_text(valid.replace("total: 1000", "total: " + "9" * 5000), encoding="utf-8")
    (folder / "nul.yaml").write_text("id: nul\ntitle: ab\x00c\n", encoding="utf-8")
    (folder / "latin1.yaml").write_bytes("id: latin1\ntitle: Bj\xf6rbo\n".encode("latin-1"))
    (folder / "esc\x1b[31m\r.yaml").write_text("id: x\n", encoding="utf-8")
    for name in ("andra.yml", "TREDJE.YAML", "fjarde.json"):
        (folder / name).write_text("id: x\n", encoding="utf-8")
    return folder


EXPECTED = {
    "utanfor.yaml": "utanför förrådet",
    "slinga.yaml": "slinga",
    "enhet.yaml": "utanför förrådet",
    "stort-tal.yaml": "talet är för stort (5000 siffror)",
    "nul.yaml": "U+0000",
    "latin1.yaml": "inte sparad som UTF-8",
    "andra.yml": "läses inte",
    "TREDJE.YAML": "läses inte",
    "fjarde.json": "läses inte",
}


def test_check_gives_one_line_per_hostile_file_and_no_traceback(tmp_path: Path) -> None:
    result = run_check(hostile_folder(tmp_path))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert all(re.match(r"^projects/[^:]+:\d+:\d+: .+ — .+$", line) for line in lines), lines
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", result.stdout + result.stderr)
    for name, needle in EXPECTED.items():
        assert [line for line in lines if line.startswith(f"projects/{name}:") and needle in line], (name, lines)
    assert any(line.startswith("projects/esc\\u001b[31m\\u000d.yaml:") for line in lines), lines
    nul = next(line for line in lines if line.startswith("projects/nul.yaml:"))
    assert nul.startswith("projects/nul.yaml:2:10:")


def test_sphinx_build_reports_hostile_files_without_traceback(tmp_path: Path) -> None:
    folder = hostile_folder(tmp_path)
    (folder.parent / "conf.py").write_text(
        'extensions = ["servicehandbok"]\nlanguage = "sv"\nservicehandbok_projects = "projects"\n', encoding="utf-8"
    )
    (folder.parent / "index.md").write_text("# Test\n", encoding="utf-8")
    # Sphinx colours its own messages when the environment asks for colour; only ours are checked here.
    env = {**os.environ, "PYTHONPATH": str(Path(servicehandbok.__file__).parents[1]), "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(folder.parent), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    output = result.stdout + result.stderr
    # The build stops cleanly (sphinxext/core/stop.py): the list, then one closing line, no crash report.
    assert result.returncode == 1
    last = result.stderr.splitlines()[-1]
    assert last.startswith("Bygget stoppades: ") and "fel i projektfilerna" in last, result.stderr
    banners = ("Traceback", "Exception occurred", "Extension error", "Versions", "sphinx-doc/sphinx/issues")
    crashes = ("RuntimeError", "OSError", "ValueError", "MemoryError", "UnicodeDecodeError", "ReaderError", "KeyError")
    assert [name for name in (*banners, *crashes) if name in output] == []
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", output), output
    assert "projects/esc\\u001b[31m\\u000d.yaml:" in output, output
    for name, needle in EXPECTED.items():
        if "läses inte" not in needle:
            assert re.search(rf"projects/{re.escape(name)}:\d+:\d+: [^\n]*{re.escape(needle)}", output), (name, output)


def test_a_device_is_refused_before_it_is_read() -> None:
    with pytest.raises(LoadError, match="ingen vanlig fil"):
        read_text(Path("/dev/zero"))


def test_a_file_over_the_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "stor.yaml"
    path.write_bytes(b"a" * 1_000_001)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read before the size check"))
    with pytest.raises(LoadError, match="för stor"):
        read_text(path)


def test_printed_problems_escape_control_characters() -> None:
    problem = Problem(Path("projects/a\x1b]0;x\x07.yaml"), 1, 1, "fel i \r\x9b", "rätta\x1b[2J")
    text = problem.format()
    assert text.isprintable() and "\\u001b" in text and "\\u009b" in text


# --- 6, 7. One character policy ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Byn\ufffe",
        "Byn\uffff",
        "Byn\ufdd0",
        "\u3164",
        "Byn\u115f",
        "A\u1160",
        "\uffa0",
        "Byn\U000e0041",
        "x\ue000",
        "a\u200bb",
    ],
)
def test_refused_characters(tmp_path: Path, text: str) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    write_project(folder, minimal_project(title=text))
    errors = load_catalog(folder).errors
    assert [p.code for p in errors] == ["invisible-character"], [p.format() for p in errors]
    assert errors[0].format().isprintable()


@pytest.mark.parametrize(
    "text",
    [
        "Familjen 👨\u200d👩\u200d👧",
        "Flagga 🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f",
        "1\ufe0f\u20e3 🧑🏽\u200d💻",
        "Mitt\u00a0i byn",
    ],
)
def test_emoji_sequences_and_ordinary_spaces_pass(tmp_path: Path, text: str) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    write_project(folder, minimal_project(title=text))
    assert load_catalog(folder).errors == []
    assert characters.is_allowed(text)


# --- 13, 14. Messages and figures ----------------------------------------------------------


def test_fix_never_repeats_the_rejected_amount(tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    text = yaml.safe_dump(minimal_project()).replace("total: 1000", "total: 0755")
    (folder / "testbyn.yaml").write_text(text, encoding="utf-8")
    (problem,) = load_catalog(folder).errors
    assert "0755" not in problem.fix and "755" in problem.fix


@pytest.mark.parametrize("amount", [2**53 + 1, 10**12 + 1, 10**15])
def test_amounts_over_a_trillion_are_refused(tmp_path: Path, amount: int) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    write_project(folder, minimal_project(budget={"total": amount}))
    (problem,) = load_catalog(folder).errors
    assert "större än 1000000000000" in problem.message or "för stort" in problem.message


def test_a_trillion_is_accepted(tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    write_project(folder, minimal_project(budget={"total": 10**12}))
    assert load_catalog(folder).errors == []


def test_redaction_sees_through_invisible_characters_and_compatibility_forms() -> None:
    """The character policy refuses most invisible characters in project files; redaction does not rely on it."""
    from servicehandbok.data.privacy import HIDDEN, Private, redact

    private = Private(names=("greta hemlig",))
    for written in ("Greta\u00adHemlig", "Gre\u200bta Hem\u2060lig", "Ｇｒｅｔａ Ｈｅｍｌｉｇ", "Greta-Hemlig's"):
        assert redact(f"Fråga {written} om det.", private) == f"Fråga {HIDDEN} om det.", written


def sphinx_build(srcdir: Path, outdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``sphinx-build`` in a child process, as ``nox -s docs`` runs it (the extension from the source tree)."""
    env = {**os.environ, "PYTHONPATH": str(Path(servicehandbok.__file__).parents[1])}
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", *args, str(srcdir), str(outdir)]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def small_source(tmp_path: Path) -> Path:
    from conftest import ROOTS

    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-handbook", srcdir)
    copy_projects(srcdir / "projects", ["uppsala-servicepunkter"])
    return srcdir


def test_hidden_contacts_never_build_doctrees_into_the_published_folder(small_source: Path, tmp_path: Path) -> None:
    """Sphinx's doctrees and the catalog cache hold the files as written: not in the folder that is published."""
    out = tmp_path / "html"
    inside = sphinx_build(small_source, out, "-D", "servicehandbok_contacts=hidden")
    assert inside.returncode == 1 and "Traceback" not in inside.stderr
    assert "får inga kontaktuppgifter hamna i den publicerade mappen" in inside.stderr
    assert not (out / ".doctrees").exists()
    outside = sphinx_build(small_source, out, "-D", "servicehandbok_contacts=hidden", "-d", str(tmp_path / "doctrees"))
    assert outside.returncode == 0, outside.stderr
    assert not any(path.suffix in (".pickle", ".doctree") for path in out.rglob("*"))


def test_switching_search_or_the_base_url_off_removes_what_they_wrote(small_source: Path, tmp_path: Path) -> None:
    out, doctrees = tmp_path / "html", str(tmp_path / "doctrees")
    first = sphinx_build(small_source, out, "-d", doctrees, "-D", "html_baseurl=https://example.org/")
    assert first.returncode == 0, first.stderr
    assert (out / "pagefind").is_dir() and (out / "sitemap.xml").is_file()
    second = sphinx_build(small_source, out, "-d", doctrees, "-D", "servicehandbok_search=0")
    assert second.returncode == 0, second.stderr
    assert not (out / "pagefind").exists() and not (out / "search-suggestions.json").exists()
    assert not (out / "sitemap.xml").exists()


def test_the_guides_example_file_follows_the_contacts_option(handbook, tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", ["uppsala-servicepunkter"])
    (handbook.srcdir / "exempel.md").write_text(
        "---\norphan: true\n---\n# Exempel\n\n```{handbook:example} uppsala-servicepunkter\n```\n", encoding="utf-8"
    )
    contact = load_catalog(folder).projects["uppsala-servicepunkter"].contacts[0]
    built = handbook(folder, servicehandbok_contacts="hidden")
    page = built.html("exempel")
    assert "utan kontaktuppgifter" in page and contact.name not in page and (contact.email or "@") not in page
    assert "contacts:" not in page
