// Runs a real VS Code (code-server's) on 127.0.0.1 and drives it with Debian's Chromium through playwright-core.
// Read from the environment: CODE_SERVER (the code-server package folder), CHROMIUM, WORKSPACE (a folder with
// the paper), PAPERLINT_SERVER_PATH (the `paperlint` executable) and ARTIFACTS (where logs and screenshots go).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

/** A fresh folder for one run: user settings, extensions and a HOME for Chromium. */
export function freshState(name, settings) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `paperlint-${name}-`));
  const write = (file, values) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(values, null, 2));
  };
  // the server path is a machine setting: a remote window reads it from the machine's settings, not the user's
  const machine = { 'paperlint.server.path': env('PAPERLINT_SERVER_PATH') };
  write(path.join(dir, 'server', 'data', 'Machine', 'settings.json'), machine);
  write(path.join(dir, 'user', 'Machine', 'settings.json'), machine);
  write(path.join(dir, 'user', 'User', 'settings.json'), {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'security.workspace.trust.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    ...settings,
  });
  return dir;
}

/** Keeps the paperlint output channel (the extension's and the server's log) in ARTIFACTS, then removes `dir`. */
export function cleanUp(dir, name) {
  const logs = path.join(dir, 'user', 'logs');
  const found = fs.existsSync(logs) ? fs.readdirSync(logs, { recursive: true }).filter((f) => f.endsWith('paperlint.log')) : [];
  fs.writeFileSync(path.join(env('ARTIFACTS'), `${name}-paperlint-output.log`),
    found.map((f) => fs.readFileSync(path.join(logs, f), 'utf8')).join('\n'));
  fs.rmSync(dir, { recursive: true, force: true });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a Node program (VS Code's server or code-server) in its own process group, logging to `log`, and waits
 * until it answers HTTP on `port`. `stop()` ends the whole group: extension hosts and paperlint servers too.
 */
export async function startServer(args, port, log) {
  const out = fs.openSync(log, 'w');
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', out, out] });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => process.exit(1));
  }
  const end = Date.now() + 60000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`${args[0]} exited with ${child.exitCode}, see ${log}`);
    }
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return stop;
    } catch {
      if (Date.now() > end) {
        stop();
        throw new Error(`${args[0]} did not answer on port ${port}, see ${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export async function launchBrowser(stateDir) {
  const home = path.join(stateDir, 'home');
  fs.mkdirSync(home, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache') },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}
