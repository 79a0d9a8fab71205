// Integration tests run inside VS Code's extension host against the real `paperlint serve`.
// The workspace is a copy of samples/deficient; each result is logged as one `paperlint-test {json}` line.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { Api } from '../../src/extension';
import type { Report } from '../../src/report';

const tests: [string, () => Promise<void>][] = [];
const test = (name: string, body: () => Promise<void>) => tests.push([name, body]);

const paper = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'main.tex');
const ours = () => vscode.languages.getDiagnostics(paper()).filter((d) => d.source === 'paperlint');
const code = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);
const find = (id: string) => ours().find((d) => code(d) === id);
const api = () => vscode.extensions.getExtension<Api>('paperlint.paperlint')!.exports;
const config = () => vscode.workspace.getConfiguration('paperlint');
const showReport = () => vscode.commands.executeCommand<Report>('paperlint.showReport', paper());

/** Polls `probe` until it returns a value other than undefined or false. */
async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 60000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('activates on a paper', async () => {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(paper()));
  await until('activation', () => vscode.extensions.getExtension('paperlint.paperlint')!.isActive);
  await until('the server', () => api().serverPid());
});

test('diagnostics arrive for the missing and weak items', async () => {
  await until('diagnostics', () => find('limitations_discussed'));
  const report = await showReport();
  const expected = report.items.filter((i) => i.status === 'missing' || i.status === 'weak').map((i) => i.id);
  assert.deepStrictEqual(ours().map(code).sort(), expected.sort());
  const limitations = find('limitations_discussed')!;
  assert.strictEqual(limitations.range.start.line, 35, 'at the Conclusion heading, where limitations belong');
  assert.strictEqual(limitations.severity, vscode.DiagnosticSeverity.Warning);
  assert.match(limitations.message, /limitations/);
  const docs = typeof limitations.code === 'object' ? limitations.code.target : undefined;  // the reference installed with paperlint
  assert.ok(docs && docs.scheme === 'file' && docs.path.endsWith('/docs/items/core.md') &&
            docs.fragment === 'limitations_discussed', `a link to the item's section: ${docs}`);
  assert.match(fs.readFileSync(docs!.fsPath, 'utf8'), /<a id="limitations_discussed"><\/a>/);
});

test('the report command returns the checklist and shows it', async () => {
  const report = await showReport();
  assert.strictEqual(report.items.length, 24);
  const { present, weak, missing, not_applicable } = report.summary;
  assert.strictEqual(present + weak + missing + not_applicable, 24);
  const stated = report.items.filter((i) => i.status === 'present');
  assert.ok(stated.length > 0, 'the sample states some items');
  for (const item of stated) {
    assert.ok(item.evidence.some((e) => e.file === 'main.tex' && e.line > 0), `evidence of ${item.id}`);
  }
  const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
  await until('the report tab', () => tabs().some((t) => t.label === 'paperlint report' && t.input instanceof vscode.TabInputWebview));
});

test('the code lens shows the score and opens the report', async () => {
  const lenses = await until('code lens', async () => {
    const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', paper());
    return found.length > 0 && found;
  });
  const { profile, summary: { present, weak, missing } } = await showReport();
  const lens = lenses[0];
  assert.strictEqual(lens.range.start.line, 0);
  assert.strictEqual(lens.command!.title, `Checklist (${profile}): ${present} of ${present + weak + missing} · ${weak} weak · ${missing} missing`);
  const report = await vscode.commands.executeCommand<Report>(lens.command!.command, ...(lens.command!.arguments ?? []));
  assert.strictEqual(report.items.length, 24);
});

test('the quick fix inserts the snippet and the item is found', async () => {
  const before = (await showReport()).summary.present;
  const limitations = find('limitations_discussed')!;
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider', paper(), limitations.range, vscode.CodeActionKind.QuickFix.value);
  const fix = actions.find((a) => a.title === 'Add a Limitations section');
  assert.ok(fix, `quick fixes offered: ${actions.map((a) => a.title).join(' | ')}`);
  if (fix.edit) {
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
  }
  if (fix.command) {
    await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
  }
  const text = (await vscode.workspace.openTextDocument(paper())).getText();
  assert.match(text, /PromptFix is a simple way to improve reasoning\.\n\n% paperlint: limitations_discussed\n\\section\*\{Limitations\}/);
  await until('limitations found', () => !find('limitations_discussed'));
  assert.strictEqual((await showReport()).summary.present, before + 1);
});

test('settings flow to the server', async () => {
  await config().update('severity', { broader_impacts: 'off', random_seeds: 'error' }, vscode.ConfigurationTarget.Global);
  await until('broader_impacts off', () => !find('broader_impacts'));
  await until('random_seeds an error', () => find('random_seeds')?.severity === vscode.DiagnosticSeverity.Error);
  await config().update('severity', undefined, vscode.ConfigurationTarget.Global);
  await until('broader_impacts back', () => find('broader_impacts'));
});

test('the server is restarted when it dies', async () => {
  const pid = api().serverPid()!;
  process.kill(pid, 'SIGKILL');
  await until('a new server', () => api().serverPid() !== pid && api().serverPid());
  const report = await until('a report from the new server', async () => {
    try {
      return await showReport();
    } catch {
      return undefined;
    }
  });
  assert.strictEqual(report.items.length, 24);
});

test('"paperlint: Restart server" starts a new server', async () => {
  const pid = api().serverPid();
  await vscode.commands.executeCommand('paperlint.restartServer');
  assert.notStrictEqual(api().serverPid(), pid);
  await until('diagnostics again', () => find('random_seeds'));
});

test('"paperlint: Insert venue checklist" inserts it after the references, once', async () => {
  assert.strictEqual(await vscode.commands.executeCommand('paperlint.insertVenueChecklist', paper()), true);
  const text = await until('the checklist', async () => {
    const now = (await vscode.workspace.openTextDocument(paper())).getText();
    return now.includes('Checklist}') && now;
  });
  assert.match(text, /\\bibliography\{refs\}\n[\s\S]*\\section\*\{[^}]*Checklist\}[\s\S]*\\end\{document\}/);
  assert.strictEqual(await vscode.commands.executeCommand('paperlint.insertVenueChecklist', paper()), false);
});

export async function run(): Promise<void> {
  let failed = 0;
  for (const [name, body] of tests) {
    const start = Date.now();
    let error: string | undefined;
    try {
      await body();
    } catch (e) {
      failed++;
      error = e instanceof Error ? e.stack ?? e.message : String(e);
    }
    console.log(`paperlint-test ${JSON.stringify({ name, ok: !error, ms: Date.now() - start, error })}`);
  }
  if (failed) {
    throw new Error(`${failed} of ${tests.length} tests failed`);
  }
}
