import { execFile } from 'child_process';
import * as vscode from 'vscode';

/** How to start `paperlint serve`: an executable and its arguments. */
export interface ServerCommand {
  command: string;
  args: string[];
  /** The interpreter paperlint must be installed into, when started as a Python module. */
  python?: string;
}

/** The `paperlint.server.path` setting, else the Python extension's interpreter, else `python3`. */
export async function serverCommand(resource?: vscode.Uri): Promise<ServerCommand> {
  const path = vscode.workspace.getConfiguration('paperlint', resource).get<string>('server.path', '');
  if (path) {
    return { command: path, args: ['serve'] };
  }
  const python = (await selectedPython(resource)) ?? 'python3';
  return { command: python, args: ['-m', 'paperlint', 'serve'], python };
}

interface PythonApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
    resolveEnvironment(env: { path: string }): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
  };
  settings?: { getExecutionDetails(resource?: vscode.Uri): { execCommand?: string[] } };
}

async function selectedPython(resource?: vscode.Uri): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonApi>('ms-python.python');
  if (!extension) {
    return undefined;
  }
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    if (api.environments) {
      const env = await api.environments.resolveEnvironment(api.environments.getActiveEnvironmentPath(resource));
      return env?.executable.uri?.fsPath;
    }
    return api.settings?.getExecutionDetails(resource).execCommand?.[0];
  } catch {
    return undefined;
  }
}

/** Runs `serve --help`; resolves to the error text when this paperlint cannot serve (absent or too old). */
export function checkInstalled(server: ServerCommand): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(server.command, [...server.args, '--help'], { ...spawnOptions(), timeout: 30000 }, (error, _stdout, stderr) => {
      resolve(error ? (stderr.trim() || error.message) : undefined);
    });
  });
}

/**
 * The server runs in the workspace folder, so that a relative `paperlint.server.path` or checklist path works,
 * but Python must not import modules from there (PYTHONSAFEPATH, Python >= 3.11).
 */
export function spawnOptions(): { cwd?: string; env: NodeJS.ProcessEnv } {
  return { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath, env: { ...process.env, PYTHONSAFEPATH: '1' } };
}

/** The command that installs paperlint where the extension looks for it. */
export function installCommand(server: ServerCommand): string {
  const python = server.python ?? 'python3';
  return `${/\s/.test(python) ? `"${python}"` : python} -m pip install --upgrade paperlint`;
}
