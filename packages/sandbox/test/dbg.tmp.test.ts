import { it } from 'vitest';
import { SandboxRunner, loadBlocks } from '../src/index';
import { buildFixtures, writeBlocks } from './helpers/fixtures';
import { makeCall } from './helpers/call';
import { startServer } from './helpers/server';
it('dbg', async () => {
  const fx = await buildFixtures();
  const runner = new SandboxRunner({ registry: loadBlocks(writeBlocks([{ name: 'net', wasm: fx.testBlock, entry: 'fetch', network: true }, { name: 'membomb', wasm: fx.testBlock, entry: 'membomb' }])) });
  const v4 = await startServer('127.0.0.1');
  const v6 = await startServer('::1');
  const toV6 = `${v4.origin}/redirect?to=${encodeURIComponent(`${v6.origin}/ok`)}`;
  console.log(JSON.stringify(await runner.run(makeCall('net@1', { request: { url: toV6 } }, { network: ['127.0.0.1'] }).call)));
  console.log(JSON.stringify(await runner.run(makeCall('membomb@1', {}).call)));
  await runner.close(); await v4.close(); await v6.close();
});
