// The first parse of a large file the editor opens, off the main thread (document/open-text.ts):
// the quick read where it can (read-first.ts), else yaml's parse, loaded only then.
import type { FirstParseRequest } from './first-parse';
import { readFirst } from './read-first';

self.addEventListener('message', (event: MessageEvent<FirstParseRequest>) => {
  const quick = readFirst(event.data);
  if (quick) {
    self.postMessage(quick);
    return;
  }
  void import('./first-parse').then(
    ({ firstParse }) => self.postMessage(firstParse(event.data)),
    // The chunk did not load: the main thread parses the file itself.
    () => self.postMessage({ id: event.data.id, drawn: null }),
  );
});
