import { blockCli } from '@weft/block-sdk';
import { registryCli, REGISTRY_SUBCOMMANDS } from '../blocks/registry-cli';
import type { Command } from '../command';
import { ExitCode, type ExitCode as Code } from '../exit-codes';

export const blockCommand: Command = {
  name: 'block',
  help: `Usage: weft block init <name> [dir]
       weft block build [--changed] [dir…]
       weft block test [dir…]
       weft block pack [dir] [--sign KEYFILE] [--out FILE]
       weft block install SOURCE [--yes] [--registry URL]
       weft block list | verify
       weft block remove NAME[@VERSION]
       weft block keys generate NAME | add NAME KEY | list | remove NAME
       weft block lock [dir]

  init   scaffold a new block in AssemblyScript (default folder: blocks/<name>):
         block.yaml, assembly/index.ts, examples/
  build  compile a block folder's assembly/index.ts to the .wasm its block.yaml names
         (default folder: .); --changed skips a block whose .wasm is newer than its
         sources, the SDK and the compiler
  test   build if needed, then run the block's examples/*.yaml cases (default folder: .)

  pack     write NAME-VERSION.tgz (block.yaml, the wasm, weft-block.json with their sha256);
           --sign KEYFILE signs it with an ed25519 private key (weft block keys generate)
  install  SOURCE is a block folder, a .tgz, an https URL of a .tgz, or an npm package name
           (registry: --registry, WEFT_NPM_REGISTRY or npm_config_registry); prints what the block
           asks for (network, memory, timeout) and asks for "y" (or --yes). A version is
           immutable: the same name@version with other bytes is refused.
  list     every block with version, sha256, signer and capabilities
  remove   remove an installed block (every version unless @VERSION)
  verify   re-check every installed block's bytes and signature (exit 1 if one fails)
  keys     the trust store of ed25519 public keys; generate writes NAME.key and NAME.pub
  lock     write weft.lock in dir (default .): name@version + sha256 of every block its
           workflows use; weft apply and weft run then refuse blocks whose bytes differ

  Where install|list|remove|verify|keys|lock act:
  --server URL      a running server (admin token in --token or WEFT_TOKEN; default WEFT_SERVER)
  --data-dir DIR    a server's data dir (default WEFT_DATA_DIR or ./.weft) when no server is given
  --require-signatures   (data dir) refuse blocks not signed by a trusted key
                    (a server uses its setting WEFT_REQUIRE_BLOCK_SIGNATURES)
  WEFT_CA_FILE      a PEM file of extra CA certificates for https downloads

Blocks in the repository's blocks/ folder can be used in workflows as uses: <name>@<major>.
See docs/blocks.md for a walk-through.

Exit codes: 0 ok, 1 build failed or a test case failed, 2 usage error.`,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub && REGISTRY_SUBCOMMANDS.has(sub)) return registryCli(sub, rest, io);
    const code = await blockCli([...args], {
      out: (t) => io.stdout(`${t}\n`),
      err: (t) => io.stderr(`${t}\n`),
    });
    return (code === 0 ? ExitCode.OK : code === 2 ? ExitCode.USAGE : ExitCode.FAILED) as Code;
  },
};
