/** The editor's pane sizes: the YAML and inspector widths and whether the inspector is open, kept per browser. */
import { useCallback, useState } from 'react';

export interface PaneSizes {
  inspectorOpen: boolean;
  inspectorWidth: number;
  yamlWidth: number;
}

const KEY = 'weft.studio.panes';
export const DEFAULT_PANES: PaneSizes = { inspectorOpen: true, inspectorWidth: 260, yamlWidth: 340 };
export const LIMITS = { inspector: [200, 600], yaml: [220, 900] } as const;

export function clampWidth(value: number, [min, max]: readonly [number, number]): number {
  return Math.round(Math.min(max, Math.max(min, value)));
}

/** Reads stored sizes, ignoring anything malformed or out of range. */
export function readPanes(raw: string | null): PaneSizes {
  if (!raw) return DEFAULT_PANES;
  try {
    const v = JSON.parse(raw) as Partial<Record<keyof PaneSizes, unknown>>;
    return {
      inspectorOpen: typeof v.inspectorOpen === 'boolean' ? v.inspectorOpen : DEFAULT_PANES.inspectorOpen,
      inspectorWidth:
        typeof v.inspectorWidth === 'number'
          ? clampWidth(v.inspectorWidth, LIMITS.inspector)
          : DEFAULT_PANES.inspectorWidth,
      yamlWidth:
        typeof v.yamlWidth === 'number' ? clampWidth(v.yamlWidth, LIMITS.yaml) : DEFAULT_PANES.yamlWidth,
    };
  } catch {
    return DEFAULT_PANES;
  }
}

function load(): PaneSizes {
  try {
    return readPanes(localStorage.getItem(KEY));
  } catch {
    return DEFAULT_PANES;
  }
}

export function usePaneSizes(): [PaneSizes, (change: Partial<PaneSizes>) => void] {
  const [sizes, setSizes] = useState(load);
  const update = useCallback((change: Partial<PaneSizes>) => {
    setSizes((prev) => {
      const next = readPanes(JSON.stringify({ ...prev, ...change }));
      try {
        localStorage.setItem(KEY, JSON.stringify(next));
      } catch {
        // No storage: the sizes last for this page.
      }
      return next;
    });
  }, []);
  return [sizes, update];
}
