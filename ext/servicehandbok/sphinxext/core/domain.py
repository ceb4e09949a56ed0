"""The ``handbook`` Sphinx domain: cross-reference roles and one index per kind of term.

Its data is derived from the project files when the build starts (see :mod:`..lifecycle.load`),
not collected from documents, so ``clear_doc`` and ``merge_domaindata`` have nothing to
undo or merge, and parallel reading sees the same data in every process.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar, cast
from urllib.parse import urlencode

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, Index, IndexEntry, ObjType
from sphinx.domains.std import StandardDomain
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from ...content import glossary
from ...data.catalog import Catalog
from ...data.collation import initial, sort_key
from ...data.kinds import Kind
from ...outputs.search_records import facet_value
from .config import SITE_BUILDERS
from .names import SEARCH_PAGE


def domain_data(catalog: Catalog) -> dict[str, Any]:
    """What the domain needs from the catalog: every target and every term's projects."""
    objects: dict[str, dict[str, tuple[str, str]]] = {"project": {}}
    members: dict[str, dict[str, list[str]]] = {}
    unlinked: dict[str, dict[str, str]] = {}
    for project in catalog.projects.values():
        objects["project"][project.id] = (project.docname, project.title)
    for kind in catalog.kinds:
        terms = catalog.hub_terms(kind)
        objects[kind] = {t.id: (t.docname, t.label) for t in terms}
        # Terms without a page (a kommun no project names): a role shows their name as text.
        unlinked[kind] = {t.id: t.label for t in catalog.vocabulary.sorted(kind) if t.id not in objects[kind]}
        members[kind] = {t.id: [p.id for p in catalog.projects_with(kind, t.id)] for t in terms}
    years: dict[str, list[str]] = {}
    for project in catalog.projects.values():
        if project.end:
            years.setdefault(str(project.end.year), []).append(project.id)
    return {"objects": objects, "members": members, "unlinked": unlinked, "years": years, "digest": catalog.digest}


INDEX_LIMIT = 25
"""Projects listed under one term in an index; the term's hub page lists them all."""


class HandbookIndex(Index):
    """Terms of one kind A–Ö, each with (up to :data:`INDEX_LIMIT` of) the projects tagged with it."""

    kind = ""

    def generate(self, docnames: Iterable[str] | None = None) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        data = self.domain.data
        objects = data["objects"]
        groups: dict[str, list[IndexEntry]] = {}
        terms = sorted(objects.get(self.kind, {}).items(), key=lambda item: sort_key(item[1][1]))
        for term_id, (docname, label) in terms:
            projects = data["members"][self.kind].get(term_id, [])  # already in Swedish title order
            entries = groups.setdefault(initial(label), [])
            entries.append(IndexEntry(label, 1 if projects else 0, docname, "", f"{len(projects)} projekt", "", ""))
            for project_id in projects[:INDEX_LIMIT]:
                project_doc, title = objects["project"][project_id]
                entries.append(IndexEntry(title, 2, project_doc, "", "", "", ""))
            if len(projects) > INDEX_LIMIT:
                more = f"… alla {len(projects)} projekt"
                entries.append(IndexEntry(more, 2, docname, "", "", "", ""))
        return sorted(groups.items(), key=lambda item: sort_key(item[0])), True


class YearIndex(Index):
    """Projects by the year they end (up to :data:`INDEX_LIMIT` a year; the search has them all)."""

    name = "year"
    localname = "Register: projekt efter slutår"
    shortname = "slutår"

    def generate(self, docnames: Iterable[str] | None = None) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        objects = self.domain.data["objects"]["project"]
        content = []
        for year, project_ids in sorted(self.domain.data["years"].items()):
            entries = [
                IndexEntry(objects[pid][1], 0, objects[pid][0], "", "", "", "") for pid in project_ids[:INDEX_LIMIT]
            ]
            if len(project_ids) > INDEX_LIMIT:
                rest = f"… och {len(project_ids) - INDEX_LIMIT} projekt till; sök med slutår {year} för alla"
                entries.append(IndexEntry(rest, 0, "", "", "", "", ""))
            content.append((year, entries))
        return content, False


def register_title(kind: Kind) -> str:
    """The heading of a kind's register, as text: ``Register: län``."""
    return f"Register: {kind.title.lower()}"


def _index_class(kind: Kind) -> type[HandbookIndex]:
    return type(
        f"{kind.name.capitalize()}Index",
        (HandbookIndex,),
        {
            "name": kind.name,
            "kind": kind.name,
            # Sphinx's templates put these into the page as HTML (the relation bar, the register's heading).
            "localname": html.escape(register_title(kind)),
            "shortname": html.escape(kind.title.lower()),
        },
    )


def _xref_role() -> XRefRole:
    return XRefRole(innernodeclass=nodes.inline, warn_dangling=True)


