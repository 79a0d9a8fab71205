"""Cues: case-insensitive patterns matched quickly against plain text, shared by facts and checklist items."""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from functools import lru_cache

import ahocorasick
import regex

from paperlint.caches import MILLION, Memo
from paperlint.scan import Starts, matches_at, pattern_tree, sre_constants as _c, start_strings


def fold(text: str) -> str:
    """Lower case with every character kept in place (so offsets into it are offsets into `text`)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _fold_pattern(pattern: str) -> str:
    """The pattern in lower case, escapes untouched (`\\S`, `\\W`, `\\B` keep their meaning), and so is the P
    of a named group (`(?P<name>`, `(?P=name)`)."""
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern.startswith("(?P", i):
            out.append("(?P")
            i += 3
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


class _Literals:
    """Every literal some cue's pattern needs, each a bit, and one automaton that finds all of them in a
    text in a single pass. Most texts hold none of the literals of most cues, so a cue is mostly
    rejected by one AND of two ints, whatever the number of its patterns."""

    def __init__(self) -> None:
        self.bits: dict[str, int] = {}
        self.built = False  # the automaton and `short` hold every literal in `bits`
        self.automaton: ahocorasick.Automaton | None = None  # None when no literal is long
        # one-character literals ("%", "±") would make the automaton report most characters: a substring test
        # each is cheaper (measured: all literals of two or more characters in the automaton, 17 us per
        # paragraph; those of up to three as substring tests, 57 us)
        self.short: list[tuple[str, int]] = []
        self.present = Memo(2 * MILLION)  # folded text -> the bits of the literals it holds

    def mask(self, literals: frozenset[str]) -> int:
        out = 0
        for lit in literals:
            if lit not in self.bits:
                self.bits[lit] = len(self.bits)
                self.built = False  # rebuilt with the new literal on next use
                self.present.clear()
            out |= 1 << self.bits[lit]
        return out

    def build(self) -> None:
        self.short = [(lit, 1 << bit) for lit, bit in self.bits.items() if len(lit) == 1]
        long = [(lit, 1 << bit) for lit, bit in self.bits.items() if len(lit) > 1]
        self.automaton = None  # an automaton without words cannot search
        if long:
            self.automaton = ahocorasick.Automaton()
            for lit, bit in long:
                self.automaton.add_word(lit, bit)
            self.automaton.make_automaton()
        self.built = True

    def found(self, low: str) -> int:
        """The bits of the literals `low` holds."""
        bits = self.present.get(low)
        if bits is None:
            if not self.built:
                self.build()
            bits = 0
            for _, bit in self.automaton.iter(low) if self.automaton is not None else ():
                bits |= bit
            for lit, bit in self.short:
                if lit in low:
                    bits |= bit
            self.present.put(low, bits)
        return bits


_LITERALS = _Literals()


def literals_in(low: str) -> int:
    """The bits of the cues' literals that the folded text `low` holds (see Cue.needs)."""
    return _LITERALS.found(low)


def literals_known() -> int:
    """How many literals there are: bits found before a new cue added some lack the new ones."""
    return len(_LITERALS.bits)


_STARTS = Starts()  # the start strings of built-in cue patterns, in folded texts
_MADE: weakref.WeakSet[Cue] = weakref.WeakSet()  # every cue alive


def compile_all() -> None:
    """Compile the patterns of every cue made so far (those of the checker's own code: the facts...)."""
    for c in list(_MADE):
        c.compile()


