"""Load a paper: read the root, follow its includes in compile order, and build the Project."""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from itertools import chain
from pathlib import Path

from paperlint.caches import MILLION, Memo, new_check
from paperlint.project.compiled import (_DECLARERS, COMMENT_ENVS, PRIMITIVE_IFS, VERBATIM_ENVS, mask_comments,
                                        mask_dead_code)
from paperlint.project.model import Directive, Include, Problem, Project, SourceFile
from paperlint.project.sources import MAX_BYTES, SourceError, read_source
from paperlint.scan import Scan, edited
from paperlint.sequences import common_ends

_INCLUDE = Scan(
    r"\\(?P<cmd>input|include|subfile|InputIfFileExists)\s*\{(?P<arg>[^{}\n]*)\}"
    r"|\\(?P<tcmd>input)(?![A-Za-z@])[ \t]+(?P<targ>[^\s{}\\%]+)"
    r"|\\(?P<icmd>import|subimport|inputfrom|subinputfrom|includefrom|subincludefrom)\*?\s*"
    r"\{(?P<dir>[^{}\n]*)\}\s*\{(?P<file>[^{}\n]*)\}"
)
_INPUT_PATH = Scan(r"\\def\s*\\input@path\s*\{(?P<dirs>(?:\s*\{[^{}]*\})+)\s*\}")
MAX_FILES = 2000
# Files on disk by (path, mtime, size), and compiled views by text and the \newif toggles they start with:
# reloading a project after an edit re-reads and re-masks only what changed.
_READS = Memo(2 * MILLION, lambda key, value: len(value[0]))
_FILES = Memo(2 * MILLION)


def load_project(root: Path, overlay: Mapping[Path, str] | None = None, max_bytes: int = MAX_BYTES,
                 follow_outside: bool = False) -> Project:
    """Load the paper whose root file is `root`. Never raises for problems in the paper itself:
    they are returned as `Project.problems`. `overlay` maps absolute paths to unsaved editor text."""
    new_check()
    root = Path(root).absolute()
    folder = root.parent
    loader = _Loader(folder, overlay or {}, max_bytes, follow_outside)
    rel = loader.rel(root)
    loader.visit(root, rel, stack=[], parent=None)
    unused = sorted(p for p in loader.tex_files() if p not in loader.files)
    return Project(folder=folder, root=rel, files=loader.files, order=loader.order, includes=loader.includes,
                   problems=loader.problems, unused=unused)


