"""Links from the handbook's own words (``härlett``, ``FA-region``) to their entries in the glossary. Pure MyST.

The glossary is a hand-written page (``docs/ordlista.md``) with one target per term,
``(sh-ord-<term>)=``. Generated pages link a word with the ``{handbook:glossary}`` role, which
the domain resolves when each page is written, for every builder. A handbook without a
glossary page shows the words as plain text; one whose glossary lacks a term fails the
build (:mod:`..sphinxext.core.domain`).
"""

from __future__ import annotations

import re

from ..data.model import BASIS_LABELS, EDITORIAL, INFERRED, STATED

GLOSSARY_DOC = "ordlista"
"""The document name of the glossary page the handbook's sources are expected to hold."""
LABEL_PREFIX = "sh-ord-"
"""Every glossary entry's target is this prefix and the term's id: ``(sh-ord-harlett)=``."""

INFERRED_TERM = "harlett"
EDITORIAL_TERM = "redaktionell-placering"
STATED_TERM = "enligt-kalla"
UNKNOWN_KIND_TERM = "sorten-framgar-inte"
FA_TERM = "fa-region"
PARTNER_TERM = "samarbetskommun"
COUNTY_OWN_TERM = "projekt-bara-i-lanet"
COUNTY_SHARED_TERM = "lansoverskridande-projekt"
COUNTY_ALL_TERM = "projekt-som-ror-lanet"
MISSPELT_TERM = "felstavad-adress"
NAMED_FUNDER_TERM = "finansiar-utan-egen-sida"

TERMS = (
    INFERRED_TERM,
    EDITORIAL_TERM,
    STATED_TERM,
    UNKNOWN_KIND_TERM,
    FA_TERM,
    PARTNER_TERM,
    COUNTY_OWN_TERM,
    COUNTY_SHARED_TERM,
    COUNTY_ALL_TERM,
    MISSPELT_TERM,
    NAMED_FUNDER_TERM,
)
"""Every term generated pages link to; the glossary page must have a target for each."""

BASIS_TERMS = {INFERRED: INFERRED_TERM, EDITORIAL: EDITORIAL_TERM, STATED: STATED_TERM}
"""The glossary term of each provenance basis (its words are :data:`..data.model.BASIS_LABELS`)."""


def label(term: str) -> str:
    """The glossary target of *term*: ``sh-ord-harlett``."""
    if term not in TERMS:
        raise KeyError(f"no glossary term {term!r}")
    return LABEL_PREFIX + term


def word(term: str, text: str) -> str:
    """*text* (plain words, no markup) linked to the glossary entry *term*."""
    if re.search(r"[`<>\\]", text):
        raise ValueError(f"not plain words: {text!r}")
    label(term)
    return f"{{handbook:glossary}}`{text} <{term}>`"


def basis(basis_name: str) -> str:
    """The words of a provenance basis (``härlett``), linked to the glossary."""
    return word(BASIS_TERMS[basis_name], BASIS_LABELS[basis_name])
