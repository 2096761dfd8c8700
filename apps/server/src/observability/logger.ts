import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/settings';

export type { Logger };

/**
 * JSON logs on stdout (or `destination`). Fields that may carry credentials are redacted; run and
 * step logs are child loggers carrying `runId` / `stepId`.
 */
export function createLogger(opts: {
  level: LogLevel;
  destination?: NodeJS.WritableStream;
  base?: Record<string, unknown>;
}): Logger {
  return pino(
    {
      level: opts.level,
      base: { service: 'weft', ...opts.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'secret',
          'token',
          'authorization',
          '*.secret',
          '*.token',
          '*.authorization',
          'headers.authorization',
          'req.headers.authorization',
          'value',
        ],
        censor: '***',
      },
    },
    opts.destination ?? process.stdout,
  );
}
