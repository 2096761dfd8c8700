/** A step's values exactly as written (durations as typed, `${{ }}` kept), for the inspector's fields. */
import { parse } from 'yaml';

let cache: { text: string; steps: Map<string, Record<string, unknown>> } | null = null;

export function rawStep(text: string, id: string): Record<string, unknown> | undefined {
  if (cache?.text !== text) {
    const steps = new Map<string, Record<string, unknown>>();
    try {
      const value = parse(text, { maxAliasCount: 100 }) as { steps?: unknown } | null;
      if (Array.isArray(value?.steps)) {
        for (const s of value.steps as unknown[]) {
          if (s && typeof s === 'object' && typeof (s as { id?: unknown }).id === 'string') steps.set((s as { id: string }).id, s as Record<string, unknown>);
        }
      }
    } catch {
      // Unparseable text: the inspector shows the last good model's values instead.
    }
    cache = { text, steps };
  }
  return cache.steps.get(id);
}
