/** The workflow panel's edit callbacks: each a command through the DSL edit API, errors shown as a notice. */
import { useCallback } from 'react';
import { useDocumentStore } from '../document/context';
import type { FieldPath } from '../editor/commands/set-field';
import { setWorkflowField, setWorkflowFields } from '../editor/commands/set-workflow-field';

export interface WorkflowEdit {
  set: (path: FieldPath, value: unknown) => boolean;
  setMany: (edits: readonly { path: FieldPath; value: unknown }[]) => boolean;
  /** Tells the person why a value was not written. */
  refuse: (message: string) => void;
}

export function useWorkflowEdit(): WorkflowEdit {
  const store = useDocumentStore();
  const set = useCallback(
    (path: FieldPath, value: unknown) => {
      const r = setWorkflowField(store, path, value);
      if (!r.ok) store.getState().notify(r.error);
      return r.ok;
    },
    [store],
  );
  const setMany = useCallback(
    (edits: readonly { path: FieldPath; value: unknown }[]) => {
      const r = setWorkflowFields(store, edits);
      if (!r.ok) store.getState().notify(r.error);
      return r.ok;
    },
    [store],
  );
  const refuse = useCallback((message: string) => store.getState().notify(message), [store]);
  return { set, setMany, refuse };
}
