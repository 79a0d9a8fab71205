"""Reports over audit results: prevalence tables and charts, from the JSON lines alone."""

from paperlint.reports.prevalence import prevalence, read_records

__all__ = ["prevalence", "read_records"]
