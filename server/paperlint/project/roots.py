"""Which file is the root of a paper: the file given, its `% !TEX root`, or the roots in a folder."""

from __future__ import annotations

import re
from pathlib import Path

from paperlint.project.compiled import mask_comments, tex_root_comment
from paperlint.project.load import load_project
from paperlint.project.sources import SourceError, read_source

_DOCCLASS = re.compile(r"\\documentclass\b")
_BEGIN_DOC = re.compile(r"\\begin\s*\{document\}")


def is_root_text(text: str) -> bool:
    if "\\documentclass" not in text or "\\begin" not in text:  # most files: no need to blank their comments
        return False
    first = _BEGIN_DOC.search(text)
    if first is not None:  # a root's preamble is enough, most often: the body need not be blanked
        head, _ = mask_comments(text, first.end())
        if _DOCCLASS.search(head) and _BEGIN_DOC.match(head, first.start()):
            return True
    masked, _ = mask_comments(text)
    return bool(_DOCCLASS.search(masked) and _BEGIN_DOC.search(masked))


def resolve_root(path: Path, text: str | None = None, hops: int = 5) -> Path:
    """The root of the paper a file belongs to: follows `% !TEX root = ...` (chains too), else the file."""
    path = Path(path).absolute()
    for _ in range(hops):
        if text is None:
            try:
                text, _ = read_source(path)
            except SourceError:
                return path
        target = tex_root_comment(text)
        if not target:
            return path
        nxt = (path.parent / target).resolve()
        if nxt.suffix != ".tex" and not nxt.exists():
            nxt = nxt.with_name(nxt.name + ".tex")
        if nxt == path or not nxt.exists():
            return path
        path, text = nxt, None
    return path


def find_roots(folder: Path, limit: int = 100_000) -> list[Path]:
    """Every .tex file below `folder` with both \\documentclass and \\begin{document} (not commented out).

    A root that another root includes (a `subfiles` child) is kept: each is a compilable paper."""
    roots = []
    for i, p in enumerate(sorted(Path(folder).rglob("*.tex"))):
        if i >= limit:
            break
        try:
            text, _ = read_source(p)
        except SourceError:
            continue
        if is_root_text(text):
            roots.append(p)
    return roots


def paper_roots(path: Path, levels: int = 4) -> list[Path]:
    """The roots of the papers a file belongs to: the file itself when it is a root, its `% !TEX root`, else
    the roots in its folder or the folders above it (up to `levels`, stopping at a repository's top) that
    include it. Empty when no paper includes it (a stray fragment)."""
    path = Path(path).absolute()
    root = resolve_root(path)
    if root != path:
        return [root]
    try:
        if is_root_text(read_source(path)[0]):
            return [path]
    except SourceError:
        return []
    target, folder = path.resolve(), path.parent
    for _ in range(levels):
        found = []
        for cand in sorted(folder.glob("*.tex")):
            try:
                if cand == path or not is_root_text(read_source(cand)[0]):
                    continue
            except SourceError:
                continue
            project = load_project(cand)
            if any((project.folder / rel).resolve() == target for rel in project.files):
                found.append(cand)
        if found or (folder / ".git").exists() or folder.parent == folder:
            return found
        folder = folder.parent
    return []
