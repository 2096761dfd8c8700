/**
 * One zustand store per open document, in three slices: the document, the selection/viewport and
 * the run overlay. Created by the editor page and handed down through `DocumentStoreContext`;
 * never a module-level singleton.
 */
import type { BlockCatalog, WorkflowDocument } from '@weft/dsl';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createDocumentSlice, type DocumentSlice } from './document-slice';
import { createRunSlice, type RunSlice } from './run-slice';
import { createSelectionSlice, type SelectionSlice } from './selection-slice';

export type DocumentState = DocumentSlice & SelectionSlice & RunSlice;
export type DocumentStore = StoreApi<DocumentState>;

/** `parsed`: `text` already parsed (`parseYamlText` in document/dsl.ts), not parsed again. */
export function createDocumentStore(
  text: string,
  catalog: BlockCatalog,
  parsed?: WorkflowDocument,
): DocumentStore {
  return createStore<DocumentState>()((...a) => ({
    ...createDocumentSlice(text, catalog, parsed)(...a),
    ...createSelectionSlice(...a),
    ...createRunSlice(...a),
  }));
}
