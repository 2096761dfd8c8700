/**
 * A webhook load client that can be pointed at any URL (Weft's, Node-RED's, n8n's…): C concurrent
 * keep-alive clients send N POSTs of `{"n": i}`; every answer is checked (status, and — with
 * `increment` — that the body holds the number i + increment: a chain of K "+1" steps answers i + K).
 * It reports runs/s, p50/p99 latency and, given the server's PID, the CPU time of the server's whole
 * process tree per run and the tree's peak RSS (sampled from /proc).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface LoadOptions {
  url: string;
  /** Requests in total (default 5,000). */
  requests?: number;
  /** Concurrent keep-alive clients (default 16). */
  clients?: number;
  /** Expected status (default 200). */
  status?: number;
  /** When set, each answer must contain the number `n + increment` (JSON anywhere, or plain text). */
  increment?: number;
  /** The server's PID: CPU and RSS are read for it and every process below it. */
  pid?: number;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  ok: number;
  /** Answers with the wrong status or body, or failed requests, with the first few reasons. */
  errors: number;
  firstErrors: string[];
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** CPU ms (user + system) of the server's process tree per request; NaN without `pid`. */
  cpuMsPerRun: number;
  /** Highest sum of RSS over the tree seen while loading, and the root's own peak (VmHWM), MB. */
  treePeakRssMb: number;
  rootPeakRssMb: number;
}

const CLK_TCK = 100;

/** The PIDs of `root` and all its descendants (Linux /proc). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (pid: number): void => {
    out.push(pid);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return out;
}

/** CPU ms (user + system, all threads, plus reaped children) of one process. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields 14-17 (utime, stime, cutime, cstime) are at 11..14 after the ")"
    const ticks = [11, 12, 13, 14].reduce((s, i) => s + Number(f[i] ?? 0), 0);
    return (ticks * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export function treeCpuMs(root: number): number {
  return processTree(root).reduce((s, p) => s + cpuMs(p), 0);
}

export function treeRssMb(root: number): number {
  return processTree(root).reduce((s, p) => s + statusKb(p, 'VmRSS'), 0) / 1024;
}

export function peakRssMb(pid: number): number {
  return statusKb(pid, 'VmHWM') / 1024;
}

function holds(value: unknown, want: number): boolean {
  if (typeof value === 'number') return value === want;
  if (typeof value === 'string') return value.trim() === String(want);
  if (Array.isArray(value)) return value.some((v) => holds(v, want));
  if (value && typeof value === 'object') return Object.values(value).some((v) => holds(v, want));
  return false;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Run the load and check every answer. */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const target = new URL(opts.url);
  const https = target.protocol === 'https:';
  const clients = opts.clients ?? 16;
  const total = opts.requests ?? 5000;
  const expectStatus = opts.status ?? 200;
  const agent = https
    ? new HttpsAgent({ keepAlive: true, maxSockets: clients })
    : new Agent({ keepAlive: true, maxSockets: clients });
  const send = https ? httpsRequest : request;
  const latencies: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  let next = 0;
  const fail = (why: string): void => {
    errors++;
    if (firstErrors.length < 5) firstErrors.push(why);
  };
  const one = (n: number): Promise<void> =>
    new Promise((resolve) => {
      const body = JSON.stringify({ n });
      const t0 = performance.now();
      const req = send(
        target,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...opts.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.once('end', () => {
            const ms = performance.now() - t0;
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== expectStatus) fail(`status ${res.statusCode}: ${text.slice(0, 200)}`);
            else if (opts.increment !== undefined && !holdsText(text, n + opts.increment))
              fail(`answer to n=${n} does not hold ${n + opts.increment}: ${text.slice(0, 200)}`);
            else latencies.push(ms);
            resolve();
          });
        },
      );
      req.once('error', (e) => {
        fail(e.message);
        resolve();
      });
      req.end(body);
    });

  let treePeak = 0;
  const sample = (): void => {
    if (opts.pid !== undefined) treePeak = Math.max(treePeak, treeRssMb(opts.pid));
  };
  const sampler = setInterval(sample, 100);
  const cpu0 = opts.pid !== undefined ? treeCpuMs(opts.pid) : NaN;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) await one(next++);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = opts.pid !== undefined ? treeCpuMs(opts.pid) : NaN;
  clearInterval(sampler);
  sample();
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: total,
    ok: latencies.length,
    errors,
    firstErrors,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuMsPerRun: (cpu1 - cpu0) / total,
    treePeakRssMb: treePeak,
    rootPeakRssMb: opts.pid !== undefined ? peakRssMb(opts.pid) : NaN,
  };
}

function holdsText(text: string, want: number): boolean {
  try {
    return holds(JSON.parse(text) as unknown, want);
  } catch {
    return text.trim() === String(want);
  }
}
