"""Cues: case-insensitive patterns matched quickly against plain text, shared by facts and checklist items."""

from __future__ import annotations

import re
from collections.abc import Iterable


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
    (2-3x faster in CPython). A pattern with a case-sensitive part `(?-i:...)` runs on the original text."""

    def __init__(self, patterns: Iterable[str]):
        patterns = list(patterns)
        folded = [_fold_pattern(p) for p in patterns if "(?-i" not in p]
        cased = [p for p in patterns if "(?-i" in p]
        self.folded = re.compile("|".join(f"(?:{p})" for p in folded)) if folded else None
        self.cased = re.compile("|".join(f"(?:{p})" for p in cased), re.I) if cased else None

    def finditer(self, text: str, low: str | None = None, pos: int = 0, endpos: int | None = None):
        """Matches in text[pos:endpos], in order; `low` is fold(text) when the caller has it."""
        end = len(text) if endpos is None else endpos
        found = []
        if self.folded is not None:
            found += self.folded.finditer(fold(text) if low is None else low, pos, end)
        if self.cased is not None:
            found += self.cased.finditer(text, pos, end)
        return sorted(found, key=lambda m: m.start()) if self.folded is not None and self.cased is not None \
            else found

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        return next(iter(self.finditer(text, None, pos, endpos)), None)


def cue(patterns: Iterable[str]) -> Cue | None:
    patterns = list(patterns)
    return Cue(patterns) if patterns else None
