"""The page "Lägg till ett projekt": a contributor's answers become a file the check accepts.

Browser tests fill the form like a person would (by labels, with the keyboard where it
matters); the YAML it writes is then loaded by the real catalog. The unit tests at the end
need no browser: the data embedded in the page must not be able to leave its script element.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from conftest import PROJECTS, copy_projects
from servicehandbok.cli.scaffold import slug
from servicehandbok.data import validate
from servicehandbok.data.catalog import PROJECT_SCHEMA, load_catalog
from servicehandbok.data.yamlload import load
from servicehandbok.sphinxext.core.markup import script_json
from servicehandbok.sphinxext.pages.form import form_data, form_html, vocabulary_kinds

READY = "document.getElementById('sh-form-root')?.dataset.ready === 'true'"
HEADER = "# yaml-language-server: $schema=_schema/project.schema.json\n"
TITLE = "Byns servicepunkt – etapp 2"
PHONE = "0701-23 45 67"
# Characters that would break a hand-written YAML file: quotes, backslash, '#', ': ', '- ',
# words YAML 1.1 reads as booleans, a number with a leading zero, a paragraph break.
PURPOSE = 'Syfte: att "pröva" en servicepunkt \\ # ingen kommentar\n\n- yes, no, on, 012: andra stycket'
SOURCE = "Tillväxtverket: Beviljade projekt"


def open_form(page, server: str) -> None:
    page.goto(f"{server}lagg-till.html")
    page.wait_for_function(READY, timeout=20000)


def submit(page) -> None:
    page.get_by_role("button", name="Skapa filen").click()


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def error_of(page, control) -> str:
    """The error message wired to *control* through aria-describedby."""
    ids = (control.get_attribute("aria-describedby") or "").split()
    errors = [i for i in ids if i.endswith("-error")]
    assert errors, f"no error described for {control}"
    return page.locator(f"#{errors[0]}").text_content()


def test_contributor_gets_a_file_the_check_accepts(page, server: str, tmp_path: Path) -> None:
    open_form(page, server)
    page.get_by_label("Projektets namn").fill(TITLE)
    assert page.get_by_label("Id (filnamn)").input_value() == slug(TITLE)
    page.get_by_label("Projekttyp").select_option(label="Lokala pilotprojekt")
    page.get_by_label("Stödprogram").select_option(label="Landsbygdsprogrammet 2014–2020")
    page.get_by_role("group", name="Län", exact=True).get_by_label("Dalarna").check()
    page.get_by_role("group", name="Metoder").get_by_label("Servicepunkter", exact=True).check()
    page.get_by_label("Slutdatum").fill("2026-12-31")
    page.get_by_label("Stöd från Landsbygdsprogrammet").fill("750 000")
    page.get_by_label("Syfte").fill(PURPOSE)
    contact = page.get_by_role("group", name="Kontaktperson 1")
    contact.get_by_label("Namn").fill("Anna Andersson")
    contact.get_by_label("Telefon").fill(PHONE)
    page.get_by_label("Källans namn").fill(SOURCE)
    submit(page)

    project_id = slug(TITLE)
    output = page.get_by_label(f"Innehållet i {project_id}.yaml")
    output.wait_for()
    assert focused_id(page) == "sh-result-title"
    text = output.input_value()
    assert text.startswith(HEADER)

    folder = copy_projects(tmp_path / "projects", [])
    path = folder / f"{project_id}.yaml"
    path.write_text(text, encoding="utf-8")
    catalog = load_catalog(folder)
    assert catalog.problems == []
    assert catalog.projects[project_id].contacts[0].phone == PHONE
    assert load(path).data == {
        "id": project_id,
        "title": TITLE,
        "category": "lokala-pilotprojekt",
        "programme": "landsbygdsprogrammet-2014-2020-service",
        "regions": ["dalarna"],
        "methods": ["servicepunkter"],
        "period": {"end": "2026-12-31"},
        "budget": {"support": 750000},
        "purpose": PURPOSE,
        "contacts": [{"name": "Anna Andersson", "phone": PHONE}],
        "source": {"title": SOURCE},
    }

    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ned").click()
    assert download.value.suggested_filename == f"{project_id}.yaml"
    assert Path(download.value.path()).read_text(encoding="utf-8") == text
    assert page.errors == []


def test_yaml_layout(page, server: str) -> None:
    """Block sequences, two-space nesting, plain integers, JSON strings, empty fields left out."""
    open_form(page, server)
    page.get_by_label("Projektets namn").fill("Testbyn")
    page.get_by_label("Projekttyp").select_option(label="Lokala pilotprojekt")
    page.get_by_label("Projektet gäller hela landet").check()
    page.get_by_role("group", name="Metoder").get_by_label("Servicepunkter", exact=True).check()
    page.get_by_label("Total budget").fill("1000")
    funder = page.get_by_role("group", name="Finansiär 1")
    funder.get_by_label("Annan finansiär").fill("kommunerna")
    funder.get_by_label("Belopp").fill("250")
    page.get_by_label("Syfte").fill("Att pröva.")
    page.get_by_label("Aktiviteter").fill("Första\n\n  Andra  \n")
    page.get_by_label("Förväntat resultat").fill("- En punkt\n- En till")
    page.get_by_label("Källans namn").fill("Källa")
    submit(page)
    assert page.get_by_label("Innehållet i testbyn.yaml").input_value() == HEADER + "\n".join(
        [
            'id: "testbyn"',
            'title: "Testbyn"',
            'category: "lokala-pilotprojekt"',
            "national: true",
            "methods:",
            '  - "servicepunkter"',
            "budget:",
            "  total: 1000",
            "  co_funders:",
            '    - name: "kommunerna"',
            "      amount: 250",
            'purpose: "Att pröva."',
            "activities:",
            '  - "Första"',
            '  - "Andra"',
            "expected_results:",
            '  - "En punkt"',
            '  - "En till"',
            "source:",
            '  title: "Källa"',
            "",
        ]
    )
    assert page.errors == []


def test_empty_form_lists_required_fields_and_takes_focus(page, server: str) -> None:
    open_form(page, server)
    submit(page)
    summary = page.locator("#sh-error-summary")
    summary.wait_for()
    assert focused_id(page) == "sh-error-summary"
    assert page.title().startswith("Fel: ")
    links = summary.get_by_role("link")
    messages = links.all_inner_texts()
    for expected in (
        "Fyll i id (filnamn)",
        "Fyll i projektets namn",
        "Välj projekttyp",
        "Välj minst ett län, eller kryssa i att projektet gäller hela landet",
        "Välj minst en metod",
        "Fyll i syfte",
        "Fyll i källans namn",
    ):
        assert expected in messages
    assert len(messages) == 7  # an untouched contact or co-funder is not an error
    assert page.get_by_label("Syfte").get_attribute("aria-invalid") == "true"

    links.filter(has_text="Fyll i syfte").click()
    assert focused_id(page) == page.get_by_label("Syfte").get_attribute("id")
    links.filter(has_text="Välj minst en metod").click()
    assert page.evaluate("document.activeElement.closest('fieldset').id") == "sh-f-methods-group"
    assert page.errors == []


def test_invalid_email_is_explained_next_to_the_field(page, server: str) -> None:
    open_form(page, server)
    contact = page.get_by_role("group", name="Kontaktperson 1")
    contact.get_by_label("Namn").fill("Anna Andersson")
    email = contact.get_by_label("E-post")
    email.fill("anna@exempel")
    submit(page)
    assert email.get_attribute("aria-invalid") == "true"
    message = error_of(page, email)
    assert "skriv en e-postadress som namn@exempel.se" in message
    assert message.startswith("Fel: Kontaktperson 1, e-post:")
    assert contact.locator(".sh-field-error").count() == 1  # only the email field, beside it

    email.fill("anna@exempel.se")
    submit(page)
    assert email.get_attribute("aria-invalid") is None
    assert page.errors == []


def test_dates_amounts_and_taken_ids(page, server: str) -> None:
    open_form(page, server)
    page.get_by_label("Projektets namn").fill("Något")
    page.get_by_label("Id (filnamn)").fill("uppsala-servicepunkter")
    page.get_by_label("Slutdatum").fill("2026-02-30")
    page.get_by_label("Startdatum").fill("1 maj 2025")
    page.get_by_label("Total budget").fill("ca 5 miljoner")
    page.get_by_role("group", name="Kommuner", exact=True).get_by_label("Uppsala kommun").check()
    submit(page)
    assert "finns redan ett projekt med id uppsala-servicepunkter" in error_of(page, page.get_by_label("Id (filnamn)"))
    assert "2026-02-30 är inget riktigt datum" in error_of(page, page.get_by_label("Slutdatum"))
    assert "skriv datumet som ÅÅÅÅ-MM-DD" in error_of(page, page.get_by_label("Startdatum"))
    assert "skriv beloppet i hela kronor med siffror" in error_of(page, page.get_by_label("Total budget"))
    municipalities = page.get_by_role("group", name="Kommuner", exact=True)
    assert "Uppsala kommun ligger i ett län som inte är valt; välj Uppsala under Län" in error_of(page, municipalities)
    assert page.errors == []


def test_co_funder_needs_a_funder_or_a_name_not_both(page, server: str) -> None:
    open_form(page, server)
    funder = page.get_by_role("group", name="Finansiär 1")
    funder.get_by_label("Belopp").fill("100")
    submit(page)
    messages = page.locator("#sh-error-summary").get_by_role("link").all_inner_texts()
    assert "Finansiär 1: fyll i finansiär eller annan finansiär, men inte båda" in messages
    assert page.errors == []


def test_id_follows_the_title_like_servicehandbok_new(page, server: str) -> None:
    open_form(page, server)
    title = page.get_by_label("Projektets namn")
    ident = page.get_by_label("Id (filnamn)")
    for text in (TITLE, "Ödeshög: Café Ångström & Ærø", "  --Hej-- ", "Straße " + "x" * 90):
        title.fill(text)
        assert ident.input_value() == slug(text)
    ident.fill("eget-id")
    title.fill("Något annat")
    assert ident.input_value() == "eget-id"
    assert page.errors == []


def test_add_and_remove_contacts_with_the_keyboard(page, server: str) -> None:
    open_form(page, server)
    page.get_by_role("button", name="Lägg till en kontaktperson").focus()
    page.keyboard.press("Enter")
    second = page.get_by_role("group", name="Kontaktperson 2")
    second.wait_for()
    assert focused_id(page) == second.get_by_label("Namn").get_attribute("id")
    page.keyboard.type("Bo Berg")

    page.get_by_role("button", name="Ta bort kontaktperson 1").focus()
    page.keyboard.press("Enter")
    assert page.get_by_role("group", name="Kontaktperson 2").count() == 0
    assert page.get_by_role("group", name="Kontaktperson 1").get_by_label("Namn").input_value() == "Bo Berg"
    assert page.get_by_role("button", name="Ta bort kontaktperson 1").count() == 1
    assert focused_id(page) == "sh-f-contacts-add"
    page.wait_for_function("document.querySelector('#sh-form-root [role=status]').textContent.includes('borttagen')")
    assert page.errors == []


def test_every_control_is_labelled(page, server: str) -> None:
    open_form(page, server)
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('#sh-form-root input, #sh-form-root select, #sh-form-root textarea')]
             .filter((c) => !c.labels || c.labels.length === 0 || !c.labels[0].textContent.trim())
             .map((c) => c.id)"""
    )
    assert unlabelled == []
    assert page.locator("#sh-form-root [onclick], #sh-form-root [oninput], #sh-form-root [onsubmit]").count() == 0
    assert page.errors == []


