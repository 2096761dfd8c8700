import { getQuickJS } from 'quickjs-emscripten';
const q = await getQuickJS();
for (const code of ['const a = []; for (;;) a.push(new Array(100000).fill(1));', 'const a = []; for (;;) a.push(Array.from({length: 10000}, (_, i) => i));', 'const a = []; for (;;) a.push({ x: Math.random(), y: [1,2,3] });', "let s = 'x'; for (;;) s += s;", 'const a=[]; for(;;) a.push(new Uint8Array(1e6))']) {
const rt = q.newRuntime();
rt.setMemoryLimit(16*1024*1024);
rt.setMaxStackSize(512*1024);
const t=Date.now();
rt.setInterruptHandler(() => Date.now() - t > 5000);
const ctx = rt.newContext();
const r = ctx.evalCode(code);
console.log(Date.now()-t, r.error ? ctx.dump(r.error).message : 'ok', code);
}