class Cue:
    """Case-insensitive patterns, matched fast: against the lower-cased text without the IGNORECASE flag
    (2-3x faster), and only on texts that hold a literal every match of the pattern needs (found for all
    cues at once, see _Literals). A pattern with a case-sensitive part `(?-i:...)` runs on the original text.

    Patterns run on the `regex` module: on the built-in patterns over the dev papers' paragraphs it finds
    the same matches as `re` in half the time (it skips to the strings a pattern needs; `re` tries a pattern
    that starts with \\b at every position)."""

    def __init__(self, patterns: Iterable[str], timeout: float | None = None):
        """`timeout` (seconds per text) is for patterns written by users: `regex` stops a pattern that
        backtracks catastrophically; a pattern that times out is dropped and listed in `skipped`. Built-in
        patterns are tested and run without one."""
        self.timeout = timeout
        self.skipped: list[str] = []
        # [compiled (None until first run: a paper meets few of the patterns, and `regex` compiles slowly),
        #  bits of literals per requirement (a text must hold one of each), run on the folded text?, source,
        #  the _Starts strings every match starts with (None when not known, or for a pattern with a timeout)]
        self.parts: list[list] = []
        for p in patterns:
            folded = _fold_pattern(p)  # also for a case-sensitive part: the literals are looked up folded
            needs = tuple(_LITERALS.mask(req) for req in required_literals(folded))
            starts = start_strings(folded) if "(?-i" not in p and timeout is None else None
            self.parts.append([None, needs, "(?-i" not in p, p, starts and _STARTS.add(starts)])
        self.key = tuple(part[3] for part in self.parts)  # what the cue matches, for caches of its matches
        # a text holding no literal of these bits cannot match; None when some part needs no literal
        self.needs: int | None = 0
        for _, needs, *_ in self.parts:
            self.needs = self.needs | needs[0] if needs and self.needs is not None else None
        _MADE.add(self)

    def compile(self) -> None:
        """Compile every pattern now (a server does at start, so that no check waits for it)."""
        for part in self.parts:
            if part[0] is None:
                _compile(part)

    def finditer(self, text: str, low: str | None = None, pos: int = 0, endpos: int | None = None):
        """Matches in text[pos:endpos], ordered by start; `low` is fold(text) when the caller has it."""
        end = len(text) if endpos is None else endpos
        if low is None:
            low = fold(text)
        present = literals_in(low)
        if self.needs is not None and not self.needs & present:
            return []
        found: list[regex.Match] = []
        runs = 0
        for part in list(self.parts) if self.timeout is not None else self.parts:
            rx, needs, folded, source, starts = part
            for bits in needs:
                if not bits & present:
                    break
            else:
                runs += 1
                if rx is None:
                    rx = _compile(part)
                if starts:
                    found += matches_at(rx, low, _STARTS.starts(low, starts), pos, end)
                    continue
                if self.timeout is None:
                    found += rx.finditer(low if folded else text, pos, end)
                    continue
                try:
                    found += rx.finditer(low if folded else text, pos, end, timeout=self.timeout)
                except TimeoutError:
                    self.parts.remove(part)
                    self.skipped.append(source)
                    self.key = tuple(part[3] for part in self.parts)
        if runs > 1:
            found.sort(key=_start)
        return found

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        return next(iter(self.finditer(text, None, pos, endpos)), None)


_REPEATS = tuple(getattr(_c, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_c, n))


def required_literals(pattern: str, most: int = 3) -> list[frozenset[str]]:
    """Up to `most` sets of strings such that every match of `pattern` contains a string of each set, the most
    selective first; [] when no such set is known."""
    try:
        found = _required(pattern_tree(pattern))
    except Exception:  # an exotic construct: no prefilter, the pattern still runs
        return []
    # a set holding a single letter or digit is met by every paragraph: it would cost a test and filter nothing
    useful = {req for req in found if not any(len(lit) == 1 and lit.isalnum() for lit in req)}
    return sorted(useful, key=lambda req: -min(map(len, req)))[:most]


def _required(seq) -> list[frozenset[str]]:
    """The requirements of a sequence of regex items, all of which a match meets."""
    out: list[frozenset[str]] = []
    run = [""]  # the strings the literal characters read so far can spell
    for op, av in seq:
        if op is _c.LITERAL:
            run = [r + chr(av) for r in run]
            continue
        chars = _few_chars(av) if op is _c.IN else None
        if chars and len(run) * len(chars) <= _MOST_SPELLINGS:  # `t[- ]test`: "t-test" or "t test"
            run = [r + c for r in run for c in chars]
            continue
        if run != [""]:
            out.append(frozenset(run))
            run = [""]
        if op is _c.SUBPATTERN:
            out += _required(av[-1])
        elif op is _c.BRANCH:
            alts = [_selective(_required(a)) for a in av[1]]
            if all(alts):
                out.append(frozenset().union(*alts))
        elif op in _REPEATS and av[0] >= 1:
            out += _required(av[2])
        elif op is _c.ASSERT:  # a lookahead or lookbehind: what it sees is in the text too
            out += _required(av[1])
    if run != [""]:
        out.append(frozenset(run))
    return out


_MOST_SPELLINGS = 16


def _few_chars(items) -> list[str] | None:
    """The characters of a character class that lists at most four of them, else None."""
    if len(items) > 4 or any(op is not _c.LITERAL for op, _ in items):
        return None
    return sorted({chr(av) for _, av in items})


def _selective(reqs: list[frozenset[str]]) -> frozenset[str] | None:
    """The requirement whose shortest string is longest: the one fewest texts meet."""
    return max(reqs, key=lambda req: min(map(len, req)), default=None)


@lru_cache(maxsize=4096)
def compiled(source: str) -> regex.Pattern:
    """A cue's pattern as a Cue runs it: folded, or with IGNORECASE when it has a case-sensitive part. Raises
    regex.error for a pattern the `regex` module rejects (checklist validation calls it: the pattern is
    compiled once, and checked by the engine that runs it)."""
    return regex.compile(_fold_pattern(source)) if "(?-i" not in source else regex.compile(source, regex.I)


def _compile(part: list):
    part[0] = compiled(part[3])
    return part[0]


def _start(m: regex.Match) -> int:
    return m.start()


def cue(patterns: Iterable[str], timeout: float | None = None) -> Cue | None:
    patterns = list(patterns)
    return Cue(patterns, timeout) if patterns else None
