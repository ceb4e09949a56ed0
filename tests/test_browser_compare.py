"""The compare page in a real browser: choosing from project pages and search results, the
keyboard alone, the address as the state, values as the YAML and the fact box give them,
hostile text as text, the contacts option, and a dirhtml site under a sub-path."""

from __future__ import annotations

import contextlib
import functools
import re
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from test_search_quality import show_all
from test_validators import vnu_errors

from conftest import PROJECTS, QuietHandler, copy_projects, minimal_project, write_project
from servicehandbok.data import formatting
from servicehandbok.data.catalog import load_catalog
from servicehandbok.data.collation import sort_key

WAIT = "document.getElementById('sh-compare-result')?.getAttribute('aria-busy') === 'false'"
SEARCH_WAIT = "document.getElementById('sh-results')?.getAttribute('aria-busy') === 'false'"
UPPSALA, PIPOS, LUND, STOCKE = (
    "uppsala-servicepunkter",
    "pipos-serviceanalys",
    "lund-paketautomater",
    "stocke-motesplats",
)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(PROJECTS)


def text(value: str) -> str:
    return " ".join(value.split())


def settle(page) -> None:
    page.wait_for_function(WAIT, timeout=20000)


def open_compare(page, url: str) -> None:
    page.goto(url)
    settle(page)


def chosen(page) -> list[str]:
    """The ids in the address, in order."""
    return (parse_qs(urlparse(page.url).query).get("p") or [""])[0].split(",")


def columns(page) -> list[str]:
    return [text(t) for t in page.locator(".sh-compare-wide thead th").all_inner_texts()]


def table(page) -> dict[str, list[str]]:
    """Row label → the cells' text, one per project, as a reader sees the table."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.sh-compare-wide tbody tr')].map(tr =>
             [tr.querySelector('th').innerText.trim(), [...tr.querySelectorAll('td')].map(td => td.innerText)]))"""
    )


