/**
 * Server throughput on SQLite with a local load generator (node:http, keep-alive, 16 clients), sending
 * only to 127.0.0.1: webhook → 2-step runs accepted per second (async) and webhook → 1-step → response
 * per second (sync), with p50/p99 latency; then the issue-14 harness (bench/load/webhook-load.ts, the
 * same client `pnpm bench:load` points at other tools): webhook → chain of N "+1" steps → response,
 * every answer checked, with the server tree's CPU per run, CPU per step and peak RSS.
 */
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServer, until } from '../apps/server/src/testing/process';
import { chainWorkflow as chain } from './load/chain-workflow';
import { peakRssMb, runLoad } from './load/webhook-load';
import type { BenchRow } from './row';

const CHAIN_REQUESTS = Number(process.env.WEFT_BENCH_REQUESTS ?? 10_000);
/** Node-RED 4.1.8's chain-1 runs/s on the issue's harness (issue 14): Weft's target is twice it. */
const NODE_RED_CHAIN1 = 1742;

const CLIENTS = 16;
const DURATION_MS = Number(process.env.WEFT_BENCH_SECONDS ?? 5) * 1000;

const ASYNC = `apiVersion: weft/v1
kind: Workflow
id: bench-async
triggers:
  - webhook: { path: in }
steps:
  - id: a
    uses: transform
    with: { expression: "trigger.body.n" }
  - id: b
    uses: transform
    needs: [a]
    with: { expression: "steps.a.output + 1" }
`;

const SYNC = `apiVersion: weft/v1
kind: Workflow
id: bench-sync
triggers:
  - webhook: { path: in, mode: sync }
steps:
  - id: a
    uses: transform
    with: { expression: "trigger.body.n * 2" }
outputs:
  n: "\${{ steps.a.output }}"
`;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function load(
  port: number,
  path: string,
  expect: number,
  method = 'POST',
): Promise<{ perSecond: number; p50: number; p99: number; errors: number; count: number; seconds: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const end = Date.now() + DURATION_MS;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const body = method === 'GET' ? '' : JSON.stringify({ n: n++ });
      const t0 = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.once('end', () => {
            if (res.statusCode === expect) latencies.push(performance.now() - t0);
            else errors++;
            resolve();
          });
        },
      );
      req.once('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < end) await one();
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    count: latencies.length,
    seconds,
  };
}

