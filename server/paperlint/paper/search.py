"""Finding cues in a Document: which blocks to read, the sentence around a match, its location."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter, itemgetter

from paperlint.caches import MILLION, Memo, token
from paperlint.cues import Cue
from paperlint.paper.matches import matching_blocks
from paperlint.paper.model import APPENDIX, BACK, BODY, Block, Document, Environment
from paperlint.sequences import same_ends

REGIONS = {"body": BODY, "appendix": APPENDIX, "back": BACK}
_ABBREVIATIONS = [r"e\.g", r"i\.e", "et al", "Fig", "fig", "Sec", "Eq", "vs", "cf", "resp", "App", "Tab", "No", "al",
                  "[A-Z]"]
# The abbreviations are looked back at from after the mark, so the pattern starts with the mark and the
# regex engine skips to the next one (looking back first, it tried 15 lookbehinds at every character: 20x
# slower); the blank line too starts with that one character class, for the same reason.
_BOUNDARY = re.compile(r"[.!?\n](?:(?<=[.!?])" + "".join(r"(?<!\b%s.)" % a for a in _ABBREVIATIONS) +
                       r"(?=\s+[\"(\[A-Z0-9\\]|\s*\n\s*\n|\s*$)|(?<=\n)[ \t]*\n)")


@dataclass(frozen=True)
class Hit:
    """A located piece of evidence."""

    file: str
    line: int
    column: int
    text: str

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column, "text": self.text}


# a Memo, not an lru_cache: keyed by block texts, an lru_cache kept up to 8192 of them (tens of MB) long after
# the edits that replaced them; a Memo forgets them a few checks later
_SENTENCES = Memo(2 * MILLION)  # (block text, start, end) -> the bounds of its sentence


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence holding text[start:end]."""
    key = (text, start, end)
    found = _SENTENCES.get(key)
    if found is None:
        lo = 0
        for m in _BOUNDARY.finditer(text, max(0, start - 600), start):
            lo = m.end()
        m = _BOUNDARY.search(text, end)
        found = lo, m.end() if m else len(text)
        _SENTENCES.put(key, found)
    return found


def block_filter(doc: Document, regions: Iterable[str] = ("body", "appendix", "back"),
                 kinds: Iterable[str] | None = None, skip_envs: Iterable[str] = (),
                 skip_sections: Cue | None = None) -> Callable[[Block], bool]:
    """Whether a cue may come from a block: the paper itself (never the preamble or the venue checklist), in the
    given regions, kinds and sections."""
    allowed = {REGIONS[r] for r in regions}
    kinds = set(kinds) if kinds is not None else None
    skip_envs = set(skip_envs)
    key = _key(skip_sections)
    skipped: dict[int, bool] = doc.kept(("skipped", key), dict)  # section -> skip it

    def ok(b: Block) -> bool:
        if b.region not in allowed or (kinds is not None and b.kind not in kinds):
            return False
        if skip_envs and skip_envs.intersection(b.envs):
            return False
        if skip_sections is not None and b.section >= 0:
            if b.section not in skipped:
                matching = _matching_titles(doc, skip_sections, key)
                skipped[b.section] = any(s.title in matching for s in doc.section_path(b.section))
            if skipped[b.section]:
                return False
        return True
    return ok


def heading_hits(doc: Document, rx: Cue, regions: Iterable[str] = ("body", "appendix", "back"),
                 max_level: int = 5) -> list[Hit]:
    """Headings of at most `max_level` in the given regions whose title matches `rx`."""
    allowed = {REGIONS[r] for r in regions}
    hits = []
    matching = _matching_titles(doc, rx, _key(rx))
    for s in doc.sections:
        if s.level <= max_level and s.region in allowed and s.title in matching:
            line, col = doc.project.files[s.file].line_col(s.offset)
            hits.append(Hit(s.file, line, col, s.title))
    return hits


