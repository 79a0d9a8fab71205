"""`paperlint serve` end to end: a real server process driven by pytest-lsp with the capability sets of
VS Code and Neovim, on a copy of the multi-file sample paper."""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest
import pytest_lsp
from conftest import SAMPLES
from lsp_editor import Editor, by_code
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

pytestmark = pytest.mark.asyncio(loop_scope="module")

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "paperlint", "serve"])
MAIN, EXPERIMENTS = "main.tex", "sections/experiments.tex"
HARDWARE = "All experiments ran on one NVIDIA A100 GPU with 80 GB of memory.\n"
UNICODE = textwrap.dedent("""\
    \\documentclass{article}
    \\begin{document}
    \\title{Débruitage}
    \\section{Introduction}
    We propose a method and train it on CIFAR-10~\\cite{k}.
    Résumé naïve 😀 café \\section{Experiments}
    We train a ResNet for 10 epochs with batch size 32 and evaluate it on the test set.
    Our experiments show that it works, with an accuracy of 91.2 on CIFAR-10.
    \\end{document}
    """)


async def start(lsp_client: LanguageClient, folder, capabilities: types.ClientCapabilities,
                settings: dict | None = None) -> Editor:
    editor = Editor(lsp_client, folder, None)

    @lsp_client.feature(types.WORKSPACE_APPLY_EDIT)
    def apply_edit(params: types.ApplyWorkspaceEditParams):
        editor.edits.append(params)
        return types.ApplyWorkspaceEditResult(applied=True)

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        return None

    result = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=capabilities, root_uri=folder.as_uri(), initialization_options={"paperlint": settings or {}}))
    editor.encoding = result.capabilities.position_encoding or "utf-16"
    editor.open(MAIN)
    await editor.diagnostics(editor.uri(EXPERIMENTS), until=lambda ds: by_code(ds, "hardware_specified"))
    return editor


@pytest_lsp.fixture(scope="module", params=["visual-studio-code", "neovim"], config=SERVER)
async def client(request, lsp_client: LanguageClient):
    folder = request.getfixturevalue("tmp_path_factory").mktemp(request.param) / "paper"
    shutil.copytree(SAMPLES / "multifile", folder)
    (folder / "unicode.tex").write_text(UNICODE)
    lsp_client.editor = await start(lsp_client, folder, client_capabilities(request.param))
    yield
    await lsp_client.shutdown_session()


@pytest.fixture(scope="module")
def editor(client) -> Editor:
    return client.editor


async def test_diagnostics_sit_on_the_heading_where_the_text_belongs(editor: Editor):
    experiments = await editor.diagnostics(editor.uri(EXPERIMENTS), until=lambda ds: by_code(ds, "hardware_specified"))
    d = by_code(experiments, "hardware_specified")
    heading = "\\section{Experiments}"
    assert (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character) == \
        (1, 0, 1, len(heading))
    assert d.source == "paperlint" and d.severity == types.DiagnosticSeverity.Warning
    page, anchor = d.code_description.href.split("#")  # the item's section of the reference shipped with paperlint
    assert anchor == "hardware_specified" and '<a id="hardware_specified"></a>' in Path(url2pathname(
        urlparse(page).path)).read_text()
    assert d.data == {"item": "hardware_specified", "status": "missing", "version": None}  # file not open
    main = await editor.diagnostics(editor.uri(MAIN), until=lambda ds: by_code(ds, "limitations_discussed"))
    conclusion = editor.texts[editor.uri(MAIN)].split("\n").index("\\section{Conclusion}")
    assert by_code(main, "limitations_discussed").range.start.line == conclusion
    assert by_code(main, "limitations_discussed").data["version"] == editor.versions[editor.uri(MAIN)]
    for d in experiments + main:  # never a whole-file squiggle
        assert d.range.start.line == d.range.end.line


async def test_a_change_in_an_included_file_republishes_every_file_of_the_paper(editor: Editor):
    exp, main = editor.open(EXPERIMENTS), editor.uri(MAIN)
    original = editor.texts[exp]
    try:
        editor.insert(exp, types.Position(line=5, character=0), HARDWARE)
        await editor.diagnostics(exp, until=lambda ds: ds and not by_code(ds, "hardware_specified"))
        # the limitations are reported on main.tex; text added to an included file resolves them there
        editor.insert(exp, types.Position(line=6, character=0), "\\paragraph{Limitations} Our method fails when "
                                                                "many clients drop out.\n")
        await editor.diagnostics(main, until=lambda ds: not by_code(ds, "limitations_discussed"))
    finally:
        editor.replace(exp, original)
    await editor.diagnostics(main, until=lambda ds: by_code(ds, "limitations_discussed"))
    await editor.diagnostics(exp, until=lambda ds: by_code(ds, "hardware_specified")
                             and by_code(ds, "hardware_specified").data["version"] == editor.versions[exp])


