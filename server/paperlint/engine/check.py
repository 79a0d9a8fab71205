"""The whole pipeline in one call: path -> Project -> Document -> Facts -> Report.

The profile is the one asked for, else the config's, else the venue whose style the paper loads, else `core`.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

from paperlint.caches import checking
from paperlint.checklist.models import Config
from paperlint.checklist.registry import (ChecklistError, Registry, builtin_venues, compile_builtin, find_config,
                                         load_config, load_registry)
from paperlint.cues import compile_all
from paperlint.engine.evaluate import build_report
from paperlint.engine.report import Report
from paperlint.engine.venue import Detected, detect, mode_of
from paperlint.paper.build import build_document
from paperlint.paper.facts import decide_facts
from paperlint.paper.matches import complete
from paperlint.paper.model import Document
from paperlint.project.load import load_project
from paperlint.project.model import Problem, Project


def check_project(project: Project, profile: str | None = None, config: Config | None = None) -> Report:
    return check_document(build_document(project), profile, config)


def check_document(doc: Document, profile: str | None = None, config: Config | None = None,
                   quotes: int = 3) -> Report:
    """The report on a paper, each verdict quoting up to `quotes` hits of evidence."""
    registry, venue = checklist_for(doc, profile, config)
    return build_report(doc, decide_facts(doc), registry, venue, quotes)


def checklist_for(doc: Document, profile: str | None = None, config: Config | None = None) -> tuple[Registry, Detected]:
    """The items to check a paper with, and its venue and mode."""
    detected = detect(doc, builtin_venues())
    registry = load_registry(profile or (config.profile if config else None) or detected.profile or "core", config)
    venue = mode_of(doc, registry.venue, registry.profile.id) if registry.venue else detected
    if config is not None and config.mode:
        venue = Detected(venue.profile, config.mode, venue.package, venue.options, venue.file, venue.line,
                         f"{config.mode} mode set in the configuration")
    return registry, venue


def warm_up() -> None:
    """Compile the built-in profiles' patterns and check a small paper held in memory: the work a process's first
    check does once and for all (each cue's place in the index of matches, the automata that find the cues'
    strings and macros) is then done before an author's first paper is checked (9 % of the instructions of the
    first check of a 10,000-line paper). A language server calls this when it starts."""
    compile_builtin()
    root = Path(tempfile.gettempdir()) / "paperlint-warm-up" / "main.tex"  # never read: its text is given
    with checking():
        check_project(load_project(root, {root: _WARM_UP}))
    compile_all()  # the cues the checker makes as it runs too (the facts'): all are made by now


_WARM_UP = r"""\documentclass{article}
\usepackage{neurips_2025}
\title{A small paper}
\begin{document}
\maketitle
\begin{abstract}We propose a method and train a model.\end{abstract}
\section{Introduction}
We fine-tune a pretrained language model on a dataset~\cite{a}. Code: \url{https://github.com/x/y}.
\section{Method}
\begin{theorem}A bound holds.\end{theorem}
\begin{proof}By induction.\end{proof}
\section{Experiments}
We use 3 random seeds and an NVIDIA A100 GPU.\footnote{See \url{https://example.org}.}
\begin{table}\caption{Accuracy, mean $\pm$ std over 3 runs.}\begin{tabular}{ll}a & b\\\end{tabular}\end{table}
\section{Conclusion}
\begin{itemize}\item One limitation.\end{itemize}
\bibliography{refs}
\end{document}
"""


def prepare_next_check(doc: Document, seconds: float, stop: threading.Event | None = None) -> bool:
    """Use up to `seconds` of idle time so that the next check of this paper, after an edit, only does the
    work the edit calls for; return early once `stop` is set. True when there is nothing left to prepare."""
    return complete(doc, seconds, stop)


def project_config(folder: Path, path: Path | None = None) -> tuple[Config | None, Problem | None]:
    """The configuration of a paper: `path` if given (errors raise), else the nearest one found (errors returned
    as a Problem, so the built-in profile still runs and the author sees where the config is wrong)."""
    if path is not None:
        return load_config(path), None
    found = find_config(folder)
    if found is None:
        return None, None
    try:
        return load_config(found), None
    except ChecklistError as e:
        return None, config_problem(e, folder)


def config_problem(e: ChecklistError, folder: Path) -> Problem:
    try:
        file = Path(e.file).relative_to(folder.resolve()).as_posix()
    except ValueError:
        file = e.file
    message = str(e).removeprefix(f"{e.file}:{e.line}: ")  # the Problem carries the location
    return Problem("config-error", f"{message} (the built-in profile is used instead)", file, e.line, 1, "error")


def check_path(root: Path, profile: str | None = None, overlay: Mapping[Path, str] | None = None,
               config: Path | None = None) -> Report:
    with checking():
        project = load_project(root, overlay)
        cfg, problem = project_config(project.folder, config)
        try:
            report = check_project(project, profile, cfg)
        except ChecklistError as e:
            # a discovered config that names an unknown profile or item: report it, run without it
            if cfg is None or config is not None or e.file != cfg._source.name:
                raise
            report, problem = check_project(project, profile), config_problem(e, project.folder)
    if problem is not None:
        report.problems.insert(0, problem)
    return report