def _matching_titles(doc: Document, rx: Cue, key: tuple) -> frozenset[str]:
    """The section titles of `doc` that `rx` (whose patterns are `key`) matches: one lookup per cue and
    check while no heading changes, one search per new title when one does."""
    titles = doc.kept(_matching_titles, lambda: tuple(dict.fromkeys(s.title for s in doc.sections)))
    found = _TITLE_SETS.get((key, titles))
    if found is None:
        found = frozenset(t for t in titles if _title_matches(rx, key, t))
        _TITLE_SETS.put((key, titles), found)
    return found


def _title_matches(rx: Cue, key: tuple, title: str) -> bool:
    found = _TITLES.get((key, title))
    if found is None:
        found = rx.search(title) is not None
        _TITLES.put((key, title), found)
    return found


_TITLES = Memo(MILLION)  # (a cue's patterns, a heading's title) -> whether it matches
_TITLE_SETS = Memo(MILLION)  # (a cue's patterns, a paper's titles) -> the titles it matches


def count_blocks(doc: Document, regions: Iterable[str] = ("body", "appendix", "back"),
                 kinds: Iterable[str] | None = None, skip_envs: Iterable[str] = (),
                 skip_sections: Cue | None = None) -> int:
    """How many blocks `block_filter` admits, testing one block of each region, kind, environments and section.
    Remembered across checks while no edit changes the groups or the sections (most edits change neither)."""
    groups, shape = doc.kept(count_blocks, lambda: _block_groups(doc))
    key = (shape, tuple(regions), None if kinds is None else tuple(kinds), tuple(skip_envs), _key(skip_sections))
    n = _COUNTS.get(key)
    if n is None:
        allowed = block_filter(doc, regions, kinds, skip_envs, skip_sections)
        n = sum(n for b, n in groups.values() if allowed(b))
        _COUNTS.put(key, n)
    return n


_COUNTS = Memo(4096)  # (the paper's block groups and sections, a block filter) -> how many blocks it admits


def _block_groups(doc: Document) -> tuple[dict[tuple, tuple[Block, int]], int]:
    """The blocks grouped by region, kind, environments and section: (a block of the group, how many) per group;
    and a token of the groups and of the sections. Made from the last Document's groups: an edit makes the blocks
    of one place, the blocks before and after it are those of the last Document (but for copies moved)."""
    blocks = doc.blocks
    ids = doc.block_ids()
    _, last_ids, last_keys, counts, reps = _LAST_GROUPS[0] or ([], b"", [], Counter(), {})
    head, tail = same_ends(last_ids, ids)
    added = list(map(_GROUP, blocks[head:len(blocks) - tail]))
    counts = counts.copy()
    counts.subtract(last_keys[head:len(last_keys) - tail])
    counts.update(added)
    counts = Counter({k: n for k, n in counts.items() if n > 0})
    reps = {k: reps[k] for k in counts if k in reps}  # any block of a group stands for it: a filter reads the key
    for k, b in zip(added, blocks[head:]):
        reps.setdefault(k, b)
    _LAST_GROUPS[0] = blocks, ids, last_keys[:head] + added + last_keys[len(last_keys) - tail:], counts, reps
    groups = {k: (reps[k], n) for k, n in counts.items()}
    shape = token((frozenset(counts.items()), tuple((sec.title, sec.parent) for sec in doc.sections)))
    return groups, shape


_LAST_GROUPS: list = [None]  # (blocks, their ids, their group keys, the groups' counts, a block of each) of the last call


_GROUP = attrgetter("region", "kind", "envs", "section")


def environments(doc: Document, names: set[str],
                 regions: Iterable[str] = ("body", "appendix", "back")) -> list[Environment]:
    """The environments of the given names in the given regions, in document order."""
    # indexed once per Document: items ask for a few names each, many times a check
    by_name = doc.kept(environments, lambda: _by_name(doc.environments))
    allowed = {REGIONS[r] for r in regions}
    found = [ie for name in names for ie in by_name.get(name, ())]
    if len(found) > 1:
        found.sort(key=itemgetter(0))
    return [e for _, e in found if e.region in allowed]


