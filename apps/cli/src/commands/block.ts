import { blockCli } from '@weft/block-sdk';
import type { Command } from '../command';
import { ExitCode, type ExitCode as Code } from '../exit-codes';

export const blockCommand: Command = {
  name: 'block',
  help: `Usage: weft block init <name> [dir]
       weft block build [dir…]
       weft block test [dir…]

  init   scaffold a new block in AssemblyScript (default folder: blocks/<name>):
         block.yaml, assembly/index.ts, examples/
  build  compile a block folder's assembly/index.ts to the .wasm its block.yaml names
         (default folder: .)
  test   build if needed, then run the block's examples/*.yaml cases (default folder: .)

Blocks in the repository's blocks/ folder can be used in workflows as uses: <name>@<major>.
See docs/blocks.md for a walk-through.

Exit codes: 0 ok, 1 build failed or a test case failed, 2 usage error.`,
  async run(args, io) {
    const code = await blockCli([...args], {
      out: (t) => io.stdout(`${t}\n`),
      err: (t) => io.stderr(`${t}\n`),
    });
    return (code === 0 ? ExitCode.OK : code === 2 ? ExitCode.USAGE : ExitCode.FAILED) as Code;
  },
};
