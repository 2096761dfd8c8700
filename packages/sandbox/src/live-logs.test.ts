/** Log lines reach the engine while the block still runs, not only when it answers (issue 15 item 3). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogLevel } from '@weft/engine';
import { SandboxRunner, loadBlocks } from './index';
import { writeBlocks } from './testing/fixtures';
import { makeCall } from './testing/call';

let runner: SandboxRunner;

beforeAll(() => {
  runner = new SandboxRunner({
    registry: loadBlocks(writeBlocks([])),
    workers: 1,
    code: { timeoutMs: 120_000, memoryBytes: 16 * 1024 * 1024 },
  });
});

afterAll(async () => {
  await runner.close();
});

describe('live logs from the sandbox', () => {
  it('hands each line on while the code still waits, so the caller can act on it before the end', async () => {
    // The code logs, then sleeps far longer than the test: only a line that arrives while it sleeps
    // lets the test cancel it. Were lines delivered with the answer, the run would end SUCCESS.
    const abort = new AbortController();
    const { call, logs } = makeCall(
      'code',
      {
        source: `export default async () => {
          console.log("one"); console.info("two"); console.warn("three");
          await new Promise((r) => setTimeout(r, 100000));
          console.log("never");
          return "slept";
        }`,
      },
      { signal: abort.signal, timeoutMs: 110_000 },
    );
    const seen: { level: LogLevel; message: string }[] = [];
    const inner = call.log;
    call.log = (level, message) => {
      inner(level, message);
      seen.push({ level, message });
      if (seen.length === 3) abort.abort();
    };
    const result = await runner.run(call);
    expect(result).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(logs).toEqual([
      { level: 'info', message: 'one' },
      { level: 'info', message: 'two' },
      { level: 'warn', message: 'three' },
    ]);
  });

  it('keeps every line, in order, when a block logs fast and then answers', async () => {
    const { call, logs } = makeCall('code', {
      source: `export default async () => {
        for (let i = 0; i < 300; i++) {
          console.log("line " + i);
          if (i % 50 === 0) await new Promise((r) => setTimeout(r, 1));
        }
        return 300;
      }`,
    });
    expect(await runner.run(call)).toEqual({ ok: true, output: 300 });
    expect(logs.map((l) => l.message)).toEqual(Array.from({ length: 300 }, (_, i) => `line ${i}`));
    // The worker is still good for the next call, and a large answer still arrives whole.
    const big = makeCall('code', {
      source: `export default () => { console.log("big"); return "x".repeat(2 * 1024 * 1024); }`,
    });
    const r = await runner.run(big.call);
    expect(r.ok && typeof r.output === 'string' ? r.output.length : r).toBe(2 * 1024 * 1024);
    expect(big.logs).toEqual([{ level: 'info', message: 'big' }]);
  });
});
