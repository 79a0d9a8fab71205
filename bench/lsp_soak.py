"""A soak of `paperlint serve`: one session, many random edits on a large multi-file paper, with pulled
diagnostics, hovers and code actions in between; the server's memory after the first 500 edits and at the end.

    python bench/lsp_soak.py [--edits 10000] [--lines 3000] [--every 20] [--seed 1]

Each edit types or deletes one to three characters in one of four open files (the root and three sections),
never on a line that includes a file (the paper would lose files as the soak goes on).
Every `--every` edits the client pulls the diagnostics of a random open file (the answer waits for the check of
the current text), hovers on one of them and asks for its code actions. The server's resident set (VmRSS) is read
after edit 500, every 1000 edits and at the end, each once the current text is checked. Exits non-zero if the server died, a request
failed, the server reported an error, or the memory at the end is more than 10 % above the one after edit 500.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pytest_lsp import client_capabilities, make_test_lsp_client

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent / "tests")]
import corpus  # noqa: E402
from lsp_editor import Editor  # noqa: E402
from lsp_speed import memory  # noqa: E402

SAMPLE_AT = 500
_INCLUDES = re.compile(r"\\(?:input|include|subfile)\b")
GROWTH = 1.10


async def soak(edits: int, lines: int, every: int, seed: int) -> int:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        root = corpus.build(Path(tmp), lines)
        client = make_test_lsp_client()
        client.feature(types.CLIENT_REGISTER_CAPABILITY)(lambda params: None)  # files are watched: nothing to do
        await client.start_io(sys.executable, "-m", "paperlint", "serve")
        caps = client_capabilities("visual-studio-code")
        caps.text_document.diagnostic = types.DiagnosticClientCapabilities(dynamic_registration=False)
        caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
        await client.initialize_session(types.InitializeParams(capabilities=caps, root_uri=root.parent.as_uri()))
        editor = Editor(client, root.parent, "utf-16")
        sections = sorted(p.relative_to(root.parent).as_posix() for p in (root.parent / "sections").glob("*.tex"))
        uris = [editor.open(rel) for rel in ["main.tex", *rng.sample(sections, 3)]]
        pid, failures, requests, actions, hovers = client._server.pid, 0, 0, 0, 0

        async def pull(uri: str) -> list[types.Diagnostic]:
            return (await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
                text_document=types.TextDocumentIdentifier(uri=uri)))).items

        await pull(uris[0])
        start, rss = time.perf_counter(), {}
        for i in range(1, edits + 1):
            editor.random_change(rng.choice(uris), rng, _INCLUDES)
            await asyncio.sleep(0)
            if i % every and i not in (SAMPLE_AT, edits) and i % 1000:
                continue
            uri = rng.choice(uris)
            try:
                items = await pull(uri)
                requests += 1
                if items:
                    d = rng.choice(items)
                    hovers += await client.text_document_hover_async(types.HoverParams(
                        text_document=types.TextDocumentIdentifier(uri=uri), position=d.range.start)) is not None
                    actions += len(await editor.actions(uri, d))
                    requests += 2
            except Exception as e:  # an error answer; a dead server fails every request
                failures += 1
                print(f"edit {i}: {type(e).__name__}: {e}", file=sys.stderr)
            if client._server.returncode is not None:
                break
            if i in (SAMPLE_AT, edits) or i % 1000 == 0:
                rss[i] = memory(pid)["VmRSS"]
        seconds = time.perf_counter() - start
        alive = client._server.returncode is None
        errors = [m.message for m in client.messages + client.log_messages if m.type == types.MessageType.Error]
        if alive:
            await client.shutdown_session()
        await client.stop()
    ratio = rss[edits] / rss[SAMPLE_AT] if alive and edits in rss else float("nan")
    print(f"edits: {i} of {edits} on a {lines}-line paper ({len(uris)} open files), seed {seed}, {seconds:.0f} s")
    print(f"requests: {requests} (pulled diagnostics, hovers, code actions); {hovers} hovers and {actions} code "
          f"actions answered; {failures} failed; {len(errors)} errors reported by the server")
    print(f"server RSS: {rss.get(SAMPLE_AT, '?')} MB after edit {SAMPLE_AT}, {rss.get(edits, '?')} MB at the end; "
          f"ratio {ratio:.3f}; server {'alive' if alive else 'DEAD'}")
    print("RSS (MB) by edit:", ", ".join(f"{k}: {v}" for k, v in sorted(rss.items())))
    for message in errors[:5]:
        print("server error:", message.splitlines()[0], file=sys.stderr)
    return 0 if alive and not failures and not errors and ratio <= GROWTH else 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edits", type=int, default=10_000)
    ap.add_argument("--lines", type=int, default=3000, help="size of the paper built from the dev corpus")
    ap.add_argument("--every", type=int, default=20, help="edits between rounds of requests")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    sys.exit(asyncio.run(soak(args.edits, args.lines, args.every, args.seed)))


if __name__ == "__main__":
    main()
