#!/usr/bin/env node
// `weft-block build|test|init` for block folders (used by each block's package.json `build` script).
// The SDK is TypeScript source; tsx loads it without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