async def test_a_quick_fix_inserts_the_snippet_and_the_item_is_checked_again(editor: Editor):
    main = editor.uri(MAIN)
    original = editor.texts[main]
    d = by_code(await editor.diagnostics(main, until=lambda ds: by_code(ds, "limitations_discussed")),
                "limitations_discussed")
    actions = await editor.actions(main, d)
    assert [a.title for a in actions][1:] == ["Suppress limitations_discussed on this line",
                                              "Mark limitations_discussed not applicable for this paper"]
    fix = actions[0]
    assert fix.is_preferred and fix.kind == types.CodeActionKind.QuickFix
    change = fix.edit.document_changes[0]
    assert change.text_document.version == editor.versions[main]
    assert "Limitations" in change.edits[0].new_text and "TODO" in change.edits[0].new_text
    assert fix.edit.changes[main] == change.edits  # for clients without versioned edits
    try:
        # inserted just before the references
        assert change.edits[0].range.start.line == original.split("\n").index("\\bibliographystyle{plain}")
        editor.apply(fix.edit)
        await editor.diagnostics(main, until=lambda ds: ds and not by_code(ds, "limitations_discussed"))
        with pytest.raises(ValueError, match="version"):  # the edit was for the text before it
            editor.apply(fix.edit)
    finally:
        editor.replace(main, original)
    await editor.diagnostics(main, until=lambda ds: by_code(ds, "limitations_discussed"))


async def test_a_fix_with_placeholders_leaves_a_weak_item_pointing_at_it(editor: Editor):
    exp = editor.open(EXPERIMENTS)
    original = editor.texts[exp]
    d = by_code(await editor.diagnostics(exp, until=lambda ds: by_code(ds, "hardware_specified")
                                         and by_code(ds, "hardware_specified").data["version"]), "hardware_specified")
    fix = (await editor.actions(exp, d))[0]
    try:
        editor.apply(fix.edit)
        weak = by_code(await editor.diagnostics(exp, until=lambda ds: by_code(ds, "hardware_specified") and by_code(
            ds, "hardware_specified").data["status"] == "weak"), "hardware_specified")
        evidence = weak.related_information[0].location
        assert evidence.uri == exp and "TODO" in editor.texts[exp].split("\n")[evidence.range.start.line]
    finally:
        editor.replace(exp, original)


async def test_hover_on_a_diagnostic_explains_the_item(editor: Editor):
    main = editor.uri(MAIN)
    d = by_code(await editor.diagnostics(main, until=lambda ds: by_code(ds, "broader_impacts")), "broader_impacts")
    hover = await editor.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=main), position=d.range.start))
    text = hover.contents.value
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert "Broader" in text and "limitations_discussed" in text  # both items sit on this heading
    assert "**Asked by:**" in text and "neurips-2025" in text and "**Not found:**" in text
    nothing = await editor.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=main), position=types.Position(line=0, character=3)))
    assert nothing is None


async def test_the_code_lens_summarises_the_checklist_and_the_report_commands(editor: Editor):
    main = editor.uri(MAIN)
    lenses = await editor.client.text_document_code_lens_async(types.CodeLensParams(
        text_document=types.TextDocumentIdentifier(uri=main)))
    assert len(lenses) == 1 and lenses[0].range.start.line == 0
    title = lenses[0].command.title
    m = re.fullmatch(r"Checklist \(core\): (\d+) of (\d+) · (\d+) weak · (\d+) missing", title)
    report = await editor.command("paperlint.report", main, "json")
    s = report["summary"]
    assert report["version"] == 1 and report["root"] == MAIN and len(report["items"]) == 24
    assert m and tuple(map(int, m.groups())) == (s["present"], s["present"] + s["weak"] + s["missing"], s["weak"],
                                                 s["missing"])
    assert lenses[0].command.command == "paperlint.showReport" and list(lenses[0].command.arguments) == [main]
    markdown = await editor.command("paperlint.showReport", main)
    assert markdown.startswith(f"# {title}") and "`hardware_specified`" in markdown
    assert await editor.command("paperlint.report", main, "markdown") == markdown
    assert not await editor.client.text_document_code_lens_async(types.CodeLensParams(
        text_document=types.TextDocumentIdentifier(uri=editor.open(EXPERIMENTS))))  # only on the root file


