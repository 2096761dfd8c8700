/**
 * Server throughput on SQLite with a local load generator (node:http, keep-alive, 16 clients), sending
 * only to 127.0.0.1: webhook → 2-step runs accepted per second (async) and webhook → 1-step → response
 * per second (sync), with p50/p99 latency and the server process's peak RSS (VmHWM).
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServer, until } from '../apps/server/src/testing/process';
import type { BenchRow } from './row';

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

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m?.[1] ? Number(m[1]) / 1024 : NaN;
}

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
  const server = await spawnServer({ cwd, flags: { db: `sqlite:${join(cwd, 'weft.db')}` } });
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
    const rss = peakRssMb(server.pid);
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
      { area: 'server', metric: 'server peak RSS', value: rss, unit: 'MB', target: '<= 200' },
    ];
  } finally {
    await server.term();
  }
}
