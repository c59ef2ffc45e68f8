// Builds the explorer's bundle with esbuild: `node bundle.js` writes ../static/explorer.js and
// ../static/chunks/ (emptied first); `node bundle.js --check` builds into a temporary directory
// and fails when the committed files differ from what the sources build (make check runs it).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { build } from 'esbuild';

const STATIC = new URL('../static/', import.meta.url).pathname;
const check = process.argv.includes('--check');
const outdir = check ? mkdtempSync(join(tmpdir(), 'explorer-bundle-')) : STATIC;

rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
await build({
  entryPoints: [new URL('src/main.js', import.meta.url).pathname],
  bundle: true,
  splitting: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  legalComments: 'linked',
  outdir,
  entryNames: 'explorer',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});

if (check) {
  const files = (dir) => [
    'explorer.js',
    ...readdirSync(join(dir, 'chunks')).map((name) => join('chunks', name)),
  ];
  const built = files(outdir).sort();
  const committed = files(STATIC).sort();
  const differ = [...new Set([...built, ...committed])].filter(
    (name) =>
      !built.includes(name) ||
      !committed.includes(name) ||
      !readFileSync(join(outdir, name)).equals(readFileSync(join(STATIC, name))),
  );
  rmSync(outdir, { recursive: true, force: true });
  if (differ.length) {
    console.error(
      `explorer/static is not what explorer/web/src builds: ${differ.join(', ')}.\n` +
        'Rebuild it (cd explorer/web && npm ci && npm run build) and commit explorer/static/.',
    );
    process.exit(1);
  }
  console.log(`explorer/static matches its sources (${built.length} files).`);
}
