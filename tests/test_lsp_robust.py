"""`paperlint serve` given what a confused or buggy client sends, and failing inside: each misuse is ignored or
answered with an error, never applied to the wrong text, and the server keeps serving (docs/lsp.md)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import pytest_lsp
from conftest import SAMPLES
from failing_server import MARK
from lsp_editor import Editor, by_code
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.workspace.position_codec import PositionCodec
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from test_lsp import EXPERIMENTS, HARDWARE, MAIN, SERVER, start

from paperlint.lsp.positions import units
from paperlint.lsp.server import make_server

pytestmark = pytest.mark.asyncio(loop_scope="module")

LIMITS = "limitations_discussed"  # on main.tex, on the line of \section{Conclusion}


@contextlib.asynccontextmanager
async def session_on_sample(request, lsp_client: LanguageClient, name: str):
    """A session of the client on a fresh copy of the multi-file sample, as VS Code."""
    folder = request.getfixturevalue("tmp_path_factory").mktemp(name) / "paper"
    shutil.copytree(SAMPLES / "multifile", folder)
    lsp_client.editor = await start(lsp_client, folder, client_capabilities("visual-studio-code"))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(request, lsp_client: LanguageClient):
    async with session_on_sample(request, lsp_client, "robust"):
        yield


@pytest.fixture(scope="module")
def editor(client) -> Editor:
    return client.editor


def send(editor: Editor, uri: str, version: int, where: types.Range | None, text: str) -> None:
    """A change as a buggy client sends it, the editor's own text untouched."""
    change = (types.TextDocumentContentChangePartial(range=where, text=text) if where else
              types.TextDocumentContentChangeWholeDocument(text=text))
    editor.client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[change]))


def span(a: int, b: int, c: int, d: int) -> types.Range:
    return types.Range(start=types.Position(line=a, character=b), end=types.Position(line=c, character=d))


async def serves_the_editors_text(editor: Editor) -> None:
    """An ordinary edit is checked, and the text the server holds is the editor's: the finding it reports for
    the new version sits on the line where the editor has the heading."""
    main = editor.uri(MAIN)
    editor.insert(main, types.Position(line=0, character=0), "% an ordinary edit\n")
    d = by_code(await editor.diagnostics(main, until=lambda ds: by_code(ds, LIMITS) and by_code(
        ds, LIMITS).data["version"] == editor.versions[main]), LIMITS)
    assert d.range.start.line == editor.texts[main].split("\n").index("\\section{Conclusion}")


async def test_a_change_to_a_document_never_opened_is_ignored(editor: Editor):
    exp = editor.uri(EXPERIMENTS)
    assert exp not in editor.texts
    send(editor, exp, 2, span(5, 0, 5, 0), HARDWARE)
    await editor.message("ignored a change", "sections/experiments.tex", "not open")
    await serves_the_editors_text(editor)
    assert by_code(editor.client.diagnostics[exp], "hardware_specified")  # still checked from the disk


async def test_a_change_whose_version_does_not_follow_is_ignored(editor: Editor):
    main = editor.uri(MAIN)
    version = editor.versions[main]
    send(editor, main, version, span(0, 0, 0, 0), "\n\n\n")  # the same version again
    send(editor, main, 1, None, "")  # an older one, emptying the text
    await editor.message("ignored a change", f"version {version} does not follow version {version}")
    await serves_the_editors_text(editor)


@pytest.mark.parametrize("where, text", [(span(0, 0, 9999, 0), ""), (span(0, 5, 0, 2), "\n\n\n")],
                         ids=["past-the-end", "end-before-start"])
async def test_a_change_with_a_range_outside_the_text_is_ignored(editor: Editor, where, text):
    main = editor.uri(MAIN)
    editor.versions[main] += 1  # the buggy client counted its change
    send(editor, main, editor.versions[main], where, text)
    await editor.message("ignored a change", "range")
    await serves_the_editors_text(editor)


