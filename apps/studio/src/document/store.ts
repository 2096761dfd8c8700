/**
 * One zustand store per open document, in three slices: the document, the selection/viewport and
 * the run overlay. Created by the editor page and handed down through `DocumentStoreContext`;
 * never a module-level singleton.
 */
import type { BlockCatalog, WorkflowDocument } from '@weft/dsl';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { onIdle } from '../app/when-quiet';
import { nextFrame } from '../runs/next-frame';
import { createDocumentSlice, validateNow, type DocumentSlice, type Later } from './document-slice';
import { createRunSlice, type RunSlice } from './run-slice';
import { createSelectionSlice, type SelectionSlice } from './selection-slice';

export type DocumentState = DocumentSlice & SelectionSlice & RunSlice;
export type DocumentStore = StoreApi<DocumentState>;

/**
 * When the browser validates a change: once it is on screen (its next frame), at the first idle
 * moment after (at most 100 ms on). Validating a 500-step file takes ~15 ms: done before drawing, it
 * held every edit's way to the canvas and the YAML pane; the problems follow a frame later.
 */
export const afterDrawn: Later = (run) => {
  let cancel = nextFrame(() => {
    cancel = onIdle(run, 100);
  });
  return () => cancel();
};

/**
 * `parsed`: `text` already parsed (`parseYamlText` in document/dsl.ts), not parsed again.
 * `later`: when changes are validated; in a browser `afterDrawn`, elsewhere (tests) at once.
 */
export function createDocumentStore(
  text: string,
  catalog: BlockCatalog,
  options: { parsed?: WorkflowDocument; later?: Later } = {},
): DocumentStore {
  const later = options.later ?? (typeof requestAnimationFrame === 'function' ? afterDrawn : validateNow);
  return createStore<DocumentState>()((...a) => ({
    ...createDocumentSlice(text, catalog, { ...options, later })(...a),
    ...createSelectionSlice(...a),
    ...createRunSlice(...a),
  }));
}
