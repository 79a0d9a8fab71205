"""Imported by the audit's fork server before it starts any worker: the built-in profiles compiled here are
inherited by every worker it forks, so none spends half a second compiling them again (a replaced worker
neither)."""

from paperlint.checklist.registry import compile_builtin

compile_builtin()
