/**
 * A run's log as lines (from `step.log` events): each keeps its own time, step, level and text.
 * Pure: the log view filters by level and text here, and merges stored and streamed lines.
 */
import type { RunEvent } from '../api/router-types';

export const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type Level = (typeof LEVELS)[number];

export interface LogLine {
  seq: number;
  /** When the engine received the line (epoch ms). */
  at: number;
  stepId: string;
  level: Level;
  message: string;
  /** The foreach item that wrote it, if any. */
  index?: number;
}

export function toLogLine(e: RunEvent): LogLine | undefined {
  if (e.type !== 'step.log') return undefined;
  const level = (LEVELS as readonly unknown[]).includes(e.data.level) ? (e.data.level as Level) : 'info';
  const line: LogLine = {
    seq: e.seq,
    at: e.at,
    stepId: e.stepId ?? '',
    level,
    message: typeof e.data.message === 'string' ? e.data.message : JSON.stringify(e.data.message ?? ''),
  };
  if (typeof e.data.index === 'number') line.index = e.data.index;
  return line;
}

/** `lines` plus `more`, each seq once, in seq order (stored and streamed lines overlap). */
export function mergeLines(lines: readonly LogLine[], more: readonly LogLine[]): LogLine[] {
  if (more.length === 0) return lines as LogLine[];
  const last = lines[lines.length - 1]?.seq ?? -1;
  // The usual case: the new lines all come after the last one shown.
  if (more.every((l, i) => l.seq > last && (i === 0 || l.seq > (more[i - 1] as LogLine).seq)))
    return [...lines, ...more];
  const bySeq = new Map<number, LogLine>();
  for (const l of lines) bySeq.set(l.seq, l);
  for (const l of more) bySeq.set(l.seq, l);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export interface LogFilter {
  /** The lowest level shown. */
  minLevel: Level;
  /** Case-insensitive text in the message; '' for all. */
  search: string;
  /** One step's lines, or undefined for every step. */
  stepId?: string;
}

export function filterLines(lines: readonly LogLine[], f: LogFilter): LogLine[] {
  const min = LEVELS.indexOf(f.minLevel);
  const needle = f.search.trim().toLowerCase();
  return lines.filter(
    (l) =>
      LEVELS.indexOf(l.level) >= min &&
      (f.stepId === undefined || l.stepId === f.stepId) &&
      (needle === '' || l.message.toLowerCase().includes(needle)),
  );
}

/** The message cut around each match of `search` (case-insensitive), for highlighting. */
export function splitMatches(message: string, search: string): { text: string; match: boolean }[] {
  const needle = search.trim().toLowerCase();
  if (!needle) return [{ text: message, match: false }];
  const out: { text: string; match: boolean }[] = [];
  const lower = message.toLowerCase();
  let from = 0;
  for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) {
    if (i > from) out.push({ text: message.slice(from, i), match: false });
    out.push({ text: message.slice(i, i + needle.length), match: true });
    from = i + needle.length;
  }
  if (from < message.length) out.push({ text: message.slice(from), match: false });
  return out;
}

/** `14:05:09.123` in local time: lines of one run are seconds apart, the date is on the run. */
export function clockTime(at: number): string {
  const d = new Date(at);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