def fact_box(page) -> dict[str, str]:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.sh-facts dl.field-list > dt')].map(dt =>
             [dt.innerText.replace(/:$/, '').trim(), dt.nextElementSibling.innerText]))"""
    )


def test_choose_from_project_pages(page, server: str) -> None:
    page.goto(f"{server}projekt/{UPPSALA}.html")
    page.get_by_role("link", name="Jämför med andra projekt").click()
    page.wait_for_url("**/jamfor.html?p=*")
    settle(page)
    assert chosen(page) == [UPPSALA]
    assert "Välj minst ett till" in page.inner_text("#sh-compare-status")

    page.goto(f"{server}projekt/{PIPOS}.html")
    page.get_by_role("link", name="Jämför med andra projekt").click()
    page.wait_for_url(f"**/jamfor.html?p={UPPSALA},{PIPOS}")
    settle(page)
    assert columns(page) == ["Uppsala - Servicepunkter i kommunen", "Pipos serviceanalys"]
    assert page.inner_text("#sh-compare-status").startswith("Jämför 2 projekt")
    # The table's project headings lead back to the project pages.
    page.get_by_role("columnheader", name="Pipos serviceanalys").get_by_role("link").click()
    page.wait_for_url(f"**/projekt/{PIPOS}.html")
    # Back on the compare page the choice is still the one in the address.
    page.go_back()
    settle(page)
    assert chosen(page) == [UPPSALA, PIPOS]
    # Both were chosen during this visit: nothing is reported as kept from an earlier one.
    assert page.locator(".sh-compare-earlier").count() == 0
    assert page.errors == []


def new_tab(context):
    """A new tab of the same browser (its own session storage, the same local storage), recording errors."""
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    return tab


def test_a_choice_kept_from_an_earlier_visit_is_said_and_can_be_dropped(browser, server: str, catalog) -> None:
    """Three projects compared in one visit, then a fourth added from a project page in a later one
    (a new tab: the browser keeps the choice): the page says which three came from before, and
    takes them away on request."""
    title = {project_id: catalog.projects[project_id].title for project_id in (UPPSALA, PIPOS, LUND, STOCKE)}
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE")
    first = new_tab(context)
    open_compare(first, f"{server}jamfor.html?p={UPPSALA},{PIPOS},{LUND}")
    assert first.locator(".sh-compare-earlier").count() == 0  # the address named all three
    first.close()

    later = new_tab(context)
    later.goto(f"{server}projekt/{STOCKE}.html")
    later.get_by_role("link", name="Jämför med andra projekt").click()
    later.wait_for_url("**/jamfor.html?p=*")
    settle(later)
    assert chosen(later) == [UPPSALA, PIPOS, LUND, STOCKE]
    notice = later.locator(".sh-compare-earlier")
    assert notice.is_visible()
    said = text(notice.inner_text())
    assert "3 projekt som du valde vid ett tidigare besök" in said
    assert all(title[p] in said for p in (UPPSALA, PIPOS, LUND)) and title[STOCKE] not in said
    assert later.inner_text("#sh-compare-status").startswith("3 av projekten valdes vid ett tidigare besök.")

    later.get_by_role("button", name="Ta bort de tidigare valda").click()
    settle(later)
    assert chosen(later) == [STOCKE] and columns(later) == [title[STOCKE]]
    assert notice.count() == 0
    assert later.inner_text("#sh-compare-status").startswith("De tidigare valda projekten togs bort.")
    assert later.evaluate("document.activeElement.id") == "sh-compare-add"
    later.go_back()  # Back undoes it, as any change
    settle(later)
    assert chosen(later) == [UPPSALA, PIPOS, LUND, STOCKE]

    # The page opened without an address, in yet another visit: the kept choice is shown, and said.
    third = new_tab(context)
    open_compare(third, f"{server}jamfor.html")
    assert chosen(third) == [UPPSALA, PIPOS, LUND, STOCKE]
    assert third.locator(".sh-compare-earlier").is_visible()
    third.get_by_role("button", name="Behåll dem").click()
    settle(third)
    assert chosen(third) == [UPPSALA, PIPOS, LUND, STOCKE]
    assert third.locator(".sh-compare-earlier").count() == 0
    assert third.inner_text("#sh-compare-status").startswith("De tidigare valda projekten är kvar.")
    # Seen in this visit now: opening the page again says nothing more.
    open_compare(third, f"{server}jamfor.html")
    assert chosen(third) == [UPPSALA, PIPOS, LUND, STOCKE]
    assert third.locator(".sh-compare-earlier").count() == 0
    errors = first.errors + later.errors + third.errors
    context.close()
    assert errors == []


def edges(page) -> dict:
    """Where the comparison's scrolling region and its columns are, and what it says about them."""
    return page.evaluate(
        """() => {
          const wide = document.querySelector('.sh-compare-wide');
          const box = wide.getBoundingClientRect();
          const heads = [...wide.querySelectorAll('thead th')].map(th => th.getBoundingClientRect());
          const label = wide.querySelector('tbody th').getBoundingClientRect();
          const frame = wide.parentElement;
          return {left: box.left, right: box.right, scrollLeft: wide.scrollLeft,
                  scrolls: wide.scrollWidth > wide.clientWidth,
                  lastRight: heads[heads.length - 1].right, labelLeft: label.left,
                  classes: frame.className, shade: getComputedStyle(frame, '::after').opacity,
                  hint: document.querySelector('.sh-compare-hint').hidden,
                  describedBy: wide.getAttribute('aria-describedby')};
        }"""
    )


