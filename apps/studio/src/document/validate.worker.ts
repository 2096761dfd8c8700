/**
 * The validation worker: parses and validates a document's text off the main thread (a 500-step
 * file: ~10 ms of parse and 35–50 ms of validation that every change used to spend on the main
 * thread, in the first idle moment after it was drawn). See `worker-validator.ts`.
 */
import { validationHandler, type ValidateRequest } from './worker-validator';

const handle = validationHandler();

self.onmessage = (e: MessageEvent<ValidateRequest>) => {
  const reply = handle(e.data);
  if (reply) self.postMessage(reply);
};
