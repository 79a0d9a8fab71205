"""The command line: a thin face over the engine."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """`paperlint`. An audit's workers take about a second to get ready (importing the checker, compiling the
    profiles): they start before the rest of the command line loads, while it finds the papers (`execute` starts
    them otherwise)."""
    if (sys.argv[1:] if argv is None else argv)[:1] == ["audit"]:
        from paperlint.batch import AUDIT_PRELOAD, pool
        pool.start(AUDIT_PRELOAD)
    from paperlint.cli.main import main as run
    return run(argv)
