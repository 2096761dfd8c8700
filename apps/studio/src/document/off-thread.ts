/**
 * From this size on (~150 steps), a file's first parse is done in the worker (`open-text.ts`). Its
 * own module, without the worker's import: index.html's early script (yaml/early-preload.ts) reads it.
 */
export const OFF_THREAD_CHARS = 16_384;