class _Loader:
    def __init__(self, folder: Path, overlay: Mapping[Path, str], max_bytes: int, follow_outside: bool):
        self.folder = folder
        self.overlay = {p if isinstance(p, Path) and p.is_absolute() else Path(p).absolute(): t
                        for p, t in overlay.items()}
        self.max_bytes = max_bytes
        self.follow_outside = follow_outside
        self.files: dict[str, SourceFile] = {}
        self.order: list[str] = []
        self.includes: dict[tuple[str, int], Include] = {}
        self.problems: list[Problem] = []
        self.toggles: dict[str, bool | None] = {}
        self.input_path: list[str] = []

    def rel(self, path: Path) -> str:
        return _rel(path, self.folder)

    def read(self, path: Path, rel: str, parent: Include | None) -> SourceFile | None:
        if path in self.overlay:
            text, warning = self.overlay[path], None
            if "\r" in text:  # else the editor's string itself, hashed once for the caches below
                text = text.replace("\r\n", "\n")
        else:
            try:
                text, warning = _read(path, self.max_bytes)
            except SourceError as e:
                self.problem("unreadable-file", str(e), parent, rel)
                return None
        if warning:
            self.problems.append(Problem("encoding", warning, rel, severity="info"))
        key = (path, rel, text, tuple(self.toggles.items()))
        hit = _FILES.get(key)
        if hit is None:
            masked, directives = _mask_comments(text, path if path in self.overlay else None)
            toggles, unclosed = dict(self.toggles), []
            if _may_hide_code(masked, toggles):
                masked = mask_dead_code(masked, toggles, unclosed)
            hit = SourceFile(path=path, rel=rel, text=text, masked=masked, directives=directives), toggles, unclosed
            _FILES.put(key, hit)
        src, toggles, unclosed = hit
        self.toggles = dict(toggles)
        for at in unclosed:
            line, col = src.line_col(at)
            self.problems.append(Problem("unclosed-conditional", "this conditional is never closed by \\fi, so TeX "
                                         "skips the rest of the file; add the \\fi", rel, line, col))
        return src

    def problem(self, code: str, message: str, at: Include | None, fallback: str) -> None:
        if at is None:
            self.problems.append(Problem(code, message, fallback, severity="error"))
            return
        src = self.files[at.file]
        line, col = src.line_col(at.start)
        self.problems.append(Problem(code, message, at.file, line, col))

    def visit(self, path: Path, rel: str, stack: list[str], parent: Include | None) -> None:
        if rel in stack:
            chain = " -> ".join(stack[stack.index(rel):] + [rel])
            self.problem("include-cycle", f"include cycle: {chain}; the repeated \\input is ignored", parent, rel)
            return
        if rel in self.files:  # included twice: TeX reads it twice, we read it once
            return
        if len(self.files) >= MAX_FILES:
            self.problem("too-many-files", f"more than {MAX_FILES} included files; stopped following includes",
                         parent, rel)
            return
        src = self.read(path, rel, parent)
        if src is None:
            return
        self.files[rel] = src
        self.order.append(rel)
        for m in _INPUT_PATH.finditer(src.masked):
            self.input_path += re.findall(r"\{([^{}]*)\}", m.group("dirs"))
        for m in _INCLUDE.finditer(src.masked):
            cmd = m.group("cmd") or m.group("tcmd") or m.group("icmd")
            if m.group("icmd"):
                base = path.parent if m.group("icmd").startswith("sub") else self.folder
                arg = m.group("file").strip()
                target = self.resolve(arg, [base / m.group("dir").strip()], cmd)
            else:
                arg = (m.group("arg") if m.group("cmd") else m.group("targ")).strip()
                if not arg:
                    continue
                target = self.resolve(arg, [self.folder, path.parent] + [self.folder / d for d in self.input_path],
                                      cmd)
            inc = Include(rel, m.start(), m.end(), cmd, arg, None if target is None else self.rel(target))
            self.includes[(rel, m.start())] = inc
            if target is None:
                self.problem("missing-include", f"\\{cmd}{{{arg}}}: file not found (looked for {arg} and "
                             f"{arg}.tex next to the root file); create it or fix the path", inc, rel)
                continue
            if not self.follow_outside and not _inside(target, self.folder):
                self.problem("include-outside", f"\\{cmd}{{{arg}}} points outside the project folder; not followed "
                             "(set follow_outside: true in .paperlint.yaml to read it)", inc, rel)
                self.includes[(rel, m.start())] = Include(rel, m.start(), m.end(), cmd, arg, None)
                continue
            self.visit(target, inc.target, stack + [rel], inc)

    def resolve(self, arg: str, bases: list[Path], cmd: str) -> Path | None:
        candidates = _candidates(arg, tuple(bases), cmd)
        for p, normal in candidates:
            if p in self.overlay or _is_file(p):
                return normal
        for p, normal in candidates:  # something is there but it is no file (a folder, a device, a symlink loop)
            if os.path.lexists(p):
                return normal
        return None

    def tex_files(self) -> list[str]:
        """The .tex files under the paper's folder, for the list of unused ones. Hidden and dependency folders
        are left out: never part of a paper, a .git or node_modules folder can hold more files than the paper,
        and this runs at every check."""
        found = []
        for top, dirs, files in os.walk(self.folder):  # errors (permissions) skip the folder
            dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _NOT_PAPER_DIRS]
            prefix = os.path.relpath(top, self.folder).replace(os.sep, "/") + "/"
            for name in files:
                if name.endswith(".tex") and os.path.isfile(os.path.join(top, name)):
                    found.append(name if prefix == "./" else prefix + name)
                    if len(found) >= MAX_FILES:
                        return found
        return found


_NOT_PAPER_DIRS = {"node_modules", "__pycache__", "venv", "site-packages"}
_SPANNING = Scan(r"\\begin\s*\{(?:%s)\}" % "|".join(map(re.escape, sorted(VERBATIM_ENVS | COMMENT_ENVS))))
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
# path -> (text, masked, directives, its paragraphs' (end, lines before it)) of an open file's last version
_LAST_MASKS: dict[Path, tuple[str, str, list[Directive], list[tuple[int, int]]]] = {}


