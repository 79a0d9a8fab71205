"""Looking for patterns only where their matches can start.

Most patterns run over whole files look for rare macros (`\\usepackage`, `\\newtheorem`, `\\input`...). The
regex engine tries such a pattern at every backslash: 0.2-0.6 ms each on a 180 KB file, and a dozen of them
ran again on a file at each edit. A `Scan` knows the macro names its matches start with. One regex pass finds
where the names of every Scan occur, piece by piece (a long text is cut at some blank lines; each piece is
remembered by its text, so that an edit re-reads one), and the pattern is tried only there, with `match`. The
matches are those of `re.finditer`: every match starts at one of the places, and the places are tried in order.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

import ahocorasick

from paperlint.caches import MILLION, Memo
from paperlint.sequences import common_ends

try:  # the regex parser of the standard library: private, but stable since 3.11 (sre_parse before)
    from re import _constants as sre_constants, _parser as sre_parse
except ImportError:  # Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_ZERO_WIDTH = (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT)


@lru_cache(maxsize=1024)
def pattern_tree(pattern: str):
    """The standard library's parse of a pattern (read by start_strings and the cues' required literals, never
    changed); raises for a pattern it rejects."""
    return sre_parse.parse(pattern)


def start_strings(pattern: str, most: int = 64) -> frozenset[str] | None:
    """Strings, each of two characters or more, one of which every match of `pattern` starts with (zero-width
    assertions such as \\b or a lookahead are passed over); None when that is not known."""
    try:
        tree = pattern_tree(pattern)
        found, _ = _prefixes(list(tree), most) if not tree.state.flags & re.IGNORECASE else (None, False)
    except Exception:  # an exotic construct: the pattern is tried everywhere
        return None
    return frozenset(found) if found and min(map(len, found)) >= 2 else None


def _prefixes(seq: list, most: int) -> tuple[set[str], bool]:
    """Strings one of which every match of the items `seq` starts with, and whether they are whole matches
    (then what follows the items continues them: `\\\\(?:new|declare)theorem` gives `\\newtheorem`...)."""
    out = {""}
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue
        if op is sre_constants.LITERAL:
            out = {s + chr(av) for s in out}
            continue
        if op is sre_constants.SUBPATTERN:
            if av[1] & re.IGNORECASE:  # (?i:...): its literals match in any case
                return out, False
            alts = [_prefixes(list(av[-1]), most)]
        elif op is sre_constants.BRANCH:
            alts = [_prefixes(list(a), most) for a in av[1]]
        else:
            return out, False
        found = set().union(*(strings for strings, _ in alts))
        if len(out) * len(found) > most:
            return out, False
        out = {s + t for s in out for t in found}
        if not all(whole for _, whole in alts):
            return out, False
    return out, True


class Starts:
    """Strings that some patterns' matches start with, and where they occur in texts (remembered per text),
    found by one Aho-Corasick pass over a text."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.reader = None  # what finds the strings, None until built with every string in `index`
        self.found = Memo(2 * MILLION)  # text -> {string index: its starts in the text, ascending}

    def add(self, strings: frozenset[str]) -> tuple[int, ...]:
        for s in sorted(strings):
            if s not in self.index:
                self.index[s] = len(self.index)
                self.reader = None
                self.found.clear()
        return tuple(self.index[s] for s in strings)

    def starts(self, text: str, strings: tuple[int, ...]) -> list[int]:
        """Where one of `strings` starts in `text`, ascending."""
        at = self.occurrences(text)
        lists = [at[i] for i in strings if i in at]
        return lists[0] if len(lists) == 1 else sorted(set().union(*lists))

    def occurrences(self, text: str) -> dict[int, list[int]]:
        at = self.found.get(text)
        if at is None:
            at = self._read(text)
            self.found.put(text, at)
        return at

    def _read(self, text: str) -> dict[int, list[int]]:
        if self.reader is None:
            self.reader = ahocorasick.Automaton()
            for string, i in self.index.items():
                self.reader.add_word(string, (i, len(string) - 1))
            self.reader.make_automaton()
        at: dict[int, list[int]] = {}
        for end, (i, back) in self.reader.iter(text) if self.index else ():
            at.setdefault(i, []).append(end - back)
        return at


