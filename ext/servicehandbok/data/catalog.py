"""Load every project file and vocabulary into one checked, cross-indexed :class:`Catalog`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import hashlib
import json
import os
import pickle
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from .._version import __version__
from . import checks, privacy, sourcing, validate
from .collation import sort_key
from .geography import Geography, check_outlines, geography_files, load_geography
from .kinds import BUILTIN, Kind, check_term_ids, extend_schema
from .model import (
    PROJECT_FOLDER,
    ActivityGroup,
    Budget,
    Change,
    CitedSource,
    CoFunder,
    Contact,
    Fact,
    Outcome,
    Project,
    Provenance,
    ReportedStatus,
    Source,
    Successor,
    Term,
    Website,
)
from .problems import Problem, Severity
from .vocabulary import VOCABULARY_DIR, Vocabulary, load_vocabulary
from .yamlload import Document, LoadError, load, read_text

PROJECT_SCHEMA = "project.schema.json"


@dataclass
class Catalog:
    """Every valid project and term, with the problems found while loading them."""

    projects: dict[str, Project]
    vocabulary: Vocabulary
    problems: list[Problem] = field(default_factory=list)
    digest: str = ""
    """Changes whenever any project, vocabulary or schema file changes."""
    vocabulary_digest: str = ""
    """Changes whenever a vocabulary file changes."""
    folder: Path = Path()
    """The folder the project files were read from."""
    geography: Geography = field(default_factory=Geography)
    """FA regions and neighbours, from the committed ``geography.json``."""

    @property
    def kinds(self) -> dict[str, Kind]:
        """Every kind of term, built-in and declared, in the registry's order."""
        return self.vocabulary.kinds

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def projects_with(self, kind: str, term_id: str) -> list[Project]:
        """Projects tagged with a term, in Swedish order of title."""
        return self._by_term.get((kind, term_id), [])

    def hub_terms(self, kind: str) -> list[Term]:
        """The terms of *kind* that get a hub page and an index entry, in the kind's order."""
        terms = self.vocabulary.sorted(kind)
        if self.kinds[kind].unused_hubs:
            return terms
        return [term for term in terms if self.projects_with(kind, term.id)]

    @cached_property
    def _by_term(self) -> dict[tuple[str, str], list[Project]]:
        index: dict[tuple[str, str], list[Project]] = defaultdict(list)
        for project in self.projects.values():
            for name in self.kinds:
                for term_id in project.terms(name):
                    index[(name, term_id)].append(project)
        return dict(index)

    def predecessors(self, project_id: str) -> list[tuple[Project, Successor]]:
        """The projects that name *project_id* as what came after them, with how: the reverse of
        ``outcome.successors``, so a link written once shows on both pages."""
        return self._predecessors.get(project_id, [])

    @cached_property
    def _predecessors(self) -> dict[str, list[tuple[Project, Successor]]]:
        index: dict[str, list[tuple[Project, Successor]]] = defaultdict(list)
        for project in self.projects.values():
            for successor in project.outcome.successors:
                if successor.project:
                    index[successor.project].append((project, successor))
        return dict(index)

    def project_at(self, docname: str) -> Project | None:
        """The project whose page is *docname*, if it is a project page."""
        folder, _, project_id = docname.partition("/")
        return self.projects.get(project_id) if folder == PROJECT_FOLDER else None

    def redacted(self, mode: str) -> Catalog:
        """This catalog with every project as a site in contacts *mode* may show it (see :mod:`.privacy`)."""
        if mode == "full":
            return self
        # Every project's contacts are hidden in every project's text: a name may stand in another's.
        private = privacy.private_details(self.projects.values(), mode)
        projects = {
            project_id: privacy.redacted(project, mode, private) for project_id, project in self.projects.items()
        }
        return dataclasses.replace(self, projects=projects)

    def end_years(self) -> list[int]:
        return sorted({p.end.year for p in self.projects.values() if p.end})


