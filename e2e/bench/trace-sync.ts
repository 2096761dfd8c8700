/**
 * Where the studio bench's edits spend their time (e2e/bench/studio-bench.ts: a canvas delete
 * reaching the YAML pane, a YAML paste reaching the canvas, on the 500-step file): the same edits,
 * under a Chromium trace and V8's sampling profiler, each one marked. Prints, per edit kind, each
 * edit's latency and what the main thread did inside it (trace events by self time, the slowest
 * edits' tasks one by one), then the JavaScript functions the profiler saw inside the edits.
 *
 *   cd e2e && npx tsx bench/trace-sync.ts [studio-dist] [samples] [out-prefix]
 *
 * Writes `<out-prefix>.json` (the trace: Chrome DevTools' Performance panel opens it) and
 * `<out-prefix>.cpuprofile`. An unminified build names the functions:
 * `pnpm --filter @weft/studio exec vite build --minify false --outDir /tmp/studio-dev --emptyOutDir`.
 */
/// <reference lib="dom" />
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBenchBrowser } from './bench-browser';
import { openDraft, serveDist, settle } from './bench-page';
import { bigWorkflow } from './studio-bench';
import '../fixtures/studio-handle';

const dist =
  process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'apps', 'studio', 'dist');
const samples = Number(process.argv[3] ?? 12);
const out = process.argv[4] ?? join(tmpdir(), 'weft-studio-sync-trace');
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'v8',
  'blink.user_timing',
];

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread time, µs. */
  tdur?: number;
  pid: number;
  tid: number;
  cat?: string;
  args?: { name?: string; data?: { functionName?: string; type?: string } };
}
interface Profile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
/** One edit: its kind and [start, end] in trace microseconds. */
interface Op {
  kind: string;
  start: number;
  end: number;
}

