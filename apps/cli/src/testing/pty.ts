/**
 * Drives a command through a real pseudo-terminal (util-linux `script`), the way a person at a
 * terminal would: wait for a prompt to appear, then type. Never waits on the clock.
 */
import { spawn, type ChildProcess } from 'node:child_process';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\r/g;

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export interface PtySession {
  /** Resolves with the text up to and including the next match of `pattern` after the last one. */
  waitFor(pattern: string | RegExp): Promise<string>;
  type(line: string): void;
  /** Everything printed so far (ANSI codes removed). */
  readonly output: string;
  /** Resolves with the exit code. */
  exited: Promise<number>;
  /** Stop the command if it still runs (a test that failed half-way). */
  kill(): void;
}

export function inPty(
  argv: readonly string[],
  opts: { cwd: string; env?: Record<string, string> },
): PtySession {
  const child: ChildProcess = spawn('script', ['-qfec', argv.map(quote).join(' '), '/dev/null'], {
    cwd: opts.cwd,
    env: { ...process.env, TERM: 'dumb', NO_COLOR: '1', ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let raw = '';
  let consumed = 0;
  const waiters: (() => void)[] = [];
  const onData = (b: Buffer): void => {
    raw += b.toString('utf8');
    for (const w of waiters.splice(0)) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let done = false;
  const exited = new Promise<number>((resolve) => {
    child.on('close', (code) => {
      done = true;
      for (const w of waiters.splice(0)) w();
      resolve(code ?? -1);
    });
  });
  const text = (): string => raw.replace(ANSI, '');
  return {
    get output() {
      return text();
    },
    async waitFor(pattern) {
      for (;;) {
        const all = text();
        const rest = all.slice(consumed);
        const m = typeof pattern === 'string' ? rest.indexOf(pattern) : rest.search(pattern);
        if (m >= 0) {
          const len =
            typeof pattern === 'string' ? pattern.length : (rest.slice(m).match(pattern)?.[0].length ?? 0);
          consumed += m + len;
          return all.slice(0, consumed);
        }
        if (done)
          throw new Error(`the command ended before printing ${String(pattern)}; it printed:\n${all}`);
        await new Promise<void>((r) => waiters.push(r));
      }
    },
    type(line) {
      child.stdin?.write(`${line}\n`);
    },
    exited,
    kill() {
      if (!done) child.kill('SIGKILL');
    },
  };
}
