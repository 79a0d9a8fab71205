"""`paperlint serve`: the language server (docs/lsp.md). Each feature is a small handler over the engine.

Checks run one at a time on a worker thread, on the editors' unsaved text; changes that arrive meanwhile are
coalesced into the next check. Between checks, idle time prepares the next one. Requests that need results
(code actions, hover, lenses, commands, pulled diagnostics) wait for a check of the current text.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sys
import threading
import time
import traceback
from urllib.parse import unquote
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import from_fs_path, to_fs_path

from paperlint import __version__
from paperlint.caches import COLLECT_EVERY, clear_all, collect_all, collect_due
from paperlint.engine.check import prepare_next_check, warm_up
from paperlint.engine.fixes import checklist_edit
from paperlint.lsp import actions, hover, lens
from paperlint.lsp.diagnostics import diagnostics
from paperlint.lsp.documents import Paper, check, root_of
from paperlint.lsp.settings import CONFIG_FILES, Settings, read_settings
from paperlint.project.compiled import tex_root_comment

log = logging.getLogger("paperlint.lsp")

REPORT, SHOW_REPORT, INSERT_CHECKLIST = "paperlint.report", lens.SHOW_REPORT, "paperlint.insertChecklist"
IDLE_SLICE = 0.005  # seconds of idle work between looks at the queue of papers to check
# The look for cyclic garbage (caches.collect_all) cannot be cut short and takes tens of ms on a large paper:
# it waits for a pause in the typing, so that no keystroke waits for it
QUIET_BEFORE_COLLECT = 0.5
FRESH_TIMEOUT = 60.0


class Protocol(LanguageServerProtocol):
    """Changes that cannot apply to the text the server holds (a document never opened, a version not newer than
    the last one, a range outside the text or ending before it starts) are ignored, with a message, rather than
    applied to the wrong text. A position past the end of its line stands for the end of the line (LSP)."""

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        kind, problem = self.unusable(params)
        if problem:
            log.warning("ignored a change to %s: %s", params.text_document.uri, problem)
            hint = "" if kind == "unopened" else " Its diagnostics may be off until the file is closed and opened again."
            self._server.say(f"paperlint: ignored a change to {params.text_document.uri}: {problem}.{hint}",
                             key=f"ignored {kind}")
            return
        yield from super().lsp_text_document__did_change(params)

    def _execute_handler(self, msg_id, handler, callback, args=None, kwargs=None):
        """pygls (2.1.1) files the future of every handler it runs under its message id so that a cancel can find
        it, but only a request's answer takes it out again: the futures of notifications with built-in handlers
        (didOpen, didChange, didClose, ...), filed under a fresh uuid, stayed for the whole session, about 1.5 KB
        per edit. A future leaves the table once it is done."""
        super()._execute_handler(msg_id, handler, callback, args, kwargs)
        future = self._request_futures.get(msg_id)
        if future is not None:
            future.add_done_callback(functools.partial(self._forget_future, msg_id))

    def _forget_future(self, msg_id, future) -> None:
        if self._request_futures.get(msg_id) is future:
            del self._request_futures[msg_id]

    def unusable(self, params: types.DidChangeTextDocumentParams) -> tuple[str, str | None]:
        """(kind, what is wrong) of a change that cannot apply; ("", None) when it can."""
        doc = self.workspace.text_documents.get(unquote(params.text_document.uri))
        if doc is None:
            return "unopened", "the document is not open"
        if doc.version is not None and params.text_document.version <= doc.version:
            return "version", f"version {params.text_document.version} does not follow version {doc.version}"
        lines = doc.source.count("\n")
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                start, end = change.range.start, change.range.end
                if (end.line, end.character) < (start.line, start.character):
                    return "range", "a range ends before it starts"
                if end.line > lines:
                    return "range", f"a range reaches line {end.line}, past the last line ({lines})"
                lines += change.text.count("\n") - (end.line - start.line)
            else:
                lines = change.text.count("\n")
        return "", None


class PaperlintServer(LanguageServer):
    def __init__(self):
        super().__init__("paperlint", __version__, protocol_cls=Protocol)
        self.settings = Settings()
        self.pull = False  # the client pulls the diagnostics of open documents
        self.papers: dict[Path, Paper] = {}  # root -> paper
        self.open: dict[Path, str] = {}  # open .tex document -> its uri
        self.roots: dict[Path, Path] = {}  # open .tex document -> the root of its paper
        self.magic: dict[Path, str | None] = {}  # open .tex document -> its `% !TEX root`
        self.pushed: set[str] = set()  # uris whose pushed diagnostics are not empty
        self.worker = ThreadPoolExecutor(1, thread_name_prefix="paperlint-check")
        self.timers: dict[Path, asyncio.TimerHandle] = {}
        self.queue: dict[Path, None] = {}  # roots to check, in order
        self.due = threading.Event()  # set when a check is queued: the idle work running stops for it
        self.runner: asyncio.Task | None = None
        self.checked_at = 0.0  # loop time at which the last check ended
        self.wake: asyncio.TimerHandle | None = None  # restarts the idle work after a pause
        self.shown: set[str] = set()
        self.unsaid: list[str] = []  # messages from `initialize`, shown once the client is ready

    # -- telling the user -----------------------------------------------------------------------------
    def say(self, message: str, kind: types.MessageType = types.MessageType.Warning, key: str | None = None) -> None:
        """Show a message once per session: the server stays calm."""
        if (key or message) in self.shown:
            return
        self.shown.add(key or message)
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def failed(self, what: str, error: BaseException) -> None:
        details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        log.error("%s failed:\n%s", what, details)
        try:
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Error,
                                                           message=f"paperlint: {what} failed:\n{details}"))
            self.say(f"paperlint: {what} failed ({type(error).__name__}: {error}); it keeps serving. "
                     "The output log has the details.", types.MessageType.Error, key=f"{what}:{type(error).__name__}")
        except Exception:  # the client is gone: nothing more to tell
            log.exception("cannot report the failure to the client")

    def trace(self, message: str) -> None:
        if self.protocol.trace not in (None, types.TraceValue.Off):
            self.log_trace(types.LogTraceParams(message=message))

    # -- papers and documents -------------------------------------------------------------------------
    def uri_of(self, path: Path) -> str:
        return self.open.get(path) or from_fs_path(str(path)) or path.as_uri()

    def attach(self, path: Path, uri: str, text: str) -> None:
        """Remember an open document and the paper it belongs to."""
        self.open[path] = uri
        self.magic[path] = tex_root_comment(text)
        root = root_of(path, text, self.papers)
        old = self.roots.get(path)
        self.roots[path] = root
        self.papers.setdefault(root, Paper(root))
        if old is not None and old != root:
            self.forget_if_unused(old)

    def forget_if_unused(self, root: Path) -> None:
        """Drop a paper none of whose files is open any more, clearing its diagnostics."""
        if root in self.roots.values() or root not in self.papers:
            return
        paper = self.papers.pop(root)
        for uri in paper.published:
            self.push(uri, [])
        timer = self.timers.pop(root, None)
        if timer:
            timer.cancel()
        self.queue.pop(root, None)
        if not self.papers:
            clear_all()  # nothing open: give the memory back

    def adopt(self, paper: Paper) -> None:
        """Open files found to belong to this paper (included by it, without a `% !TEX root`) join it."""
        moved = {path for path, root in self.roots.items() if root != paper.root and self.magic.get(path) is None
                 and paper.checked is not None and paper.checked.includes(path)}
        for path in moved:
            old, self.roots[path] = self.roots[path], paper.root
            self.forget_if_unused(old)

    # -- scheduling -------------------------------------------------------------------------------------
    def schedule(self, paper: Paper, delay: float = 0.0) -> None:
        paper.touched()
        timer = self.timers.pop(paper.root, None)
        if timer:
            timer.cancel()
        if delay > 0:
            self.timers[paper.root] = asyncio.get_running_loop().call_later(delay, self.enqueue, paper.root)
        else:
            self.enqueue(paper.root)

    def enqueue(self, root: Path) -> None:
        self.timers.pop(root, None)
        self.queue[root] = None
        self.due.set()
        self.start()

    def start(self) -> None:
        if self.runner is None or self.runner.done():
            self.runner = asyncio.ensure_future(self.run())

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            if self.queue:
                root = next(iter(self.queue))
                del self.queue[root]
                if root in self.papers:
                    await self.check_paper(self.papers[root])
                continue
            paper = next((p for p in self.papers.values() if not p.prepared and p.checked is not None), None)
            if paper is None:
                if collect_due():  # idle: a good time for the long look, once the typing pauses
                    pause = self.checked_at + QUIET_BEFORE_COLLECT - loop.time()
                    if pause > 0:
                        if self.wake is not None:
                            self.wake.cancel()
                        self.wake = loop.call_later(pause, self.start)
                        return
                    await loop.run_in_executor(self.worker, collect_all)
                    continue
                return
            # A queued check stops a slice, but for the first after a check: it tries the cues on the blocks the
            # edit made (about a ms). Left undone while typing goes on without a pause, those would pile up and
            # every check would try the cues it needs on all of them.
            self.due.clear()  # the queue is empty
            stop = self.due if paper.slices else None
            paper.slices += 1
            try:
                paper.prepared = await loop.run_in_executor(self.worker, prepare_next_check,
                                                            paper.checked.document, IDLE_SLICE, stop)
            except Exception as e:
                paper.prepared = True
                self.failed("preparing the next check", e)
            if paper.prepared:
                self.trace(f"{paper.root.name}: ready for incremental checks")

    async def check_paper(self, paper: Paper) -> None:
        texts, versions = {}, {}
        for path, uri in self.open.items():
            doc = self.workspace.get_text_document(uri)
            texts[path], versions[path] = doc.source, doc.version
        changed_at, paper.changed_at = paper.changed_at, None
        try:
            checked = await asyncio.get_running_loop().run_in_executor(
                self.worker, check, paper.root, texts, versions, self.settings)
        except Exception as e:
            self.failed(f"checking {paper.root.name}", e)
            paper.ready.set()  # requests waiting for it get the last good check
            return
        if self.papers.get(paper.root) is not paper:  # forgotten while checked (its files joined another paper):
            paper.ready.set()  # its diagnostics were cleared, and its files must not return to it
            return
        paper.checked, paper.prepared, paper.slices = checked, False, 0
        self.checked_at = asyncio.get_running_loop().time()
        if paper.changed_at is None:
            paper.ready.set()
        self.publish(paper)
        published = time.perf_counter()
        for message in checked.messages:
            self.say(message)
        self.adopt(paper)
        if changed_at is not None:
            self.trace(f"{paper.root.name}: checked in {1e3 * checked.seconds:.1f} ms ({1e3 * checked.cpu:.1f} ms "
                       f"CPU); {1e3 * (published - changed_at):.1f} ms from the edit to the diagnostics")
        if collect_due(4 * COLLECT_EVERY):  # typing without a pause: idle time may never come
            await asyncio.get_running_loop().run_in_executor(self.worker, collect_all)

    async def fresh(self, path: Path) -> Paper | None:
        """The paper a file belongs to (open, or included by a paper with open files), once checked on the
        editors' current text."""
        root = self.roots.get(path)
        paper = self.papers.get(root) if root else next(
            (p for p in self.papers.values() if p.checked is not None and p.checked.includes(path)), None)
        if paper is None:
            return None
        root = paper.root
        if not paper.ready.is_set():
            if paper.changed_at is not None and root not in self.queue:
                self.enqueue(root)  # now, whatever the debounce or the `run` setting
            await asyncio.wait_for(paper.ready.wait(), FRESH_TIMEOUT)
        return paper if paper.checked is not None else None

    # -- diagnostics ------------------------------------------------------------------------------------
    def publish(self, paper: Paper) -> None:
        """Send the diagnostics of every file whose diagnostics changed, clearing those resolved."""
        new = diagnostics(paper.checked, self.settings, self.workspace.position_codec, self.uri_of)
        refresh = False
        for uri in new.keys() | paper.published.keys():
            items = new.get(uri, [])
            if items == paper.published.get(uri, []):
                continue
            if items:
                paper.published[uri] = items
            else:
                paper.published.pop(uri, None)
            if self.pulled(uri):
                refresh = True
            else:
                self.push(uri, items, paper.checked.versions.get(Path(to_fs_path(uri) or "")))
        if refresh:
            self.workspace_diagnostic_refresh(None)

    def pulled(self, uri: str) -> bool:
        return self.pull and Path(to_fs_path(uri) or "") in self.open

    def push(self, uri: str, items: list, version: int | None = None) -> None:
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=items,
                                                                              version=version))
        (self.pushed.add if items else self.pushed.discard)(uri)

    # -- settings ---------------------------------------------------------------------------------------
    def apply_settings(self, raw) -> None:
        settings, errors = read_settings(raw)
        for e in errors:
            self.say(e)
        if settings != self.settings:
            self.settings = settings
            for paper in self.papers.values():
                self.schedule(paper)


