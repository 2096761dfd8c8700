/** The local draft: what the editor opens without a server, kept in localStorage. */
const KEY = 'weft.studio.draft';

export const STARTER_WORKFLOW = `# A new workflow. Drag blocks from the palette onto the canvas, or type here.
apiVersion: weft/v1
kind: Workflow
id: my-workflow
name: My workflow
steps:
  - id: hello
    uses: transform
    with:
      expression: "'Hello from Weft'"
`;

export function loadDraft(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveDraft(text: string): void {
  try {
    localStorage.setItem(KEY, text);
  } catch {
    // Storage full or disabled: the draft lives only in this tab.
  }
}

/** Forgets the draft: the next `#/local` opens the starter workflow (a new document). */
export function clearDraft(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Storage disabled: nothing was kept.
  }
}
