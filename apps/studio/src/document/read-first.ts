/**
 * The worker's quick first read of a file the editor opens (`parse.worker.ts`): a file written the
 * usual way is read without the yaml library (`plainYamlValue`: ~10 ms for 500 steps, where yaml's
 * parse holds a cold worker ~250 ms) and drawn from its plain value. Its reply is the one
 * `firstParse` gives for that file; anything the quick read is not sure of gets `null`, and the
 * worker loads yaml (`first-parse.ts`, a chunk of its own) to parse it.
 */
import { draftFromValue, plainYamlValue } from '@weft/dsl';
import type { FirstParseReply, FirstParseRequest } from './first-parse';

export function readFirst({ id, text }: FirstParseRequest): FirstParseReply | null {
  try {
    const read = plainYamlValue(text);
    return read ? { id, drawn: draftFromValue(read.value), value: read.value } : null;
  } catch {
    return null;
  }
}
