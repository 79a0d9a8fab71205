"""paperlint: reproducibility checklist linter for the LaTeX sources of ML papers."""

__version__ = "0.1.0"
