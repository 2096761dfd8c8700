export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export declare const MAX_LOG_LINES: number;
export declare const MAX_LOG_CHARS: number;
/** A log function for one call that passes at most MAX_LOG_LINES lines of MAX_LOG_CHARS to `post`. */
export declare function cappedLog(
  post: (level: LogLevel, message: string) => void,
): (level: LogLevel, message: unknown) => void;
