import * as path from 'path';
import * as vscode from 'vscode';

/** A place in the paper; lines and columns are 1-based. */
export interface Location {
  file: string;
  line: number;
  column: number;
  text?: string;
}

export interface Item {
  id: string;
  title: string;
  status: 'present' | 'weak' | 'missing' | 'not_applicable';
  severity: string;
  message: string;
  evidence: Location[];
  reason?: string;
  fix?: { title: string } | null;
  anchor?: Location | null;
}

/** The JSON report of one paper (schema version 1, as `paperlint check --format json`). */
export interface Report {
  version: number;
  root: string;
  folder: string;
  profile: string;
  summary: { present: number; weak: number; missing: number; not_applicable: number };
  items: Item[];
}

/** `present of applicable`, the score the status bar and the report show. */
export function score(report: Report): { present: number; applicable: number } {
  const { present, weak, missing } = report.summary;
  return { present, applicable: present + weak + missing };
}

const ORDER: Item['status'][] = ['missing', 'weak', 'present', 'not_applicable'];
const HEADINGS = { missing: 'Missing', weak: 'Weak', present: 'Present', not_applicable: 'Not applicable' };
const ICONS = { missing: '✗', weak: '~', present: '✓', not_applicable: '–' };

/** The report webview: one panel, re-rendered for each new report; evidence links open the file at the line. */
export class ReportPanel {
  private panel: vscode.WebviewPanel | undefined;
  private folder = '';

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  show(report: Report): void {
    this.folder = report.folder;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('paperlint.report', 'paperlint report', vscode.ViewColumn.Beside, {
        enableScripts: true,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((at: Location) => this.open(at));
    }
    this.panel.webview.html = render(report, this.panel.webview.cspSource);
    this.panel.reveal(undefined, true);
  }

  update(report: Report): void {
    if (this.panel) {
      this.folder = report.folder;
      this.panel.webview.html = render(report, this.panel.webview.cspSource);
    }
  }

  private async open(at: Location): Promise<void> {
    const position = new vscode.Position(Math.max(at.line - 1, 0), Math.max(at.column - 1, 0));
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.resolve(this.folder, at.file)));
    await vscode.window.showTextDocument(document, {
      viewColumn: vscode.ViewColumn.One,
      selection: new vscode.Range(position, position),
    });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function link(at: Location, label: string): string {
  const data = escape(JSON.stringify({ file: at.file, line: at.line, column: at.column }));
  return `<a href="#" data-at="${data}">${escape(label)}</a>`;
}

function renderItem(item: Item): string {
  const evidence = item.evidence
    .map((e) => `<li>${link(e, `${e.file}:${e.line}`)} ${escape(e.text ?? '')}</li>`)
    .join('');
  const where = item.anchor && item.status !== 'present' ? ` ${link(item.anchor, `${item.anchor.file}:${item.anchor.line}`)}` : '';
  const fix = item.fix && (item.status === 'missing' || item.status === 'weak') ? `<div class="fix">Fix: ${escape(item.fix.title)}</div>` : '';
  const reason = item.status === 'missing' && item.reason ? `<div class="reason">Looked: ${escape(item.reason)}</div>` : '';
  return `<li class="item ${item.status}" data-id="${escape(item.id)}">
    <span class="icon">${ICONS[item.status]}</span> <b>${escape(item.title)}</b> <code>${escape(item.id)}</code>${where}
    <div class="message">${escape(item.message)}</div>${reason}${fix}
    ${evidence ? `<ul class="evidence">${evidence}</ul>` : ''}
  </li>`;
}

export function render(report: Report, cspSource: string): string {
  const { present, applicable } = score(report);
  const percent = applicable ? Math.round((100 * present) / applicable) : 100;
  const sections = ORDER.map((status) => {
    const items = report.items.filter((i) => i.status === status);
    return items.length
      ? `<h2>${HEADINGS[status]} (${items.length})</h2><ul class="items">${items.map(renderItem).join('')}</ul>`
      : '';
  }).join('');
  const nonce = Math.random().toString(36).slice(2);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline'; script-src 'nonce-${nonce}';">
<style>
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1em; }
  .bar { height: 10px; background: var(--vscode-editorWidget-background); border: 1px solid var(--vscode-widget-border, #8884); }
  .bar div { height: 100%; background: var(--vscode-testing-iconPassed, #3a3); }
  ul.items { list-style: none; padding: 0; }
  li.item { margin: 0.6em 0; }
  .missing .icon { color: var(--vscode-errorForeground); }
  .weak .icon { color: var(--vscode-editorWarning-foreground); }
  .present .icon { color: var(--vscode-testing-iconPassed, #3a3); }
  .message, .reason, .fix, .evidence { margin-left: 1.4em; }
  .reason, .fix { opacity: 0.8; }
  a { color: var(--vscode-textLink-foreground); }
</style></head>
<body>
<h1>Checklist: ${escape(report.root)} (${escape(report.profile)})</h1>
<div class="bar" role="progressbar" aria-valuenow="${present}" aria-valuemin="0" aria-valuemax="${applicable}"><div style="width: ${percent}%"></div></div>
<p class="score">${present} of ${applicable} applicable items present · ${report.summary.weak} weak · ${report.summary.missing} missing · ${report.summary.not_applicable} not applicable</p>
${sections}
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const a = event.target.closest('a[data-at]');
    if (a) { event.preventDefault(); vscode.postMessage(JSON.parse(a.dataset.at)); }
  });
</script>
</body></html>`;
}
