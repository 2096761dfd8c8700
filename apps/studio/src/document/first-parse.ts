/**
 * The first parse of a file the editor opens, done in a worker (`parse.worker.ts`) for a large file:
 * what the worker sends back (the model to draw and the file's plain value, both plain data) and
 * how the main thread makes its document of it without parsing again (`WorkflowDocument.parseLater`:
 * parsed on the main thread only when first needed, once the editor shows the file).
 */
import { WorkflowDocument, type Workflow } from '@weft/dsl';
import { modelToDraw, parseYamlText } from './dsl';

export interface FirstParseRequest {
  id: number;
  text: string;
}

/** `drawn` null: the file is not drawn from its YAML alone (a YAML error): parse it where it opens. */
export type FirstParseReply =
  { id: number; drawn: Workflow; value: unknown } | { id: number; drawn: null; value?: undefined };

/** What a file opens with: its document, and the model to draw when already known (no parse for it). */
export interface OpenedText {
  doc: WorkflowDocument;
  drawn?: Workflow;
}

/** The worker's side: parses `text` and answers with what the editor draws first. Never throws. */
export function firstParse({ id, text }: FirstParseRequest): FirstParseReply {
  try {
    const doc = parseYamlText(text);
    const drawn = modelToDraw(doc);
    return drawn ? { id, drawn, value: doc.value } : { id, drawn: null };
  } catch {
    return { id, drawn: null };
  }
}

/** The main thread's side: `text` opened from the worker's reply, or parsed here when it had none. */
export function openedFrom(text: string, reply: FirstParseReply | null): OpenedText {
  if (!reply?.drawn) return { doc: parseYamlText(text) };
  return { doc: WorkflowDocument.parseLater(text, reply.value), drawn: reply.drawn };
}