const server = await serveDist(dist);
const browser = await launchBenchBrowser();
try {
  const { page } = await openDraft(browser, server.url, bigWorkflow(), { steps: 500 });
  // The first validation and the minimap come in idle moments after opening: let them pass.
  await page.waitForFunction(() => document.querySelector('.react-flow__minimap'), null, { timeout: 30_000 });
  await settle(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await browser.startTracing(page, { path: `${out}.json`, categories: CATEGORIES });
  await cdp.send('Profiler.start');

  // As the bench does (studio-bench.ts), each edit marked as a user-timing measure named by its kind.
  for (let i = 0; i < samples; i++) {
    const id = `s${11 + i}`;
    await page.locator(`[data-testid="step-${id}"]`).click();
    await page.evaluate(async (stepId) => {
      const canvas = document.querySelector('section[aria-label="Canvas"]') as HTMLElement;
      const t0 = performance.now();
      canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete', bubbles: true }));
      for (;;) {
        if (!(window.weftStudio?.yaml() ?? '').includes(`- id: ${stepId}\n`)) break;
        if (performance.now() - t0 > 10_000) break;
        await new Promise((r) => setTimeout(r, 0));
      }
      performance.measure('delete', { start: t0, end: performance.now() });
    }, id);
    await page.locator('section[aria-label="Canvas"]').press('ControlOrMeta+Z');
    await page.waitForFunction((stepId) => window.weftStudio?.yaml()?.includes(`- id: ${stepId}\n`), id);
  }
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.locator('.monaco-editor .view-lines').click();
  for (let i = 0; i < samples; i++) {
    const id = `typed${i}`;
    const current = await page.evaluate(() => window.weftStudio?.yaml() ?? '');
    await page.evaluate(
      (t) => navigator.clipboard.writeText(t),
      current.replace(
        'steps:\n',
        `steps:\n  - id: ${id}\n    uses: wait\n    needs: [s0]\n    with: { duration: 1s }\n`,
      ),
    );
    await page.keyboard.press('ControlOrMeta+A');
    await page.evaluate((stepId) => {
      const w = window as unknown as { benchT0?: number };
      w.benchT0 = undefined;
      window.addEventListener('keydown', () => (w.benchT0 ??= performance.now()), {
        capture: true,
        once: true,
      });
      // When the node is in the document, and when the frame that shows it has been painted.
      const seen = new MutationObserver(() => {
        if (!document.querySelector(`[data-testid="step-${stepId}"]`)) return;
        seen.disconnect();
        const t0 = w.benchT0 ?? performance.now();
        performance.measure('paste: in the DOM', { start: t0, end: performance.now() });
        requestAnimationFrame(() => {
          const c = new MessageChannel();
          c.port1.onmessage = () =>
            performance.measure('paste: painted', { start: t0, end: performance.now() });
          c.port2.postMessage(null);
        });
      });
      seen.observe(document.body, { childList: true, subtree: true });
    }, id);
    await page.keyboard.press('ControlOrMeta+V');
    await page.evaluate(async (stepId) => {
      const w = window as unknown as { benchT0?: number };
      for (;;) {
        const t0 = w.benchT0 ?? performance.now();
        if (document.querySelector(`[data-testid="step-${stepId}"]`) || performance.now() - t0 > 10_000) {
          performance.measure('paste', { start: t0, end: performance.now() });
          return;
        }
        await new Promise((r) => setTimeout(r, 0));
      }
    }, id);
  }
  // Let the last paste's frame and validation land inside the trace.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  await browser.stopTracing();
  writeFileSync(`${out}.cpuprofile`, JSON.stringify(profile));
  report(readTrace(`${out}.json`), profile);
  console.log(`trace: ${out}.json, profile: ${out}.cpuprofile`);
} finally {
  await browser.close();
  server.close();
}

function readTrace(path: string): TraceEvent[] {
  const t = JSON.parse(readFileSync(path, 'utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(t) ? t : (t.traceEvents ?? []);
}

function report(events: TraceEvent[], profile: Profile): void {
  // The ops: user-timing measures ('b'/'e' pairs of one name and id).
  const open = new Map<string, number>();
  const ops: Op[] = [];
  for (const e of events) {
    if (!e.cat?.includes('user_timing') || !/^(delete|paste)/.test(e.name)) continue;
    const key = `${e.name}:${(e as { id2?: unknown; id?: unknown }).id ?? JSON.stringify((e as { id2?: unknown }).id2)}`;
    if (e.ph === 'b') open.set(key, e.ts);
    else if (e.ph === 'e' && open.has(key)) {
      ops.push({ kind: e.name, start: open.get(key) ?? e.ts, end: e.ts });
      open.delete(key);
    }
  }
  // The page's main thread: the CrRendererMain with the most events.
  const names = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const counts = new Map<string, number>();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    if (names.get(k) === 'CrRendererMain') counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const slices = events
    .filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && (e.dur ?? 0) > 0)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  // Self time of each slice (its duration less its children's).
  const self = new Map<TraceEvent, number>();
  const depth = new Map<TraceEvent, number>();
  const stack: TraceEvent[] = [];
  for (const e of slices) {
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as TraceEvent;
      if (top.ts + (top.dur ?? 0) <= e.ts) stack.pop();
      else break;
    }
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent, (self.get(parent) ?? 0) - (e.dur ?? 0));
    self.set(e, (self.get(e) ?? 0) + (e.dur ?? 0));
    depth.set(e, stack.length);
    stack.push(e);
  }
  const label = (e: TraceEvent) =>
    e.name === 'EventDispatch' ? `EventDispatch ${e.args?.data?.type ?? ''}` : e.name;
  for (const kind of ['paste: in the DOM', 'paste: painted'])
    console.log(
      `${kind}, ms: ${ops
        .filter((o) => o.kind === kind)
        .map((o) => ((o.end - o.start) / 1000).toFixed(0))
        .join(' ')}`,
    );
  for (const kind of ['delete', 'paste']) {
    const mine = ops.filter((o) => o.kind === kind);
    if (mine.length === 0) continue;
    const ms = mine.map((o) => (o.end - o.start) / 1000);
    console.log(`\n== ${kind}: ${mine.length} edits, ms: ${ms.map((m) => m.toFixed(0)).join(' ')}`);
    const total = new Map<string, number>();
    for (const e of slices) {
      if (!mine.some((o) => e.ts >= o.start && e.ts < o.end)) continue;
      total.set(label(e), (total.get(label(e)) ?? 0) + (self.get(e) ?? 0));
    }
    let busy = 0;
    let cpu = 0;
    for (const us of total.values()) busy += us;
    // Thread time (`tdur`) of the top-level tasks: what the edits cost the CPU, whatever the load.
    // A task that began before the edit's mark counts too (a delete runs inside the task that marks it).
    for (const e of slices)
      if (depth.get(e) === 0 && mine.some((o) => e.ts < o.end && e.ts + (e.dur ?? 0) > o.start))
        cpu += e.tdur ?? 0;
    console.log(
      `main thread per edit: busy ${(busy / 1000 / mine.length).toFixed(1)} ms, CPU ${(cpu / 1000 / mine.length).toFixed(1)} ms; busy by trace event (self):`,
    );
    for (const [name, us] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 16))
      console.log(`${(us / 1000 / mine.length).toFixed(2).padStart(8)}  ${name}`);
    // The slowest three: their top-level tasks.
    for (const o of [...mine].sort((a, b) => b.end - b.start - (a.end - a.start)).slice(0, 3)) {
      console.log(
        `-- a ${((o.end - o.start) / 1000).toFixed(1)} ms ${kind}: its tasks (start, wall ms, largest parts)`,
      );
      for (const e of slices) {
        if (depth.get(e) !== 0 || e.ts < o.start - 1000 || e.ts >= o.end || (e.dur ?? 0) < 1000) continue;
        const parts = new Map<string, number>();
        for (const f of slices)
          if (f.ts >= e.ts && f.ts < e.ts + (e.dur ?? 0))
            parts.set(label(f), (parts.get(label(f)) ?? 0) + (self.get(f) ?? 0));
        const top = [...parts]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 5)
          .map(([n, us]) => `${n} ${(us / 1000).toFixed(1)}`);
        console.log(
          `   +${((e.ts - o.start) / 1000).toFixed(1).padStart(6)} ${((e.dur ?? 0) / 1000).toFixed(1).padStart(6)}  ${top.join(', ')}`,
        );
      }
    }
    console.log('JavaScript inside these edits (ms per edit, inclusive; top 30):');
    for (const [fn, us] of profileIn(profile, mine).slice(0, 30))
      console.log(`${(us / 1000 / mine.length).toFixed(2).padStart(8)}  ${fn}`);
  }
}

/** Inclusive time of each function in the profile's samples that fall inside `ops`. */
function profileIn(profile: Profile, ops: Op[]): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (id: number) => {
    const f = byId.get(id)?.callFrame;
    return f ? `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber}` : '?';
  };
  const total = new Map<string, number>();
  let t = profile.startTime;
  profile.samples.forEach((sample, i) => {
    t += profile.timeDeltas[i] ?? 0;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (!ops.some((o) => t >= o.start && t < o.end)) return;
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) seen.add(key(id));
    for (const k of seen) total.set(k, (total.get(k) ?? 0) + dt);
  });
  return [...total].sort((a, b) => b[1] - a[1]);
}
