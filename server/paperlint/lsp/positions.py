"""Our positions (1-based lines, 1-based columns in code points) in the client's encoding (UTF-16 by default)."""

from __future__ import annotations

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from paperlint.project.model import SourceFile


def position(src: SourceFile | None, line: int, column: int, codec: PositionCodec) -> types.Position:
    if src is None:
        return types.Position(line=max(0, line - 1), character=0)
    text = src.line_text(line) if 1 <= line <= last_line(src) else ""
    return types.Position(line=max(0, line - 1), character=units(text[:max(0, column - 1)], codec))


def line_range(src: SourceFile | None, line: int, column: int, codec: PositionCodec) -> types.Range:
    """From `column` to the end of the line's text: where a diagnostic about a heading or a sentence sits."""
    start = position(src, line, column, codec)
    if src is None or not 1 <= line <= last_line(src):
        return types.Range(start=start, end=start)
    text = src.line_text(line).rstrip()
    end = types.Position(line=start.line, character=max(start.character, units(text, codec)))
    return types.Range(start=start, end=end)


def units(text: str, codec: PositionCodec) -> int:
    """The length of `text` in the client's code units: codec.client_num_units(text) without its Python loop
    over the characters (2 ms a check on a paper's long lines)."""
    if text.isascii() or codec.encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    if codec.encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2  # any other encoding is UTF-16, as for pygls


def last_line(src: SourceFile) -> int:
    return src.line_col(len(src.text))[0]


def offset(src: SourceFile, line: int, column: int) -> int:
    """The offset in the text of a 1-based line and column (code points)."""
    return sum(len(x) + 1 for x in src.text.split("\n")[:line - 1]) + column - 1
