"""How two versions of a sequence (a text, a list of block texts) share their start and end: what an edit kept."""

from __future__ import annotations

from array import array
from collections.abc import Sequence


def common_head(a: Sequence, b: Sequence) -> int:
    """The length of the longest common start of `a` and `b` (found by halving: comparing slices runs in C)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_ends(a: Sequence, b: Sequence) -> tuple[int, int]:
    """The lengths of the longest common start and end of `a` and `b`, not overlapping in either."""
    head = common_head(a, b)
    lo, hi = 0, min(len(a), len(b)) - head
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid:] == b[len(b) - mid:]:
            lo = mid
        else:
            hi = mid - 1
    return head, lo


def ids_of(items: list) -> bytes:
    """The ids of `items`, for same_ends: as bytes, compared in C rather than one object at a time."""
    return array("Q", map(id, items)).tobytes()


def same_ends(last_ids: bytes, ids: bytes) -> tuple[int, int]:
    """How many items at the start and at the end of a list are the very objects at the start and end of an earlier
    one, given the ids_of both. The earlier list must still be alive, so that no id is reused."""
    head, tail = common_ends(last_ids, ids)
    return head // 8, tail // 8
