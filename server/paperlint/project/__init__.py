"""Stage 1: from files on disk (or editor buffers) to a Project: the compiled text of a paper, file by file."""

from paperlint.project.model import Include, Problem, Project, SourceFile
from paperlint.project.load import load_project
from paperlint.project.roots import find_roots, resolve_root

__all__ = ["Include", "Problem", "Project", "SourceFile", "load_project", "find_roots", "resolve_root"]