def test_four_projects_at_1280_px_scroll_sideways_and_say_so(page, server: str) -> None:
    open_compare(page, f"{server}jamfor.html?p={UPPSALA},{PIPOS}")
    two = edges(page)
    assert not two["scrolls"] and two["hint"] and two["describedBy"] is None and two["shade"] == "0"

    open_compare(page, f"{server}jamfor.html?p={UPPSALA},{PIPOS},{LUND},{STOCKE}")
    page.wait_for_function("!document.querySelector('.sh-compare-hint').hidden")
    four = edges(page)
    # The fourth column does not fit: the table says it scrolls, and the right edge is shaded.
    assert four["scrolls"] and four["lastRight"] > four["right"] + 20
    hint = page.locator(".sh-compare-hint")
    assert hint.is_visible() and "rulla i sidled för att se alla 4 projekt" in hint.inner_text()
    assert four["describedBy"] == "sh-compare-hint"
    assert "sh-compare-more-right" in four["classes"] and "sh-compare-more-left" not in four["classes"]
    page.wait_for_function("getComputedStyle(document.querySelector('.sh-compare-frame'), '::after').opacity === '1'")

    # The keyboard scrolls it to the fourth column; the row labels stay in view.
    page.locator(".sh-compare-wide").focus()
    for _ in range(40):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "(() => { const w = document.querySelector('.sh-compare-wide');"
        " return w.scrollLeft >= w.scrollWidth - w.clientWidth - 1; })()"
    )
    # (keyboard scrolling is animated: the shading follows the scroll events to the end)
    page.wait_for_function(
        "(() => { const c = document.querySelector('.sh-compare-frame').classList;"
        " return c.contains('sh-compare-more-left') && !c.contains('sh-compare-more-right'); })()"
    )
    end = edges(page)
    assert end["scrollLeft"] > 0 and end["lastRight"] <= end["right"] + 1
    assert abs(end["labelLeft"] - end["left"]) <= 1
    assert page.errors == []


def test_choose_from_search_results(page, server: str) -> None:
    page.goto(f"{server}search.html?q=paketautomat")
    page.wait_for_function(SEARCH_WAIT, timeout=20000)
    assert page.locator("#sh-compare-go").is_hidden()
    lund = page.locator("#sh-results li", has_text="Lund - Operatörsoberoende")
    lund.get_by_role("checkbox", name="Jämför Lund - Operatörsoberoende paketautomater för ökad service").check()
    assert "1 projekt valda" in page.inner_text("#sh-compare-picked")

    before = page.url
    page.fill("#sh-q", "servicepunkt")
    page.press("#sh-q", "Enter")
    page.wait_for_function(f"location.href !== {before!r}")
    page.wait_for_function(SEARCH_WAIT, timeout=20000)
    box = page.locator("#sh-results li", has_text="Uppsala - Servicepunkter").get_by_role("checkbox")
    box.focus()
    page.keyboard.press("Space")  # a box is a plain checkbox: the keyboard ticks it
    assert box.is_checked()
    link = page.get_by_role("link", name="Jämför valda projekt (2)")
    assert link.is_visible()

    # A fifth project does not fit: the box stays empty and the reader is told why.
    third, fourth, fifth = page.locator("#sh-results input[type=checkbox]:not(:checked)").element_handles()[:3]
    third.check()
    fourth.check()
    fifth.click()
    assert not fifth.is_checked()
    assert "högst 4 projekt" in page.inner_text("#sh-compare-picked")
    third.uncheck()
    fourth.uncheck()

    page.get_by_role("link", name="Jämför valda projekt (2)").click()
    page.wait_for_url("**/jamfor.html?p=*")
    settle(page)
    assert chosen(page) == [LUND, UPPSALA]
    assert columns(page) == [
        "Lund - Operatörsoberoende paketautomater för ökad service",
        "Uppsala - Servicepunkter i kommunen",
    ]
    assert page.errors == []


def tab_to(page, element_id: str, most: int = 80) -> None:
    for _ in range(most):
        if page.evaluate("document.activeElement?.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} cannot be reached with Tab")


