"""Every paper under a tree of papers (an arXiv-style folder per paper): their root files."""

from __future__ import annotations

import re
from pathlib import Path

from paperlint.project.compiled import mask_comments
from paperlint.project.roots import find_roots
from paperlint.project.sources import SourceError, read_source

# a standalone figure or a subfiles part compiles on its own but is not a paper
_NOT_A_PAPER = re.compile(r"\\documentclass\s*(\[[^\]]*\])?\s*\{\s*(standalone|subfiles)\s*\}")


def is_paper(root: Path) -> bool:
    try:
        text, _ = read_source(root)
    except SourceError:
        return False
    if "standalone" not in text and "subfiles" not in text:  # what _NOT_A_PAPER needs
        return True
    return not _NOT_A_PAPER.search(mask_comments(text)[0])


def discover(dirs: list[Path]) -> list[tuple[Path, Path]]:
    """(root, the folder it was found under) for every paper, each root once, in a stable order."""
    seen, out = set(), []
    for d in dirs:
        for root in find_roots(d):
            key = root.resolve()
            if key not in seen and is_paper(root):
                seen.add(key)
                out.append((root.absolute(), Path(d).absolute()))
    return out
