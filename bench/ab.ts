/**
 * `pnpm bench:ab <old-dist> <new-dist> [--rounds 3] [--requests 10000] [--chain 1]` — a same-load A/B of
 * two builds of the server: each round starts each build in turn (alternating which goes first), loads
 * it with the issue-14 harness (chain-N webhook, 16 keep-alive clients, every answer checked) and
 * reads the server's CPU per run, runs/s and p50, with the machine's load beside each figure. The VM's
 * speed drifts ±30% minutes apart, so compare builds run back to back, never against an old figure.
 *
 *   cp -r apps/cli/dist apps/cli/dist-old      # the build before your change
 *   pnpm build:cli                             # the build with it
 *   pnpm bench:ab apps/cli/dist-old apps/cli/dist --rounds 4
 *
 * A dist folder must sit beside apps/cli/dist (it finds the blocks and the studio relative to itself).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnServer } from '../apps/server/src/testing/process';
import { chainWorkflow } from './load/chain-workflow';
import { runLoad } from './load/webhook-load';

function usage(msg: string): never {
  process.stderr.write(
    `bench:ab: ${msg}\nusage: pnpm bench:ab <old-dist> <new-dist> [--rounds N] [--requests N] [--chain K]\n`,
  );
  process.exit(2);
}

const args = process.argv.slice(2);
const dists: string[] = [];
const opts = { rounds: 3, requests: 10_000, chain: 1 };
for (let i = 0; i < args.length; i++) {
  const a = args[i] ?? '';
  if (a === '--rounds' || a === '--requests' || a === '--chain') {
    const v = Number(args[++i]);
    if (!Number.isInteger(v) || v < 1) usage(`${a} needs a whole number ≥ 1`);
    opts[a.slice(2) as keyof typeof opts] = v;
  } else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else dists.push(a);
}
if (dists.length !== 2) usage('give two dist folders');

interface Figure {
  cpu: number;
  perSecond: number;
  p50: number;
  load: number;
}

async function measure(dist: string): Promise<Figure> {
  const cwd = mkdtempSync(join(tmpdir(), 'weft-bench-ab-'));
  const server = await spawnServer({
    cwd,
    bin: join(resolve(dist), 'weft.mjs'),
    flags: { db: `sqlite:${join(cwd, 'weft.db')}` },
  });
  try {
    await server.client.workflows.save.mutate({ yaml: chainWorkflow(opts.chain) });
    const url = `${server.url}/hooks/chain-${opts.chain}/in`;
    await runLoad({ url, requests: 2000, increment: opts.chain }); // warm-up (JIT, statement caches)
    const r = await runLoad({ url, requests: opts.requests, increment: opts.chain, pid: server.pid });
    if (r.errors > 0) throw new Error(`${dist}: ${r.errors} wrong answers: ${r.firstErrors.join('; ')}`);
    return { cpu: r.cpuMsPerRun, perSecond: r.perSecond, p50: r.p50, load: loadavg()[0] ?? NaN };
  } finally {
    await server.term();
    rmSync(cwd, { recursive: true, force: true });
  }
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] ?? NaN)
    : ((s[s.length / 2 - 1] ?? 0) + (s[s.length / 2] ?? 0)) / 2;
};

const figures = new Map<string, Figure[]>(dists.map((d) => [d, []]));
for (let round = 0; round < opts.rounds; round++) {
  for (const dist of round % 2 === 0 ? dists : [...dists].reverse()) {
    const f = await measure(dist);
    figures.get(dist)?.push(f);
    console.log(
      `round ${round + 1}  ${dist.padEnd(24)} CPU ${f.cpu.toFixed(3)} ms/run  ${f.perSecond.toFixed(0)} runs/s  p50 ${f.p50.toFixed(2)} ms  load ${f.load.toFixed(1)}`,
    );
  }
}
console.log(`\nchain-${opts.chain}, ${opts.requests} requests a round, ${cpus().length} cores; medians:`);
for (const [dist, fs] of figures)
  console.log(
    `${dist.padEnd(24)} CPU ${median(fs.map((f) => f.cpu)).toFixed(3)} ms/run  ${median(fs.map((f) => f.perSecond)).toFixed(0)} runs/s  p50 ${median(fs.map((f) => f.p50)).toFixed(2)} ms  (CPU each round: ${fs.map((f) => f.cpu.toFixed(3)).join(' ')})`,
  );