def test_keyboard_only(page, server: str, catalog) -> None:
    open_compare(page, f"{server}jamfor.html")
    assert page.inner_text("#sh-compare-status") == "Inga projekt valda."
    assert page.get_attribute("#sh-compare-status", "role") == "status"
    # Not the site menu's "Lägg till ett projekt", which opens the contributor form.
    assert page.locator("label[for=sh-compare-add]").inner_text() == "Välj ett projekt att jämföra"
    assert page.get_by_role("link", name="Lägg till ett projekt").count() >= 1
    # The list is in the handbook's title order; a project already chosen cannot be chosen again.
    first_titles = [p.title for p in catalog.projects.values()][:2]
    for _ in first_titles:
        tab_to(page, "sh-compare-add")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Lägg till"
        page.keyboard.press("Enter")
        settle(page)
        # focus goes back to the list, ready for the next project
        assert page.evaluate("document.activeElement.id") == "sh-compare-add"
    assert columns(page) == first_titles
    assert page.inner_text("#sh-compare-status").startswith(f"{first_titles[1]} lades till. Jämför 2 projekt")
    # A real table: a caption, a column header per project, a row header per fact.
    assert page.inner_text(".sh-compare-wide caption") == "2 projekt sida vid sida"
    assert page.locator(".sh-compare-wide th[scope=col]").count() == 2
    assert page.locator(".sh-compare-wide th[scope=row]").count() == len(table(page)) > 5
    # The scrolling table takes focus, so it can be scrolled without a mouse.
    assert page.get_attribute(".sh-compare-wide", "tabindex") == "0"

    tab_to(page, "sh-compare-add")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past "Lägg till", through the first project's link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == f"Ta bort {first_titles[0]}"
    page.keyboard.press("Enter")
    settle(page)
    assert columns(page) == first_titles[1:]
    assert page.inner_text("#sh-compare-status").startswith(f"{first_titles[0]} togs bort.")
    assert page.evaluate("document.activeElement.id") == "sh-compare-add"
    assert page.errors == []


def test_the_address_is_the_state_and_back_undoes(page, server: str) -> None:
    open_compare(page, f"{server}jamfor.html?p={UPPSALA},{PIPOS},{LUND}")
    assert len(columns(page)) == 3
    page.get_by_role("button", name="Ta bort Pipos serviceanalys").click()
    settle(page)
    assert chosen(page) == [UPPSALA, LUND] and len(columns(page)) == 2
    page.select_option("#sh-compare-add", STOCKE)
    page.get_by_role("button", name="Lägg till").click()
    assert chosen(page) == [UPPSALA, LUND, STOCKE]

    page.go_back()
    settle(page)
    assert chosen(page) == [UPPSALA, LUND] and len(columns(page)) == 2
    page.go_back()
    settle(page)
    assert chosen(page) == [UPPSALA, PIPOS, LUND]
    assert columns(page)[1] == "Pipos serviceanalys"
    page.go_forward()
    settle(page)
    assert chosen(page) == [UPPSALA, LUND]

    # An address names what it names: unknown ids are reported and dropped, at most four stay.
    open_compare(page, f"{server}jamfor.html?p=finns-inte,{UPPSALA},{UPPSALA},{PIPOS},{LUND},{STOCKE},coompanion-leaxw")
    assert chosen(page) == [PIPOS, LUND, STOCKE, "coompanion-leaxw"]
    status = page.inner_text("#sh-compare-status")
    assert "inget projekt med id finns-inte" in status and "Uppsala - Servicepunkter i kommunen togs bort" in status
    assert page.errors == []


