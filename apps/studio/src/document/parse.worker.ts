// The first parse of a large file the editor opens, off the main thread (document/open-text.ts).
import { firstParse, type FirstParseRequest, type FirstParseStarted } from './first-parse';

self.addEventListener('message', (event: MessageEvent<FirstParseRequest>) => {
  const started: FirstParseStarted = { id: event.data.id, started: true };
  self.postMessage(started);
  self.postMessage(firstParse(event.data));
});
