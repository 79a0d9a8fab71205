"""Which blocks a cue matches, remembered per block text so an edit only matches the blocks it changed.

A cue is a function of a block's text (the first untrapped match of an item's patterns). Each block text
keeps the results of the cues tried on it. A Document lists, per cue, the blocks known to match; blocks not
yet tried with every cue are tried on demand, in document order, so a search that stops after a few hits
costs no more than a plain scan. `complete` tries the remaining cues in idle time: after it, a check only
matches the blocks an edit created.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_left, insort
from collections.abc import Callable, Hashable, Iterator
from operator import itemgetter

from paperlint.caches import MILLION, Memo
from paperlint.cues import literals_in, literals_known
from paperlint.paper.model import Block, Document, Text
from paperlint.sequences import common_ends, same_ends

Match = Callable[[Text], object]  # a block's text -> a result, or None when the cue does not match

_CUES: dict[Hashable, int] = {}
_MATCHERS: list[tuple[Match, int | None]] = []  # (match, bits of the literals it needs, see Cue.needs)
_TRIED = Memo(2 * MILLION)  # block text -> _Tried


class _Tried:
    __slots__ = ("cues", "found", "literals", "known")

    def __init__(self) -> None:
        self.cues = 0  # bit i set: cue i was tried
        self.found: dict[int, object] = {}
        self.literals = self.known = 0  # the cues' literals in the text, of the first `known` literals

    def result(self, cue: int, text: Text):
        if not self.cues >> cue & 1:
            match, needs = _MATCHERS[cue]
            if needs is not None and self.known != literals_known():
                self.literals, self.known = literals_in(text.low), literals_known()
            if needs is None or needs & self.literals:
                found = match(text)
                if found is not None:
                    self.found[cue] = found
            self.cues |= 1 << cue
        return self.found.get(cue)


class _Index:
    """Per Document: for each cue, the blocks tried with every cue that match it; the other blocks.

    Made from the index of the Document checked before when there is one: an edit changes the texts of a few
    blocks, and the blocks before and after them keep their entries (moved by the number of blocks added)."""

    def __init__(self, doc: Document, last: _Index | None):
        self.blocks = doc.blocks  # not the Document, which holds this index: no cycle, freed without the collector
        self.cues = len(_MATCHERS)
        self.known = -1  # literals_known() when `literals` was made
        self.literals: list[int] = []  # per pending block, the bits of the cues' literals it holds
        if last is not None and last.cues != self.cues:
            last = None
        # the blocks that are the last index's own objects keep their texts; the others' texts are compared
        # (copies moved by an edit before them have the same): reading every block of a paper after a check
        # costs more than the rest of this
        self.ids = doc.block_ids()
        same_head, same_tail = same_ends(last.ids if last is not None else b"", self.ids)
        n, m = len(self.blocks), len(last.texts) if last is not None else 0
        texts = [block.text.text for block in self.blocks[same_head:n - same_tail]]
        head = tail = 0
        if last is not None:
            head, tail = common_ends(last.texts[same_head:m - same_tail], texts)
            head, tail = same_head + head, same_tail + tail
            texts = last.texts[:same_head] + texts + last.texts[m - same_tail:]
        self.texts = texts
        stop = len(self.blocks) - tail
        middle = [block.text.kept("_tried", _tried) for block in self.blocks[head:stop]]
        self.tried = middle if last is None else last.tried[:head] + middle + last.tried[len(last.texts) - tail:]
        self.lists: list[list[tuple[int, object]]] = [[] for _ in range(self.cues)]
        self.pending: list[int] = []
        if last is not None:
            moved = len(self.blocks) - len(last.texts)
            for cue, entries in enumerate(last.lists):
                if entries:
                    self.lists[cue] = entries[:bisect_left(entries, head, key=_BLOCK)]
            # blocks left pending before may have been tried with every cue since (in idle time)
            before = [i for i in last.pending if i < head]
            after = [i + moved for i in last.pending if i >= len(last.texts) - tail]
        else:
            before = after = []
        self._add(before + list(range(head, stop)))
        if last is not None:
            for cue, entries in enumerate(last.lists):
                if entries:
                    kept = entries[bisect_left(entries, len(last.texts) - tail, key=_BLOCK):]
                    self.lists[cue] += kept if not moved else [(i + moved, result) for i, result in kept]
        self._add(after)

    def _add(self, blocks: list[int]) -> None:
        """List blocks (ascending, after those listed so far) as matching or pending."""
        every = (1 << self.cues) - 1
        for i in blocks:
            tried = self.tried[i]
            if tried.cues & every == every:
                for cue, result in tried.found.items():
                    if cue < self.cues:
                        entries = self.lists[cue]
                        if entries and entries[-1][0] > i:  # a pending block before the unchanged ones
                            insort(entries, (i, result), key=_BLOCK)
                        else:
                            entries.append((i, result))
            else:
                self.pending.append(i)

    def candidates(self, needs: int | None) -> list[int]:
        """The pending blocks that hold a literal of `needs`: the others cannot match, and are skipped here
        with one AND each instead of a call per block and cue (most cues need literals most blocks lack)."""
        if needs is None:
            return self.pending
        if self.known != literals_known():
            self.known = literals_known()
            self.literals = [literals_in(self.blocks[i].text.low) for i in self.pending]
        return [i for i, bits in zip(self.pending, self.literals) if bits & needs]


_BLOCK = itemgetter(0)


def _tried(text: str) -> _Tried:
    tried = _TRIED.get(text)
    if tried is None:
        tried = _Tried()
        _TRIED.put(text, tried)
    return tried


def _index(doc: Document) -> _Index:
    return doc.kept(_Index, lambda: _new_index(doc))


def _new_index(doc: Document) -> _Index:
    _LAST[0] = index = _Index(doc, _LAST[0])
    return index


_LAST: list[_Index | None] = [None]  # the index made last, to make the next from


def matching_blocks(doc: Document, key: Hashable, match: Match, needs: int | None = None,
                    allowed: Callable[[Block], bool] | None = None) -> Iterator[tuple[int, object]]:
    """(block index, result) for the blocks of `doc` that `match` matches, in document order, found lazily.
    `match` must depend on the characters of the text alone, and `key` must stand for it (e.g. its patterns).
    `needs`: the bits of literals (cues.literals_in) of which a text must hold one for `match` to match.
    `allowed`: blocks it rejects are not tried (blocks known to match are given whatever it says)."""
    cue = _CUES.get(key)
    if cue is None:
        cue = _CUES[key] = len(_MATCHERS)
        _MATCHERS.append((match, needs))
    index = _index(doc)
    if cue >= index.cues:  # a cue newer than the index: no block is known to match yet
        listed, pending = [], range(len(doc.blocks))
    else:
        listed, pending = index.lists[cue], index.candidates(needs)
    a = b = 0
    while a < len(listed) or b < len(pending):
        if b == len(pending) or (a < len(listed) and listed[a][0] < pending[b]):
            yield listed[a]
            a += 1
        else:
            i = pending[b]
            b += 1
            if allowed is not None and not allowed(doc.blocks[i]):
                continue
            result = index.tried[i].result(cue, doc.blocks[i].text)
            if result is not None:
                yield i, result


def complete(doc: Document, seconds: float, stop: threading.Event | None = None) -> bool:
    """Try every cue on the blocks of `doc` not tried with all of them yet, for up to `seconds`, or until `stop`
    is set (checked after each block). True when nothing is left to try."""
    todo = doc.kept(complete, lambda: list(_index(doc).pending))
    tried = _index(doc).tried
    deadline = time.perf_counter() + seconds
    while todo and time.perf_counter() < deadline and not (stop is not None and stop.is_set()):
        i = todo.pop()
        for cue in range(len(_MATCHERS)):
            tried[i].result(cue, doc.blocks[i].text)
    return not todo