async def test_a_position_past_the_end_of_a_line_stands_for_its_end(editor: Editor):
    main = editor.uri(MAIN)
    line = editor.texts[main].split("\n").index("\\section{Conclusion}") - 1
    editor.versions[main] += 1
    send(editor, main, editor.versions[main], span(line, 9999, line, 9999), "\n% typed at the end of the line")
    editor.texts[main] = editor.texts[main].replace("\n\\section{Conclusion}",
                                                    "\n% typed at the end of the line\n\\section{Conclusion}")
    await serves_the_editors_text(editor)


async def test_an_unknown_command_is_answered_with_an_error(editor: Editor):
    with pytest.raises(JsonRpcException, match="paperlint.nothing"):
        await editor.command("paperlint.nothing", editor.uri(MAIN))
    await serves_the_editors_text(editor)


async def test_a_command_with_bad_arguments_says_what_it_needs(editor: Editor):
    assert await editor.command("paperlint.report") is None
    assert await editor.command("paperlint.showReport", 42) is None
    await editor.message("needs the uri of a file of the paper")
    assert await editor.command("paperlint.insertChecklist", editor.uri("nowhere/paper.tex")) is False
    await editor.message("nowhere/paper.tex", "is not open")
    await serves_the_editors_text(editor)
    assert (await editor.command("paperlint.report", editor.uri(MAIN)))["root"] == MAIN


async def test_a_quick_fix_for_an_old_version_never_touches_the_new_text(editor: Editor):
    main = editor.uri(MAIN)
    old = by_code(await editor.diagnostics(main, until=lambda ds: by_code(ds, LIMITS) and by_code(
        ds, LIMITS).data["version"] == editor.versions[main]), LIMITS)
    fix = (await editor.actions(main, old))[0]
    assert fix.edit.document_changes[0].text_document.version == old.data["version"]  # the version it was made for
    editor.insert(main, types.Position(line=0, character=0), "% three lines\n% above the\n% old finding\n")
    assert await editor.actions(main, old) == []  # its line is not the finding's any more
    change = fix.edit.document_changes[0]  # applied anyway by a client that sends the version it was made for
    send(editor, main, change.text_document.version, change.edits[0].range, change.edits[0].new_text)
    await serves_the_editors_text(editor)
    new = by_code(editor.client.diagnostics[main], LIMITS)
    suppress = next(a for a in await editor.actions(main, new) if a.title.startswith("Suppress"))
    edit = suppress.edit.document_changes[0]
    assert edit.text_document.version == editor.versions[main]
    assert edit.edits[0].range.start.line == editor.texts[main].split("\n").index("\\section{Conclusion}")


async def test_a_code_action_for_a_malformed_diagnostic_is_answered_with_nothing(editor: Editor):
    d = by_code(editor.client.diagnostics[editor.uri(MAIN)], LIMITS)
    d.data = {"item": ["not", "an", "id"], "version": editor.versions[editor.uri(MAIN)]}
    assert await editor.actions(editor.uri(MAIN), d) == []
    assert not [m for m in editor.client.messages if m.type == types.MessageType.Error]


async def test_random_edits_with_requests_in_between(editor: Editor):
    rng = random.Random(20261122)
    main, exp = editor.uri(MAIN), editor.open(EXPERIMENTS)
    originals = {uri: editor.texts[uri] for uri in (main, exp)}
    try:
        for i in range(300):
            uri = rng.choice([main, exp])
            editor.random_change(uri, rng)
            if i % 10 == 9:
                ds = await editor.diagnostics(uri, until=lambda ds: ds and all(
                    d.data["version"] == editor.versions[uri] for d in ds))
                d = rng.choice(ds)
                await editor.client.text_document_hover_async(types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=uri), position=d.range.start))
                await editor.actions(uri, d)
    finally:
        for uri, text in originals.items():
            editor.replace(uri, text)
    await serves_the_editors_text(editor)
    assert not [m for m in editor.client.messages if m.type == types.MessageType.Error]


FAILING = ClientServerConfig(server_command=[sys.executable, str(Path(__file__).with_name("failing_server.py"))])


@pytest_lsp.fixture(scope="module", config=FAILING)
async def failing(request, lsp_client: LanguageClient):
    async with session_on_sample(request, lsp_client, "failing"):
        yield


