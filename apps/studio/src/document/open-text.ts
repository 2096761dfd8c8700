/**
 * Parsing a file the editor opens. A large file (`OFF_THREAD_CHARS` or more) is parsed first in a
 * worker: parsing a 500-step file holds a thread for ~0.2–0.3 s of CPU (~1.9 s of wall time on a
 * loaded 2-core machine), and on the main thread that held up everything else the page was waiting
 * for at the same time — the block list's answer and Monaco's 3 MB arrived only once the parse was
 * over, since a page takes in what the network brings on its main thread. The main thread makes
 * its document from the worker's answer without parsing (`openedFrom`); it parses the text itself
 * when the document is first needed (the first validation, once the editor shows the file, or an
 * edit before). A small file is parsed here, in a task of its own: sooner than a worker starts.
 */
import { nextTask } from '../app/when-quiet';
import { openedFrom, type FirstParseReply, type OpenedText } from './first-parse';
import { OFF_THREAD_CHARS } from './off-thread';
import ParseWorker from './parse.worker?worker';

export { OFF_THREAD_CHARS };

let worker: Worker | null = null;
let broken = false;
let lastId = 0;
const waiting = new Map<number, (reply: FirstParseReply | null) => void>();

/** The worker's answer for `text`, or null where there is no worker (then the text is parsed here). */
function askWorker(text: string): Promise<FirstParseReply | null> {
  if (broken || typeof Worker === 'undefined') return Promise.resolve(null);
  if (!worker) {
    try {
      worker = new ParseWorker();
    } catch {
      broken = true;
      return Promise.resolve(null);
    }
    worker.addEventListener('message', (event: MessageEvent<FirstParseReply>) => {
      const done = waiting.get(event.data.id);
      waiting.delete(event.data.id);
      done?.(event.data);
    });
    // A worker that cannot load (or fails): every file waiting for it is parsed here instead.
    worker.addEventListener('error', () => {
      broken = true;
      for (const done of waiting.values()) done(null);
      waiting.clear();
    });
  }
  const id = ++lastId;
  const w = worker;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    w.postMessage({ id, text });
  });
}

/**
 * Parses `text` for the editor to open: in the worker when it is large, else here in the next task
 * (so that a request made just before is on its way first). `cancelled`: the page has left, nothing
 * is parsed for nobody (`undefined`).
 */
export function openText(
  text: string,
  cancelled: () => boolean = () => false,
): Promise<OpenedText | undefined> {
  if (text.length >= OFF_THREAD_CHARS)
    return askWorker(text).then((reply) => (cancelled() ? undefined : openedFrom(text, reply)));
  return new Promise((resolve, reject) =>
    nextTask(() => {
      try {
        resolve(cancelled() ? undefined : openedFrom(text, null));
      } catch (e) {
        reject(e);
      }
    }),
  );
}
