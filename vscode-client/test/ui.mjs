// The UI test: code-server with the packaged .vsix installed, driven in headless Chromium like a user would.
// Opens the paper, reads paperlint's entries in the Problems panel and the status bar, hovers one warning,
// applies its quick fix, opens the report from the status bar and follows an evidence link; then points
// paperlint.server.path nowhere and reads the message that follows. Saves screenshots in ARTIFACTS and prints what it saw as one `paperlint-ui {json}` line.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { errors } from 'playwright-core';
import { cleanUp, env, freePort, freshState, launchBrowser, startServer } from './harness.mjs';

const WAIT = 60000; // ms for each step; a loaded machine can be slow
const TRY = 5000; // ms that the first try of a retried step waits for its outcome; the next ones wait longer
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
const cursor = page.locator('.statusbar-item[id="status.editor.selection"]');
// The Problems count once paperlint's warnings are in: the language client drops a document's diagnostics for a
// moment whenever it cancels a pull (when the server asks for a refresh while one is under way), and the count
// reads "0 0" until the next pull answers.
const warned = counts.filter({ hasText: /[1-9]/ });
seen.tries = {};

/**
 * Does `act` until `outcome` is visible: try n waits n * TRY ms for it (a slow machine may just be slow), all of
 * them WAIT. For what VS Code does once, from the state it has at that moment, and may drop: a hover, a quick fix
 * menu.
 */
async function retry(what, act, outcome) {
  const end = Date.now() + WAIT;
  for (let tries = 1; ; tries++) {
    await act(tries);
    try {
      await outcome.waitFor({ timeout: Math.max(1, Math.min(tries * TRY, end - Date.now())) });
      seen.tries[what] = tries;
      return;
    } catch (error) {
      if (!(error instanceof errors.TimeoutError) || Date.now() >= end) {
        throw new Error(`${what}: not seen after ${tries} tries: ${error.message}`);
      }
    }
  }
}
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
  await warned.waitFor();
  seen.counts = (await counts.innerText()).replace(/\s+/g, ' ').trim();

  // go to line 36: type once the quick input is open, so that no key goes to the editor, then wait for the cursor
  // to be there
  await page.locator('.editor-instance .view-lines').click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type('36');
  await page.keyboard.press('Enter');
  await cursor.filter({ hasText: 'Ln 36,' }).waitFor();

  // VS Code computes a hover once per mouse move, from the diagnostics the editor has at that moment, and drops it
  // on a scroll, a key press or a click, for good: the mouse has to move again. So: hover once the editor has drawn
  // the warnings at the heading, and if the hover of the limitations does not come, move off the text and back,
  // which computes it anew.
  const heading = editorLine('section{Conclusion}');
  await page.waitForFunction(() => {
    const line = [...document.querySelectorAll('.editor-instance .view-line')]
      .find((l) => l.textContent.includes('section{Conclusion}'))?.getBoundingClientRect();
    return line && [...document.querySelectorAll('.editor-instance .squiggly-warning')]
      .some((s) => { const r = s.getBoundingClientRect(); return r.top < line.bottom && r.bottom > line.top; });
  }, null, { polling: 100 });
  const hover = page.locator('.monaco-hover', { hasText: 'limitations of its own work' }).first();
  const text = heading.locator('span', { hasText: 'Conclusion' }).first();
  await retry('hover', async (tries) => {
    if (tries > 1) {
      // right of the heading's text: nothing to hover there, and never under a hover (it shows above or below)
      const box = await text.boundingBox();
      await page.mouse.move(box.x + box.width + 200, box.y + box.height / 2);
    }
    await text.hover();
  }, hover);
  seen.hover = (await hover.innerText()).replace(/\s+/g, ' ').trim();
  await shot('hover');

  // the quick fixes of the diagnostics at the cursor, as the editor has them when the menu opens: open it again
  // (Escape, Ctrl+.) until it offers the fix
  await heading.click();
  await cursor.filter({ hasText: 'Ln 36,' }).waitFor();
  const menu = page.locator('.action-widget .monaco-list-row');
  const fix = menu.filter({ hasText: 'Add a Limitations section' }).first();
  await retry('quick fix', async (tries) => {
    if (tries > 1) {
      await page.keyboard.press('Escape');
    }
    await page.keyboard.press('Control+Period');
  }, fix);
  seen.quickFixes = (await menu.allInnerTexts()).map((row) => row.trim());
  await shot('quickfix');
  await fix.click();

  await editorLine('section*{Limitations}').waitFor();
  const changed = (locator, before) => locator.filter({ hasNotText: before }).waitFor();
  await changed(status, seen.status);
  await changed(warned, seen.counts);
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
  await cursor.filter({ hasText: `Ln ${seen.evidence.split(':')[1]},` }).waitFor();
  seen.evidenceOpens = (await cursor.innerText()).trim();

  // a server path that does not run paperlint: the user is told, with the install command
  fs.writeFileSync(path.join(state, 'user', 'Machine', 'settings.json'), '{"paperlint.server.path": "/nowhere/paperlint"}');
  // (a request VS Code made while the old server stopped may fail with a toast of its own: found by its text)
  const toast = page.locator('.notification-toast', { hasText: 'does not run `paperlint serve`' });
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