async def test_an_internal_error_is_one_message_and_the_server_keeps_serving(failing):
    editor = failing.editor
    main = editor.uri(MAIN)
    d = by_code(await editor.diagnostics(main, until=lambda ds: by_code(ds, LIMITS)), LIMITS)
    for _ in range(3):  # every check of this text fails; the last good check answers
        editor.insert(main, types.Position(line=0, character=0), MARK + "\n")
        assert await editor.client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=main), position=d.range.start))
    await editor.message("checking main.tex failed", "RuntimeError", "keeps serving")
    errors = [m for m in editor.client.messages if m.type == types.MessageType.Error]
    assert len(errors) == 1
    assert any("an unforeseen failure" in m.message for m in editor.client.log_messages)  # the details
    editor.replace(main, editor.texts[main].replace(MARK + "\n", ""))
    await serves_the_editors_text(editor)
    assert len([m for m in editor.client.messages if m.type == types.MessageType.Error]) == 1


def receiver(server):
    """A function handing the server a message, as if the client had sent it."""
    def receive(method: str, params: dict | None, id: int | None = None) -> None:
        message = {"jsonrpc": "2.0", "method": method, "params": params} | ({"id": id} if id is not None else {})
        server.protocol.handle_message(server.protocol.structure_message(message))
    return receive


class Sink:
    def __init__(self):
        self.sent: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.sent.append(data)

    def close(self) -> None:
        pass


