"""The papers behind the open documents: which root a file belongs to, and the last check of each paper."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path

from paperlint.caches import checking
from paperlint.checklist.registry import ChecklistError, Registry
from paperlint.engine.check import checklist_for, config_problem
from paperlint.engine.evaluate import build_report
from paperlint.engine.report import Report
from paperlint.lsp.settings import Settings, paper_config
from paperlint.paper.build import build_document
from paperlint.paper.facts import decide_facts
from paperlint.paper.model import Document
from paperlint.project.compiled import tex_root_comment
from paperlint.project.load import load_project
from paperlint.project.model import Project, SourceFile
from paperlint.project.roots import is_root_text, resolve_root


@dataclass
class Checked:
    """One check of a paper, made on the editors' text of the moment."""

    project: Project
    document: Document
    report: Report
    versions: dict[Path, int]  # the version of each open file's text that was checked
    registry: Registry
    messages: list[str]  # what to tell the user once (a bad setting or configuration)
    seconds: float
    cpu: float  # seconds of CPU the check used (less than `seconds` when other processes compete)

    def source(self, path: Path) -> SourceFile | None:
        return self.project.files.get(self.rel(path))

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.project.folder).as_posix()
        except ValueError:
            return path.as_posix()

    def path(self, rel: str) -> Path:
        return self.project.folder / rel

    def includes(self, path: Path) -> bool:
        return self.rel(path) in self.project.files


@dataclass
class Paper:
    root: Path
    checked: Checked | None = None
    changed_at: float | None = None  # when the first change not checked yet arrived (perf_counter)
    prepared: bool = True  # the idle work for the next check is done
    slices: int = 0  # slices of idle work run since the last check
    published: dict[str, list] = field(default_factory=dict)  # uri -> diagnostics last sent or served
    ready: asyncio.Event = field(default_factory=asyncio.Event)  # set when `checked` matches the editors' text

    def touched(self) -> None:
        if self.changed_at is None:
            self.changed_at = time.perf_counter()
        self.ready.clear()


def check(root: Path, texts: dict[Path, str], versions: dict[Path, int], settings: Settings) -> Checked:
    """Check the paper whose root is `root`, reading open files from `texts`. Runs in the worker thread.
    A setting or configuration that cannot be used is reported, and the check runs without it."""
    start, cpu = time.perf_counter(), time.thread_time()
    with checking():
        project = load_project(root, texts)
        config, problem = paper_config(settings, project.folder)
        doc = build_document(project)
        messages = []
        try:
            registry, venue = checklist_for(doc, settings.profile or None, config)
        except ChecklistError as e:
            if e.file:
                problem = config_problem(e, project.folder)
            else:
                messages.append(f"paperlint: {e}; using the profile of the paper's venue, else core")
            registry, venue = checklist_for(doc)
        report = build_report(doc, decide_facts(doc), registry, venue)
        if problem is not None:
            report.problems.insert(0, problem)
            messages.append(f"paperlint: {problem.file}:{problem.line}: {problem.message}")
    return Checked(project, doc, report, versions, registry, messages, time.perf_counter() - start,
                   time.thread_time() - cpu)


def root_of(path: Path, text: str, papers: dict[Path, Paper]) -> Path:
    """The root of the paper a file belongs to: its `% !TEX root`, else a paper known to include it, else
    the file itself (a file opened alone is its own paper)."""
    if tex_root_comment(text) is None and not is_root_text(text):
        for paper in papers.values():
            if paper.checked is not None and paper.root != path and paper.checked.includes(path):
                return paper.root
    return resolve_root(path, text)