PROJECT_SUFFIX = ".yaml"
LOOKALIKE_SUFFIXES = (".yaml", ".yml", ".json")
"""Endings of files that look like project files; only exactly ``.yaml`` is read."""


def project_files(projects_dir: Path) -> list[Path]:
    """The project files: every ``*.yaml`` directly in the folder, sorted by name; a name that is
    not UTF-8 is left out (:func:`skipped_files` reports it)."""
    return sorted(
        p for p in projects_dir.glob("*" + PROJECT_SUFFIX) if not p.name.startswith("_") and not undecodable(p.name)
    )


def undecodable(name: str) -> bool:
    """Whether a file name is not UTF-8: Python keeps such bytes as lone surrogates, which no text can hold."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def skipped_files(projects_dir: Path) -> list[Problem]:
    """A warning for each file that looks like a project file but is not read (``.yml``, ``.YAML``, ``.json``),
    and an error for a project file whose name is not UTF-8."""
    problems = []
    for path in sorted(projects_dir.iterdir()):
        suffix = path.suffix
        if suffix == PROJECT_SUFFIX and not path.name.startswith(("_", ".")) and undecodable(path.name):
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    "filnamnet är inte UTF-8, så filen läses inte",
                    f"byt namn på filen till projektets id och {PROJECT_SUFFIX}, med bara a–z, 0–9 och bindestreck",
                    code="io",
                )
            )
            continue
        if path.name.startswith(("_", ".")) or suffix == PROJECT_SUFFIX or suffix.lower() not in LOOKALIKE_SUFFIXES:
            continue
        problems.append(
            Problem(
                path,
                1,
                1,
                f"filen läses inte: bara filer som slutar på {PROJECT_SUFFIX} är projektfiler",
                f"döp om filen till {path.stem}{PROJECT_SUFFIX} (en .json-fil skrivs om som YAML)",
                Severity.WARNING,
                "unknown-extension",
            )
        )
    return problems


def outside_problem(path: Path, root: Path) -> Problem | None:
    """Why *path* may not be read: a symlink loop, or a link that leaves the repository *root*."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:
        target = None
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            return None  # reading it reports the reason
        target = None
    if target is None:
        return Problem(
            path, 1, 1, "filen är en symbolisk länk som pekar på sig själv (en slinga)", "ta bort länken", code="io"
        )
    if not target.is_relative_to(root):
        return Problem(
            path,
            1,
            1,
            "filen är en symbolisk länk till något utanför förrådet",
            "kopiera in filen i stället för att länka till den",
            code="io",
        )
    return None


@cache
def code_fingerprint() -> str:
    """Changes when the extension's code changes (version, or any module edited)."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parents[1]
    for module in sorted(package.rglob("*.py")):
        stat = module.stat()
        digest.update(f"{module.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def _files_digest(paths: list[Path]) -> str:
    """A digest of the files' names and texts, each read through the guarded reader; a file that
    cannot be read counts with the reason, which the loader that reads it reports."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        try:
            content = read_text(path).encode("utf-8")
        except LoadError as exc:
            content = b"\0unreadable\0" + exc.problem.format().encode("utf-8", "replace")
        digest.update(os.fsencode(path.name) + b"\0" + content)
    return digest.hexdigest()


def _load_cache(cache_file: Path | None, rules: str) -> dict[str, Any]:
    """What the last build stored under the same *rules*: ``entries`` (each file's digest,
    document and problems) and ``vocabulary`` (the vocabulary and its problems)."""
    if cache_file is None:
        return {}
    try:
        with cache_file.open("rb") as stream:
            stored_rules, stored = pickle.load(stream)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        return {}
    return stored if stored_rules == rules and isinstance(stored, dict) else {}


