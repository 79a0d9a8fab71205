"""Imported by the audit's fork server before it starts any worker: the checker loaded and the built-in profiles
compiled here are inherited by every worker it forks, so none spends a second loading them again (a replaced
worker neither). `audit_record` imports the same modules when it first runs."""

import paperlint.engine.check  # noqa: F401
import paperlint.engine.venue  # noqa: F401
import paperlint.paper.build  # noqa: F401
from paperlint.checklist.registry import compile_builtin
from paperlint.cues import compile_all

compile_builtin()
compile_all()  # the facts' cues, made when their module loads
