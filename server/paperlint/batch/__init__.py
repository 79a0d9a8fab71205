"""Batch audits of many papers: discover roots, map `audit_record` over them, write JSON lines, resume.

Importable without the command line: `from paperlint.batch import audit_record, discover`."""

from paperlint.batch.discover import discover
from paperlint.batch.record import audit_record

__all__ = ["audit_record", "discover"]
