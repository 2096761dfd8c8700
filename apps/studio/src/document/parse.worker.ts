// The first parse of a large file the editor opens, off the main thread (document/open-text.ts).
import { firstParse, type FirstParseRequest } from './first-parse';

self.addEventListener('message', (event: MessageEvent<FirstParseRequest>) => {
  self.postMessage(firstParse(event.data));
});
