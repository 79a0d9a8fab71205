import { ChildProcess, spawn } from 'child_process';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  DocumentSelector,
  ExecuteCommandRequest,
  LanguageClient,
  State,
} from 'vscode-languageclient/node';
import { Report, ReportPanel, score } from './report';
import { checkInstalled, installCommand, ServerCommand, serverCommand, spawnOptions } from './server';

const SELECTOR: DocumentSelector = [
  { scheme: 'file', language: 'latex' },
  { scheme: 'file', language: 'tex' },
  { scheme: 'file', pattern: '**/*.tex' },
];

/** What the extension returns from `activate`, for other extensions and the integration tests. */
export interface Api {
  /** The process id of the running `paperlint serve`. */
  serverPid(): number | undefined;
}

let client: LanguageClient | undefined;
let serverProcess: ChildProcess | undefined;
let output: vscode.OutputChannel;
let warned = false;
/** Runs each time the server is up: refreshes the status bar. */
let onRunning: () => void = () => undefined;

export async function activate(context: vscode.ExtensionContext): Promise<Api> {
  output = vscode.window.createOutputChannel('paperlint');
  const panel = new ReportPanel();
  const status = vscode.window.createStatusBarItem('paperlint.score', vscode.StatusBarAlignment.Left, 100);
  status.name = 'paperlint';
  status.command = 'paperlint.showReport';
  let lastPaper: vscode.Uri | undefined;
  let refreshTimer: NodeJS.Timeout | undefined;

  /** The paper a command is about: its argument (the code lens passes a URI string), else the active .tex file. */
  const target = (arg?: string | vscode.Uri): vscode.Uri | undefined => {
    if (arg) {
      return typeof arg === 'string' ? vscode.Uri.parse(arg) : arg;
    }
    const document = vscode.window.activeTextEditor?.document;
    if (document && vscode.languages.match(SELECTOR, document)) {
      lastPaper = document.uri;
    }
    if (!lastPaper) {
      vscode.window.showInformationMessage('paperlint: open a .tex file of your paper first.');
    }
    return lastPaper;
  };

  const refreshStatus = async (): Promise<void> => {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !vscode.languages.match(SELECTOR, document) || client?.state !== State.Running) {
      status.hide();
      return;
    }
    try {
      const result = await fetchReport(document.uri);
      if (!result) {
        status.hide();
        return;
      }
      const { present, applicable } = score(result);
      const { weak, missing } = result.summary;
      status.text = `$(checklist) ${present}/${applicable}`;
      status.tooltip = `paperlint (${result.profile}): ${present} of ${applicable} items present, ${weak} weak, ${missing} missing. Click for the report.`;
      if (panel.visible) {
        panel.update(result);
      }
    } catch (error) {
      status.text = '$(checklist) paperlint';
      status.tooltip = `paperlint: no report (${error instanceof Error ? error.message : error})`;
    }
    status.show();
  };
  const scheduleRefresh = (): void => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refreshStatus, 300);
  };

  context.subscriptions.push(
    output,
    panel,
    status,
    vscode.commands.registerCommand('paperlint.showReport', async (arg?: string | vscode.Uri) => {
      const uri = target(arg);
      if (!uri) {
        return undefined;
      }
      if (client?.state !== State.Running) {
        vscode.window.showWarningMessage('paperlint: the server is not running (see the paperlint output).');
        return undefined;
      }
      const result = await fetchReport(uri);
      if (result) {
        panel.show(result);
      }
      return result;
    }),
    vscode.commands.registerCommand('paperlint.insertVenueChecklist', async (arg?: string | vscode.Uri) => {
      const uri = target(arg);
      if (!uri || client?.state !== State.Running) {
        return false;
      }
      const inserted: boolean = await client.sendRequest(ExecuteCommandRequest.type, {
        command: 'paperlint.insertChecklist',
        arguments: [uri.toString()],
      });
      if (!inserted) {
        vscode.window.showInformationMessage('paperlint: no venue checklist to insert for this paper (see the profile setting).');
      }
      return inserted;
    }),
    vscode.commands.registerCommand('paperlint.restartServer', async () => {
      warned = false;
      await restart();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('paperlint.server.path')) {
        restart();
      } else if (event.affectsConfiguration('paperlint') && client?.state === State.Running) {
        client.sendNotification(DidChangeConfigurationNotification.type, { settings: { paperlint: settings() } });
      }
    }),
    vscode.languages.onDidChangeDiagnostics(scheduleRefresh),
    vscode.window.onDidChangeActiveTextEditor(scheduleRefresh),
    { dispose: () => clearTimeout(refreshTimer) },
  );
  onRunning = scheduleRefresh;
  start();
  return { serverPid: () => serverProcess?.pid };
}