export default async function bench(): Promise<BenchRow[]> {
  const cwd = mkdtempSync(join(tmpdir(), 'weft-bench-server-'));
  // Info level: spawnServer waits for the "listening" line; nothing is logged per request or run.
  // WEFT_BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (read it with
  // `pnpm bench:profile <file>` or Chrome DevTools).
  const profDir = process.env.WEFT_BENCH_CPU_PROF;
  const server = await spawnServer({
    cwd,
    flags: { db: `sqlite:${join(cwd, 'weft.db')}` },
    ...(profDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`] } : {}),
  });
  try {
    const port = Number(new URL(server.url).port);
    await server.client.workflows.save.mutate({ yaml: ASYNC });
    await server.client.workflows.save.mutate({ yaml: SYNC });
    // Warm up (JIT, statement caches).
    await load(port, '/hooks/bench-sync/in', 200);

    const ceiling = await load(port, '/healthz', 200, 'GET');
    const a = await load(port, '/hooks/bench-async/in', 202);
    const drainStart = performance.now();
    await until(
      'the async backlog to finish',
      async () => {
        const page = await server.client.runs.list.query({
          workflowId: 'bench-async',
          status: ['QUEUED', 'RUNNING'],
          limit: 1,
        });
        return page.runs.length === 0;
      },
      300_000,
      250,
    );
    const drainSeconds = (performance.now() - drainStart) / 1000;
    // Sustained rate: every accepted run also finished by the end of the drain; none may have failed.
    const failed = await server.client.runs.list.query({
      workflowId: 'bench-async',
      status: ['FAILED', 'CANCELLED'],
      limit: 1,
    });
    if (failed.runs.length > 0) throw new Error(`an async bench run ended ${failed.runs[0]?.status}`);
    const finishedPerSecond = a.count / (a.seconds + drainSeconds);
    const s = await load(port, '/hooks/bench-sync/in', 200);

    // The issue-14 harness: chain-1 and chain-11 through the same checked client.
    await server.client.workflows.save.mutate({ yaml: chain(1) });
    await server.client.workflows.save.mutate({ yaml: chain(11) });
    const hook = (n: number): string => `${server.url}/hooks/chain-${n}/in`;
    await runLoad({ url: hook(1), requests: 2000, increment: 1 }); // warm-up
    const c1 = await runLoad({ url: hook(1), requests: CHAIN_REQUESTS, increment: 1, pid: server.pid });
    await runLoad({ url: hook(11), requests: 1000, increment: 11 });
    const c11 = await runLoad({
      url: hook(11),
      requests: CHAIN_REQUESTS / 2,
      increment: 11,
      pid: server.pid,
    });
    for (const r of [c1, c11])
      if (r.errors > 0)
        throw new Error(`chain bench: ${r.errors} wrong answers: ${r.firstErrors.join('; ')}`);
    const perStep = (c11.cpuMsPerRun - c1.cpuMsPerRun) / 10;
    const rss = Math.max(peakRssMb(server.pid), c1.treePeakRssMb, c11.treePeakRssMb);
    const note = `${CLIENTS} clients, ${DURATION_MS / 1000}s, load avg ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`;
    return [
      {
        area: 'server',
        metric: 'GET /healthz (HTTP ceiling)',
        value: ceiling.perSecond,
        unit: 'req/s',
        note: 'same client and server, no database: the most any route can do here',
      },
      {
        area: 'server',
        metric: 'webhook async 2-step runs accepted',
        value: a.perSecond,
        unit: 'runs/s',
        target: '>= 3000',
        note: `${note}, ${a.count} ok, ${a.errors} errors`,
      },
      {
        area: 'server',
        metric: 'webhook async 2-step runs finished (sustained)',
        value: finishedPerSecond,
        unit: 'runs/s',
        target: '>= 3000',
        note: 'accepted runs / (load time + time for the backlog to finish); all SUCCESS',
      },
      { area: 'server', metric: 'webhook async p50 latency', value: a.p50, unit: 'ms' },
      { area: 'server', metric: 'webhook async p99 latency', value: a.p99, unit: 'ms' },
      {
        area: 'server',
        metric: 'async backlog drained after load',
        value: drainSeconds,
        unit: 's',
        note: 'time for queued runs to finish once the load stopped',
      },
      {
        area: 'server',
        metric: 'webhook sync 1-step responses',
        value: s.perSecond,
        unit: 'runs/s',
        target: '>= 2000',
        note: `${note}, ${s.count} ok, ${s.errors} errors`,
      },
      { area: 'server', metric: 'webhook sync p50 latency', value: s.p50, unit: 'ms' },
      { area: 'server', metric: 'webhook sync p99 latency', value: s.p99, unit: 'ms' },
      {
        area: 'server',
        metric: 'webhook chain-1 sync runs (checked)',
        value: c1.perSecond,
        unit: 'runs/s',
        target: `>= ${2 * NODE_RED_CHAIN1}`,
        note: `2x Node-RED 4.1.8 (${NODE_RED_CHAIN1}); ${CHAIN_REQUESTS} requests, ${note}`,
      },
      {
        area: 'server',
        metric: 'webhook chain-1 p50 / p99',
        value: c1.p50,
        unit: 'ms',
        note: `p99 ${c1.p99.toFixed(2)} ms`,
      },
      {
        area: 'server',
        metric: 'server CPU per chain-1 run',
        value: c1.cpuMsPerRun,
        unit: 'ms',
        target: '<= 0.15',
        note: 'user+system of the server process tree / runs',
      },
      {
        area: 'server',
        metric: 'server CPU per step',
        value: perStep,
        unit: 'ms',
        target: '<= 0.01',
        note: `(CPU/run of chain-11 ${c11.cpuMsPerRun.toFixed(3)} - chain-1) / 10`,
      },
      {
        area: 'server',
        metric: 'server process tree peak RSS',
        value: rss,
        unit: 'MB',
        target: '<= 120',
        note: 'weft serve is one node process (VmHWM, and the tree sampled every 100 ms)',
      },
    ];
  } finally {
    await server.term();
  }
}
