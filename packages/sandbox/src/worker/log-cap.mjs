// The caps on a step's log lines, shared by the block worker and the `code` steps the main thread runs
// itself (runner.ts): the same rule in one place.

export const MAX_LOG_LINES = 1000;
export const MAX_LOG_CHARS = 16 * 1024;

/**
 * A log function for one call: passes at most MAX_LOG_LINES lines, each cut to MAX_LOG_CHARS
 * characters, to `post`, then one warning that the log was truncated.
 * @param {(level: string, message: string) => void} post
 * @returns {(level: string, message: unknown) => void}
 */
export function cappedLog(post) {
  let lines = 0;
  return (level, message) => {
    lines++;
    if (lines > MAX_LOG_LINES) {
      if (lines === MAX_LOG_LINES + 1) post('warn', `log truncated after ${MAX_LOG_LINES} lines`);
      return;
    }
    const text = String(message);
    post(level, text.length > MAX_LOG_CHARS ? `${text.slice(0, MAX_LOG_CHARS)}… (truncated)` : text);
  };
}