class _Macros(Starts):
    """Start strings that are macro names: a backslash, then no other. Two of them never overlap but where
    one is the beginning of the other (`\\if`, `\\ifx`), so one regex pass finds them all: a regex shaped as
    their trie, which the regex engine tries at each backslash in a few steps (half the instructions of the
    Aho-Corasick pass, a third of the time). A long text is read in pieces, each remembered by its text: an
    edit re-reads one piece."""

    def __init__(self) -> None:
        super().__init__()
        self.within: dict[str, list[int]] = {}  # a string matched -> the strings it begins with, itself too
        self.longest = 0  # characters in the longest string

    def _read(self, text: str) -> dict[int, list[int]]:
        pieces = _pieces(text)
        if len(pieces) == 1:
            return self._scan(text)
        at: dict[int, list[int]] = {}
        for offset, piece in pieces:  # each is one piece: _pieces cut it at its first cut past `least`
            for i, starts in self.occurrences(piece).items():
                at.setdefault(i, []).extend([offset + p for p in starts] if offset else starts)
        return at

    def _ready(self) -> None:
        if self.reader is None:
            self.reader = re.compile(_trie(list(self.index)))
            self.within = {s: [i for t, i in self.index.items() if s.startswith(t)] for s in self.index}
            self.longest = max(map(len, self.index), default=0)

    def _scan(self, text: str, pos: int = 0, stop: int | None = None) -> dict[int, list[int]]:
        """The occurrences that start in text[pos:stop]."""
        self._ready()
        at: dict[int, list[int]] = {}
        for m in self.reader.finditer(text, pos) if self.index else ():
            if stop is not None and m.start() >= stop:
                break
            for i in self.within[m.group()]:
                at.setdefault(i, []).append(m.start())
        return at

    def edited(self, old: str, new: str) -> None:
        """Read `new`, an edit of `old`, from the occurrences in `old`: only where it changed is scanned. Each
        occurrence is found by what its backslash starts (the longest name there), which is known where that is
        in the common start or end."""
        last = self.found.get(old)
        if last is None or not self.index or self.found.get(new) is not None:
            return
        self._ready()
        head, tail = common_ends(old, new)
        start, stop, delta = max(0, head - self.longest), len(new) - tail, len(new) - len(old)
        middle = self._scan(new, start, stop)
        at: dict[int, list[int]] = {}
        for i in last.keys() | middle.keys():
            starts = last.get(i, [])
            kept_head, kept_tail = bisect_left(starts, start), bisect_left(starts, stop - delta)
            at[i] = starts[:kept_head] + middle.get(i, []) + [p + delta for p in starts[kept_tail:]]
        self.found.put(new, {i: starts for i, starts in at.items() if starts})


def _trie(strings: list[str]) -> str:
    """A regex that matches the longest of `strings` that the text continues with."""
    rests: dict[str, list[str]] = {}
    for s in strings:
        if s:
            rests.setdefault(s[0], []).append(s[1:])
    alts = [re.escape(c) + _trie(rest) for c, rest in sorted(rests.items())]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 and "" not in strings else "(?:%s)" % "|".join(alts)
    return body + "?" if "" in strings else body


def _pieces(text: str, least: int = 2048) -> list[tuple[int, str]]:
    """The text cut at blank lines followed by a command, into pieces of `least` characters or more: where it
    is cut depends on the text around, so an edit leaves the other pieces as they were."""
    pieces, start = [], 0
    while (cut := text.find("\n\n\\", start + least)) >= 0:
        pieces.append((start, text[start:cut]))
        start = cut + 2
    pieces.append((start, text[start:]))
    return pieces


def matches_at(rx, text: str, starts: list[int], pos: int, end: int, first: bool = False) -> list:
    """rx.finditer(text, pos, end), for a pattern (of `re` or `regex`) whose every match starts at one of
    `starts` (ascending): the same matches, found by trying only there; only the first if `first`. A match is
    never empty (it starts with a string)."""
    found, after = [], pos
    for p in starts:
        if p < after:
            continue
        if p >= end:
            break
        m = rx.match(text, p, end)
        if m is not None:
            found.append(m)
            if first:
                break
            after = m.end()
    return found


_MACROS = _Macros()  # the start strings of every Scan, in source texts


def edited(old: str, new: str) -> None:
    """`new` is an edit of `old` (the next version of a file, say): when `old` was read, read `new` from it."""
    _MACROS.edited(old, new)


class Scan:
    """A regex for long texts: `finditer` and `search` as re.Pattern's, trying the pattern only where one of
    the strings its matches start with occurs (all of them when those are not known)."""

    def __init__(self, pattern: str, flags: int = 0):
        self.rx = re.compile(pattern, flags)
        strings = None if flags & (re.IGNORECASE | re.VERBOSE) else start_strings(pattern)
        macros = strings and all(s[0] == "\\" and "\\" not in s[1:] for s in strings)
        self.strings = _MACROS.add(strings) if macros else None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> list[re.Match]:
        end = len(text) if endpos is None else min(endpos, len(text))
        starts = self._starts(text, pos, end)
        return list(self.rx.finditer(text, pos, end)) if starts is None else matches_at(self.rx, text, starts, pos, end)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        end = len(text) if endpos is None else min(endpos, len(text))
        starts = self._starts(text, pos, end)
        if starts is None:
            return self.rx.search(text, pos, end)
        found = matches_at(self.rx, text, starts, pos, end, first=True)
        return found[0] if found else None

    def _starts(self, text: str, pos: int, end: int) -> list[int] | None:
        """Where to try the pattern; None to let the regex engine scan (when the strings are not known, or are
        frequent: it reads about 400 characters in the time `match` takes to be called once)."""
        if self.strings is None:
            return None
        starts = _MACROS.starts(text, self.strings)
        return None if len(starts) * _CALL > end - pos else starts


_CALL = 400
