// The UI test: code-server with the packaged .vsix installed, driven in headless Chromium like a user would.
// Opens the paper, reads paperlint's entries in the Problems panel and the status bar, hovers one warning,
// applies its quick fix, opens the report from the status bar and follows an evidence link; then points
// paperlint.server.path nowhere and reads the message that follows. Saves screenshots in ARTIFACTS and prints what it saw as one `paperlint-ui {json}` line.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cleanUp, env, freePort, freshState, launchBrowser, startServer } from './harness.mjs';

const WAIT = 60000; // ms for each step; a loaded machine can be slow
const workspace = env('WORKSPACE');
const artifacts = env('ARTIFACTS');
fs.mkdirSync(artifacts, { recursive: true });
const entry = path.join(env('CODE_SERVER'), 'out', 'node', 'entry.js');

const state = freshState('ui');
const port = await freePort();
const config = path.join(state, 'config.yaml');
fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
const dirs = ['--config', config, '--user-data-dir', path.join(state, 'user'), '--extensions-dir', path.join(state, 'extensions')];
execFileSync(process.execPath, [entry, ...dirs, '--install-extension', env('VSIX')], { stdio: 'ignore' });
const stop = await startServer([entry, ...dirs, '--disable-telemetry', '--disable-update-check',
  '--disable-workspace-trust', '--reconnection-grace-time', '30', workspace], port, path.join(artifacts, 'ui-server.log'));

const browser = await launchBrowser(state);
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.setDefaultTimeout(WAIT);
const seen = {};
const shot = (name) => page.screenshot({ path: path.join(artifacts, `vscode-${name}.png`) });
const editorLine = (text) => page.locator('.editor-instance .view-line', { hasText: text }).first();
const problems = async () => (await page.locator('.markers-panel .monaco-list-row').allInnerTexts())
  .map((row) => row.replace(/\s+/g, ' ').trim());
const status = page.locator('.statusbar-item[id$="paperlint.score"]');
const counts = page.locator('.statusbar-item[id="status.problems"]');
try {
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.explorer-folders-view');
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'main.tex' }).first().click();
  await page.waitForSelector('.editor-instance .monaco-editor .view-lines');

  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'paperlint' }).first().waitFor();
  seen.problems = await problems();
  await status.waitFor();
  seen.status = (await status.innerText()).trim();
  seen.counts = (await counts.innerText()).replace(/\s+/g, ' ').trim();

  await page.locator('.editor-instance .view-lines').click();
  await page.keyboard.press('Control+G');
  await page.keyboard.type('36');
  await page.keyboard.press('Enter');
  await editorLine('section{Conclusion}').locator('span', { hasText: 'Conclusion' }).first().hover();
  const hover = page.locator('.monaco-hover', { hasText: 'limitations of its own work' }).first();
  await hover.waitFor();
  seen.hover = (await hover.innerText()).replace(/\s+/g, ' ').trim();
  await shot('hover');

  await editorLine('section{Conclusion}').click();
  await page.keyboard.press('Control+Period');
  const menu = page.locator('.action-widget .monaco-list-row');
  await menu.first().waitFor();
  seen.quickFixes = (await menu.allInnerTexts()).map((row) => row.trim());
  await shot('quickfix');
  await menu.filter({ hasText: 'Add a Limitations section' }).first().click();

  await editorLine('section*{Limitations}').waitFor();
  const changed = (locator, before) => locator.filter({ hasNotText: before }).waitFor();
  await changed(status, seen.status);
  await changed(counts, seen.counts);
  seen.statusAfter = (await status.innerText()).trim();
  seen.countsAfter = (await counts.innerText()).replace(/\s+/g, ' ').trim();
  seen.problemsAfter = await problems();
  await page.mouse.move(700, 200);
  await shot('fixed');

  await status.click();
  const report = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await report.locator('p.score').waitFor();
  seen.report = (await report.locator('p.score').innerText()).trim();
  await shot('report');
  const evidence = report.locator('li.present a[data-at]').first();
  seen.evidence = (await evidence.innerText()).trim();
  await evidence.click();
  const cursor = page.locator('.statusbar-item[id="status.editor.selection"]');
  await cursor.filter({ hasText: `Ln ${seen.evidence.split(':')[1]},` }).waitFor();
  seen.evidenceOpens = (await cursor.innerText()).trim();

  // a server path that does not run paperlint: the user is told, with the install command
  fs.writeFileSync(path.join(state, 'user', 'Machine', 'settings.json'), '{"paperlint.server.path": "/nowhere/paperlint"}');
  const toast = page.locator('.notification-toast', { hasText: 'paperlint' });
  await toast.waitFor();
  seen.notInstalled = (await toast.innerText()).replace(/\s+/g, ' ').trim();
  await toast.getByRole('button', { name: 'Show install command' }).click();
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  seen.installCommand = (await dialog.innerText()).replace(/\s+/g, ' ').trim();
  await shot('install-command');
} catch (error) {
  seen.error = String(error);
  await shot('failure');
} finally {
  console.log(`paperlint-ui ${JSON.stringify(seen)}`);
  await browser.close();
  stop();
  cleanUp(state, 'ui');
}
process.exit(seen.error ? 1 : 0);