class HandbookDomain(Domain):
    """Roles ``{handbook:project}``, ``{handbook:region}``, ``{handbook:municipality}``, … and indices.

    The kinds of term come from the registry of the projects folder, so their object
    types, roles and indices are added to the domain when the catalog is set.
    """

    name = "handbook"
    label = "Servicehandboken"
    object_types = {"project": ObjType("project", "project")}
    roles = {"project": _xref_role(), "search": _xref_role(), "glossary": _xref_role()}
    # The directives and the ``file`` role are added by the floor that makes page content (``pages.setup``).
    indices = [YearIndex]
    initial_data: ClassVar[dict[str, Any]] = {
        "objects": {"project": {}},
        "members": {},
        "unlinked": {},
        "years": {},
        "digest": "",
    }
    data_version = 1

    def clear_doc(self, docname: str) -> None:
        """Nothing to clear: no document contributes data to this domain."""

    def merge_domaindata(self, docnames: Any, otherdata: dict[str, Any]) -> None:
        """Nothing to merge: every process starts from the same catalog."""

    catalog: Catalog
    """The loaded project files; set when the build starts, never pickled."""

    def set_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.add_kinds(catalog.kinds.values())
        self.data.update(domain_data(catalog))

    def add_kinds(self, kinds: Iterable[Kind]) -> None:
        """An object type, a role and an index for each kind not known yet, indices before the year's."""
        new = [kind for kind in kinds if kind.name not in self.object_types]
        std = cast(StandardDomain, self.env.get_domain("std"))
        for kind in new:
            self.add_object_type(kind.name, ObjType(kind.name, kind.name))
            self.roles[kind.name] = _xref_role()
            index = _index_class(kind)
            self.indices.insert(self.indices.index(YearIndex), index)
            # What Domain.setup() does for the indices it knew at the start.
            label = f"{self.name}-{index.name}"
            std.note_hyperlink_target(label, label, "", register_title(kind))  # text, not HTML

    def lookup(self, typ: str, target: str) -> tuple[str, str] | None:
        return self.data["objects"].get(typ, {}).get(target)

    # Sphinx types the result as nodes.reference, but puts any node it gets in place of the
    # pending_xref (ReferencesResolver.run): a known term without a page resolves to its name, unlinked.
    def resolve_xref(  # type: ignore[override]
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> Element | None:
        if typ == "search":
            return self._search_link(fromdocname, builder, target, contnode)
        if typ == "glossary":
            return self._glossary_link(fromdocname, builder, target, contnode)
        found = self.lookup(typ, target)
        if found is None:
            name = self.data.get("unlinked", {}).get(typ, {}).get(target)
            if name is None:
                return None
            # A known term without a hub page (a kommun no project names yet): its name, unlinked.
            return (
                contnode
                if node.get("refexplicit")
                else nodes.inline(name, name, classes=["handbook", f"handbook-{typ}"])
            )
        docname, label = found
        if not node.get("refexplicit"):
            contnode = nodes.inline(label, label, classes=["handbook", f"handbook-{typ}"])
        return make_refnode(builder, fromdocname, docname, "", contnode, label)

    def _glossary_link(self, fromdocname: str, builder: Builder, target: str, contnode: Element) -> Element | None:
        """``{handbook:glossary}`härlett <harlett>```: the word, linked to its entry in the glossary page.

        A handbook without a glossary page shows the word unlinked; a glossary page that lacks the term
        leaves the reference unresolved, so the build warns.
        """
        std = cast(StandardDomain, self.env.get_domain("std"))
        found = std.anonlabels.get(glossary.label(target)) if target in glossary.TERMS else None
        if found is not None and found[0]:
            return make_refnode(builder, fromdocname, found[0], found[1], contnode)
        return None if glossary.GLOSSARY_DOC in self.env.found_docs else contnode

    def _search_link(self, fromdocname: str, builder: Builder, target: str, contnode: Element) -> Element | None:
        """``{handbook:search}`Text <method:lea>``: the search page with one facet already set.

        Where no search page is written (the EPUB, or search turned off) the link opens the
        term's hub page, which lists the same projects.
        """
        kind, _, term_id = target.partition(":")
        try:
            facet, value = facet_value(self.catalog, kind, term_id)
        except KeyError:
            return None
        if builder.name not in SITE_BUILDERS or not self.env.config.servicehandbok_search:
            hub = self.lookup(kind, term_id)
            if hub is None:
                return None
            return make_refnode(builder, fromdocname, hub[0], "", contnode, hub[1])
        uri = f"{builder.get_relative_uri(fromdocname, SEARCH_PAGE)}?{urlencode({facet: value})}"
        return nodes.reference("", "", contnode, internal=True, refuri=uri)

    def resolve_any_xref(  # type: ignore[override]  # the same nodes as resolve_xref
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, Element]]:
        results = []
        for typ in self.object_types:
            resolved = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if resolved is not None:
                results.append((f"handbook:{typ}", resolved))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for typ, objects in self.data["objects"].items():
            for target, (docname, label) in objects.items():
                yield target, label, typ, docname, "", 1
