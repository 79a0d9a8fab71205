"""How two versions of a sequence (a text, a list of block texts) share their start and end: what an edit kept."""

from __future__ import annotations

from array import array
from collections.abc import Sequence


def common_head(a: Sequence, b: Sequence) -> int:
    """The length of the longest common start of `a` and `b`."""
    return _common(a, b, min(len(a), len(b)), False)


def common_ends(a: Sequence, b: Sequence) -> tuple[int, int]:
    """The lengths of the longest common start and end of `a` and `b`, not overlapping in either."""
    head = common_head(a, b)
    return head, _common(a, b, min(len(a), len(b)) - head, True)


def _common(a: Sequence, b: Sequence, limit: int, from_end: bool) -> int:
    """How many items `a` and `b` share at their start (or end), at most `limit`. Slices are compared, which
    runs in C: of doubling length until one differs, then halving inside it. Each item is copied about twice
    (halving from the whole length copied the common part once per step: 0.3 ms for a 400 KB text)."""
    def same(i: int, j: int) -> bool:  # a and b agree on items i to j from their start (or end)
        if from_end:
            return a[len(a) - j:len(a) - i] == b[len(b) - j:len(b) - i]
        return a[i:j] == b[i:j]

    lo, step = 0, 64
    while True:  # a and b agree on their first `lo` items
        hi = min(lo + step, limit)
        if lo == hi:
            return lo
        if not same(lo, hi):
            break
        lo, step = hi, step * 2
    hi -= 1  # they differ before `hi`
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if same(lo, mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def ids_of(items: list) -> bytes:
    """The ids of `items`, for same_ends: as bytes, compared in C rather than one object at a time."""
    return array("Q", map(id, items)).tobytes()


def same_ends(last_ids: bytes, ids: bytes) -> tuple[int, int]:
    """How many items at the start and at the end of a list are the very objects at the start and end of an earlier
    one, given the ids_of both. The earlier list must still be alive, so that no id is reused."""
    head, tail = common_ends(last_ids, ids)
    return head // 8, tail // 8
