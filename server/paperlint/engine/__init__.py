"""Stage 5: evaluating checklist items against a paper. Knows nothing of LSP or terminals."""

from paperlint.engine.check import check_path, check_project
from paperlint.engine.evaluate import evaluate
from paperlint.engine.report import Report, Verdict

__all__ = ["Report", "Verdict", "check_path", "check_project", "evaluate"]
