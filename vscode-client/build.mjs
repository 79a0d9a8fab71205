// Bundles the extension (and the extension-host tests) into out/ with esbuild; `vscode` is provided by the editor.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('out', { recursive: true, force: true });

const common = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', external: ['vscode'], logLevel: 'warning' };
await build({ ...common, entryPoints: ['src/extension.ts'], outfile: 'out/extension.js', minify: true });
await build({ ...common, entryPoints: ['test/host/index.ts'], outfile: 'out/test/index.js', sourcemap: 'inline' });