def test_values_are_those_of_the_yaml_and_the_fact_box(page, server: str, catalog) -> None:
    """Every fact-box row of every project says the same in the table; the key values are the YAML's."""
    ids = list(catalog.projects)
    for start in range(0, len(ids), 4):
        group = ids[start : start + 4]
        boxes = []
        for project_id in group:
            page.goto(f"{server}projekt/{project_id}.html")
            boxes.append(fact_box(page))
        open_compare(page, f"{server}jamfor.html?p={','.join(group)}")
        rows = table(page)
        for index, (project_id, box) in enumerate(zip(group, boxes, strict=True)):
            for label, value in box.items():
                # The same, but for the fact box's source numbers: the compare page has no source list.
                assert text(rows[label][index]) == text(re.sub(r"\s*(\[\d+\])+", "", value)), (project_id, label)
            for label, cells in rows.items():
                if label not in box and label not in ("Aktiviteter", "Kontakt"):
                    assert cells[index] == "Ej angivet", (project_id, label)
            raw = yaml.safe_load((PROJECTS / f"{project_id}.yaml").read_text(encoding="utf-8"))
            budget, period = raw.get("budget", {}), raw.get("period", {})
            if "total" in budget:
                assert rows["Total budget"][index].startswith(formatting.kronor(budget["total"]))
            if "support" in budget:
                assert rows["Stöd från Landsbygdsprogrammet"][index].startswith(
                    f"{formatting.kronor(budget['support'])} via Tillväxtverket"
                )
            if "end" in period:
                end = formatting.date(dt(period["end"]))
                expected = f"{formatting.date(dt(period['start']))} – {end}" if "start" in period else f"till {end}"
                assert rows["Tid"][index].startswith(expected)
            labels = [catalog.vocabulary.get("method", m).label for m in raw.get("methods", [])]
            assert text(rows["Metoder"][index]).startswith(", ".join(labels))  # then the provenance mark, if any
            items = [
                line
                for entry in raw.get("activities", [])
                for line in ([entry] if isinstance(entry, str) else [entry["heading"], *entry["items"]])
            ]
            shown = [text(line) for line in rows["Aktiviteter"][index].split("\n") if line.strip()]
            assert shown == ([text(i) for i in items] or ["Ej angivet"]), project_id
            names = [c["name"] for c in raw.get("contacts", [])]
            assert all(name in rows["Kontakt"][index] for name in names)
    assert page.errors == []


def dt(value):
    import datetime

    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def test_phone_shows_cards_and_the_rendered_page_is_valid_html(browser, server: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="sv-SE")
    phone = context.new_page()
    open_compare(phone, f"{server}jamfor.html?p={UPPSALA},{PIPOS},{LUND},{STOCKE}")
    assert phone.locator(".sh-compare-wide").is_hidden()
    cards = phone.locator(".sh-compare-card")
    assert cards.count() == 4 and cards.nth(0).is_visible()
    assert phone.locator(".sh-compare-card h3").all_inner_texts()[1] == "Pipos serviceanalys"
    scroll, client = phone.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client
    (tmp_path / "jamfor.html").write_text(phone.content(), encoding="utf-8")
    context.close()
    assert vnu_errors(tmp_path) == ""


# --- Builds of their own: hostile text, the contacts option, dirhtml under a sub-path ---------


@contextlib.contextmanager
def serve(folder: Path, prefix: str = "/") -> Iterator[str]:
    """*folder* over HTTP at *prefix* (``/hb/``): a site published below the host's root."""

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            if self.path == "/favicon.ico":  # the basic theme has none; the browser asks anyway
                self.send_response(204)
                self.end_headers()
                return
            super().do_GET()

        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix):
                return str(folder / "__outside_the_site__")
            return super().translate_path("/" + path[len(prefix) :])

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
    finally:
        httpd.shutdown()


HOSTILE_TITLE = "<img src=x>Byn & <b>co</b></th><script>window.pwned=1</script><svg onload=window.pwned=6>"
"""Hub pages carry titles in title attributes too, where " onload=" once stopped the build."""


