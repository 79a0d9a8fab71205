"""Bounded memo tables for the incremental pipeline.

Every stage caches what it computes under a key that contains the text it depends on, so an edit only
recomputes the pieces whose text changed and results never go stale. Each table holds at most `budget`
characters of key text (or `budget` entries when its keys hold no text) and forgets first the entries whose
last use is in the oldest check: the current paper's entries are used at every check, the versions an edit
replaced age out.
`clear_all()` empties every table.

Budgets alone let memory creep up for thousands of edits before the tables are full, so entries also age:
`new_check()` starts a check and forgets every entry no check has used in the last `MAX_AGE` checks. A check
uses all of its paper's entries, so what is forgotten is text an edit replaced, and memory levels off early.
The replaced text is kept for a few checks only (an undo still finds it): keyed by whole paragraphs and files
with parse trees many times their size as values, 32 checks of it let a server grow by 15 % over 10,000 edits,
8 checks by 1 %. A second paper open in the same server, not checked for 8 checks, is re-parsed when it is.

A check allocates hundreds of thousands of objects, which makes Python's cyclic garbage collector walk every
object alive, all the cached trees included: up to 100 ms in the middle of a check of a large paper, and a
quarter of the time of a cold check. The pipeline makes almost no reference cycles (0 to 36 unreachable objects
per dev paper), so `checking()` runs a check without the collector and then freezes what survived (cache
entries, freed by reference counting when forgotten); `collect_all()` looks at everything for the rare cycles,
every few dozen checks, in idle time.
"""

from __future__ import annotations

import gc
import itertools
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager

_MISSING = object()
_ALL: list[Memo] = []
_TOKENS: dict[Hashable, int] = {}
_NEXT_TOKEN = itertools.count()
MILLION = 1_000_000
MAX_AGE = 8  # checks an unused entry survives
COLLECT_EVERY = 32  # checks between two looks for cyclic garbage among all objects (see checking)
_generation = 0
_collected_at = 0  # the check during which collect_all last ran


def key_chars(key: Hashable, value: object) -> int:
    if isinstance(key, str):
        return len(key)
    if isinstance(key, tuple):
        n = 0
        for k in key:
            if isinstance(k, str):
                n += len(k)
        return n or 1
    return 1


class Memo:
    def __init__(self, budget: int, weigh: Callable[[Hashable, object], int] = key_chars):
        self.budget = budget
        self.weigh = weigh
        self.data: OrderedDict = OrderedDict()  # key -> [value, weight, generation of its last use]
        self.total = 0
        _ALL.append(self)

    def get(self, key, default=None):
        found = self.data.get(key, _MISSING)
        if found is _MISSING:
            return default
        if found[2] != _generation:  # first use in this check: to the back, past the entries not used yet
            found[2] = _generation
            self.data.move_to_end(key)
        return found[0]

    def put(self, key, value) -> None:
        old = self.data.pop(key, None)
        if old is not None:
            self.total -= old[1]
        weight = max(1, self.weigh(key, value))
        self.data[key] = [value, weight, _generation]
        self.total += weight
        while self.total > self.budget and len(self.data) > 1:
            self.total -= self.data.popitem(last=False)[1][1]

    def sweep(self, oldest: int) -> None:
        """Forget the entries last used before generation `oldest` (they sit at the front, least recent first)."""
        data = self.data
        while data:
            key, entry = data.popitem(last=False)
            if entry[2] >= oldest:  # put back in front
                data[key] = entry
                data.move_to_end(key, last=False)
                break
            self.total -= entry[1]

    def clear(self) -> None:
        self.data.clear()
        self.total = 0


def new_check() -> None:
    """Start a check: entries no check has used in the last MAX_AGE checks are forgotten."""
    global _generation
    _generation += 1
    for memo in _ALL:
        memo.sweep(_generation - MAX_AGE)


class Uses:
    """The cache entries a cached result was made from. Reusing the result looks none of them up, so `renew`
    marks them used, every few checks: they live on (MAX_AGE checks after their last use) for when an edit
    needs them again."""

    def __init__(self, entries: list[tuple[Memo, Hashable]]):
        self.entries = entries
        self.renewed = _generation

    def renew(self) -> None:
        if _generation - self.renewed >= MAX_AGE // 2:
            for memo, key in self.entries:
                memo.get(key)
            self.renewed = _generation


def copy_of(obj, **changes):
    """A shallow copy of a cached object, with `changes` (cached results are shared, never changed in place).
    For plain objects (no slots, no __post_init__): a third of the cost of copy.copy or dataclasses.replace."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    new.__dict__.update(changes)
    return new


def clear_all() -> None:
    """Forget everything: the next check recomputes from scratch (and the memory is released)."""
    for memo in _ALL:
        memo.clear()
    collect_all()


@contextmanager
def checking() -> Iterator[None]:
    """Run a check without cyclic garbage collection; afterwards the collector ignores what it made."""
    if not gc.isenabled():  # nested, or the caller manages collection itself
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.freeze()  # what the check made is kept (in the caches) or freed by reference counting already


def collect_due(checks: int = COLLECT_EVERY) -> bool:
    """Whether `checks` checks have started since collect_all last ran."""
    return _generation - _collected_at >= checks


def collect_all() -> None:
    """Look for cyclic garbage among all objects, frozen ones included (tens of ms on a large paper)."""
    global _collected_at
    _collected_at = _generation
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def token(value: Hashable) -> int:
    """A small int standing for a large value in cache keys, so lookups do not hash the value again.
    Tokens are never reused, so a key made with a forgotten value cannot match a new one."""
    found = _TOKENS.get(value)
    if found is None:
        if len(_TOKENS) > 1024:
            _TOKENS.clear()
        found = _TOKENS[value] = next(_NEXT_TOKEN)
    return found
