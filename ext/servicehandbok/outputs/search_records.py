"""What the search index knows about each project beyond its text: facets, result fields, sort keys.

Facets come from the project data, never from scraping the visible page. The text that
is indexed is the project page itself, so it follows the contacts option.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from xml.sax.saxutils import escape, quoteattr

from ..data import formatting
from ..data.catalog import Catalog
from ..data.geography import FA_FACET, FA_LABEL, fa_regions
from ..data.kinds import BUILTIN, YEAR_FACET, Kind
from ..data.model import NATIONAL, NO_YEAR, Project, Term
from .exports import follow_up_state

YEAR_LABEL = "Slutår"
FOLLOW_UP_FACET = "uppfoljning"
FOLLOW_UP_LABEL = "Uppföljning"
FOLLOW_UP_VALUES = {"ja": "Har uppföljning", "inget hittat": "Sökt, inget hittat", "ej sökt": "Inte undersökt"}
"""The follow-up facet's values (``outputs.exports.follow_up_state``), as readers see them."""


def facets(kinds: dict[str, Kind]) -> dict[str, str]:
    """Pagefind filter names and their Swedish labels: one per kind, the FA region after the kommun, then the end year."""
    names = {kind.facet: kind.label for kind in kinds.values()}
    kommun = BUILTIN["municipality"].facet
    names = dict(regional_facet(list(names.items()), kommun))
    return {**names, FOLLOW_UP_FACET: FOLLOW_UP_LABEL, YEAR_FACET: YEAR_LABEL}


def regional_facet(names: list[tuple[str, str]], after: str) -> list[tuple[str, str]]:
    """*names* with the derived FA-region facet inserted after the facet *after*."""
    at = next((i + 1 for i, (name, _) in enumerate(names) if name == after), len(names))
    return [*names[:at], (FA_FACET, FA_LABEL), *names[at:]]


def _shown(term: Term, kind: Kind) -> str:
    return term.name if kind.full_names else term.label


def facet_values(project: Project, catalog: Catalog) -> dict[str, list[str]]:
    """The facet values of one project, as readers see them."""
    vocabulary = catalog.vocabulary
    values = {
        kind.facet: [_shown(term, kind) for term in vocabulary.known(kind.name, project.terms(kind.name))]
        for kind in catalog.kinds.values()
    }
    if project.national:
        values[catalog.kinds["region"].facet] = [NATIONAL]
    kommuner = vocabulary.known("municipality", project.municipalities)
    values[FA_FACET] = [name for _, name in fa_regions(kommuner, catalog.geography)]
    values[FOLLOW_UP_FACET] = [FOLLOW_UP_VALUES[follow_up_state(project)]]
    values[YEAR_FACET] = [str(project.end.year)] if project.end else [NO_YEAR]
    return values


def facet_value(catalog: Catalog, kind: str, term_id: str) -> tuple[str, str]:
    """The (facet name, value) a hub page for a term links into the search with."""
    term = catalog.vocabulary.get(kind, term_id)
    if term is None:
        raise KeyError(f"{kind}:{term_id}")
    return catalog.kinds[kind].facet, _shown(term, catalog.kinds[kind])


def place(shown: dict[str, list[str]], catalog: Catalog) -> list[str]:
    """Where a project is, from its facet values: its län (or Hela landet), then its kommuner."""
    return shown[catalog.kinds["region"].facet] + shown[catalog.kinds["municipality"].facet]


def page_attributes(project: Project, catalog: Catalog) -> str:
    """Hidden HTML that tells Pagefind a project page's facets, result fields and order keys.

    Values are element text, not attribute lists, so commas and colons in names are safe.
    ``data-pagefind-ignore`` keeps this text out of the indexed words and the excerpts;
    filters and metadata are still read from it. Every page has every order key (see
    :data:`ORDER_FILTER`), so no project drops out of a sorted list.
    """
    shown = facet_values(project, catalog)
    spans = [(f"data-pagefind-filter={quoteattr(name)}", value) for name, values in shown.items() for value in values]
    fields = result_fields(project, shown)
    fields["tail"] = str(sum(len(text.split()) for _, text in _word_blocks(project, catalog)))
    spans += [(f"data-pagefind-meta={quoteattr(name)}", value) for name, value in fields.items()]
    spans += [
        (f"data-pagefind-filter={quoteattr(range_filter)}", key) for range_filter, key in order_keys(project).values()
    ]
    inner = "".join(f"<span {attribute}>{escape(text)}</span>" for attribute, text in spans)
    return f'<div hidden aria-hidden="true" data-pagefind-ignore class="sh-search-data">{inner}</div>'


SORTS = {"slut": "Senaste slutdatum", "budget": "Största budget"}
"""Orders readers can choose besides relevance, with their Swedish labels; both descending.
Browsing without words lists projects by title: Pagefind numbers the pages in title order
(``sphinxext.search.pagefind``)."""
ORDER_FILTER = "sort-"
"""Prefix of the hidden Pagefind filters that carry the orders.

They are filters, not Pagefind sort keys, because Pagefind puts every sort order into the
metadata file that each search fetches first (22 kB per order at 10,000 projects), while a
filter is fetched only when a search uses it. Each value of a filter is one key (an end
date, a budget); the search page reads from the filter's counts which keys the results
have, and fetches results key by key, largest first, ties in Pagefind's order.

An order is split into one filter per range of keys (a year of end dates; budgets with the
same two leading digits), so a search fetches only the ranges its first results need: one
filter over all 10,000 budgets was 66 kB, since almost every project has its own budget."""
NO_END = "0000-00-00"
"""The end-date key of a project without an end date: last when the latest come first."""


