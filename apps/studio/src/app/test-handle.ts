/**
 * A read-only handle on the open editor for end-to-end tests and benchmarks (like tldraw's
 * `window.editor`): what the YAML pane shows, and the canvas's step ids. Never used by the app.
 */
import type { DocumentStore } from '../document/store';

export interface StudioHandle {
  /** The text in the YAML pane (Monaco's model). */
  yaml: () => string | null;
  /** The document's text (what Save sends). */
  text: () => string;
  stepIds: () => string[];
  revision: () => number;
}

declare global {
  interface Window {
    weftStudio?: StudioHandle;
  }
}

let yamlReader: (() => string) | null = null;

export function registerYamlReader(read: (() => string) | null): void {
  yamlReader = read;
}

export function exposeStore(store: DocumentStore | null): void {
  if (!store) {
    delete window.weftStudio;
    return;
  }
  window.weftStudio = {
    yaml: () => (yamlReader ? yamlReader() : null),
    text: () => store.getState().text,
    stepIds: () => store.getState().workflow?.steps.map((s) => s.id) ?? [],
    revision: () => store.getState().revision,
  };
}
