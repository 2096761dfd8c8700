/**
 * `pnpm bench cli`: the `weft` command as a whole process — what a person waits for — beside
 * `node -e 0` on the same machine at the same moment: `weft validate` and `weft run hello.yaml`
 * (the built CLI, apps/cli/dist/weft.mjs, as `weft` on the PATH runs it). Medians of interleaved
 * runs, so a load spike hits all three alike; the ratios are the figures that carry across machines.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './row';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const WEFT = join(root, 'apps/cli/dist/weft.mjs');
const ROUNDS = Number(process.env.WEFT_BENCH_CLI_ROUNDS ?? 7);

const HELLO = `apiVersion: weft/v1
kind: Workflow
id: hello
inputs:
  name: { type: string, default: world }
steps:
  - id: greet
    uses: transform
    with: { expression: "'Hello, ' & inputs.name & '!'" }
  - id: shout
    uses: text@1
    needs: [greet]
    with: { op: upper, text: '\${{ steps.greet.output }}' }
outputs:
  message: '\${{ steps.shout.output.value }}'
`;

function wallMs(args: string[], cwd: string): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
  return ms;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export default async function bench(): Promise<BenchRow[]> {
  if (!existsSync(WEFT)) throw new Error('apps/cli/dist/weft.mjs is missing: run `pnpm build:cli`');
  const dir = mkdtempSync(join(tmpdir(), 'weft-bench-cli-'));
  const file = join(dir, 'hello.yaml');
  writeFileSync(file, HELLO);
  const base: number[] = [];
  const validate: number[] = [];
  const run: number[] = [];
  wallMs([WEFT, 'run', file, '--db', 'sqlite::memory:'], dir); // warm the file cache
  for (let i = 0; i < ROUNDS; i++) {
    base.push(wallMs(['-e', '0'], dir));
    validate.push(wallMs([WEFT, 'validate', file], dir));
    run.push(wallMs([WEFT, 'run', file], dir));
  }
  const b = median(base);
  const note = `median of ${ROUNDS}, node -e 0 = ${b.toFixed(0)} ms; load avg ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`;
  return [
    { area: 'cli', metric: 'node -e 0 (floor)', value: b, unit: 'ms', note: 'whole process' },
    { area: 'cli', metric: 'weft validate hello.yaml', value: median(validate), unit: 'ms' },
    {
      area: 'cli',
      metric: 'weft run hello.yaml',
      value: median(run),
      unit: 'ms',
      note: 'SQLite in ./.weft/',
    },
    {
      area: 'cli',
      metric: 'weft validate / node -e 0',
      value: median(validate) / b,
      unit: 'x',
      target: '<= 5',
      note,
    },
    { area: 'cli', metric: 'weft run / node -e 0', value: median(run) / b, unit: 'x', target: '<= 5', note },
  ];
}
