"""Bounded memo tables for the incremental pipeline.

Every stage caches what it computes under a key that contains the text it depends on, so an edit only
recomputes the pieces whose text changed and results never go stale. `clear_all()` empties every table.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Hashable

_MISSING = object()
_ALL: list[Memo] = []
_TOKENS: dict[Hashable, int] = {}
_NEXT_TOKEN = itertools.count()


class Memo:
    """A dict that forgets its least recently used entries beyond `size`."""

    def __init__(self, size: int):
        self.size = size
        self.data: OrderedDict = OrderedDict()
        _ALL.append(self)

    def get(self, key, default=None):
        value = self.data.get(key, _MISSING)
        if value is _MISSING:
            return default
        self.data.move_to_end(key)
        return value

    def put(self, key, value) -> None:
        self.data[key] = value
        self.data.move_to_end(key)
        if len(self.data) > self.size:
            self.data.popitem(last=False)

    def clear(self) -> None:
        self.data.clear()


def clear_all() -> None:
    """Forget everything: the next check recomputes from scratch (and the memory is released)."""
    for memo in _ALL:
        memo.clear()


def token(value: Hashable) -> int:
    """A small int standing for a large value in cache keys, so lookups do not hash the value again.
    Tokens are never reused, so a key made with a forgotten value cannot match a new one."""
    found = _TOKENS.get(value)
    if found is None:
        if len(_TOKENS) > 1024:
            _TOKENS.clear()
        found = _TOKENS[value] = next(_NEXT_TOKEN)
    return found
