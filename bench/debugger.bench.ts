/**
 * `pnpm bench debugger` (issue 11):
 * - scrub: a 500-step run of ≥ 5,000 events (each step logs lines), then `ReplayCursor.at` to random
 *   events, in Node and in Chromium (the reducer the studio's scrubber runs) — target ≤ 50 ms a seek;
 *   the unchecked `replay(events, seq)` from the start is shown beside it for comparison;
 * - scrub in the studio: a real server (SQLite file, listening) serving the built studio and a 500-step
 *   run of ≥ 5,000 events; Chromium opens its run page and seeks to random events (`?at=`), each
 *   timed from the request to the canvas repainted — target ≤ 50 ms (needs `pnpm build:studio`);
 * - resume: a real server (SQLite file, tRPC in memory) with a run in step mode: the time from
 *   `debug.command` continue to the step's `step.started` event (it left WAITING) — target ≤ 20 ms.
 */
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Step, Workflow } from '@weft/dsl';
import { Engine, MemoryStore, ReplayCursor, replay, ScriptedRunner, SystemClock } from '@weft/engine';
import type { RunEvent } from '@weft/engine';
import { browserSeeks } from '../e2e/bench/replay-browser';
import { studioScrubs } from '../e2e/bench/playback-bench';
import { createServer, loadConfig } from '../apps/server/src/index';
import type { BenchRow } from './row';

const STEPS = 500;
const LOGS_PER_STEP = 9;
const SEEKS = 500;

const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const load = (): string => `load ${loadavg()[0]?.toFixed(1)}`;

/** A 500-step workflow (ten chains fanning out from s0), each step a block that logs lines. */
function bigWorkflow(): Workflow {
  const steps: Step[] = Array.from({ length: STEPS }, (_, i) => ({
    id: `s${i}`,
    uses: 'chatty@1',
    with: { i },
    join: 'all',
    onError: 'fail',
    needs: i === 0 ? [] : [{ step: `s${i % 10 === 1 || i < 10 ? 0 : i - 1}` }],
  }));
  return {
    apiVersion: 'weft/v1',
    kind: 'Workflow',
    id: 'big',
    tags: [],
    enabled: true,
    inputs: {},
    vars: {},
    permissions: { network: [] },
    triggers: [],
    defaults: {},
    failFast: true,
    steps,
    outputs: {},
    layout: {},
  };
}

/** The event log of a real 500-step run (engine, in-memory store). */
async function bigRunEvents(): Promise<RunEvent[]> {
  const store = new MemoryStore();
  const runner = new ScriptedRunner({
    'chatty@1': (call) => {
      for (let k = 0; k < LOGS_PER_STEP; k++) call.log('info', `step ${String(call.with.i)} line ${k}`);
      return { ok: true, output: { i: call.with.i, text: 'x'.repeat(40) } };
    },
  });
  const engine = new Engine({ store, runner, clock: new SystemClock(), pollMs: 60_000 });
  engine.start();
  try {
    const wf = bigWorkflow();
    const r = await engine.startRun({ workflowId: wf.id, workflow: wf });
    if (!r.ok) throw new Error(r.error.message);
    const done = await engine.waitForRun(r.value.runId);
    if (done.status !== 'SUCCESS') throw new Error(`the big run ended ${done.status}`);
    return await store.listEvents(r.value.runId, 0, 1e6);
  } finally {
    await engine.stop();
  }
}

async function scrubRows(): Promise<BenchRow[]> {
  const events = await bigRunEvents();
  const last = events[events.length - 1]?.seq ?? 0;
  let seed = 42;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const seqs = Array.from({ length: SEEKS }, () => 1 + Math.floor(rand() * last));
  const t0 = performance.now();
  const cursor = new ReplayCursor(events);
  const loadMs = performance.now() - t0;
  const node = seqs.map((seq) => {
    const t = performance.now();
    cursor.at(seq);
    return performance.now() - t;
  });
  const plain = seqs.slice(0, 50).map((seq) => {
    const t = performance.now();
    replay(events, seq);
    return performance.now() - t;
  });
  const what = `${STEPS}-step run, ${events.length} events, ${SEEKS} random seeks`;
  const rows: BenchRow[] = [
    {
      area: 'debugger',
      metric: `scrub to any event (Node): p95 (max ${pct(node, 100).toFixed(1)} ms)`,
      value: pct(node, 95),
      unit: 'ms',
      target: '<= 50',
      note: `${what}; load ${loadMs.toFixed(0)} ms; ${load()}`,
    },
    {
      area: 'debugger',
      metric: 'replay(events, seq) from the start, no checkpoints: p95',
      value: pct(plain, 95),
      unit: 'ms',
      note: `comparison (50 seeks); ${load()}`,
    },
  ];
  try {
    const b = await browserSeeks(events, seqs);
    rows.splice(1, 0, {
      area: 'debugger',
      metric: `scrub to any event (Chromium): p95 (max ${pct(b.seekMs, 100).toFixed(1)} ms)`,
      value: pct(b.seekMs, 95),
      unit: 'ms',
      target: '<= 50',
      note: `${what}; load ${b.loadMs.toFixed(0)} ms; ${load()}`,
    });
  } catch (e) {
    rows.push({
      area: 'debugger',
      metric: 'scrub (Chromium) FAILED',
      value: NaN,
      unit: String(e).slice(0, 120),
    });
  }
  return rows;
}

