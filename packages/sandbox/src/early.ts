/**
 * `@weft/sandbox/early`: a block worker started before the rest of the sandbox is loaded (see
 * `startEarlyWorker`). A small module on purpose: the CLI imports it before the run command's own.
 */
export { discardEarlyWorker, earlyWorkerWaiting, startEarlyWorker } from './pool/worker-handle';
