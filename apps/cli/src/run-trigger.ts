import { usageError } from './exit-codes';
import { readTextFile } from './io';

/**
 * The trigger of a local run from `--trigger-file f.json`: a webhook delivery as the server would
 * record it (`{ body, headers?, query? }`), so a workflow that reads `trigger.body` can be tried
 * with a sample payload — like `act`'s event files for GitHub Actions. `type` defaults to `webhook`.
 * Signatures are not checked here: the server checks them before a run exists.
 */
export function triggerFromFile(file: string | undefined, now: Date): Record<string, unknown> {
  if (file === undefined) return { type: 'manual', source: 'cli' };
  const read = readTextFile(file);
  if (!read.ok) throw usageError(`weft run: --trigger-file: ${read.message}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.text);
  } catch (e) {
    throw usageError(`weft run: --trigger-file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('body' in parsed)) {
    throw usageError(
      `weft run: --trigger-file ${file} must hold a JSON object like {"body": {...}, "headers": {...}, "query": {...}}`,
    );
  }
  const t = parsed as Record<string, unknown>;
  const type = typeof t.type === 'string' ? t.type : 'webhook';
  return {
    type,
    body: t.body,
    headers: isRecord(t.headers) ? t.headers : {},
    query: isRecord(t.query) ? t.query : {},
    receivedAt: now.toISOString(),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