const CHAIN = 40;

/** SSE events of a run from the server in memory, as an async queue of RunEvents. */
function eventStream(fetchApp: (url: string) => Promise<Response>, runId: string) {
  const queue: RunEvent[] = [];
  let wake: (() => void) | undefined;
  const input = encodeURIComponent(JSON.stringify({ runId, afterSeq: 0 }));
  const ready = fetchApp(`http://weft.bench/api/trpc/runs.onEvents?input=${input}`).then(async (res) => {
    const reader = res.body?.getReader();
    if (!reader) throw new Error('no event stream');
    const decoder = new TextDecoder();
    let buf = '';
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += decoder.decode(value, { stream: true });
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (!line.startsWith('data:')) continue;
          try {
            const v = JSON.parse(line.slice(5)) as { type?: string; data?: RunEvent };
            const e = (typeof v.type === 'string' ? v : v.data) as RunEvent | undefined;
            if (e && typeof e.type === 'string') {
              queue.push(e);
              wake?.();
            }
          } catch {
            // keep-alive or control messages
          }
        }
      }
    })();
    return reader;
  });
  return {
    ready,
    async next(match: (e: RunEvent) => boolean): Promise<RunEvent> {
      for (;;) {
        const i = queue.findIndex(match);
        if (i >= 0) return queue.splice(0, i + 1)[i] as RunEvent;
        await new Promise<void>((r) => (wake = r));
      }
    },
  };
}

