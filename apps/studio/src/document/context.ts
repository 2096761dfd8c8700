/** React access to the open document's store, through narrow selectors. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { DocumentState, DocumentStore } from './store';

export const DocumentStoreContext = createContext<DocumentStore | null>(null);

export function useDocumentStore(): DocumentStore {
  const store = useContext(DocumentStoreContext);
  if (!store) throw new Error('useDocumentStore outside a DocumentStoreContext provider');
  return store;
}

/** Selects one value; re-renders only when it changes (Object.is). */
export function useDoc<T>(selector: (s: DocumentState) => T): T {
  return useStore(useDocumentStore(), selector);
}

/** Selects an object or array of values, compared shallowly. */
export function useDocShallow<T>(selector: (s: DocumentState) => T): T {
  return useStore(useDocumentStore(), useShallow(selector));
}
