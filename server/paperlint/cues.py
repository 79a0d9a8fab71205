"""Cues: case-insensitive patterns matched quickly against plain text, shared by facts and checklist items."""

from __future__ import annotations

import re
from collections.abc import Iterable

import regex

try:  # the regex parser of the standard library: private, but stable since 3.11 (sre_parse before)
    from re import _constants as _c, _parser
except ImportError:  # Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]


def fold(text: str) -> str:
    """Lower case with every character kept in place (so offsets into it are offsets into `text`)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _fold_pattern(pattern: str) -> str:
    """The pattern in lower case, escapes untouched (`\\S`, `\\W`, `\\B` keep their meaning)."""
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


class Cue:
    """Case-insensitive patterns, matched fast: against the lower-cased text without the IGNORECASE flag
    (2-3x faster in CPython), and only on texts that hold a literal every match of the pattern needs
    (a substring test, much cheaper than running the pattern). A pattern with a case-sensitive part
    `(?-i:...)` runs on the original text."""

    def __init__(self, patterns: Iterable[str], timeout: float | None = None):
        """`timeout` (seconds per text) is for patterns written by users: they run on the `regex` module, which
        can stop a pattern that backtracks catastrophically; a pattern that times out is dropped and listed in
        `skipped`. Built-in patterns are tested and run on `re`."""
        engine = re if timeout is None else regex
        self.timeout = timeout
        self.skipped: list[str] = []
        self.parts: list[tuple[object, frozenset[str] | None, bool, str]] = []
        for p in patterns:
            if "(?-i" in p:
                self.parts.append((engine.compile(p, re.I), None, False, p))
            else:
                folded = _fold_pattern(p)
                self.parts.append((engine.compile(folded), required_literals(folded), True, p))

    def finditer(self, text: str, low: str | None = None, pos: int = 0, endpos: int | None = None):
        """Matches in text[pos:endpos], ordered by start; `low` is fold(text) when the caller has it."""
        end = len(text) if endpos is None else endpos
        if low is None:
            low = fold(text)
        found: list[re.Match] = []
        for part in list(self.parts):
            rx, needs, folded, source = part
            if needs is not None and not any(n in low for n in needs):
                continue
            if self.timeout is None:
                found += rx.finditer(low if folded else text, pos, end)
                continue
            try:
                found += rx.finditer(low if folded else text, pos, end, timeout=self.timeout)
            except TimeoutError:
                self.parts.remove(part)
                self.skipped.append(source)
        if len(self.parts) > 1:
            found.sort(key=lambda m: m.start())
        return found

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        return next(iter(self.finditer(text, None, pos, endpos)), None)


_REPEATS = tuple(getattr(_c, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_c, n))


def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings of which every match of `pattern` contains at least one, or None when there is no such set."""
    try:
        return _required(_parser.parse(pattern))
    except Exception:  # an exotic construct: no prefilter, the pattern still runs
        return None


def _required(seq) -> frozenset[str] | None:
    """The most selective requirement of a sequence of regex items."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(req):
        nonlocal best
        if req and (best is None or min(map(len, req)) > min(map(len, best))):
            best = req

    for op, av in seq:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        consider(frozenset(["".join(run)]) if run else None)
        run = []
        if op is _c.SUBPATTERN:
            consider(_required(av[-1]))
        elif op is _c.BRANCH:
            alts = [_required(a) for a in av[1]]
            consider(frozenset().union(*alts) if all(alts) else None)
        elif op in _REPEATS and av[0] >= 1:
            consider(_required(av[2]))
    consider(frozenset(["".join(run)]) if run else None)
    return best


def cue(patterns: Iterable[str], timeout: float | None = None) -> Cue | None:
    patterns = list(patterns)
    return Cue(patterns, timeout) if patterns else None
