import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** An interactive terminal: the debugger's prompts, answers and `$EDITOR`. */
export interface Terminal {
  /** Ask a line; undefined once the terminal is closed (Ctrl-D). */
  ask(prompt: string): Promise<string | undefined>;
  /** Let the person edit `text` in their editor; the edited text, or an error message. */
  edit(text: string, suffix: string): { ok: true; text: string } | { ok: false; message: string };
  /** Ctrl-C while the terminal is reading. */
  onInterrupt(fn: () => void): void;
  close(): void;
}

/** The process's terminal, when both standard input and output are one. */
export function processTerminal(env: Record<string, string | undefined>): Terminal | undefined {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  let closed = false;
  let pending: ((line: string | undefined) => void) | undefined;
  rl.on('close', () => {
    closed = true;
    pending?.(undefined);
    pending = undefined;
  });
  return {
    ask(prompt) {
      if (closed) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        pending = resolve;
        rl.question(prompt, (line) => {
          pending = undefined;
          resolve(line);
        });
      });
    },
    edit(text, suffix) {
      const editor = env.VISUAL || env.EDITOR || 'vi';
      const dir = mkdtempSync(join(tmpdir(), 'weft-edit-'));
      const file = join(dir, `input${suffix}`);
      try {
        writeFileSync(file, text);
        rl.pause();
        process.stdin.setRawMode?.(false);
        // Through the shell, so EDITOR may carry arguments ("code --wait").
        const r = spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'editor', file], { stdio: 'inherit' });
        process.stdin.setRawMode?.(true);
        rl.resume();
        if (r.error) return { ok: false, message: `cannot start the editor "${editor}": ${r.error.message}` };
        if (r.status !== 0)
          return { ok: false, message: `the editor "${editor}" exited with code ${r.status}` };
        return { ok: true, text: readFileSync(file, 'utf8') };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    onInterrupt(fn) {
      rl.on('SIGINT', fn);
    },
    close() {
      rl.close();
    },
  };
}
