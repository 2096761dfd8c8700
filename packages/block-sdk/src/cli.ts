import { relative } from 'node:path';
import { buildBlock, ensureBlockBuilt } from './build';
import { initBlock } from './init';
import { BlockSdkError } from './manifest';

const USAGE = `usage: weft-block init <name> [dir] | build [--changed] [dir…] | test [dir…]
  init   scaffold a new block (default folder: blocks/<name>)
  build  compile a block folder's assembly/index.ts to its wasm (default: .);
         --changed skips a block whose wasm is newer than its sources, the SDK and the compiler
  test   build if needed, then run the block's examples/*.yaml (default: .)`;

/** Output sinks, so the lead's `weft block …` command can reuse this with its own streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const STDIO: CliIo = {
  out: (t) => void process.stdout.write(`${t}\n`),
  err: (t) => void process.stderr.write(`${t}\n`),
};

/**
 * `weft-block init|build|test …`; returns the exit code (0 ok, 1 failed tests or build, 2 usage).
 * Errors are printed as one clear message, never a stack trace.
 */
export async function main(args: string[], io: CliIo = STDIO): Promise<number> {
  const [command, ...rest] = args;
  const dirs = rest.length ? rest : ['.'];
  try {
    if (command === 'init' && rest[0]) {
      const made = await initBlock(rest[0], rest[1]);
      io.out(`created ${relative(process.cwd(), made.dir) || '.'}: ${made.files.join(', ')}`);
      return 0;
    }
    if (command === 'build') {
      const changed = rest.includes('--changed');
      const buildDirs = rest.filter((a) => a !== '--changed');
      const unknown = buildDirs.find((a) => a.startsWith('-'));
      if (unknown) {
        io.err(`error: unknown option ${unknown}\n${USAGE}`);
        return 2;
      }
      for (const dir of buildDirs.length ? buildDirs : ['.']) {
        const started = Date.now();
        const built = changed ? await ensureBlockBuilt(dir) : await buildBlock(dir);
        const where = relative(process.cwd(), built.wasmPath);
        io.out(
          built.upToDate
            ? `up to date ${built.manifest.name}@${built.manifest.version} → ${where}`
            : `built ${built.manifest.name}@${built.manifest.version} → ${where} (${Date.now() - started} ms)`,
        );
      }
      return 0;
    }
    if (command === 'test') {
      // Loaded only here: the Extism runtime is not needed to build.
      const { formatTestReport, testBlock } = await import('./test-block');
      let failed = 0;
      for (const dir of dirs) {
        const report = await testBlock(dir);
        io.out(formatTestReport(report));
        failed += report.failed;
      }
      return failed > 0 ? 1 : 0;
    }
    io.err(USAGE);
    return 2;
  } catch (err) {
    if (err instanceof BlockSdkError) {
      io.err(`error: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