def test_hostile_text_stays_text(page, handbook, tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "p", [UPPSALA])
    write_project(
        folder,
        minimal_project(
            "elak",
            title=HOSTILE_TITLE,
            lead_organisation='</td><script>window.pwned=2</script> & "citat"',
            activities=["<svg onload=window.pwned=3>", {"heading": "<i>rubrik</i>", "items": ["&amp; <u>x</u>"]}],
            budget={"total": 1000, "co_funders": [{"name": "<iframe src=javascript:window.pwned=4>"}]},
            contacts=[{"name": "<a href=javascript:window.pwned=5>Namn</a>", "role": "Roll <em>"}],
        ),
    )
    built = handbook(folder, servicehandbok_search=False)
    with serve(built.outdir) as base:
        open_compare(page, f"{base}jamfor.html?p=elak,{UPPSALA}")
        assert columns(page)[0] == HOSTILE_TITLE
        rows = table(page)
        assert rows["Projektägare"][0] == '</td><script>window.pwned=2</script> & "citat"'
        assert text(rows["Aktiviteter"][0]) == "<svg onload=window.pwned=3> <i>rubrik</i> &amp; <u>x</u>"
        assert rows["Övriga finansiärer"][0] == "<iframe src=javascript:window.pwned=4>"
        assert "<a href=javascript:window.pwned=5>Namn</a>" in rows["Kontakt"][0]
        assert HOSTILE_TITLE in page.inner_text("#sh-compare-status")
        assert page.evaluate("window.pwned") is None
        found = page.evaluate(
            "sel => document.querySelectorAll(sel).length",
            "#sh-compare-result :is(img, script, svg, iframe, b, i, u)",
        )
        assert found == 0
    assert page.errors == []


@pytest.mark.parametrize("mode", ["role", "hidden"])
def test_contacts_follow_the_option(page, handbook, tmp_path: Path, mode: str) -> None:
    folder = copy_projects(tmp_path / "p", ["bjorbo-pakethantering", UPPSALA])
    built = handbook(folder, servicehandbok_search=False, servicehandbok_contacts=mode)
    with serve(built.outdir) as base:
        open_compare(page, f"{base}jamfor.html?p=bjorbo-pakethantering,{UPPSALA}")
        rows = table(page)
        content = page.content()
        for secret in ("Niklas Permats", "Malin Ohlsson", "018-727 87 81", "malin.ohlsson@uppsala.se"):
            assert secret not in content
        if mode == "role":
            assert text(rows["Kontakt"][1]) == "Landsbygdsstrateg, Uppsala kommun"
        else:
            assert "Kontakt" not in rows and "Landsbygdsstrateg" not in content
    assert page.errors == []


def test_dirhtml_site_under_a_sub_path(page, dirhtml_site: Path) -> None:
    with serve(dirhtml_site, "/hb/sub/") as base:
        page.goto(f"{base}projekt/{LUND}/")
        page.get_by_role("link", name="Jämför med andra projekt").click()
        page.wait_for_url(f"{base}jamfor/?p={LUND}")
        settle(page)
        page.goto(f"{base}projekt/{UPPSALA}/")
        page.get_by_role("link", name="Jämför med andra projekt").click()
        page.wait_for_url(f"{base}jamfor/?p={LUND},{UPPSALA}")
        settle(page)
        assert table(page)["Metoder"] == ["Pakethantering och paketskåp", "Servicepunkter"]
        page.locator(".sh-compare-wide").get_by_role("link", name="Servicepunkter", exact=True).click()
        page.wait_for_url(f"{base}metod/servicepunkter/")
        page.go_back()
        settle(page)
        page.get_by_role("columnheader", name="Uppsala - Servicepunkter i kommunen").get_by_role("link").click()
        page.wait_for_url(f"{base}projekt/{UPPSALA}/")
    assert page.errors == []


def test_dirhtml_search_sorted_by_budget_under_a_sub_path(page, dirhtml_site: Path, catalog) -> None:
    """The order's range filters and Pagefind's files load under a sub-path, and every result
    of every page of results links to its project's folder, in budget order."""
    with serve(dirhtml_site, "/hb/sub/") as base:
        page.goto(f"{base}search/?sort=budget")
        page.wait_for_function(SEARCH_WAIT, timeout=20000)
        show_all(page)
        hrefs = page.locator("#sh-results h2 a").evaluate_all("links => links.map(a => a.href)")
    by_budget = sorted(catalog.projects.values(), key=lambda p: (-(p.budget.total or 0), sort_key(p.title), p.id))
    assert [urlparse(href).path for href in hrefs] == [f"/hb/sub/projekt/{p.id}/" for p in by_budget]
    assert page.errors == []
