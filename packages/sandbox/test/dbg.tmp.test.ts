import { it } from 'vitest';
import { SandboxRunner, loadBlocks } from '../src/index';
import { writeBlocks } from './helpers/fixtures';
import { makeCall } from './helpers/call';
it('dbg', async () => {
  const runner = new SandboxRunner({ registry: loadBlocks(writeBlocks([])), code: { memoryBytes: 16 * 1024 * 1024, timeoutMs: 1000 } });
  for (const src of ['export default () => { const a = []; for (;;) a.push(Array.from({ length: 10000 }, (_, i) => ({ i }))); }', 'export default () => { const a = []; for (;;) a.push(Array.from({ length: 10000 }, (_, i) => i)); }']) {
    const t = Date.now();
    console.log(Date.now() - t, JSON.stringify(await runner.run(makeCall('code', { source: src }).call)));
  }
  await runner.close();
});
