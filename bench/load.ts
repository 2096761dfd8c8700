/**
 * `pnpm bench:load <url> [--requests 5000] [--clients 16] [--increment K] [--status 200] [--pid PID]
 * [--header 'name: value']…` — the webhook load client of bench/load/webhook-load.ts as a command,
 * to point at any server: Weft, Node-RED, n8n… (same client, same checks).
 *
 *   pnpm bench:load http://127.0.0.1:8080/hooks/chain-1/in --increment 1 --pid 12345
 *   pnpm bench:load http://127.0.0.1:1880/chain-1 --increment 1 --pid $(pgrep -o node-red)
 *
 * Each request POSTs {"n": i}; with --increment K the answer must hold the number i + K (a chain of
 * K "+1" steps). --pid adds the CPU ms per run and peak RSS of that process and all its children.
 */
import { cpus, loadavg } from 'node:os';
import { runLoad, type LoadOptions } from './load/webhook-load';

function usage(msg: string): never {
  process.stderr.write(
    `bench:load: ${msg}\nusage: pnpm bench:load <url> [--requests N] [--clients C] [--increment K] [--status S] [--pid PID] [--header 'name: value']\n`,
  );
  process.exit(2);
}

const args = process.argv.slice(2);
const opts: LoadOptions = { url: '' };
const headers: Record<string, string> = {};
for (let i = 0; i < args.length; i++) {
  const a = args[i] ?? '';
  const value = (): string => {
    const v = args[++i];
    if (v === undefined) usage(`${a} needs a value`);
    return v;
  };
  const num = (): number => {
    const v = Number(value());
    if (!Number.isFinite(v) || v < 0) usage(`${a} needs a number`);
    return v;
  };
  if (a === '--requests') opts.requests = num();
  else if (a === '--clients') opts.clients = num();
  else if (a === '--increment') opts.increment = num();
  else if (a === '--status') opts.status = num();
  else if (a === '--pid') opts.pid = num();
  else if (a === '--header') {
    const h = value();
    const colon = h.indexOf(':');
    if (colon < 1) usage(`--header needs 'name: value', got "${h}"`);
    headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
  } else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else if (opts.url === '') opts.url = a;
  else usage(`unexpected argument ${a}`);
}
if (opts.url === '') usage('a URL is required');
try {
  new URL(opts.url);
} catch {
  usage(`"${opts.url}" is not a URL`);
}
opts.headers = headers;

const r = await runLoad(opts);
const f = (v: number, d = 2): string => (Number.isNaN(v) ? '-' : v.toFixed(d));
console.log(
  [
    `url            ${opts.url}`,
    `requests       ${r.requests} (${opts.clients ?? 16} keep-alive clients), ${r.ok} ok, ${r.errors} errors`,
    `runs/s         ${f(r.perSecond, 0)}`,
    `latency        p50 ${f(r.p50)} ms, p99 ${f(r.p99)} ms`,
    `server CPU     ${f(r.cpuMsPerRun, 3)} ms/run (process tree of pid ${opts.pid ?? '-'})`,
    `server RSS     tree peak ${f(r.treePeakRssMb, 0)} MB (sampled), root VmHWM ${f(r.rootPeakRssMb, 0)} MB`,
    `machine        load avg ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`,
    ...r.firstErrors.map((e) => `error          ${e}`),
  ].join('\n'),
);
process.exit(r.errors > 0 ? 1 : 0);
