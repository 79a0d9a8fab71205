from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from paperlint.checklist.registry import load_registry
from paperlint.engine.evaluate import find_evidence
from paperlint.paper.build import build_document
from paperlint.project.load import load_project

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
DEV = REPO.parent / "shared" / "corpus" / "dev"


def write_project(tmp: Path, files: dict[str, str]) -> Path:
    """Write files (relative path -> LaTeX) under tmp; return the path of the first one (the root)."""
    first = None
    for rel, text in files.items():
        p = tmp / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text))
        first = first or p
    return first


def paper(body: str, preamble: str = "") -> str:
    return f"\\documentclass{{article}}\n{preamble}\n\\begin{{document}}\n{textwrap.dedent(body)}\n\\end{{document}}\n"


@pytest.fixture
def doc_of(tmp_path):
    """Build the Document of a one-file paper whose body is given."""
    def make(body: str, preamble: str = "", extra: dict[str, str] | None = None):
        root = write_project(tmp_path, {"main.tex": paper(body, preamble), **(extra or {})})
        return build_document(load_project(root))
    return make


@pytest.fixture
def status_of(doc_of):
    """The evidence status (present/weak/missing) of one core item for a paper body, facts aside."""
    reg = load_registry("core")

    def status(item_id: str, body: str, preamble: str = "") -> str:
        return find_evidence(doc_of(body, preamble), reg.items[item_id])[0]
    return status


def dev_papers():
    import yaml
    if not (DEV / "index.yaml").exists():
        return []
    return yaml.safe_load((DEV / "index.yaml").read_text())["papers"]