def _ranges(project: Project) -> dict[str, tuple[int, str]]:
    """Each order's range (the number it starts at) and key, from the project alone, so an
    incremental build never leaves them stale; keys compare as plain text, ranges as numbers."""
    end = project.end.isoformat() if project.end else NO_END
    budget = project.budget.total or 0
    return {"slut": (int(end[:4]), end), "budget": (_leading(budget, 2), f"{budget:012d}")}


def _range_filter(order: str, start: int) -> str:
    return f"{ORDER_FILTER}{order}-{start}"


def order_keys(project: Project) -> dict[str, tuple[str, str]]:
    """Each order's filter (its range) and key."""
    return {order: (_range_filter(order, start), key) for order, (start, key) in _ranges(project).items()}


def _leading(number: int, digits: int) -> int:
    """*number* with all but its first *digits* digits set to zero: the start of its range."""
    scale = 10 ** max(len(str(number)) - digits, 0)
    return number // scale * scale


def order_filters(projects: Iterable[Project]) -> dict[str, list[tuple[str, int]]]:
    """Each order's filters with their numbers of projects, the range of the largest keys first:
    what the search page fetches in turn."""
    starts: dict[str, Counter[int]] = {order: Counter() for order in SORTS}
    for project in projects:
        for order, (start, _) in _ranges(project).items():
            starts[order][start] += 1
    return {
        order: [(_range_filter(order, start), size) for start, size in sorted(found.items(), reverse=True)]
        for order, found in starts.items()
    }


def result_fields(project: Project, facets: dict[str, list[str]]) -> dict[str, str]:
    """What a result card shows besides the excerpt: title, län, kommun, methods, budget, years."""
    budget = project.budget.total if project.budget.total is not None else project.budget.support
    years = sorted({day.year for day in (project.start, project.end) if day})
    return {
        "id": project.id,  # the search page's "Jämför" boxes name projects by id
        "title": project.title,
        "lan": ", ".join(facets["lan"]),
        "kommun": ", ".join(facets["kommun"]),
        "methods": ", ".join(facets["metod"]),
        "budget": formatting.kronor(budget) if budget is not None else "",
        "years": "–".join(str(year) for year in years),
        "lead": lead(project.purpose),
    }


LEAD_WORDS = 30


def lead(text: str) -> str:
    """The first words of the purpose: the excerpt when a query matched only a term's name."""
    words = text.split()
    return " ".join(words[:LEAD_WORDS]) + (" …" if len(words) > LEAD_WORDS else "")


WORD_WEIGHTS = {"where-how": 6.0, "who": 2.0}
"""Pagefind weights of the hidden term text: method and place names rank just below the title
(10); organisations like the project's purpose and summary; labels on the page weigh least."""


def term_words(term: Term) -> list[str]:
    """Every name a reader may search a term by: its name, short name, abbreviation and aliases."""
    words: list[str] = []
    for word in (term.name, term.short_name, term.abbreviation, *term.aliases):
        if word and word.casefold() not in {w.casefold() for w in words}:
            words.append(word)
    return words


def search_words(project: Project, catalog: Catalog) -> str:
    """Hidden, weighted text of a project's terms and their aliases, so a synonym finds the project.

    ``hidden`` keeps it from sight and from screen readers; Pagefind indexes hidden text.
    It ends the page's text, and the ``tail`` metadata counts its words, so the search page
    can draw excerpts from the project's own prose only.
    """
    return "".join(
        f'<p hidden class="sh-search-words" data-pagefind-weight="{WORD_WEIGHTS[name]}">{escape(text)}</p>'
        for name, text in _word_blocks(project, catalog)
    )


def _word_blocks(project: Project, catalog: Catalog) -> list[tuple[str, str]]:
    """The hidden text by weight: one sentence per term, so it still reads as words."""
    vocabulary = catalog.vocabulary

    def sentences(kinds: tuple[str, ...]) -> list[str]:
        return [
            ", ".join(term_words(term)) + "." for kind in kinds for term in vocabulary.known(kind, project.terms(kind))
        ]

    where_how = sentences(("method", "region", "municipality"))
    if project.national:
        where_how.append(f"{NATIONAL}.")
    who = ([f"{project.lead_organisation}."] if project.lead_organisation else []) + sentences(("funder", "category"))
    return [(name, " ".join(text)) for name, text in (("where-how", where_how), ("who", who)) if text]


HUB_FACETS = {kind: BUILTIN[kind].facet for kind in ("method", "region")}
"""The hub pages a search that finds nothing points to: the nearest method and län (or the län of the nearest kommun)."""
TITLE_WORD = re.compile(r"[^\W\d_][\w-]{3,}")


def suggestion_data(catalog: Catalog, uri: Callable[[str], str]) -> dict[str, list[dict[str, str]]]:
    """Words and hub links for "Menade du …?"; *uri* gives a document's path from the site root."""
    words: dict[str, str] = {}
    hubs = []
    for kind in ("method", "region", "municipality", "funder", "category"):
        for term in catalog.vocabulary.sorted(kind):
            for word in term_words(term):
                words.setdefault(word.casefold(), word)
                hub = term if kind in HUB_FACETS else catalog.vocabulary.get("region", term.region or "")
                if hub is not None and (kind in HUB_FACETS or kind == "municipality"):
                    # A kommun's name leads to its län: "Gälivare" finds Norrbotten.
                    hubs.append({"k": HUB_FACETS[hub.kind], "w": word, "l": hub.label, "u": uri(hub.docname)})
    for project in catalog.projects.values():
        for word in TITLE_WORD.findall(project.title):
            words.setdefault(word.casefold(), word)
    return {"words": [{"w": word} for word in words.values()], "hubs": hubs}
