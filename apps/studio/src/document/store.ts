/**
 * One zustand store per open document, in three slices: the document, the selection/viewport and
 * the run overlay. Created by the editor page and handed down through `DocumentStoreContext`;
 * never a module-level singleton.
 */
import type { BlockCatalog } from '@weft/dsl';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { onIdle } from '../app/when-quiet';
import { nextFrame } from '../runs/next-frame';
import {
  createDocumentSlice,
  validateNow,
  type DocumentSlice,
  type Later,
  type OpenOptions,
} from './document-slice';
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
 * A `Later` for the opened file's first validation (`firstCheck`): held until `open()` (the editor
 * has shown the file: canvas and YAML pane), then run as a change's is (`afterDrawn`). Validating a
 * 500-step file the first time takes ~0.15 s here, which opening it waited for.
 */
export function heldUntilOpen(then: Later = afterDrawn): { later: Later; open: () => void } {
  let opened = false;
  const waiting = new Set<() => void>();
  return {
    later: (run) => {
      if (opened) return then(run);
      let cancel: (() => void) | null = null;
      const start = () => {
        cancel = then(run);
      };
      waiting.add(start);
      return () => {
        waiting.delete(start);
        cancel?.();
      };
    },
    open: () => {
      if (opened) return;
      opened = true;
      for (const start of waiting) start();
      waiting.clear();
    },
  };
}

/**
 * `options`: see `OpenOptions` in document-slice.ts; `later` (when changes are validated) is, in a
 * browser, `afterDrawn`, elsewhere (tests) at once.
 */
export function createDocumentStore(
  text: string,
  catalog: BlockCatalog,
  options: OpenOptions = {},
): DocumentStore {
  const later = options.later ?? (typeof requestAnimationFrame === 'function' ? afterDrawn : validateNow);
  return createStore<DocumentState>()((...a) => ({
    ...createDocumentSlice(text, catalog, { ...options, later })(...a),
    ...createSelectionSlice(...a),
    ...createRunSlice(...a),
  }));
}
