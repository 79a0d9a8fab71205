"""Stage 2: LaTeX parsing with pylatexenc: a fast tolerant walker, user macros, chunks cached by their text."""

from paperlint.latex.macros import UserMacro, discover_macros
from paperlint.latex.parse import Chunk, parse_file

__all__ = ["Chunk", "UserMacro", "discover_macros", "parse_file"]
