"""Load every project file and vocabulary into one checked, cross-indexed :class:`Catalog`."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import checks, validate
from .collation import sort_key
from .model import KINDS, ActivityGroup, Budget, CoFunder, Contact, Project, Source
from .problems import Problem, Severity
from .vocabulary import Vocabulary, load_vocabulary
from .yamlload import Document, LoadError, load, read_text

PROJECT_SCHEMA = "project.schema.json"


@dataclass
class Catalog:
    """Every valid project and term, with the problems found while loading them."""

    projects: dict[str, Project]
    vocabulary: Vocabulary
    problems: list[Problem] = field(default_factory=list)
    digest: str = ""
    """Changes whenever any project or vocabulary file changes."""
    vocabulary_digest: str = ""
    """Changes whenever a vocabulary file changes."""
    folder: Path = Path()
    """The folder the project files were read from."""
    _by_term: dict[tuple[str, str], list[Project]] = field(default_factory=dict, repr=False)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def projects_with(self, kind: str, term_id: str) -> list[Project]:
        """Projects tagged with a term, in Swedish order of title."""
        if not self._by_term:
            index: dict[tuple[str, str], list[Project]] = defaultdict(list)
            for project in self.projects.values():
                for name in KINDS:
                    for tid in project.terms(name):
                        index[(name, tid)].append(project)
            self._by_term = dict(index)
        return self._by_term.get((kind, term_id), [])

    def end_years(self) -> list[int]:
        return sorted({p.end.year for p in self.projects.values() if p.end})


def project_files(projects_dir: Path) -> list[Path]:
    """The project files: every ``*.yaml`` directly in the folder, sorted by name."""
    return sorted(p for p in projects_dir.glob("*.yaml") if not p.name.startswith("_"))


def load_catalog(projects_dir: Path) -> Catalog:
    """Read and check all files. Invalid projects are left out and their problems recorded."""
    projects_dir = Path(projects_dir)
    vocabulary, problems = load_vocabulary(projects_dir)
    schema = validate.load_schema(projects_dir / validate.SCHEMA_DIR / PROJECT_SCHEMA)
    digest = hashlib.sha256()
    documents: list[Document] = []
    for path in project_files(projects_dir):
        digest.update(path.name.encode() + b"\0")
        try:
            text = _read(path, digest)
            document = load(path, text)
        except LoadError as exc:
            problems.append(exc.problem)
            continue
        if not isinstance(document.data, dict):
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    "filen ska innehålla fält (nyckel: värde), inte en lista eller en ensam text",
                    "börja med id: och title: som i mallen, se bidragsguiden",
                    code="not-a-mapping",
                )
            )
            continue
        found = [
            *checks.check_characters(document),
            *validate.check(document, schema),
            *checks.check_project(document, vocabulary),
        ]
        problems += found
        if not any(p.severity is Severity.ERROR for p in found):
            documents.append(document)
    vocabulary_digest = hashlib.sha256()
    for vocab_file in sorted((projects_dir / "_vocabulary").glob("*.yaml")):
        vocabulary_digest.update(vocab_file.name.encode() + b"\0" + vocab_file.read_bytes())
    digest.update(vocabulary_digest.digest())
    problems += checks.check_emails(documents)
    projects = {}
    for document in documents:
        project = build_project(document)
        projects[project.id] = project
    ordered = dict(sorted(projects.items(), key=lambda item: sort_key(item[1].title)))
    return Catalog(
        ordered, vocabulary, sorted(problems), digest.hexdigest()[:16], vocabulary_digest.hexdigest()[:16], projects_dir
    )


def _read(path: Path, digest: Any) -> str:
    text = read_text(path)
    digest.update(text.encode())
    return text


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _clean(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def build_project(document: Document) -> Project:
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
            source["title"].strip(), source.get("url"), _date(source.get("retrieved")), _clean(source.get("notes"))
        ),
        path=document.path,
        lead_organisation=_clean(data.get("lead_organisation")),
        national=bool(data.get("national", False)),
        regions=tuple(data.get("regions", ())),
        municipalities=tuple(data.get("municipalities", ())),
        methods=tuple(data.get("methods", ())),
        start=_date(data.get("period", {}).get("start")),
        end=_date(data.get("period", {}).get("end")),
        budget=Budget(
            budget.get("total"),
            budget.get("support"),
            tuple(
                CoFunder(c.get("funder"), _clean(c.get("name")), c.get("amount")) for c in budget.get("co_funders", ())
            ),
        ),
        summary=_clean(data.get("summary")),
        content=_clean(data.get("content")),
        activities=tuple(activities),
        expected_results=tuple(r.strip() for r in results) if isinstance(results, list) else _clean(results),
        contacts=tuple(Contact(**{k: _clean(v) for k, v in c.items()}) for c in data.get("contacts", ())),
    )