export async function deactivate(): Promise<void> {
  await client?.dispose();
}

/** Starts the client unless paperlint cannot run, in which case the user is told once, with the install command. */
async function start(): Promise<void> {
  const server = await serverCommand(vscode.window.activeTextEditor?.document.uri);
  const problem = await checkInstalled(server);
  if (problem) {
    output.appendLine(`paperlint cannot start with ${describe(server)}:\n${problem}`);
    notInstalled(server);
    return;
  }
  client = new LanguageClient('paperlint', 'paperlint', spawnServer, {
    documentSelector: SELECTOR,
    outputChannel: output,
    initializationOptions: settings,
  });
  keepReportCommand(client);
  client.onDidChangeState((event) => event.newState === State.Running && onRunning());
  try {
    await client.start();
  } catch (error) {
    output.appendLine(`paperlint did not start: ${error instanceof Error ? error.message : error}`);
  }
}

/**
 * The server offers `paperlint.showReport` too, for editors that run a code lens's command on the server. The
 * client would register it as a VS Code command, which the extension owns: it shows the report in a webview.
 */
function keepReportCommand(languageClient: LanguageClient): void {
  const feature = languageClient.getFeature(ExecuteCommandRequest.method);
  const register = feature.register.bind(feature);
  feature.register = (data) => {
    const commands = data.registerOptions.commands.filter((command) => command !== 'paperlint.showReport');
    register({ ...data, registerOptions: { ...data.registerOptions, commands } });
  };
}

let restarting = Promise.resolve();

/** Stops the client and starts a new one; restarts asked for meanwhile run one after the other. */
function restart(): Promise<void> {
  restarting = restarting
    .then(async () => {
      const old = client;
      client = undefined;
      await old?.dispose();
      await start();
    })
    .catch((error) => output.appendLine(`paperlint did not restart: ${error instanceof Error ? error.message : error}`));
  return restarting;
}

/** The JSON report of the paper `uri` belongs to (null when it is no paper's file). */
function fetchReport(uri: vscode.Uri): Promise<Report | null> {
  return client!.sendRequest(ExecuteCommandRequest.type, { command: 'paperlint.report', arguments: [uri.toString(), 'json'] });
}

/** Called by the client at each start, and again when the server died: the command is resolved anew. */
async function spawnServer(): Promise<ChildProcess> {
  const server = await serverCommand(vscode.window.activeTextEditor?.document.uri);
  output.appendLine(`Starting ${describe(server)}`);
  serverProcess = spawn(server.command, server.args, spawnOptions());
  return serverProcess;
}

function settings(): object {
  const config = vscode.workspace.getConfiguration('paperlint');
  return {
    profile: config.get('profile'),
    severity: config.get('severity'),
    run: config.get('run'),
    debounceMs: config.get('debounceMs'),
    checklists: config.get('checklists'),
  };
}

function describe(server: ServerCommand): string {
  return [server.command, ...server.args].join(' ');
}

function notInstalled(server: ServerCommand): void {
  if (warned) {
    return;
  }
  warned = true;
  const command = installCommand(server);
  const what = server.python
    ? `paperlint (with its language server) is not installed for ${server.python}.`
    : `paperlint.server.path (${server.command}) does not run \`paperlint serve\`.`;
  vscode.window.showErrorMessage(`${what} The checklist stays off until it is.`, 'Show install command').then((choice) => {
    if (choice) {
      vscode.window
        .showInformationMessage(command, { modal: true, detail: 'Run this in a terminal, then "paperlint: Restart server".' }, 'Copy')
        .then((copy) => copy && vscode.env.clipboard.writeText(command));
    }
  });
}
