#!/usr/bin/env -S node --max-semi-space-size=4
// Launcher. Runs the TypeScript CLI with no build step for the user: the sources are bundled by
// esbuild into node_modules/.cache/broadsheet/ on first run and again whenever a source file
// changes (a few hundred milliseconds), because loading hundreds of files one by one through a
// TypeScript loader cost seconds of start-up. BROADSHEET_TSX=1 runs the sources through tsx.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

/** Paths, sizes and modification times of the sources a bundle is built from. */
function fingerprint() {
  const hash = createHash('sha1').update(process.version);
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|mjs|js|json)$/.test(entry.name) && !entry.name.includes('.test.')) {
        const s = statSync(path);
        hash.update(`${path}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  walk(src);
  hash.update(readFileSync(join(root, 'package.json')));
  return hash.digest('hex').slice(0, 16);
}

async function bundled() {
  const dir = join(root, 'node_modules', '.cache', 'broadsheet');
  const file = join(dir, `cli-${fingerprint()}.mjs`);
  if (existsSync(file)) return file;
  const { build } = await import('esbuild');
  mkdirSync(dir, { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  await build({
    entryPoints: [join(src, 'cli', 'main.ts')],
    outfile: partial,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    plugins: [
      {
        // Each module keeps its own `import.meta.url` (static files, workers and data are found
        // relative to the source file, not to the bundle).
        name: 'own-import-meta-url',
        setup(b) {
          b.onLoad({ filter: /\.ts$/ }, (args) => ({
            contents: readFileSync(args.path, 'utf8').replaceAll(
              'import.meta.url',
              JSON.stringify(pathToFileURL(args.path).href),
            ),
            loader: 'ts',
          }));
        },
      },
    ],
  });
  renameSync(partial, file);
  // Bundles of earlier sources are of no further use.
  for (const old of readdirSync(dir))
    if (old.startsWith('cli-') && join(dir, old) !== file && !old.endsWith('.tmp'))
      rmSync(join(dir, old), { force: true });
  return file;
}

if (process.env.BROADSHEET_TSX === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
} else {
  await import(pathToFileURL(await bundled()).href);
}