def guarded(default=None):
    """Catch what a handler cannot handle: log it, tell the user once, keep serving."""
    def wrap(f):
        if asyncio.iscoroutinefunction(f):
            @functools.wraps(f)
            async def run_async(ls: PaperlintServer, *args):
                try:
                    return await f(ls, *args)
                except Exception as e:
                    ls.failed(f.__name__.replace("_", " "), e)
                    return default
            return run_async

        @functools.wraps(f)
        def run(ls: PaperlintServer, *args):
            try:
                return f(ls, *args)
            except Exception as e:
                ls.failed(f.__name__.replace("_", " "), e)
                return default
        return run
    return wrap


def _path(uri: str) -> Path:
    return Path(to_fs_path(uri) or uri)


def _is_tex(path: Path) -> bool:
    return path.suffix.lower() in (".tex", ".ltx", ".latex")


def make_server() -> PaperlintServer:
    server = PaperlintServer()

    @server.feature(types.INITIALIZE)
    @guarded()
    def initialize(ls: PaperlintServer, params: types.InitializeParams):
        warm_up()  # half a second, once, rather than in the first check of a paper
        ls.settings, ls.unsaid = read_settings(params.initialization_options)
        ls.protocol.trace = params.trace or types.TraceValue.Off
        caps = params.capabilities
        ls.pull = bool(caps.text_document and caps.text_document.diagnostic and caps.workspace
                       and caps.workspace.diagnostics and caps.workspace.diagnostics.refresh_support)
        if ls.pull:  # advertised only then: a client that pulls without refresh misses changes in other files
            ls.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, types.DiagnosticOptions(
                identifier="paperlint", inter_file_dependencies=True, workspace_diagnostics=False))(pull_diagnostics)

    @server.feature(types.INITIALIZED)
    @guarded()
    async def initialized(ls: PaperlintServer, params: types.InitializedParams):
        for message in ls.unsaid:
            ls.say(message)
        workspace = ls.client_capabilities.workspace
        watch = workspace and workspace.did_change_watched_files
        if watch and watch.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=g) for g in
                        ("**/*.tex", "**/.paperlint.yaml", "**/pyproject.toml", "**/*.{yaml,yml}")]
            try:
                await ls.client_register_capability_async(types.RegistrationParams(registrations=[types.Registration(
                    id="paperlint-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))
            except Exception as e:  # the papers are still checked on save
                log.warning("the client did not register file watching: %s", e)
        if workspace and workspace.configuration:
            await read_configuration(ls)

    @server.feature(types.SHUTDOWN)
    @guarded()
    def shutdown(ls: PaperlintServer, params: None):
        # pygls 2.1.1 then cancels the requests still running while iterating over them, and a request it runs
        # as a generator (a command) removes itself from them as it is cancelled: "dictionary changed size
        # during iteration" failed the shutdown. Cancelled here first, over a copy; pygls finds them done.
        current = ls.protocol.msg_id
        for msg_id, future in list(ls.protocol._request_futures.items()):
            if msg_id != current and not future.done():
                future.cancel()

    async def read_configuration(ls: PaperlintServer) -> None:
        found = await ls.workspace_configuration_async(types.ConfigurationParams(
            items=[types.ConfigurationItem(section="paperlint")]))
        if found and isinstance(found[0], dict) and found[0]:
            ls.apply_settings(found[0])

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @guarded()
    def did_open(ls: PaperlintServer, params: types.DidOpenTextDocumentParams):
        path = _path(params.text_document.uri)
        if not _is_tex(path):
            return
        ls.attach(path, params.text_document.uri, params.text_document.text)
        if ls.pull and params.text_document.uri in ls.pushed:
            ls.push(params.text_document.uri, [])  # pulled from now on
        ls.schedule(ls.papers[ls.roots[path]])

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @guarded()
    def did_change(ls: PaperlintServer, params: types.DidChangeTextDocumentParams):
        path = _path(params.text_document.uri)
        if path not in ls.roots:
            return
        text = ls.workspace.get_text_document(params.text_document.uri).source
        if tex_root_comment(text) != ls.magic.get(path):
            ls.attach(path, params.text_document.uri, text)
        paper = ls.papers[ls.roots[path]]
        if ls.settings.run == "onType":
            ls.schedule(paper, ls.settings.debounce_ms / 1000)
        else:
            paper.touched()  # checked on save, or when a request needs it

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @guarded()
    def did_save(ls: PaperlintServer, params: types.DidSaveTextDocumentParams):
        path = _path(params.text_document.uri)
        if path in ls.roots:
            ls.schedule(ls.papers[ls.roots[path]])
        else:
            recheck_below(ls, path)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @guarded()
    def did_close(ls: PaperlintServer, params: types.DidCloseTextDocumentParams):
        path = _path(params.text_document.uri)
        root = ls.roots.pop(path, None)
        ls.open.pop(path, None)
        ls.magic.pop(path, None)
        if root is None:
            return
        paper = ls.papers.get(root)
        if ls.pull and paper and paper.published.get(params.text_document.uri):
            ls.push(params.text_document.uri, paper.published[params.text_document.uri])  # no longer pulled
        ls.forget_if_unused(root)
        if root in ls.papers:
            ls.schedule(ls.papers[root])  # the file is read from disk again

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @guarded()
    async def did_change_configuration(ls: PaperlintServer, params: types.DidChangeConfigurationParams):
        raw = params.settings
        if isinstance(raw, dict) and isinstance(raw.get("paperlint"), dict):
            ls.apply_settings(raw["paperlint"])
        elif ls.client_capabilities.workspace and ls.client_capabilities.workspace.configuration:
            await read_configuration(ls)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded()
    def did_change_watched_files(ls: PaperlintServer, params: types.DidChangeWatchedFilesParams):
        for change in params.changes:
            path = _path(change.uri)
            if path not in ls.open:  # an open file's truth is the editor's text
                recheck_below(ls, path)

    def recheck_below(ls: PaperlintServer, path: Path) -> None:
        """A file changed on disk: re-check the papers it may belong to or configure."""
        if not (_is_tex(path) or path.name in CONFIG_FILES or path.suffix in (".yaml", ".yml")):
            return
        for paper in ls.papers.values():
            if path.is_relative_to(paper.root.parent) or path.suffix in (".yaml", ".yml"):
                ls.schedule(paper)

    @guarded(types.RelatedFullDocumentDiagnosticReport(items=[]))
    async def pull_diagnostics(ls: PaperlintServer, params: types.DocumentDiagnosticParams):
        paper = await ls.fresh(_path(params.text_document.uri))
        items = paper.published.get(params.text_document.uri, []) if paper else []
        return types.RelatedFullDocumentDiagnosticReport(items=items)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    @guarded()
    async def code_action(ls: PaperlintServer, params: types.CodeActionParams):
        path = _path(params.text_document.uri)
        paper = await ls.fresh(path)
        if paper is None:
            return None
        return actions.code_actions(paper.checked, path, params.context.diagnostics, ls.workspace.position_codec,
                                    ls.uri_of) or None

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @guarded()
    async def on_hover(ls: PaperlintServer, params: types.HoverParams):
        paper = await ls.fresh(_path(params.text_document.uri))
        if paper is None:
            return None
        return hover.hover(paper.checked, paper.published.get(params.text_document.uri, []), params.position)

    @server.feature(types.TEXT_DOCUMENT_CODE_LENS)
    @guarded()
    async def code_lens(ls: PaperlintServer, params: types.CodeLensParams):
        path = _path(params.text_document.uri)
        paper = await ls.fresh(path)
        if paper is None or paper.root != path:
            return None
        return [lens.code_lens(paper.checked.report, params.text_document.uri)]

    async def report_of(ls: PaperlintServer, args: tuple):
        if not args or not isinstance(args[0], str):
            ls.say("paperlint: the command needs the uri of a file of the paper as its first argument")
            return None
        paper = await ls.fresh(_path(args[0]))
        if paper is None:
            ls.say(f"paperlint: {args[0]} is not open, or not a LaTeX file; open a file of the paper first")
        return paper

    @server.command(REPORT)
    @guarded()
    async def report(ls: PaperlintServer, *args):
        paper = await report_of(ls, args)
        if paper is None:
            return None
        if len(args) > 1 and args[1] == "markdown":
            return lens.markdown(paper.checked.report)
        return paper.checked.report.as_dict()

    @server.command(SHOW_REPORT)
    @guarded()
    async def show_report(ls: PaperlintServer, *args):
        paper = await report_of(ls, args)
        return lens.markdown(paper.checked.report) if paper else None

    @server.command(INSERT_CHECKLIST)
    @guarded(False)
    async def insert_checklist(ls: PaperlintServer, *args):
        paper = await report_of(ls, args)
        if paper is None:
            return False
        workspace = ls.client_capabilities.workspace
        if not (workspace and workspace.apply_edit):
            ls.say("paperlint: this editor cannot apply edits sent by a server")
            return False
        edit = checklist_edit(paper.checked.report)
        if edit is None:
            ls.say("paperlint: the paper already has a checklist", types.MessageType.Info)
            return False
        ls.workspace_apply_edit(types.ApplyWorkspaceEditParams(
            edit=actions.workspace_edit(paper.checked, edit, ls.workspace.position_codec, ls.uri_of),
            label=edit.title))
        return True

    return server


def serve(tcp: str | None = None) -> None:
    """Run the server on stdio, or on TCP at HOST:PORT."""
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="paperlint: %(levelname)s %(message)s")
    server = make_server()
    if tcp:
        host, _, port = tcp.rpartition(":")
        server.start_tcp(host or "127.0.0.1", int(port))
    else:
        server.start_io()