# --- Without a browser ----------------------------------------------------------------


class _Scripts(HTMLParser):
    """The script elements of an HTML fragment, as a browser's tokenizer would split them."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._open = dict(attrs)
            self.scripts.append((self._open, ""))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open = None


def test_embedded_json_cannot_leave_its_script_element() -> None:
    evil = "</script><script>alert(1)</script><!--<script>"
    data = {
        "schema": {"description": evil},
        "vocabularies": {"region": [{"id": "x", "label": evil}]},
        "projects": [],
    }
    parser = _Scripts()
    parser.feed(form_html(data, 'x.js" onload="alert(1)'))
    parser.close()
    assert [attrs.get("type") for attrs, _ in parser.scripts] == ["application/json", "module"]
    assert json.loads(parser.scripts[0][1]) == data
    module = parser.scripts[1][0]
    assert module["src"] == 'x.js" onload="alert(1)' and "onload" not in module
    assert "<" not in script_json(data)


def test_form_data_has_every_vocabulary_the_schema_names() -> None:
    catalog = load_catalog(PROJECTS)
    schema = validate.load_schema(PROJECTS / validate.SCHEMA_DIR / PROJECT_SCHEMA).schema
    data = form_data(catalog, schema)
    assert list(vocabulary_kinds(schema)) == [
        "category",
        "programme",
        "region",
        "municipality",
        "method",
        "funder",
        "factor",
    ]
    assert data["schema"] == schema
    for kind, terms in data["vocabularies"].items():
        assert sorted(t["id"] for t in terms) == sorted(catalog.vocabulary.terms[kind])
        assert all(t["label"] for t in terms)
    # Swedish order, written out: Å, Ä, Ö last, "Västra" after "Västm".
    assert [t["id"] for t in data["vocabularies"]["region"]] == [
        *("blekinge", "dalarna", "gotland", "gavleborg", "halland", "jamtland", "jonkoping", "kalmar", "kronoberg"),
        *("norrbotten", "skane", "stockholm", "sodermanland", "uppsala", "varmland", "vasterbotten"),
        *("vasternorrland", "vastmanland", "vastra-gotaland", "orebro", "ostergotland"),
    ]
    assert all(t["region"] for t in data["vocabularies"]["municipality"])
    assert data["projects"] == sorted(catalog.projects)


def test_a_follow_up_report_through_the_form(page, server: str, tmp_path: Path) -> None:
    """Issue 28: a source, a sourced result, a lesson with a factor and a status from a Swedish list reach a valid file."""
    open_form(page, server)
    page.get_by_label("Projektets namn").fill("Byn följer upp")
    page.get_by_label("Projekttyp").select_option(label="Lokala pilotprojekt")
    page.get_by_label("Stödprogram").select_option(label="Landsbygdsprogrammet 2014–2020")
    page.get_by_role("group", name="Län", exact=True).get_by_label("Dalarna").check()
    page.get_by_role("group", name="Metoder").get_by_label("Servicepunkter", exact=True).check()
    page.get_by_label("Syfte").fill("Att pröva.")
    page.get_by_label("Källans namn").fill(SOURCE)
    source = page.get_by_role("group", name="Källa 1")
    source.get_by_label("Källans id").fill("nyheten")
    source.get_by_label("Titel").fill("Servicepunkten firar ett år")
    source.get_by_label("Utgivare").fill("Byns kommun")
    source.get_by_label("Adress").fill("ftp://exempel.se/nyhet")
    source.get_by_label("Läst den").fill("2026-01-31")
    source.get_by_label("Sorts källa").select_option(label="Projektägarens nyhet")
    outcome = page.get_by_role("group", name="Vad hände sedan")
    outcome.get_by_label("Sökt efter uppföljning den").fill("2026-01-31")
    status = outcome.get_by_role("group", name="Status")
    status.get_by_label("Hur det gick").select_option(label="Avbrutet")
    status.get_by_label("Källor (id, en per rad)").fill("nyheten")
    result = outcome.get_by_role("group", name="Uppgift 1").first
    result.get_by_label("Uppgift").fill("Två servicepunkter öppnade.")
    result.get_by_label("Källor (id, en per rad)").fill("nyheten")
    lesson = outcome.get_by_role("group", name="Det här fungerade").get_by_role("group", name="Lärdom 1")
    lesson.get_by_label("Lärdom").fill("Byalaget tog ansvar.")
    lesson.get_by_label("Källor (id, en per rad)").fill("nyheten")
    lesson.get_by_label("Förankring").check()
    submit(page)
    address = source.get_by_label("Adress")
    assert "https://" in error_of(page, address)
    address.fill("https://exempel.se/nyhet")
    submit(page)
    output = page.get_by_label("Innehållet i byn-foljer-upp.yaml")
    output.wait_for()
    folder = copy_projects(tmp_path / "projects", [])
    path = folder / "byn-foljer-upp.yaml"
    path.write_text(output.input_value(), encoding="utf-8")
    assert load_catalog(folder).errors == []
    data = load(path).data
    assert data["sources"] == [
        {
            "id": "nyheten",
            "title": "Servicepunkten firar ett år",
            "publisher": "Byns kommun",
            "url": "https://exempel.se/nyhet",
            "read": "2026-01-31",
            "kind": "owner-news",
        }
    ]
    assert data["outcome"] == {
        "searched": "2026-01-31",
        "status": {"value": "cancelled", "sources": ["nyheten"]},
        "results": [{"text": "Två servicepunkter öppnade.", "sources": ["nyheten"]}],
        "worked": [{"text": "Byalaget tog ansvar.", "sources": ["nyheten"], "factors": ["forankring"]}],
    }
    assert page.errors == []


def test_required_marks_follow_the_schema_and_provenance_is_a_swedish_choice(page, server: str) -> None:
    open_form(page, server)
    marked = page.evaluate(
        """() => [...document.querySelectorAll('#sh-form-root .sh-required')]
             .map((m) => [m.textContent.trim(), (m.closest('label, legend') || {}).htmlFor || m.closest('fieldset')?.id || ''])"""
    )
    required = [field for mark, field in marked if mark == "(krävs)"]
    # "(krävs)" only on the schema's top-level required fields (and the one source every file needs).
    top = set(validate.load_schema(PROJECTS / validate.SCHEMA_DIR / PROJECT_SCHEMA).schema["required"])
    assert required and len(required) <= len(top) + 2, marked
    assert page.locator(".sh-required", has_text="(krävs om du fyller i gruppen)").count() > 0
    assert page.locator(".sh-required", has_text="(bör fyllas i)").count() == 2  # methods, programme
    # A contact's name is required only once the contributor writes a contact.
    names = page.evaluate(
        "() => [...document.querySelectorAll('#sh-form-root label')].map((l) => l.textContent.trim())"
        ".filter((t) => t.startsWith('Namn'))"
    )
    assert "Namn (krävs om du fyller i gruppen)" in names, names

    basis = page.locator("select[id$='-basis']")
    assert basis.count() > 0
    options = basis.first.evaluate("(s) => [...s.options].map((o) => [o.value, o.textContent])")
    values = {value for value, _ in options if value}
    assert values == {"stated", "inferred", "editorial"}
    assert {text for value, text in options if value} == {
        "Står i en källa",
        "Härlett ur källan",
        "Redaktionens placering",
    }
    assert page.errors == []
