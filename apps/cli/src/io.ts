import { readFileSync } from 'node:fs';
import { processTerminal, type Terminal } from './debug/terminal';

/** What a command may touch of the process: injected so tests run commands in memory. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads all of standard input. */
  readStdin(): Promise<string>;
  cwd: string;
  env: Record<string, string | undefined>;
  /** True when stdout is a terminal (live progress, colours). */
  isTTY: boolean;
  /** The interactive terminal (stdin and stdout both TTYs) for prompts, or undefined; absent in tests. */
  terminal?: () => Terminal | undefined;
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      if (process.stdin.isTTY) return '';
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
    terminal: () => processTerminal(process.env),
  };
}

/**
 * Reads a text file, or explains in one line why it cannot. The one reader of workflow files: a
 * leading UTF-8 byte order mark is dropped, so every command sees the same text (issue 9 item 8).
 */
export function readTextFile(path: string): { ok: true; text: string } | { ok: false; message: string } {
  try {
    const text = readFileSync(path, 'utf8');
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String((e as Error).message);
    return { ok: false, message: `cannot read ${path}: ${why}` };
  }
}