async def test_insert_checklist_adds_the_neurips_checklist_at_the_end_of_the_paper(editor: Editor):
    main = editor.uri(MAIN)
    original = editor.texts[main]
    assert await editor.command("paperlint.insertChecklist", main) is True
    edit = editor.edits[-1].edit
    inserted = edit.document_changes[0].edits[0]
    lines = original.split("\n")
    assert inserted.range.start == types.Position(line=lines.index("\\end{document}"), character=0)
    assert lines.index("\\bibliography{refs}") < inserted.range.start.line  # after the references
    assert inserted.new_text.count("\\answerTODO{}") == 16 and "NeurIPS Paper Checklist" in inserted.new_text
    try:
        editor.apply(edit)
        await editor.diagnostics(main, until=lambda ds: ds and ds[0].data["version"] == editor.versions[main])
        assert await editor.command("paperlint.insertChecklist", main) is False  # it has one now
    finally:
        editor.replace(main, original)


async def test_settings_change_severities_and_switch_items_off(editor: Editor):
    exp = editor.uri(EXPERIMENTS)
    try:
        editor.configure({"severity": {"hardware_specified": "error", "compute_budget": "off"}})
        ds = await editor.diagnostics(exp, until=lambda ds: not by_code(ds, "compute_budget"))
        assert by_code(ds, "hardware_specified").severity == types.DiagnosticSeverity.Error
    finally:
        editor.configure({})
    ds = await editor.diagnostics(exp, until=lambda ds: by_code(ds, "compute_budget"))
    assert by_code(ds, "hardware_specified").severity == types.DiagnosticSeverity.Warning


async def test_bad_settings_are_reported_and_the_server_keeps_serving(editor: Editor):
    exp = editor.open(EXPERIMENTS)
    original = editor.texts[exp]
    try:
        editor.configure({"debounceMs": "soon", "profile": "no-such-venue", "severity": {"random_seeds": "loud"}})
        await editor.message("debounceMs", "using the default")
        await editor.message("severity.random_seeds")
        await editor.message("no-such-venue", "core")
        editor.insert(exp, types.Position(line=5, character=0), HARDWARE)  # still checked, with the core items
        await editor.diagnostics(exp, until=lambda ds: ds and not by_code(ds, "hardware_specified"))
    finally:
        editor.replace(exp, original)
        editor.configure({})
    await editor.diagnostics(exp, until=lambda ds: by_code(ds, "hardware_specified"))


async def test_a_bad_checklist_file_gets_a_diagnostic_on_its_line(editor: Editor):
    lab = editor.folder / "lab.yaml"
    lab.write_text("id: lab\ntitle: Lab rules\nitems:\n  - id: Bad-Id\n    title: x\n")
    try:
        editor.configure({"checklists": ["lab.yaml"]})
        ds = await editor.diagnostics(lab.as_uri())
        assert ds[0].range.start.line == 3 and "items.0" in ds[0].message and ds[0].source == "paperlint"
        await editor.message("lab.yaml")
        await editor.diagnostics(editor.uri(EXPERIMENTS), until=lambda ds: by_code(ds, "hardware_specified"))
    finally:
        editor.configure({})
    await editor.diagnostics(lab.as_uri(), until=lambda ds: not ds)


async def test_positions_are_in_the_negotiated_encoding(editor: Editor):
    uri = editor.open("unicode.tex")  # not included by main.tex: its own paper
    try:
        d = by_code(await editor.diagnostics(uri, until=lambda ds: by_code(ds, "hardware_specified")),
                    "hardware_specified")
        before = "Résumé naïve 😀 café "
        assert d.range.start.line == 5 and d.range.start.character == editor.units(before)
        assert d.range.end.character == editor.units(before + "\\section{Experiments}")
    finally:
        editor.close(uri)
    await editor.diagnostics(uri, until=lambda ds: not ds)  # closing the paper clears its diagnostics


async def test_on_save_mode_checks_when_the_file_is_saved(editor: Editor):
    exp = editor.open(EXPERIMENTS)
    original = editor.texts[exp]
    try:
        editor.configure({"run": "onSave"})
        await editor.diagnostics(exp, until=lambda ds: by_code(ds, "hardware_specified"))
        editor.insert(exp, types.Position(line=5, character=0), HARDWARE)
        saved = editor.versions[exp]
        with pytest.raises(AssertionError):
            await editor.diagnostics(exp, until=lambda ds: not by_code(ds, "hardware_specified"), timeout=1.0)
        editor.client.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=exp)))
        ds = await editor.diagnostics(exp, until=lambda ds: ds and not by_code(ds, "hardware_specified"))
        assert ds[0].data["version"] == saved
    finally:
        editor.configure({})
        editor.replace(exp, original)
    await editor.diagnostics(exp, until=lambda ds: by_code(ds, "hardware_specified"))


