"""Related projects: those sharing the most methods, län and funders. Pure.

Scores are accumulated through inverted indexes (term → projects), so a project is only
compared with projects it shares a term with. A term shared by very many projects (a
method used by a thousand) contributes only the :data:`WINDOW` projects nearest in
title order, which bounds the work per project: the whole computation grows linearly
with the catalogue. Below that size the result is exact.
"""

from __future__ import annotations

import bisect
import heapq
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence

from ..data.model import SUPPORT_FUNDER, Project
from ..data.vocabulary import Vocabulary
from . import myst

WEIGHTS = {"method": 3, "region": 2, "funder": 1}
"""Points for each shared method, län and funder."""

LIMIT = 5
WINDOW = 200
"""At most this many projects are taken from one term's list when scoring a project."""


def terms(project: Project) -> Iterable[tuple[str, str]]:
    """The (kind, id) pairs a project can share; Tillväxtverket funds nearly all, so it does not count."""
    for method in project.methods:
        yield "method", method
    for region in project.regions:
        yield "region", region
    for funder in project.funders:
        if funder != SUPPORT_FUNDER:
            yield "funder", funder


def related(
    projects: Sequence[Project], limit: int = LIMIT, only: Collection[str] | None = None
) -> dict[str, tuple[str, ...]]:
    """For each project (each of the ids in *only*, if given), the ids of up to *limit* related
    projects, best first.

    *projects* must be in Swedish title order (as :attr:`Catalog.projects` is); equal
    scores keep that order. Projects sharing nothing are never related.
    """
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for position, project in enumerate(projects):
        for term in dict.fromkeys(terms(project)):
            index[term].append(position)
    result: dict[str, tuple[str, ...]] = {}
    for position, project in enumerate(projects):
        if only is not None and project.id not in only:
            continue
        scores: dict[int, int] = defaultdict(int)
        for term in dict.fromkeys(terms(project)):
            weight = WEIGHTS[term[0]]
            members = index[term]
            if len(members) > WINDOW:
                middle = bisect.bisect_left(members, position)
                start = max(0, min(middle - WINDOW // 2, len(members) - WINDOW))
                members = members[start : start + WINDOW]
            for other in members:
                scores[other] += weight
        scores.pop(position, None)
        best = heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], item[0]))
        result[project.id] = tuple(projects[other].id for other, _ in best)
    return result


REASON_LABELS = {
    "method": ("samma metod", "samma metoder"),
    "region": ("samma län", "samma län"),
    "funder": ("samma finansiär", "samma finansiärer"),
}
"""How the page names each kind of shared term (one, several), in the order the reasons are given."""


def shared(project: Project, other: Project) -> dict[str, list[str]]:
    """The term ids of each kind that *project* and *other* share, in *project*'s order."""
    theirs = set(terms(other))
    found: dict[str, list[str]] = {}
    for kind, term_id in dict.fromkeys(terms(project)):
        if (kind, term_id) in theirs:
            found.setdefault(kind, []).append(term_id)
    return found


def reason(project: Project, other: Project, vocabulary: Vocabulary) -> str:
    """Why *other* is related, as MyST: ``samma metod: LEA · samma län: Dalarna``."""
    parts = []
    for kind, ids in shared(project, other).items():
        names = [term.label for term in vocabulary.known(kind, tuple(ids))]
        if names:
            heading = REASON_LABELS[kind][len(names) > 1]
            parts.append(f"{heading}: {', '.join(myst.inline(name) for name in names)}")
    return " · ".join(parts)
