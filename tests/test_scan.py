"""Whole-file patterns tried only where a macro they start with occurs: the same matches as the regex engine's
own scan, and an edit re-reads only the piece of the file it falls in."""

from __future__ import annotations

import random
import re

import pytest
from conftest import DEV

from paperlint import scan
from paperlint.latex.macros import _DEF, _NEWCOMMAND
from paperlint.latex.parse import _CHUNK_MACRO
from paperlint.paper.build import _NEWTHEOREM, _PACKAGE, _TITLE
from paperlint.project.load import _HIDING, _INCLUDE, _SPANNING
from paperlint.scan import Scan, _trie, start_strings

SCANS = [_DEF, _NEWCOMMAND, _CHUNK_MACRO, _NEWTHEOREM, _PACKAGE, _TITLE, _HIDING, _INCLUDE, _SPANNING]
SNIPPETS = ["\n\n", "\n\n\\section{A}", "\\usepackage\n\n{x}", "\\usepackage[a]{b,c}", "\\input{a}", "\\input a ",
            "\\def\\x{y}", "\\gdef \\y#1{z}", "\\newtheorem{thm}{Theorem}", "\\begin{document}", "\\end {document}",
            "\\title\n\n{T}", "\\ifdraft", "\\iffalse", "\\ifx", "\\newcommand\n{\\q}{Q}", "\\begin{verbatim}",
            "\\subsection*{B}", "\\", "{", "x" * 3000]


def test_start_strings_continue_through_groups_of_literals_and_pass_over_lookarounds():
    assert start_strings(r"\\(?:new|declare)theorem\*?") == {"\\newtheorem", "\\declaretheorem"}
    assert start_strings(r"\\(?=[ie])(?:if|end)\b") == {"\\if", "\\end"}
    assert start_strings(r"\\(?:re)?newcommand") is None  # "\" alone: one character
    assert start_strings(r"(?i:ab)c") is None and start_strings(r"(?i)abc") is None  # any case


def test_the_trie_pattern_matches_the_longest_string_at_each_place():
    rng = random.Random(3)
    for _ in range(500):
        strings = list({"\\" + "".join(rng.choice("ab") for _ in range(rng.randrange(1, 4))) for _ in range(5)})
        rx = re.compile(_trie(strings))
        text = "".join(rng.choice("ab\\ ") for _ in range(40))
        for p in range(len(text)):
            m = rx.match(text, p)
            longest = max((s for s in strings if text.startswith(s, p)), key=len, default=None)
            assert (m and m.group()) == longest


def texts():
    """The dev papers' files, and copies with random snippets pasted in (next to blank lines, where long
    texts are cut into pieces, too)."""
    files = [p.read_text(errors="replace") for p in sorted(DEV.rglob("*.tex"))]
    rng = random.Random(7)
    out = list(files)
    for _ in range(300):
        text = rng.choice(files)
        for _ in range(3):
            at = rng.choice([rng.randrange(len(text) + 1), max(0, text.find("\n\n", rng.randrange(len(text) + 1)))])
            text = text[:at] + rng.choice(SNIPPETS) + text[at:]
        out.append(text)
    return out


@pytest.mark.parametrize("rx", SCANS, ids=lambda s: s.rx.pattern[:30])
def test_a_scan_finds_what_the_regex_engine_finds(rx: Scan):
    assert rx.strings is not None  # each is tried only at its macros
    rng = random.Random(11)
    for text in texts():
        assert [(m.span(), m.groups()) for m in rx.finditer(text)] == \
            [(m.span(), m.groups()) for m in rx.rx.finditer(text)]
        pos = rng.randrange(len(text) + 1)
        end = rng.randrange(pos, len(text) + 1)
        got, want = rx.search(text, pos, end), rx.rx.search(text, pos, end)
        assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups()))


def test_an_edit_re_reads_only_the_piece_it_falls_in(monkeypatch):
    paragraph = "Some text about \\usepackage-free prose and a \\cite{x}.\n\n"
    text = "".join(f"\\section{{Part {i}}}\n" + paragraph * 40 for i in range(30))  # about 100 KB
    assert [m.start() for m in _CHUNK_MACRO.finditer(text)] == [m.start() for m in _CHUNK_MACRO.rx.finditer(text)]
    read: list[int] = []
    original = scan._Macros._scan
    monkeypatch.setattr(scan._Macros, "_scan", lambda self, t: read.append(len(t)) or original(self, t))
    at = len(text) // 2
    edited = text[:at] + "\\section{New}" + text[at:]
    assert [m.start() for m in _CHUNK_MACRO.finditer(edited)] == \
        [m.start() for m in _CHUNK_MACRO.rx.finditer(edited)]
    assert len(read) == 1 and read[0] < len(text) / 10


def test_an_edited_text_is_read_from_its_last_version_where_it_changed(monkeypatch):
    rng = random.Random(3)
    scanned: list[int] = []
    original = scan._Macros._scan
    monkeypatch.setattr(scan._Macros, "_scan", lambda self, t, pos=0, stop=None: scanned.append(
        (len(t) if stop is None else stop) - pos) or original(self, t, pos, stop))
    for text in texts()[::7]:
        scan._MACROS.occurrences(text)
        at = rng.randrange(len(text) + 1)
        if rng.random() < 0.3:
            new = text[:at] + text[at + rng.randint(1, 80):]
        else:
            new = text[:at] + rng.choice(SNIPPETS + ["\\", "\\use", "package", "\\if", "x"]) + text[at:]
        scanned.clear()
        scan.edited(text, new)
        derived = scan._MACROS.found.get(new)
        if new == text:
            continue
        assert scanned and sum(scanned) < 200, scanned  # around the edit only
        for rx in SCANS:  # the Scans find in it what the regex engine finds
            assert [m.span() for m in rx.finditer(new)] == [m.span() for m in rx.rx.finditer(new)]
        scan._MACROS.found.clear()
        assert derived == scan._MACROS.occurrences(new)  # what a fresh read finds
