"""Speed and memory of `paperlint serve`, measured in the server process, on papers built from the dev corpus.

    python bench/lsp_speed.py [--lines 5000] [--edits 200] [--cold-lines 10000] [--cold-runs 5]

- per edit: one-character didChange in a random body file -> diagnostics published, over `--edits` edits,
  as the server reports it ($/logTrace with trace=verbose); the round trip seen by this client is printed too;
- cold open: didOpen of the root of a fresh server -> first diagnostics published, for `--cold-lines` lines, in
  `--cold-runs` fresh servers;
- memory: the server's resident set (VmHWM is the peak) after the edits.
Numbers depend on the machine's load, which is printed with them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

_CHECKED = re.compile(r"checked in ([\d.]+) ms \(([\d.]+) ms CPU\); ([\d.]+) ms from the edit")
_READY = "ready for incremental checks"
CAPABILITIES = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(related_information=True)),
    workspace=types.WorkspaceClientCapabilities(apply_edit=True))


class Client:
    def __init__(self, folder: Path):
        self.folder = folder
        self.lsp = LanguageClient("paperlint-bench", "1")
        self.traces: asyncio.Queue[str] = asyncio.Queue()
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}

        @self.lsp.feature("$/logTrace")
        def trace(params):
            self.traces.put_nowait(params.message)

        @self.lsp.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def diagnostics(params):
            pass

    async def start(self) -> None:
        await self.lsp.start_io(sys.executable, "-m", "paperlint", "serve")
        await self.lsp.initialize_async(types.InitializeParams(
            capabilities=CAPABILITIES, root_uri=self.folder.as_uri(), trace=types.TraceValue.Verbose))
        self.lsp.initialized(types.InitializedParams())

    @property
    def pid(self) -> int:
        return self.lsp._server.pid

    def open(self, path: Path) -> None:
        uri = path.as_uri()
        self.texts[uri], self.versions[uri] = path.read_text(), 1
        self.lsp.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
            uri=uri, language_id="latex", version=1, text=self.texts[uri])))

    def type_char(self, uri: str, rng: random.Random) -> None:
        lines = self.texts[uri].split("\n")
        line = rng.randrange(len(lines))
        col = rng.randrange(len(lines[line]) + 1)
        ch = rng.choice("abcdefghijklmnopqrstuvwxyz ")
        lines[line] = lines[line][:col] + ch + lines[line][col:]
        self.texts[uri] = "\n".join(lines)
        self.versions[uri] += 1
        at = types.Position(line=line, character=len(lines[line][:col].encode("utf-16-le")) // 2)
        self.lsp.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=at, end=at), text=ch)]))

    async def checked(self, timeout: float = 120.0) -> tuple[float, float, float]:
        """(check ms, its CPU ms, edit-to-diagnostics ms) of the next check the server reports."""
        while True:
            m = _CHECKED.search(await asyncio.wait_for(self.traces.get(), timeout))
            if m:
                return float(m.group(1)), float(m.group(2)), float(m.group(3))

    async def ready(self, timeout: float = 300.0) -> None:
        while _READY not in await asyncio.wait_for(self.traces.get(), timeout):
            pass

    async def stop(self) -> None:
        await self.lsp.shutdown_async(None)
        self.lsp.exit(None)
        await self.lsp.stop()


def memory(pid: int) -> dict[str, int]:
    status = Path(f"/proc/{pid}/status").read_text()
    return {k: int(re.search(rf"^{k}:\s+(\d+) kB", status, re.M).group(1)) // 1024 for k in ("VmRSS", "VmHWM")}


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


async def cold_open(lines: int, runs: int) -> None:
    """The first check of `runs` fresh servers: one figure would say more about the machine's minute than about
    the server (the same check takes a third longer in some minutes than in others)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = corpus.build(Path(tmp), lines)
        files = corpus.tex_files(root)
        n = sum(f.read_text().count("\n") for f in files)
        server, cpus, seen, rss = [], [], [], []
        for _ in range(runs):
            client = Client(root.parent)
            await client.start()
            sent = time.perf_counter()
            client.open(root)
            _, cpu, latency = await client.checked()
            seen.append(1e3 * (time.perf_counter() - sent))
            server.append(latency)
            cpus.append(cpu)
            rss.append(memory(client.pid)["VmHWM"])
            await client.stop()
        print(f"cold open, {n} lines in {len(files)} files, {runs} fresh servers: from didOpen to diagnostics in the "
              f"server median {statistics.median(server):.0f} ms, runs {', '.join(f'{x:.0f}' for x in server)} ms "
              f"(CPU of the check median {statistics.median(cpus):.0f} ms; median seen by the client "
              f"{statistics.median(seen):.0f} ms); peak memory {max(rss)} MB")


async def edits(lines: int, count: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = corpus.build(Path(tmp), lines)
        files = corpus.tex_files(root)
        body = [f for f in files if f.parent.name == "sections"]
        n = sum(f.read_text().count("\n") for f in files)
        client = Client(root.parent)
        await client.start()
        for f in files:
            client.open(f)
        await client.checked()
        t = time.perf_counter()
        await client.ready()
        print(f"project: {n} lines in {len(files)} files, all open; ready for incremental checks "
              f"{time.perf_counter() - t:.1f} s after the first diagnostics")
        rng = random.Random(seed)
        sizes = [len(client.texts[f.as_uri()]) for f in body]
        server, seen, cpus = [], [], []
        for _ in range(count):
            uri = rng.choices(body, weights=sizes)[0].as_uri()  # a position uniform over the body's text
            sent = time.perf_counter()
            client.type_char(uri, rng)
            _, cpu, latency = await client.checked()
            seen.append(1e3 * (time.perf_counter() - sent))
            server.append(latency)
            cpus.append(cpu)
        print(f"{count} one-character edits, didChange -> diagnostics published, in the server: "
              f"p50 {pct(server, 0.5):.1f} ms, p95 {pct(server, 0.95):.1f} ms, max {max(server):.1f} ms "
              f"(CPU of the check p50 {pct(cpus, 0.5):.1f} ms, p95 {pct(cpus, 0.95):.1f} ms; client round trip "
              f"p50 {pct(seen, 0.5):.1f} ms, p95 {pct(seen, 0.95):.1f} ms; mean {statistics.mean(server):.1f} ms)")
        print(f"server memory after the edits: {memory(client.pid)} MB")
        await client.stop()


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=5000)
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--cold-lines", type=int, default=10000)
    ap.add_argument("--cold-runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    await edits(args.lines, args.edits, args.seed)
    await cold_open(args.cold_lines, args.cold_runs)
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