def load_catalog(projects_dir: Path, cache_file: Path | None = None, memo: dict[str, Any] | None = None) -> Catalog:
    """Read and check all files. Invalid projects are left out and their problems recorded.

    With *cache_file*, a file whose bytes, schema and vocabularies are unchanged since the
    last call is not parsed and checked again (its document and problems are reused), and
    while the vocabulary files, the schemas and the code are unchanged the vocabulary is not
    read again either (0.1-0.2 s of CPU in a build with no change at 1,000 projects). With
    *memo* (a dict the caller keeps between calls, as the live preview's first pass does), the
    cache lives in it after the first call, and the file is read once and never written.
    """
    projects_dir = Path(projects_dir)
    vocabulary_digest = _files_digest(
        [*(projects_dir / VOCABULARY_DIR).glob("*.yaml"), *geography_files(projects_dir / VOCABULARY_DIR)]
    )
    schema_digest = _files_digest(list((projects_dir / validate.SCHEMA_DIR).glob("*.json")))
    # What every file is checked against: if any of it changes, no cached result is reused.
    rules = f"{code_fingerprint()} {schema_digest} {vocabulary_digest}"
    stored = memo if memo and memo.get("rules") == rules else _load_cache(cache_file, rules)
    cached: dict[str, tuple[str, Document | None, list[Problem]]] = stored.get("entries", {})
    # The vocabulary files and the schemas are all in the rules, so a stored vocabulary is theirs.
    read_vocabulary = stored.get("vocabulary") or load_vocabulary(projects_dir)
    vocabulary, problems = read_vocabulary[0], list(read_vocabulary[1])
    problems += check_term_ids(vocabulary.kinds, vocabulary.where)  # a term named like its kind's overview page
    read_places = stored.get("geography") or _load_places(projects_dir / VOCABULARY_DIR, vocabulary)
    places, problems = read_places[0], problems + read_places[1]
    try:
        # Read every time, so a schema that cannot be read is reported even with no project file to check.
        schema_data: dict[str, Any] | None = project_schema(projects_dir, vocabulary.kinds)
    except LoadError as exc:
        problems.append(exc.problem)
        schema_data = None
    schema = None  # compiled only if a file must be checked again
    fresh: dict[str, tuple[str, Document | None, list[Problem]]] = {}
    digest = hashlib.sha256()
    documents: list[Document] = []
    root = projects_dir.resolve().parent
    problems += skipped_files(projects_dir)
    for path in project_files(projects_dir):
        refused = outside_problem(path, root)
        if refused is not None:
            digest.update(path.name.encode() + b"\0")
            problems.append(refused)
            continue
        try:
            text = read_text(path)
        except LoadError as exc:
            digest.update(path.name.encode() + b"\0")
            problems.append(exc.problem)
            continue
        text_digest = hashlib.sha256(text.encode()).hexdigest()
        digest.update(f"{path.name}\0{text_digest}".encode())
        hit = cached.get(str(path))
        if hit is not None and hit[0] == text_digest:
            fresh[str(path)] = hit
            problems += hit[2]
            if hit[1] is not None:
                documents.append(hit[1])
            continue
        if schema_data is None:
            continue  # the schema's own problem is reported; no file can be checked against it
        if schema is None:
            schema = validate.schema_validator(schema_data)
        document, found = _check_file(path, text, schema, vocabulary)
        fresh[str(path)] = (text_digest, document, found)
        problems += found
        if document is not None:
            documents.append(document)
    if memo is not None:
        memo.update(rules=rules, entries=fresh, vocabulary=read_vocabulary, geography=read_places)
    elif cache_file is not None and (_digests(fresh) != _digests(cached) or "geography" not in stored):
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        stored_now = {"entries": fresh, "vocabulary": read_vocabulary, "geography": read_places}
        with cache_file.open("wb") as stream:
            pickle.dump((rules, stored_now), stream, pickle.HIGHEST_PROTOCOL)
    digest.update(f"{vocabulary_digest} {schema_digest}".encode())
    problems += checks.check_emails(documents)
    problems += sourcing.check_successors(documents, {path.stem for path in project_files(projects_dir)})
    projects = {}
    for document in documents:
        project = build_project(document, vocabulary.kinds)
        projects[project.id] = project
    ordered = dict(sorted(projects.items(), key=lambda item: sort_key(item[1].title)))
    return Catalog(
        ordered, vocabulary, sorted(problems), digest.hexdigest()[:16], vocabulary_digest[:16], projects_dir, places
    )


