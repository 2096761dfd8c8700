import { openStore } from '@weft/store';
import type { Store } from '@weft/engine';
import { benchEngine } from './engine.bench';
const stats = new Map<string, { n: number; ms: number }>();
function wrap(s: Store): Store {
  return new Proxy(s, { get(t, k, r) {
    const v = Reflect.get(t, k, r);
    if (typeof v !== 'function') return v;
    return async (...a: unknown[]) => { const t0 = performance.now(); try { return await v.apply(t, a); } finally { const e = stats.get(String(k)) ?? { n: 0, ms: 0 }; e.n++; e.ms += performance.now() - t0; stats.set(String(k), e); } };
  } });
}
let i = 0;
const rows = await benchEngine(async () => wrap(await openStore(`sqlite:/tmp/prof-weft/e${++i}.db`)), 'SQLite');
console.log(rows.map(r => `${r.metric}: ${r.value}`).join('\n'));
for (const [k, v] of stats) console.log(k, v.n, v.ms.toFixed(0), 'ms', (v.ms / v.n * 1000).toFixed(1), 'µs each');