async function resumeRow(): Promise<BenchRow> {
  const dataDir = mkdtempSync(join(tmpdir(), 'weft-bench-debug-'));
  const cfg = loadConfig({
    cwd: dataDir,
    env: {},
    flags: { 'data-dir': dataDir, 'log-level': 'silent' },
  });
  if (!cfg.ok) throw new Error(cfg.error.message);
  const server = await createServer(cfg.value);
  await server.start({ listen: false });
  const fetchApp = async (url: string, init?: RequestInit): Promise<Response> =>
    server.app.request(url, init);
  /** A tRPC mutation over HTTP in memory (no transformer: the body is the input as JSON). */
  const mutate = async <T>(path: string, input: unknown): Promise<T> => {
    const res = await fetchApp(`http://weft.bench/api/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as { result?: { data: T }; error?: unknown };
    if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
    return body.result.data;
  };
  try {
    const steps = Array.from({ length: CHAIN }, (_, i) =>
      i === 0
        ? '  - id: s0\n    uses: transform\n    with: { expression: "1" }'
        : `  - id: s${i}\n    uses: transform\n    needs: [s${i - 1}]\n    with: { expression: "steps.s${i - 1}.output + 1" }`,
    );
    await mutate('workflows.save', {
      yaml: `apiVersion: weft/v1\nkind: Workflow\nid: stepper\nsteps:\n${steps.join('\n')}\n`,
    });
    const { runId } = await mutate<{ runId: string }>('runs.start', {
      workflowId: 'stepper',
      debug: { stepMode: true, breakpoints: [] },
    });
    const stream = eventStream(fetchApp, runId);
    await stream.ready;
    const samples: number[] = [];
    /** Until the API answered (the command is stored); the rest is the engine taking the run up. */
    const accepted: number[] = [];
    /** CPU time of this process over the same span: what the machine's load does not inflate. */
    const cpuMs: number[] = [];
    for (let i = 0; i < CHAIN; i++) {
      const stepId = `s${i}`;
      await stream.next((e) => e.type === 'step.waiting' && e.stepId === stepId);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await mutate('debug.command', { runId, stepId, action: 'continue' });
      accepted.push(performance.now() - t0);
      await stream.next((e) => e.type === 'step.started' && e.stepId === stepId);
      samples.push(performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      cpuMs.push((cpu.user + cpu.system) / 1000);
    }
    // For scale: the same machine's round trip of a query that does nothing (auth.whoami).
    const noop: number[] = [];
    for (let i = 0; i < CHAIN; i++) {
      const t = performance.now();
      await fetchApp('http://weft.bench/api/trpc/auth.whoami');
      noop.push(performance.now() - t);
    }
    const end = await stream.next(
      (e) => e.type.startsWith('run.') && e.type !== 'run.waiting' && e.type !== 'run.resumed',
    );
    if (end.type !== 'run.succeeded') throw new Error(`the stepped run ended ${end.type}`);
    void (await stream.ready).cancel().catch(() => undefined);
    return {
      area: 'debugger',
      metric: `resume a paused step server-side: p50 ${pct(samples, 50).toFixed(1)} ms, p95`,
      value: pct(samples, 95),
      unit: 'ms',
      target: '<= 20',
      note: `debug.command continue → step.started (SQLite file, tRPC in memory), ${CHAIN} pauses; CPU p50 ${pct(cpuMs, 50).toFixed(1)} ms; the API answers in p50 ${pct(accepted, 50).toFixed(1)} ms (a no-op query: ${pct(noop, 50).toFixed(1)} ms); ${load()}`,
    };
  } finally {
    await server.stop();
  }
}

/** 500 transform steps (chains fanning out from s0), each over 8 items: ~10 events a step. */
function bigForeachYaml(): string {
  const lines = ['apiVersion: weft/v1', 'kind: Workflow', 'id: big-playback', 'steps:'];
  for (let i = 0; i < STEPS; i++) {
    lines.push(`  - id: s${i}`, '    uses: transform');
    if (i > 0) lines.push(`    needs: [s${i % 10 === 1 || i < 10 ? 0 : i - 1}]`);
    lines.push('    foreach: "${{ [1, 2, 3, 4, 5, 6, 7, 8] }}"', '    with:', `      expression: "${i}"`);
  }
  return `${lines.join('\n')}\n`;
}

async function studioRow(): Promise<BenchRow> {
  const dataDir = mkdtempSync(join(tmpdir(), 'weft-bench-playback-'));
  const cfg = loadConfig({
    cwd: dataDir,
    env: {},
    flags: { 'data-dir': dataDir, 'log-level': 'silent', port: '0', host: '127.0.0.1' },
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
  try {
    await call('workflows.save', { yaml: bigForeachYaml() });
    const { runId } = await call<{ runId: string }>('runs.start', { workflowId: 'big-playback' });
    for (const deadline = performance.now() + 600_000; ;) {
      const { run } = await call<{ run: { status: string; lastSeq: number } }>('runs.get', { runId }, true);
      if (run.status === 'SUCCESS') break;
      if (run.status === 'FAILED' || run.status === 'CANCELLED')
        throw new Error(`the big run ended ${run.status}`);
      if (performance.now() > deadline) throw new Error('the big run did not end in 10 minutes');
      await new Promise((r) => setTimeout(r, 250));
    }
    const { run } = await call<{ run: { lastSeq: number } }>('runs.get', { runId }, true);
    const last = run.lastSeq;
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const seqs: number[] = [];
    while (seqs.length < STUDIO_SEEKS) {
      const seq = 1 + Math.floor(rand() * last);
      if (seq !== seqs[seqs.length - 1]) seqs.push(seq);
    }
    const b = await studioScrubs(url, runId, last, seqs);
    return {
      area: 'debugger',
      metric: `scrub to any event in the studio (Chromium): p50 ${pct(b.seekMs, 50).toFixed(1)} ms, p95`,
      value: pct(b.seekMs, 95),
      unit: 'ms',
      target: '<= 50',
      note: `run page of a ${STEPS}-step run, ${last} events, ${STUDIO_SEEKS} seeks by ?at= to the canvas repainted (max ${pct(b.seekMs, 100).toFixed(1)} ms); a seek's script ${b.perSeek.scriptMs.toFixed(1)} ms, style ${b.perSeek.styleMs.toFixed(1)} ms, layout ${b.perSeek.layoutMs.toFixed(1)} ms; page open ${b.openMs.toFixed(0)} ms; ${load()}`,
    };
  } finally {
    await server.stop();
  }
}

const STUDIO_SEEKS = 60;

export default async (): Promise<BenchRow[]> => {
  const rows = await scrubRows();
  try {
    rows.push(await studioRow());
  } catch (e) {
    rows.push({
      area: 'debugger',
      metric: 'scrub in the studio FAILED',
      value: NaN,
      unit: String(e).slice(0, 160),
    });
  }
  try {
    rows.push(await resumeRow());
  } catch (e) {
    rows.push({ area: 'debugger', metric: 'resume FAILED', value: NaN, unit: String(e).slice(0, 160) });
  }
  return rows;
};
