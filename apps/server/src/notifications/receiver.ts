/** A local HTTP receiver of run-end notices, for tests: records every request, answers `status()`. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  hits: Received[];
  /** Resolves when the receiver has had `n` requests in all. */
  waitForHits(n: number): Promise<Received[]>;
  /** What the next requests are answered. */
  answer(status: number): void;
  close(): Promise<void>;
}

export async function startReceiver(status = 204): Promise<Receiver> {
  let answer = status;
  const hits: Received[] = [];
  const waiters: { n: number; resolve: (h: Received[]) => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer >= 300 ? 'receiver is down' : '');
      for (const w of waiters.splice(0)) {
        if (hits.length >= w.n) w.resolve([...hits]);
        else waiters.push(w);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    hits,
    waitForHits: (n) =>
      hits.length >= n ? Promise.resolve([...hits]) : new Promise((resolve) => waiters.push({ n, resolve })),
    answer: (s) => void (answer = s),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
