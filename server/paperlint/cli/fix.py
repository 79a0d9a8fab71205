"""`paperlint fix`: apply the quick fixes the language server offers, and print the diff.

Snippets are inserted as whole lines, at line starts; every byte the author wrote stays as it was (encoding, line
endings, a byte-order mark). A snippet already inserted (its `% paperlint: ITEM` line is in the file) is not
inserted again. In a venue checklist, a placeholder (`\\answerTODO{}`, an empty or TODO justification) is
replaced by the answer or justification the evidence supports, only where the placeholder still is."""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

from paperlint.cli.formats.common import display_path
from paperlint.engine.fixes import Edit, StaleEdit, answer_fix, item_fix
from paperlint.engine.report import Report

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _decode(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"  # as the checker read it


def insert(text: str, edits: list[Edit]) -> str:
    """`text` with each edit's lines inserted before its line (after the last line when past the end)."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = _LINES.findall(text[len(bom):])
    nl = m.group(0) if (m := re.search(r"\r\n|\r|\n", text)) else "\n"
    at: dict[int, list[str]] = {}
    for e in edits:
        at.setdefault(min(e.line, len(lines) + 1), []).append(e.text.replace("\n", nl))
    if len(lines) + 1 in at and lines and not lines[-1].endswith(("\n", "\r")):
        at[len(lines) + 1].insert(0, nl)  # the last line had no line break: the insertion starts one
    out = [bom]
    for i, line in enumerate(lines + [""], 1):
        out += at.get(i, [])
        out.append(line)
    return "".join(out)


def replace_placeholders(text: str, edits: list[Edit]) -> tuple[str, list[str]]:
    """`text` with each placeholder replaced, from the last to the first so earlier positions hold; and why the
    edits that could not be made were skipped."""
    skipped = []
    for e in sorted(edits, key=lambda e: (e.line, e.column), reverse=True):
        try:
            text = e.apply(text)
        except StaleEdit as why:
            skipped.append(str(why))
    return text, skipped


def _planned(reports: list[Report]) -> dict[Path, tuple[Report, list[Edit]]]:
    plan: dict[Path, tuple[Report, list[Edit]]] = {}
    for r in reports:
        for v in r.verdicts:
            edit = item_fix(v) or answer_fix(v)
            if edit is None:
                continue
            path = (Path(r.folder) / edit.file).resolve()
            edits = plan.setdefault(path, (r, []))[1]
            if edit not in edits:  # a file shared by two papers gets the same snippet once
                edits.append(edit)
    return plan


def fix(reports: list[Report], dry_run: bool = False) -> tuple[int, set[Path]]:
    """Apply (or with dry_run only show) the fixes; print a unified diff. Returns how many fixes were applied,
    and the files changed."""
    total, files = 0, set()
    for path, (report, edits) in _planned(reports).items():
        data = path.read_bytes()
        text, encoding = _decode(data)
        have = {line.rstrip("\r\n") for line in _LINES.findall(text)}
        answers = [e for e in edits if e.replaces or e.column > 1]
        inserts = [e for e in edits if e not in answers and e.text.split("\n", 1)[0] not in have]
        # the answers first, each on its own line, so the line numbers of the insertions still hold
        answers = [e for e in answers if "\n" not in e.text]
        new, skipped = replace_placeholders(text, answers)
        for why in skipped:
            print(f"paperlint: left as it is: {why}", file=sys.stderr)
        new = insert(new, inserts)
        if new == text:
            continue
        name = display_path(report, edits[0].file)
        a, b = (name, name) if Path(name).is_absolute() else (f"a/{name}", f"b/{name}")
        sys.stdout.writelines(difflib.unified_diff(text.splitlines(keepends=True), new.splitlines(keepends=True), a, b))
        if not dry_run:
            path.write_bytes(new.encode(encoding))
        total += len(inserts) + len(answers) - len(skipped)
        files.add(path)
    return total, files
