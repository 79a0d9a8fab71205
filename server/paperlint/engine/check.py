"""The whole pipeline in one call: path -> Project -> Document -> Facts -> Report."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from paperlint.checklist.registry import load_registry
from paperlint.engine.evaluate import build_report
from paperlint.engine.report import Report
from paperlint.paper.build import build_document
from paperlint.paper.facts import decide_facts
from paperlint.project.load import load_project
from paperlint.project.model import Project


def check_project(project: Project, profile: str = "core") -> Report:
    doc = build_document(project)
    return build_report(doc, decide_facts(doc), load_registry(profile))


def check_path(root: Path, profile: str = "core", overlay: Mapping[Path, str] | None = None) -> Report:
    return check_project(load_project(root, overlay), profile)
