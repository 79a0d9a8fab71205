"""Batch audits of many papers: discover roots, map `audit_record` over them, write JSON lines, resume.

Importable without the command line: `from paperlint.batch import audit_record, discover`. `audit_record`
(the checker) is loaded on first use, so that importing this package or its pool is quick."""

from paperlint.batch.discover import discover

AUDIT_PRELOAD = ["paperlint.batch.audit", "paperlint.batch.preload"]  # what the audit's workers start with

__all__ = ["audit_record", "discover"]


def __getattr__(name: str):
    if name == "audit_record":
        from paperlint.batch.record import audit_record
        return audit_record
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
