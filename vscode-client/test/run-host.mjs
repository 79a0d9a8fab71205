// Runs the extension-host integration tests (out/test/index.js) inside VS Code's own server, the one bundled
// with code-server, started with the smoke-test driver so that the workbench honours the test payload.
// Prints each test's `paperlint-test {json}` line; exits 0 when all passed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanUp, env, freePort, freshState, launchBrowser, startServer } from './harness.mjs';

const client = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workspace = env('WORKSPACE');
const artifacts = env('ARTIFACTS');
fs.mkdirSync(artifacts, { recursive: true });

const state = freshState('host');
const port = await freePort();
const stop = await startServer([
  path.join(env('CODE_SERVER'), 'lib', 'vscode', 'out', 'server-main.js'),
  '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
  '--enable-smoke-test-driver', '--disable-telemetry', '--reconnection-grace-time', '30',
  '--server-data-dir', path.join(state, 'server'), '--user-data-dir', path.join(state, 'user'),
  '--extensions-dir', path.join(state, 'extensions'),
], port, path.join(artifacts, 'host-server.log'));

const browser = await launchBrowser(state);
const page = await browser.newPage();
const console_ = fs.createWriteStream(path.join(artifacts, 'host-console.log'));
page.on('console', (message) => console_.write(`${message.type()}: ${message.text()}\n`));
const exit = new Promise((resolve) => page.exposeFunction('codeAutomationExit', resolve));
await page.exposeFunction('codeAutomationLog', (_type, args) => {
  for (const arg of args) {
    const text = typeof arg === 'string' ? arg : JSON.stringify(arg);
    if (text.startsWith('paperlint-test ')) {
      console.log(text);
    }
  }
});
const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
const payload = JSON.stringify([
  ['extensionDevelopmentPath', remote(client)],
  ['extensionTestsPath', remote(path.join(client, 'out', 'test'))],
  ['skipWelcome', 'true'],
]);
await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 240000));
const code = await Promise.race([exit, timeout]);
console.log(`codeAutomationExit: ${code}`);
await browser.close();
stop();
cleanUp(state, 'host');
process.exit(code === 0 ? 0 : 1);
