"""A minimal editor over a pytest-lsp client: open documents with versions, changes sent as an editor sends
them, workspace edits applied the way a client applies them (refused when made for another version)."""

from __future__ import annotations

import asyncio
import random
import re
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pytest_lsp import LanguageClient

UNITS = {"utf-8": lambda s: len(s.encode("utf-8")), "utf-16": lambda s: len(s.encode("utf-16-le")) // 2,
         "utf-32": len}
TYPED = "abcdefghijklmnopqrstuvwxyz0123456789   {}\\$%é\n"


class Editor:
    def __init__(self, client: LanguageClient, folder: Path, encoding: str | None):
        self.client = client
        self.folder = folder
        self.encoding = encoding or "utf-16"
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        self.edits: list[types.ApplyWorkspaceEditParams] = []

    def uri(self, rel: str) -> str:
        return (self.folder / rel).as_uri()

    def units(self, s: str) -> int:
        return UNITS[self.encoding](s)

    def open(self, rel: str) -> str:
        uri = self.uri(rel)
        if uri not in self.texts:
            self.texts[uri] = (self.folder / rel).read_text()
            self.versions[uri] = 1
            self.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
                uri=uri, language_id="latex", version=1, text=self.texts[uri])))
        return uri

    def close(self, uri: str) -> None:
        del self.texts[uri], self.versions[uri]
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))

    def replace(self, uri: str, text: str) -> None:
        """The whole text at once, as some clients send it."""
        self.versions[uri] += 1
        self.texts[uri] = text
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))

    def insert(self, uri: str, at: types.Position, text: str) -> None:
        self.change(uri, types.Range(start=at, end=at), text)

    def change(self, uri: str, where: types.Range, text: str) -> None:
        """An incremental change, as most clients send it."""
        start, end = self.offset(self.texts[uri], where.start), self.offset(self.texts[uri], where.end)
        self.versions[uri] += 1
        self.texts[uri] = self.texts[uri][:start] + text + self.texts[uri][end:]
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangePartial(range=where, text=text)]))

    def random_change(self, uri: str, rng: random.Random, spare: re.Pattern | None = None) -> None:
        """What a user does most: type one to three characters somewhere, or delete as many (a line break too);
        never on a line `spare` finds something in (when some line is left)."""
        lines = self.texts[uri].split("\n")
        editable = [i for i, text in enumerate(lines) if spare is None or not spare.search(text)] or range(len(lines))
        line = rng.choice(editable)
        col = rng.randrange(len(lines[line]) + 1)
        at = types.Position(line=line, character=self.units(lines[line][:col]))
        if rng.random() < 0.7:
            self.insert(uri, at, "".join(rng.choices(TYPED, k=rng.randint(1, 3))))
        elif col < len(lines[line]):
            end = min(len(lines[line]), col + rng.randint(1, 3))
            self.change(uri, types.Range(start=at, end=types.Position(line=line, character=self.units(
                lines[line][:end]))), "")
        elif line + 1 < len(lines):
            self.change(uri, types.Range(start=at, end=types.Position(line=line + 1, character=0)), "")

    def apply(self, edit: types.WorkspaceEdit) -> None:
        """Apply a workspace edit to open documents; refuse it if it was made for another version."""
        for change in edit.document_changes or []:
            uri, version = change.text_document.uri, change.text_document.version
            if uri not in self.texts:  # an editor opens the file to edit it
                self.open(Path(unquote(urlparse(uri).path)).relative_to(self.folder).as_posix())
            if version is not None and version != self.versions.get(uri):
                raise ValueError(f"edit for version {version} of {uri}, which is at {self.versions.get(uri)}")
            for e in sorted(change.edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
                self.change(uri, e.range, e.new_text)

    def offset(self, text: str, at: types.Position) -> int:
        lines = text.split("\n")
        start = sum(len(line) + 1 for line in lines[:at.line])
        line, units = lines[at.line] if at.line < len(lines) else "", 0
        for i, ch in enumerate(line):
            if units >= at.character:
                return start + i
            units += self.units(ch)
        return start + len(line)

    async def diagnostics(self, uri: str, until=lambda ds: bool(ds), timeout: float = 20.0) -> list:
        """The diagnostics published for `uri`, once `until` holds for them."""
        deadline = time.monotonic() + timeout
        while not until(self.client.diagnostics.get(uri, [])):
            if time.monotonic() > deadline:
                raise AssertionError(f"diagnostics of {uri} never satisfied the condition: "
                                     f"{[(d.code, d.message) for d in self.client.diagnostics.get(uri, [])]}")
            await asyncio.sleep(0.05)
        return list(self.client.diagnostics.get(uri, []))

    async def message(self, *words: str, timeout: float = 20.0) -> str:
        """The first window/showMessage containing every word."""
        deadline = time.monotonic() + timeout
        while True:
            for m in self.client.messages:
                if all(w in m.message for w in words):
                    return m.message
            if time.monotonic() > deadline:
                raise AssertionError(f"no message with {words}: {[m.message for m in self.client.messages]}")
            await asyncio.sleep(0.05)

    async def command(self, name: str, *args):
        return await self.client.workspace_execute_command_async(types.ExecuteCommandParams(command=name,
                                                                                            arguments=list(args)))

    async def actions(self, uri: str, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
        return await self.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]))) or []

    def configure(self, settings: dict) -> None:
        self.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
            settings={"paperlint": settings}))


def by_code(diagnostics, code: str):
    return next((d for d in diagnostics if d.code == code), None)
