/**
 * `tsx bench/scrub-ab.ts <old-studio-dist> <new-studio-dist> [--rounds N] [--seeks N]`: the studio's
 * scrub (e2e/bench/playback-bench.ts) of one 500-step run, served in turn from two studio builds by
 * the same server data, back to back, so that the shared machine's load hits both alike.
 */
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { studioScrubs } from '../e2e/bench/playback-bench';
import { createServer, loadConfig } from '../apps/server/src/index';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const dirs = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (dirs.length < 1) {
  console.error('usage: tsx bench/scrub-ab.ts <studio-dist> [<studio-dist> ...] [--rounds N] [--seeks N]');
  process.exit(2);
}
const ROUNDS = opt('--rounds', 2);
const SEEKS = opt('--seeks', 60);
const STEPS = 500;

function bigForeachYaml(): string {
  const lines = ['apiVersion: weft/v1', 'kind: Workflow', 'id: big-playback', 'steps:'];
  for (let i = 0; i < STEPS; i++) {
    lines.push(`  - id: s${i}`, '    uses: transform');
    if (i > 0) lines.push(`    needs: [s${i % 10 === 1 || i < 10 ? 0 : i - 1}]`);
    lines.push('    foreach: "${{ [1, 2, 3, 4, 5, 6, 7, 8] }}"', '    with:', `      expression: "${i}"`);
  }
  return `${lines.join('\n')}\n`;
}
const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

const dataDir = mkdtempSync(join(tmpdir(), 'weft-scrub-ab-'));
async function serve(studioDir: string) {
  const cfg = loadConfig({
    cwd: dataDir,
    env: {},
    flags: {
      'data-dir': dataDir,
      'log-level': 'silent',
      port: '0',
      host: '127.0.0.1',
      'studio-dir': resolve(studioDir),
    },
  });
  if (!cfg.ok) throw new Error(cfg.error.message);
  const server = await createServer(cfg.value);
  const { url } = await server.start();
  const call = async <T>(path: string, input: unknown, query = false): Promise<T> => {
    const res = query
      ? await fetch(`${url}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`)
      : await fetch(`${url}/api/trpc/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input),
        });
    const body = (await res.json()) as { result?: { data: T }; error?: unknown };
    if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
    return body.result.data;
  };
  return { server, url, call };
}

let runId = '';
let last = 0;
{
  const s = await serve(dirs[0] as string);
  try {
    await s.call('workflows.save', { yaml: bigForeachYaml() });
    runId = (await s.call<{ runId: string }>('runs.start', { workflowId: 'big-playback' })).runId;
    for (;;) {
      const { run } = await s.call<{ run: { status: string; lastSeq: number } }>('runs.get', { runId }, true);
      if (run.status === 'SUCCESS') {
        last = run.lastSeq;
        break;
      }
      if (run.status === 'FAILED' || run.status === 'CANCELLED') throw new Error(run.status);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await s.server.stop();
  }
}
let seed = 7;
const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const seqs: number[] = [];
while (seqs.length < SEEKS) {
  const seq = 1 + Math.floor(rand() * last);
  if (seq !== seqs[seqs.length - 1]) seqs.push(seq);
}
const all = new Map<string, number[]>();
for (let r = 0; r < ROUNDS; r++)
  for (const dir of r % 2 === 0 ? dirs : [...dirs].reverse()) {
    const s = await serve(dir);
    try {
      const l0 = loadavg()[0]?.toFixed(1);
      const b = await studioScrubs(s.url, runId, last, seqs);
      all.set(dir, [...(all.get(dir) ?? []), ...b.seekMs]);
      console.log(
        `${dir.padEnd(28)} round ${r + 1}: p50 ${pct(b.seekMs, 50).toFixed(1)} p95 ${pct(b.seekMs, 95).toFixed(1)} max ${pct(b.seekMs, 100).toFixed(1)} ms; script ${b.perSeek.scriptMs.toFixed(1)} style ${b.perSeek.styleMs.toFixed(1)} layout ${b.perSeek.layoutMs.toFixed(1)} ms/seek; load ${l0}→${loadavg()[0]?.toFixed(1)}`,
      );
    } finally {
      await s.server.stop();
    }
  }
for (const [dir, xs] of all)
  console.log(
    `${dir.padEnd(28)} all: p50 ${pct(xs, 50).toFixed(1)} p95 ${pct(xs, 95).toFixed(1)} (${xs.length} seeks)`,
  );
process.exit(0);