async def test_notifications_leave_nothing_behind_in_the_protocol(tmp_path):
    """pygls files the future of each handler it runs; those of notifications with built-in handlers (didOpen,
    didChange, ...) were never taken out: one per edit, about 1.5 KB a keystroke for the whole session."""
    server = make_server()
    server.protocol.set_writer(Sink(), include_headers=False)
    receive = receiver(server)

    main = tmp_path / "main.tex"
    main.write_text("\\documentclass{article}\n\\begin{document}\nText.\n\\end{document}\n")
    uri = main.as_uri()
    receive("initialize", {"capabilities": {}, "rootUri": tmp_path.as_uri(),
                           "initializationOptions": {"paperlint": {"run": "onSave"}}}, id=1)
    receive("initialized", {})
    receive("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "latex", "version": 1,
                                                      "text": main.read_text()}})
    for version in range(2, 102):
        receive("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [
            {"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": "x"}]})
    receive("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 0}}, id=2)
    paper = server.papers[main]
    await asyncio.wait_for(paper.ready.wait(), 60)
    for _ in range(100):  # the hover's answer
        if not server.protocol._request_futures:
            break
        await asyncio.sleep(0.01)
    assert server.workspace.get_text_document(uri).source.count("x") == 100 + main.read_text().count("x")
    assert server.protocol._request_futures == {}
    server.worker.shutdown()


async def test_a_shutdown_while_a_command_waits_for_a_check_is_answered(tmp_path):
    """pygls cancels the requests still running when a shutdown comes, iterating over them; a command (run by
    pygls as a generator) removes itself when cancelled, which failed the shutdown with "dictionary changed size
    during iteration", and VS Code's restart of the server with it."""
    server = make_server()
    sink = Sink()
    server.protocol.set_writer(sink, include_headers=False)
    receive = receiver(server)

    shutil.copytree(SAMPLES / "multifile", tmp_path / "paper")
    main = tmp_path / "paper" / "main.tex"
    receive("initialize", {"capabilities": {}, "rootUri": main.parent.as_uri()}, id=1)
    receive("initialized", {})
    receive("textDocument/didOpen", {"textDocument": {"uri": main.as_uri(), "languageId": "latex", "version": 1,
                                                      "text": main.read_text()}})
    receive("workspace/executeCommand", {"command": "paperlint.report", "arguments": [main.as_uri()]}, id=2)
    receive("shutdown", None, id=3)  # the report waits for the check of the paper just opened
    for _ in range(500):
        answers = {m.get("id"): m for m in map(json.loads, sink.sent) if "id" in m and "method" not in m}
        if 3 in answers:
            break
        await asyncio.sleep(0.01)
    assert answers[3] == {"jsonrpc": "2.0", "id": 3, "result": None}
    server.worker.shutdown()


async def test_the_look_for_cyclic_garbage_waits_for_a_pause_in_the_typing(monkeypatch):
    """The look (tens of ms on a large paper, not interruptible) runs in idle time, but only once no check has
    ended for QUIET_BEFORE_COLLECT seconds: a keystroke never waits for it."""
    from paperlint.lsp import server as module
    loop = asyncio.get_running_loop()
    looks: list[float] = []
    monkeypatch.setattr(module, "QUIET_BEFORE_COLLECT", 0.2)
    monkeypatch.setattr(module, "collect_due", lambda checks=0: not looks)
    monkeypatch.setattr(module, "collect_all", lambda: looks.append(loop.time()))
    server = make_server()
    server.checked_at = loop.time()  # a check has just ended
    server.start()
    await server.runner
    assert looks == []  # idle, but the typing may go on
    await asyncio.sleep(0.1)
    server.checked_at = loop.time()  # another keystroke, another check: the pause starts again
    for _ in range(300):
        if looks:
            break
        await asyncio.sleep(0.01)
    assert len(looks) == 1 and looks[0] >= server.checked_at + 0.2


async def test_idle_work_stops_for_a_queued_check_but_for_its_first_slice(monkeypatch):
    """After a check, the first slice of idle work tries the cues on the blocks the edit made (about a ms) even
    if the next keystroke is queued meanwhile: typing without a pause would otherwise pile those up. Later
    slices stop as soon as a check is queued."""
    from paperlint.lsp import server as module
    from paperlint.lsp.documents import Paper
    stops: list = []

    def prepare(doc, seconds, stop):
        stops.append(stop)
        return len(stops) == 3

    monkeypatch.setattr(module, "prepare_next_check", prepare)
    monkeypatch.setattr(module, "collect_due", lambda checks=0: False)
    server = make_server()
    checked = SimpleNamespace(document=None)  # what the idle work reads of a check
    server.papers[Path("main.tex")] = Paper(Path("main.tex"), checked=checked, prepared=False)
    server.start()
    await server.runner
    assert stops == [None, server.due, server.due]
    server.worker.shutdown()


async def test_a_paper_forgotten_while_it_is_checked_publishes_nothing_and_takes_no_file_back(monkeypatch, tmp_path):
    """A section opened alone is a paper of its own until the root that includes it is checked; if that paper is
    forgotten while its own check runs, the check's end must not publish for it or move open files back to it (a
    later edit of them then failed with a KeyError)."""
    from paperlint.lsp import server as module
    from paperlint.lsp.documents import check as real_check
    shutil.copytree(SAMPLES / "multifile", tmp_path / "paper")
    main, section = tmp_path / "paper" / "main.tex", tmp_path / "paper" / EXPERIMENTS
    server = make_server()
    pushed: list = []
    monkeypatch.setattr(server, "push", lambda uri, items, version=None: pushed.append((uri, items)))
    files = SimpleNamespace(position_codec=PositionCodec(), get_text_document=lambda uri: SimpleNamespace(
        source=Path(uri.removeprefix("file://")).read_text(), version=1))
    monkeypatch.setattr(type(server), "workspace", property(lambda self: files))  # what the editor has open
    monkeypatch.setattr(module, "root_of", lambda path, text, papers: path)  # each file its own paper, at first
    server.attach(section, section.as_uri(), section.read_text())
    alone = server.papers[section]

    def check(root, texts, versions, settings):  # meanwhile, the root's check finds that it includes the section
        server.roots[section] = main
        server.papers[main] = module.Paper(main)
        server.forget_if_unused(section)
        return real_check(root, texts, versions, settings)

    monkeypatch.setattr(module, "check", check)
    await server.check_paper(alone)
    assert server.roots == {section: main} and section not in server.papers
    assert all(items == [] for _, items in pushed)  # only the clearing of the forgotten paper's diagnostics
    server.worker.shutdown()


@pytest.mark.parametrize("encoding", [types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16,
                                      types.PositionEncodingKind.Utf32, "latin-1"])
async def test_lengths_in_code_units_are_those_of_the_client_encoding(encoding):
    codec = PositionCodec(encoding)
    for text in ["", "plain ascii", "Résumé naïve café", "😀 x", "𝔼[x] ≤ ε and 𝟙", "lone \ud800 surrogate"]:
        assert units(text, codec) == codec.client_num_units(text)