def _by_name(envs: list[Environment]) -> dict[str, list[tuple[int, Environment]]]:
    by_name: dict[str, list[tuple[int, Environment]]] = {}
    for i, e in enumerate(envs):
        by_name.setdefault(e.name, []).append((i, e))
    return by_name


def environment_hits(doc: Document, names: set[str], regions: Iterable[str] = ("body", "appendix", "back"),
                     caption: bool = False, limit: int | None = None) -> list[Hit]:
    """The first `limit` environments of the given names in the given regions, quoted as \\begin{name} (with
    their caption)."""
    hits = []
    for e in environments(doc, names, regions)[:limit]:
        line, col = doc.project.files[e.file].line_col(e.offset)
        text = f"\\begin{{{e.name}}}" + (f" ({e.caption[:100]})" if caption and e.caption else "")
        hits.append(Hit(e.file, line, col, text))
    return hits


def hit(doc: Document, block: Block, start: int, end: int, width: int = 220) -> Hit:
    """A Hit for text[start:end] of a block: its file, line, column and the sentence around it."""
    file, offset = block.text.locate(start)
    line, col = doc.project.files[file].line_col(offset)
    return Hit(file, line, col, _quote(block.text.text, start, end, width))


def _quote(text: str, start: int, end: int, width: int) -> str:
    """The sentence holding text[start:end] on one line, cut to `width` characters around it; remembered (a
    check quotes the same evidence as the last one)."""
    key = (text, start, end, width)
    quote = _QUOTES.get(key)
    if quote is None:
        lo, hi = sentence(text, start, end)
        quote = " ".join(text[lo:hi].split())
        if len(quote) > width:
            rel = len(" ".join(text[lo:start].split()))
            a = max(0, min(rel - width // 3, len(quote) - width))
            quote = ("..." if a else "") + quote[a:a + width].strip() + ("..." if a + width < len(quote) else "")
        _QUOTES.put(key, quote)
    return quote


_QUOTES = Memo(MILLION)  # (block text, match start and end, width) -> the quote


def find(doc: Document, rx: Cue, traps: Cue | None = None, sentence_traps: Cue | None = None,
         limit: int = 3, **where) -> list[Hit]:
    """Up to `limit` hits of `rx` in the allowed blocks, skipping matches that overlap a trap or sit in a
    sentence matching a sentence trap."""
    hits: list[Hit] = []
    allowed = block_filter(doc, **where)
    # one hit per block (its first match): evidence from several places reads better
    for i, (start, end) in matching_blocks(doc, (_key(rx), _key(traps), _key(sentence_traps)),
                                           lambda text: _first(text.text, text.low, rx, traps, sentence_traps),
                                           rx.needs, allowed):
        if allowed(doc.blocks[i]):
            hits.append(hit(doc, doc.blocks[i], start, end))
            if len(hits) >= limit:
                break
    return hits


def _key(c: Cue | None):
    """What a cue matches, for the cache of matches: its patterns."""
    return None if c is None else c.key


def _first(text: str, low: str, rx: Cue, traps: Cue | None, sentence_traps: Cue | None):
    for m in rx.finditer(text, low):
        if not _trapped(text, low, m, traps, sentence_traps):
            return m.start(), m.end()
    return None


def _trapped(text: str, low: str, m: re.Match, traps: Cue | None, sentence_traps: Cue | None) -> bool:
    if traps is None and sentence_traps is None:
        return False
    lo, hi = sentence(text, m.start(), m.end())
    if traps is not None:
        for t in traps.finditer(text, low, lo, hi):
            if t.start() < m.end() and m.start() < t.end():
                return True
    return sentence_traps is not None and bool(sentence_traps.finditer(text, low, lo, hi))
