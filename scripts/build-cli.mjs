#!/usr/bin/env node
/**
 * Builds the `weft` command (and the server it embeds) to JavaScript: apps/cli/dist/weft.mjs plus one
 * chunk per command, loaded only when that command runs. `pnpm install` runs it (postinstall), as do
 * `pnpm build` and the vitest global setup, so what `weft`, `pnpm start`, Docker and the tests run is
 * always this build of the current sources.
 *
 * - Native modules stay outside the bundle (better-sqlite3 is a dependency of @weft/cli).
 * - Files that find things beside themselves (`new URL('../x', import.meta.url)`: the blocks folder,
 *   the sandbox worker, the studio's dist) keep working: in every workspace source file,
 *   `import.meta.url` becomes that source file's own URL, computed from the bundle's location, so the
 *   built CLI works wherever the repository is (a clone, /app in Docker, a global link).
 * - The output is written beside the old one and the entry renamed last, so a `weft` process that is
 *   running while a build happens keeps finding its chunks.
 *
 * Usage: node scripts/build-cli.mjs [--quiet]
 */
import { build } from 'esbuild';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'apps/cli/dist');
const quiet = process.argv.includes('--quiet');
const started = performance.now();

/** Native (or optional native) modules: loaded from node_modules at run time. */
const external = ['better-sqlite3', 'pg-native'];

/** `import.meta.url` → the source file's own URL, relative to wherever the bundle is. */
const sourceUrlPlugin = {
  name: 'source-url',
  setup(b) {
    b.onLoad({ filter: /\.(ts|tsx|mjs|js)$/ }, (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = relative(outdir, args.path).split(sep).join('/');
      return {
        contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`),
        loader: args.path.endsWith('.tsx') ? 'tsx' : args.path.endsWith('.ts') ? 'ts' : 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: { weft: 'apps/cli/src/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'weft-[name]-[hash]',
  external,
  write: false,
  logLevel: 'warning',
  legalComments: 'none',
  // CommonJS dependencies bundled into ESM call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __weftRequire } from 'node:module'; const require = __weftRequire(import.meta.url);",
  },
  plugins: [sourceUrlPlugin],
});

mkdirSync(outdir, { recursive: true });
const entry = join(outdir, 'weft.mjs');
const written = new Set();
let bytes = 0;
for (const file of result.outputFiles) {
  written.add(file.path);
  bytes += file.contents.length;
  if (file.path === entry) continue;
  writeFileSync(file.path, file.contents);
}
const entryFile = result.outputFiles.find((f) => f.path === entry);
if (!entryFile) throw new Error('esbuild wrote no weft.mjs');
writeFileSync(`${entry}.${process.pid}.tmp`, entryFile.contents, { mode: 0o755 });
renameSync(`${entry}.${process.pid}.tmp`, entry);

// Chunks of older builds: removed once no process started within the last 10 minutes can need them.
for (const name of readdirSync(outdir)) {
  const path = join(outdir, name);
  if (written.has(path)) continue;
  try {
    if (Date.now() - statSync(path).mtimeMs > 10 * 60_000) unlinkSync(path);
  } catch {
    // another build removed it first
  }
}

if (!quiet) {
  const ms = Math.round(performance.now() - started);
  process.stdout.write(
    `built apps/cli/dist/weft.mjs (${result.outputFiles.length} files, ${(bytes / 1e6).toFixed(1)} MB) in ${ms} ms\n`,
  );
}
