/**
 * `pnpm bench:profile <file.cpuprofile> [--top N]`: the functions a V8 CPU profile (node --cpu-prof,
 * e.g. from `WEFT_BENCH_CPU_PROF=<dir> pnpm bench server`) spent the most time in, by self time and
 * including what they call, as percentages of the busy (non-idle) time.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
if (!file || !Number.isInteger(top) || top <= 0) {
  process.stderr.write('usage: pnpm bench:profile <file.cpuprofile> [--top N]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n: ProfileNode): string => {
  const where = n.callFrame.url.split('/').pop() ?? '';
  return `${n.callFrame.functionName || '(anonymous)'}${where ? ` ${where}:${n.callFrame.lineNumber + 1}` : ''}`;
};

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let busy = 0;
profile.samples.forEach((id, i) => {
  const node = byId.get(id);
  if (!node || node.callFrame.functionName === '(idle)') return;
  const dt = profile.timeDeltas[i] ?? 0;
  busy += dt;
  self.set(name(node), (self.get(name(node)) ?? 0) + dt);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur);
    if (!n || seen.has(name(n))) continue;
    seen.add(name(n));
    inclusive.set(name(n), (inclusive.get(name(n)) ?? 0) + dt);
  }
});

const print = (title: string, m: Map<string, number>): void => {
  console.log(title);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((100 * v) / busy).toFixed(1).padStart(6)}%  ${k}`);
};
console.log(`busy ${(busy / 1000).toFixed(0)} ms in ${file}`);
print('\nself', self);
print('\nincluding callees', inclusive);
