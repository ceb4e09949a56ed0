"""The generated folders belong to the generator (issue 31).

A page a person puts in one (``docs/metod/egen.md``, or a file where a generated page goes) is
refused by every build, incremental or clean, with one line naming it; files that are no pages are
left alone. A generated page a person edited is moved aside to a named backup, with a warning, and
never silently lost. The mark and seal in the file decide, so a fresh build folder does the same.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOTS, copy_projects
from servicehandbok.sphinxext.core.names import intact, is_generated_text, seal
from servicehandbok.sphinxext.lifecycle.generate import BACKUP_FOLDER, HandMadeFileError, copy_sources

TWO = ["uppsala-servicepunkter", "coompanion-leaxw"]
OWN_PAGE = "---\norphan: true\n---\n# Våra erfarenheter av metoderna\n\nSkriven för hand.\n"
REFUSED = "Bygget stoppades: 1 egen sida i mappar som handboken skriver (listan ovan). Flytta den och bygg igen."


def test_a_page_of_ones_own_in_a_generated_folder_is_refused_by_every_build(handbook, tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", TWO)
    handbook(folder)
    own = handbook.srcdir / "metod" / "vara-erfarenheter.md"
    own.write_text(OWN_PAGE, encoding="utf-8")
    notes = handbook.srcdir / "projekt" / "anteckningar.txt"
    notes.write_text("inte en sida\n", encoding="utf-8")
    for fresh in (False, True):  # the incremental build published it before; a fresh build folder crashed
        with pytest.raises(HandMadeFileError) as caught:
            handbook(fresh=fresh)
        assert str(caught.value) == REFUSED
        assert caught.value.problems == (
            "filen är inte skriven av handboken, men mappen metod/ är bara för sidor som handboken skriver ur "
            "projektfilerna — flytta den egna sidan till en annan mapp och bygg igen",
        )
        assert own.read_text(encoding="utf-8") == OWN_PAGE
    own.rename(handbook.srcdir / "vara-erfarenheter.md")
    built = handbook()
    assert "Våra erfarenheter av metoderna" in built.html("vara-erfarenheter")
    assert not (built.outdir / "metod" / "vara-erfarenheter.html").exists()
    assert "lämnas orörda: projekt/anteckningar.txt" in built.status
    assert notes.read_text(encoding="utf-8") == "inte en sida\n"


def test_a_file_where_a_generated_page_goes_is_refused_by_every_build(handbook, tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", TWO)
    handbook(folder)
    own = handbook.srcdir / "projekt" / "uppsala-servicepunkter.md"
    own.write_text("---\norphan: true\n---\n# Min egen sida om Uppsala\n", encoding="utf-8")
    for fresh in (False, True):
        with pytest.raises(HandMadeFileError) as caught:
            handbook(fresh=fresh)
        assert str(caught.value) == REFUSED
        assert caught.value.problems[0].startswith(
            "filen är inte skriven av handboken, men handboken skriver sidan projekt/uppsala-servicepunkter.md"
        )
        assert own.read_text(encoding="utf-8").endswith("# Min egen sida om Uppsala\n")


def test_the_refusal_is_one_line_per_file_and_no_crash_report(tmp_path: Path) -> None:
    source = tmp_path / "src"
    copy_sources(ROOTS / "test-handbook", source)
    copy_projects(source / "projects", TWO[:1])
    (source / "metod").mkdir()
    (source / "metod" / "egen.md").write_text(OWN_PAGE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "src", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        # Sphinx colours its messages when the environment asks for colour (nox does): the words are checked.
        env={**os.environ, "NO_COLOR": "1"},
    )
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [
        "src/metod/egen.md:1:1: ERROR: filen är inte skriven av handboken, men mappen metod/ är bara för sidor som "
        "handboken skriver ur projektfilerna — flytta den egna sidan till en annan mapp och bygg igen",
        REFUSED,
    ], result.stderr
    assert result.returncode != 0


def test_a_generated_page_edited_by_hand_is_kept_aside_and_said(handbook, tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", TWO)
    handbook(folder)
    page = handbook.srcdir / "metod" / "lea.md"
    written = page.read_text(encoding="utf-8")
    assert intact(written)
    edited = written.replace("# Lokalekonomisk analys (LEA)", "# LEA med våra egna ord")
    assert edited != written
    page.write_text(edited, encoding="utf-8")
    built = handbook(allow_warnings=True)  # a warning: the edit is not what the site shows
    backups = tmp_path / "build" / BACKUP_FOLDER
    first = backups / "metod" / "lea.md.bak"
    assert first.read_text(encoding="utf-8") == edited
    assert "metod/lea.md var ändrad för hand" in built.warnings and str(first) in built.warnings
    assert page.read_text(encoding="utf-8") == written
    assert "LEA med våra egna ord" not in built.html("metod/lea")
    # An earlier backup is never overwritten.
    page.write_text(edited + "\nMer.\n", encoding="utf-8")
    handbook(allow_warnings=True)
    assert (backups / "metod" / "lea.md.2.bak").read_text(encoding="utf-8") == edited + "\nMer.\n"
    assert first.read_text(encoding="utf-8") == edited
    # A fresh build folder (rm -rf _build, which takes the backups with it) knows nothing of the last
    # build: the seal in the file decides.
    page.write_text(edited, encoding="utf-8")
    handbook(fresh=True, allow_warnings=True)
    assert first.read_text(encoding="utf-8") == edited and page.read_text(encoding="utf-8") == written
    # An edited page that is no longer generated (its project deleted) is kept aside, not deleted.
    project = handbook.srcdir / "projekt" / "coompanion-leaxw.md"
    project.write_text(project.read_text(encoding="utf-8") + "\nEgen rad.\n", encoding="utf-8")
    (handbook.srcdir / "projects" / "coompanion-leaxw.yaml").unlink()
    gone = handbook(allow_warnings=True)
    assert not project.exists()
    assert (backups / "projekt" / "coompanion-leaxw.md.bak").read_text(encoding="utf-8").endswith("Egen rad.\n")
    assert "projekt/coompanion-leaxw.md var ändrad för hand" in gone.warnings
    assert not (gone.outdir / "projekt" / "coompanion-leaxw.html").exists()


def test_the_seal_tells_a_page_as_written_from_an_edited_one() -> None:
    page = "---\norphan: true\nhandbook-data: 0123abcd\n---\n# Titel\n\nText.\n"
    sealed = seal(page)
    assert sealed.startswith("---\norphan: true\nhandbook-data: 0123abcd ") and sealed.endswith("# Titel\n\nText.\n")
    assert seal(sealed) == sealed and is_generated_text(sealed)
    assert intact(sealed) and intact(page)  # a page written before seals counts as written
    assert not intact(sealed.replace("Text.", "Text!"))
    assert not intact(sealed.replace("0123abcd", "0123abce"))
    assert not intact("# Titel\n\nText.\n") and seal("# Titel\n") == "# Titel\n"