def _load_places(folder: Path, vocabulary: Vocabulary) -> tuple[Geography, list[Problem]]:
    """``geography.json`` and the problems with it and with the map outlines (which need the län and kommuner)."""
    places, problems = load_geography(folder)
    regions, kommuner = vocabulary.terms["region"].values(), vocabulary.terms["municipality"].values()
    return places, problems + check_outlines(folder, regions, kommuner)


def _digests(entries: dict[str, tuple[str, Document | None, list[Problem]]]) -> dict[str, str]:
    return {path: entry[0] for path, entry in entries.items()}


def _check_file(path: Path, text: str, schema: Any, vocabulary: Vocabulary) -> tuple[Document | None, list[Problem]]:
    """Parse and check one file: its document (None if it has errors) and its problems."""
    try:
        document = load(path, text)
    except LoadError as exc:
        return None, [exc.problem]
    if not isinstance(document.data, dict):
        problem = Problem(
            path,
            1,
            1,
            "filen ska innehålla fält (nyckel: värde), inte en lista eller en ensam text",
            "börja med id: och title: som i mallen, se bidragsguiden",
            code="not-a-mapping",
        )
        return None, [problem]
    found = [
        *checks.check_characters(document),
        *validate.check(document, schema),
        *checks.check_project(document, vocabulary),
        *sourcing.check_sources(document, vocabulary),
        *checks.check_contact_text(document, vocabulary),
    ]
    return (None if any(p.severity is Severity.ERROR for p in found) else document), found


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _clean(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _contact(entry: dict[str, Any]) -> Contact:
    """A contact from its checked entry: the schema allows only Contact's fields, and requires a name."""
    values: dict[str, Any] = {key: _clean(value) for key, value in entry.items()}
    return Contact(**values)


def project_schema(projects_dir: Path, kinds: dict[str, Kind]) -> dict[str, Any]:
    """The project schema: the file in ``_schema/``, with a field for every declared kind.

    Read and checked by :func:`.validate.read_schema`; raises :class:`~.yamlload.LoadError`, also
    when a field it adds for a kind points at a definition the file lacks."""
    path = projects_dir / validate.SCHEMA_DIR / PROJECT_SCHEMA
    read = validate.read_schema(path)
    schema = extend_schema(read, kinds)
    try:
        if schema is not read:  # the file's own references were checked as it was read
            validate.schema_validator(schema)
    except (LookupError, TypeError, AttributeError, RecursionError):
        where = "#/$defs/term och #/$defs/terms"
        raise LoadError(
            Problem(
                path,
                1,
                1,
                f"schemat saknar {where}, som fälten för termerna pekar på",
                f"lägg tillbaka {where}; git diff visar vad som ändrats",
                code="schema-file",
            )
        ) from None
    return schema


def project_schema_bytes(projects_dir: Path, kinds: dict[str, Kind]) -> bytes:
    """The project schema as published: the file's own text, unless a declared kind extends it."""
    text = validate.schema_text(projects_dir / validate.SCHEMA_DIR / PROJECT_SCHEMA)
    schema = json.loads(text)
    extended = extend_schema(schema, kinds)
    if extended is schema:
        return text.encode("utf-8")
    return (json.dumps(extended, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def build_project(document: Document, kinds: dict[str, Kind] = BUILTIN) -> Project:
    """Turn a checked document into a :class:`Project`."""
    data = document.data
    budget = data.get("budget", {})
    activities: list[ActivityGroup] = []
    loose: list[str] = []
    for item in data.get("activities", []):
        if isinstance(item, str):
            loose.append(item.strip())
            continue
        if loose:
            activities.append(ActivityGroup(None, tuple(loose)))
            loose = []
        activities.append(ActivityGroup(item["heading"].strip(), tuple(i.strip() for i in item["items"])))
    if loose:
        activities.append(ActivityGroup(None, tuple(loose)))
    results = data.get("expected_results")
    source = data["source"]
    return Project(
        id=data["id"],
        title=data["title"].strip(),
        category=data["category"],
        purpose=data["purpose"].strip(),
        source=Source(
            source["title"].strip(),
            source.get("url"),
            _date(source.get("retrieved")),
            _clean(source.get("notes")),
            _clean(source.get("editorial")),
            source.get("id"),
        ),
        path=document.path,
        programme=data.get("programme"),
        lead_organisation=_clean(data.get("lead_organisation")),
        national=bool(data.get("national", False)),
        regions=tuple(data.get("regions", ())),
        municipalities=tuple(data.get("municipalities", ())),
        partner_municipalities=tuple(data.get("partner_municipalities", ())),
        methods=tuple(data.get("methods", ())),
        start=_date(data.get("period", {}).get("start")),
        end=_date(data.get("period", {}).get("end")),
        budget=Budget(
            budget.get("total"),
            budget.get("support"),
            tuple(
                CoFunder(c.get("funder"), _clean(c.get("name")), c.get("amount"), _clean(c.get("as_written")))
                for c in budget.get("co_funders", ())
            ),
        ),
        summary=_clean(data.get("summary")),
        content=_clean(data.get("content")),
        activities=tuple(activities),
        expected_results=tuple(r.strip() for r in results) if isinstance(results, list) else _clean(results),
        contacts=tuple(_contact(c) for c in data.get("contacts", ())),
        sources=tuple(
            CitedSource(
                s["id"],
                s["title"].strip(),
                s["publisher"].strip(),
                s["url"],
                dt.date.fromisoformat(s["read"]),
                s["kind"],
                s.get("published"),
            )
            for s in data.get("sources", ())
        ),
        outcome=_outcome(data.get("outcome", {})),
        provenance=tuple(
            (name, Provenance(entry["basis"], entry["reason"].strip(), tuple(entry.get("sources", ()))))
            for name, entry in data.get("provenance", {}).items()
        ),
        declared_terms=tuple(
            (kind.name, _ids(data.get(kind.field), kind.single))
            for kind in kinds.values()
            if kind.field and kind.name not in BUILTIN
        ),
    )


def _facts(items: list[dict[str, Any]] | None) -> tuple[Fact, ...]:
    return tuple(
        Fact(item["text"].strip(), tuple(item["sources"]), tuple(item.get("factors", ()))) for item in items or ()
    )


def _outcome(data: dict[str, Any]) -> Outcome:
    """What happened after the grant, each fact with its sources; the file's text stripped like every other field."""
    status = data.get("status")
    website = data.get("website")
    return Outcome(
        searched=_date(data.get("searched")),
        status=ReportedStatus(status["value"], tuple(status["sources"])) if status else None,
        changes=tuple(
            Change(c["field"], _clean(c["value"]), tuple(c["sources"]), _clean(c.get("text")))  # type: ignore[arg-type]
            for c in data.get("changes", ())
        ),
        results=_facts(data.get("results")),
        worked=_facts(data.get("worked")),
        hard=_facts(data.get("hard")),
        final_report=data.get("final_report"),
        website=Website(website["url"], tuple(website["sources"])) if website else None,
        successors=tuple(
            Successor(
                s["relation"], tuple(s["sources"]), s.get("project"), _clean(s.get("name")), _clean(s.get("text"))
            )
            for s in data.get("successors", ())
        ),
        contact_changes=_facts(data.get("contact_changes")),
        not_found=_clean(data.get("not_found")),
    )


def _ids(value: Any, single: bool) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if single else tuple(value)
