"""Batch audits of many papers: discover roots, map `audit_record` over them, write JSON lines, resume.

Importable without the command line: `from paperlint.batch import audit_record, discover`. The checker loads
when `audit_record` first runs, so that importing this package or its pool is quick."""

from paperlint.batch.discover import discover
from paperlint.batch.record import audit_record

AUDIT_PRELOAD = ["paperlint.batch.audit", "paperlint.batch.preload"]  # what the audit's workers start with

__all__ = ["audit_record", "discover"]
