"""A real editor: headless Neovim (Debian's, installed by .ci/run) opens a paper, waits for paperlint's
diagnostics, applies a quick fix and checks the buffer and the diagnostics after the re-check."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import SAMPLES

INIT = """
vim.g.tex_flavor = 'latex'
vim.api.nvim_create_autocmd('FileType', { pattern = { 'tex', 'plaintex' }, callback = function(args)
  local config = { name = 'paperlint', cmd = { %(python)s, '-m', 'paperlint', 'serve' }, root_dir = vim.fn.getcwd() }
  if vim.lsp.start then vim.lsp.start(config)  -- Neovim >= 0.8
  else vim.lsp.buf_attach_client(args.buf, vim.lsp.start_client(config)) end
end })
"""

RUN = """
local function out(kind, value) io.stdout:write(vim.fn.json_encode({ kind = kind, value = value }) .. '\\n') end
local function main()
local buf = vim.api.nvim_get_current_buf()
local function item(d) return (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or d.code end
local function find(code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do if item(d) == code then return d end end
end
if not vim.wait(30000, function() return find('limitations_discussed') ~= nil end, 50) then
  out('error', 'no diagnostics'); vim.cmd('cquit 1')
end
local d = find('limitations_discussed')
out('diagnostic', { line = d.lnum, col = d.col, end_col = d.end_col, source = d.source, message = d.message })
-- rebuilt by hand: Neovim keeps only code, codeDescription and data of the LSP diagnostic
local lsp = { range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
  message = d.message, severity = d.severity, source = d.source, code = item(d),
  data = d.user_data and d.user_data.lsp and d.user_data.lsp.data }
local res = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', { textDocument = vim.lsp.util.make_text_document_params(),
  range = lsp.range, context = { diagnostics = { lsp } } }, 10000)
local action
for _, r in pairs(res or {}) do for _, a in ipairs(r.result or {}) do
  out('action', a.title); if a.isPreferred then action = a end
end end
vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
out('buffer', vim.api.nvim_buf_get_lines(buf, 0, -1, false))
if not vim.wait(30000, function() return find('limitations_discussed') == nil and #vim.diagnostic.get(buf) > 0 end, 50) then
  out('error', 'the fixed item is still reported'); vim.cmd('cquit 1')
end
out('after', #vim.diagnostic.get(buf))
end
local ok, err = pcall(main)  -- an error must end Neovim, not leave it waiting at a prompt
if not ok then out('error', tostring(err)); vim.cmd('cquit 2') end
vim.cmd('qall!')
"""


@pytest.mark.skipif(shutil.which("nvim") is None, reason="Neovim is not installed (.ci/run installs it)")
def test_neovim_shows_diagnostics_and_applies_a_quick_fix(tmp_path):
    paper = tmp_path / "paper"
    shutil.copytree(SAMPLES / "multifile", paper)
    (tmp_path / "init.lua").write_text(INIT % {"python": json.dumps(sys.executable)})
    (tmp_path / "run.lua").write_text(RUN)
    env = dict(os.environ, **{f"XDG_{k}_HOME": str(tmp_path / k.lower()) for k in ("CONFIG", "DATA", "STATE", "CACHE")})
    done = subprocess.run(["nvim", "--headless", "-n", "-i", "NONE", "-u", str(tmp_path / "init.lua"), "main.tex",
                           "+luafile " + str(tmp_path / "run.lua")], cwd=paper, env=env, capture_output=True,
                          stdin=subprocess.DEVNULL, text=True, timeout=120)
    events = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0, (done.stdout, done.stderr)
    got = {}
    for e in events:
        got.setdefault(e["kind"], []).append(e["value"])
    original = (SAMPLES / "multifile" / "main.tex").read_text().split("\n")
    d = got["diagnostic"][0]
    assert (d["line"], d["col"], d["end_col"]) == (original.index("\\section{Conclusion}"), 0, len("\\section{Conclusion}"))
    assert d["source"] == "paperlint" and "limitations" in d["message"]
    assert "Suppress limitations_discussed on this line" in got["action"]
    buffer = got["buffer"][0]
    fixed = buffer.index("% paperlint: limitations_discussed")
    assert buffer[fixed + 1:].index("\\bibliographystyle{plain}") > 0  # the snippet goes before the references
    assert any("Limitations" in line for line in buffer[fixed:fixed + 4])
    assert got["after"][0] > 0  # re-checked: the other items are still reported
