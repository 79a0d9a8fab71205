"""Our positions (1-based lines, 1-based columns in code points) in the client's encoding (UTF-16 by default)."""

from __future__ import annotations

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from paperlint.project.model import SourceFile


def position(src: SourceFile | None, line: int, column: int, codec: PositionCodec) -> types.Position:
    if src is None:
        return types.Position(line=max(0, line - 1), character=0)
    text = src.line_text(line) if 1 <= line <= last_line(src) else ""
    return types.Position(line=max(0, line - 1), character=codec.client_num_units(text[:max(0, column - 1)]))


def line_range(src: SourceFile | None, line: int, column: int, codec: PositionCodec) -> types.Range:
    """From `column` to the end of the line's text: where a diagnostic about a heading or a sentence sits."""
    start = position(src, line, column, codec)
    if src is None or not 1 <= line <= last_line(src):
        return types.Range(start=start, end=start)
    text = src.line_text(line).rstrip()
    end = types.Position(line=start.line, character=max(start.character, codec.client_num_units(text)))
    return types.Range(start=start, end=end)


def last_line(src: SourceFile) -> int:
    return src.line_col(len(src.text))[0]


def offset(src: SourceFile, line: int, column: int) -> int:
    """The offset in the text of a 1-based line and column (code points)."""
    return sum(len(x) + 1 for x in src.text.split("\n")[:line - 1]) + column - 1