@pytest_lsp.fixture(scope="module", config=SERVER)
async def pulling_client(request, lsp_client: LanguageClient):
    """A client that pulls diagnostics and honours refresh requests, as current VS Code does."""
    folder = request.getfixturevalue("tmp_path_factory").mktemp("pull") / "paper"
    shutil.copytree(SAMPLES / "multifile", folder)
    caps = client_capabilities("visual-studio-code")
    caps.text_document.diagnostic = types.DiagnosticClientCapabilities(dynamic_registration=False)
    caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    lsp_client.editor = await start(lsp_client, folder, caps, {"severity": {"compute_budget": "off"}})
    yield
    await lsp_client.shutdown_session()


async def test_open_files_are_pulled_and_a_change_elsewhere_asks_for_a_refresh(pulling_client):
    editor = pulling_client.editor
    main, exp = editor.uri(MAIN), editor.uri(EXPERIMENTS)

    async def pull(uri):
        return (await editor.client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))).items

    assert main not in editor.client.diagnostics  # open: never pushed
    assert by_code(await pull(main), "limitations_discussed")
    assert by_code(editor.client.diagnostics[exp], "hardware_specified")  # not open: pushed
    assert not by_code(editor.client.diagnostics[exp], "compute_budget")  # off in initializationOptions
    editor.open(EXPERIMENTS)
    await editor.diagnostics(exp, until=lambda ds: not ds)  # the pushed ones are withdrawn...
    assert by_code(await pull(exp), "hardware_specified")  # ...and pulled instead
    refreshes = editor.client.diagnostic_refresh_count
    editor.insert(exp, types.Position(line=5, character=0), "\\paragraph{Limitations} Our method fails when many "
                                                            "clients drop out.\n")
    assert by_code(await pull(exp), "hardware_specified")  # the pull waits for the check of the new text
    assert editor.client.diagnostic_refresh_count > refreshes  # main.tex changed: pull it again
    assert not by_code(await pull(main), "limitations_discussed")


NEURIPS = textwrap.dedent("""\
    \\documentclass{article}
    \\usepackage{neurips_2025}
    \\begin{document}
    \\section{Introduction}
    We propose a method and evaluate it.
    \\section*{NeurIPS Paper Checklist}
    \\begin{enumerate}
    \\item {\\bf Claims}
        \\item[] Question: Do the main claims made in the abstract and introduction reflect the paper's scope?
        \\item[] Answer: \\answerTODO{}
        \\item[] Justification: \\justificationTODO{}
    \\end{enumerate}
    \\end{document}
    """)


async def test_a_checklist_answer_fix_replaces_exactly_the_placeholder(editor: Editor):
    (editor.folder / "neurips.tex").write_text(NEURIPS)
    uri = editor.open("neurips.tex")  # its own paper, a NeurIPS 2025 one by its style
    try:
        d = by_code(await editor.diagnostics(uri, until=lambda ds: by_code(ds, "answer_claims")), "answer_claims")
        assert "unanswered" in d.message and d.range.start.line == 9
        fix = (await editor.actions(uri, d))[0]
        assert fix.title.startswith("Answer ")
        change = fix.edit.document_changes[0].edits[0]
        line = editor.texts[uri].split("\n")[change.range.start.line]
        assert line[change.range.start.character:change.range.end.character] == "\\answerTODO{}"
        editor.apply(fix.edit)
        assert "\\answerTODO{}" not in editor.texts[uri] and change.new_text in editor.texts[uri]
        d = by_code(await editor.diagnostics(uri, until=lambda ds: by_code(ds, "answer_claims")
                                             and by_code(ds, "answer_claims").data["status"] == "weak"), "answer_claims")
        assert "justification" in d.message  # answered; what is left is the justification
    finally:
        editor.close(uri)


async def test_suppressing_a_finding_on_its_line_removes_the_diagnostic(editor: Editor):
    main = editor.uri(MAIN)
    original = editor.texts[main]
    d = by_code(await editor.diagnostics(main, until=lambda ds: by_code(ds, "limitations_discussed")),
                "limitations_discussed")
    suppress = next(a for a in await editor.actions(main, d) if a.title.startswith("Suppress"))
    try:
        editor.apply(suppress.edit)
        assert "% paperlint: ignore limitations_discussed" in editor.texts[main].split("\n")[d.range.start.line]
        await editor.diagnostics(main, until=lambda ds: ds and not by_code(ds, "limitations_discussed"))
    finally:
        editor.replace(main, original)
    await editor.diagnostics(main, until=lambda ds: by_code(ds, "limitations_discussed"))