def _mask_comments(text: str, path: Path | None) -> tuple[str, list[Directive]]:
    """mask_comments, paragraph by paragraph when no environment can span paragraphs (comment, verbatim):
    comments, \\verb and URLs end at a blank line at the latest, so each paragraph masks alike on its own. The
    paragraphs an edit left alone keep their masked text from the last version of the editor's file at `path`:
    only those it touched are masked again (re-masking a 180 KB file took 1.4 ms of each edit in it)."""
    last = _LAST_MASKS.pop(path, None)
    if last is None and _SPANNING.search(text):
        return mask_comments(text)
    old, old_masked, old_directives, old_ends = last or ("", "", [], [])
    head, tail = common_ends(old, text)
    delta = len(text) - len(old)
    # the paragraphs ending in the common start are the same (what decided each end is there)
    i = bisect_right(old_ends, (head, len(text)))
    start, line = old_ends[i - 1] if i else (0, 0)
    start_of_edit = start
    masked, ends = [old_masked[:start]], old_ends[:i]
    directives = [d for d in old_directives if d.line <= line]
    for m in chain(_PARAGRAPH.finditer(text, start), [None]):
        end = len(text) if m is None else m.end()
        piece = text[start:end]
        piece_masked, piece_directives = mask_comments(piece)
        masked.append(piece_masked)
        directives += [replace(d, line=d.line + line) for d in piece_directives]
        if m is None:
            break
        line += piece.count("\n")
        ends.append((end, line))
        start = end
        if end >= len(text) - tail:  # in the common end: from an end the old version had on, its paragraphs
            j = bisect_left(old_ends, (end - delta, 0))
            if j < len(old_ends) and old_ends[j][0] == end - delta:
                old_line = old_ends[j][1]
                masked.append(old_masked[end - delta:])
                ends += [(e + delta, n + line - old_line) for e, n in old_ends[j + 1:]]
                directives += [d if line == old_line else replace(d, line=d.line + line - old_line)
                               for d in old_directives if d.line > old_line]
                break
    if last is not None and _spans(text, start_of_edit, end):  # the last version had none: look where it changed
        return mask_comments(text)
    out = "".join(masked)
    if path is not None:
        if len(_LAST_MASKS) >= 256:
            _LAST_MASKS.clear()
        _LAST_MASKS[path] = text, out, directives, ends
        edited(old_masked, out)  # the macros every Scan looks for: read where the text changed only
    return out, directives


def _spans(text: str, start: int, end: int) -> bool:
    """Whether a match of _SPANNING starts in text[start:end] or runs into it: `start` follows a blank line,
    which only the space inside a match (`\\begin  {verbatim}`) can cross."""
    space = start
    while space and text[space - 1].isspace():
        space -= 1
    if text.endswith("\\begin", 0, space):
        start = space - 6
    at = text.find("\\begin", start, end)
    while at >= 0:
        if _SPANNING.rx.match(text, at):
            return True
        at = text.find("\\begin", at + 1, end)
    return False


def _may_hide_code(masked: str, toggles: dict) -> bool:
    """Whether mask_dead_code can change anything: a conditional it knows (`\\iff` in math is none), a new
    toggle, \\end{document}, or setting a known toggle."""
    return _HIDING.search(masked) is not None or (bool(toggles) and _toggled(tuple(toggles)).search(masked) is not None)


_HIDING = Scan(r"\\(?:if(?:%s)(?![A-Za-z@])|(?:%s)(?![A-Za-z@])[^\\]*\\if|end\s*\{document\})"
               % ("|".join(sorted(re.escape(n[2:]) for n in PRIMITIVE_IFS)), "|".join(sorted(_DECLARERS))))


@lru_cache(maxsize=64)
def _toggled(toggles: tuple[str, ...]) -> re.Pattern:
    """The paper's own conditionals, tested or set: looked for by name (a pattern for any name was 10x slower,
    ms on a long file). A plain pattern: a Scan would add the names to the strings looked for in every text."""
    names = "|".join(map(re.escape, toggles))
    return re.compile(r"\\(?:if(?:%s)|(?:%s)(?:true|false))(?![A-Za-z@])" % (names, names))


def _read(path: Path, max_bytes: int) -> tuple[str, str | None]:
    try:
        st = os.stat(path)
    except OSError:
        return read_source(path, max_bytes)  # raises the SourceError that says why
    key = (path, st.st_mtime_ns, st.st_size, max_bytes)
    hit = _READS.get(key)
    if hit is None:
        hit = read_source(path, max_bytes)
        _READS.put(key, hit)
    return hit


def _is_file(p: Path) -> bool:
    try:
        return p.is_file()
    except (OSError, RuntimeError):  # permission, symlink loop
        return False


@lru_cache(maxsize=4096)
def _rel(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.as_posix()


@lru_cache(maxsize=4096)
def _candidates(arg: str, bases: tuple[Path, ...], cmd: str) -> list[tuple[Path, Path]]:
    """The paths an include may name, in the order TeX tries them, each with its _normal form: made once, as
    building paths costs more than the rest of reloading a project after an edit."""
    names = [arg + ".tex"] if cmd == "include" else ([arg] if arg.endswith(".tex") else [arg + ".tex", arg])
    return [(base / name, _normal(base / name)) for base in bases for name in names]


def _normal(p: Path) -> Path:
    """An absolute path without `..` segments, keeping symlinks (so paths stay those the author wrote)."""
    return Path(os.path.normpath(p.absolute()))


def _inside(p: Path, folder: Path) -> bool:
    try:
        p.relative_to(folder)
        return True
    except ValueError:
        return False
