/**
 * The editor's pane sizes: the YAML and inspector widths and whether the inspector is open, kept per
 * browser. Pure (no React): index.html's early script (yaml/early-preload.ts) reads them too.
 */
export interface PaneSizes {
  inspectorOpen: boolean;
  /** Monaco is loaded only while the YAML pane is shown. */
  yamlOpen: boolean;
  inspectorWidth: number;
  yamlWidth: number;
}

export const PANES_KEY = 'weft.studio.panes';
export const DEFAULT_PANES: PaneSizes = {
  inspectorOpen: true,
  yamlOpen: true,
  inspectorWidth: 260,
  yamlWidth: 340,
};
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
      yamlOpen: typeof v.yamlOpen === 'boolean' ? v.yamlOpen : DEFAULT_PANES.yamlOpen,
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

export function storedPanes(): PaneSizes {
  try {
    return readPanes(localStorage.getItem(PANES_KEY));
  } catch {
    return DEFAULT_PANES;
  }
}

/** Below this window width the editor is replaced by a read-only view (layout/narrow.tsx). */
export const NARROW = 768;

export const PALETTE_WIDTH = 190;
export const COLLAPSED_WIDTH = 30;

/** The widths drawn at a window width: the canvas keeps at least half the window. */
export interface FittedPanes {
  inspector: number | 'collapsed';
  yaml: number | 'collapsed';
}

/**
 * Shrinks the YAML pane, then the inspector, to their minimum, then folds the YAML pane, until the
 * canvas has half the window. The stored sizes are not changed: a wider window gets them back.
 */
export function fitPanes(windowWidth: number, panes: PaneSizes): FittedPanes {
  let inspector: number | 'collapsed' = panes.inspectorOpen ? panes.inspectorWidth : 'collapsed';
  let yaml: number | 'collapsed' = panes.yamlOpen ? panes.yamlWidth : 'collapsed';
  const w = (v: number | 'collapsed') => (v === 'collapsed' ? COLLAPSED_WIDTH : v);
  const over = () => PALETTE_WIDTH + w(inspector) + w(yaml) - windowWidth / 2;
  if (over() > 0 && yaml !== 'collapsed') yaml = Math.max(LIMITS.yaml[0], yaml - over());
  if (over() > 0 && inspector !== 'collapsed') inspector = Math.max(LIMITS.inspector[0], inspector - over());
  if (over() > 0 && yaml !== 'collapsed') yaml = 'collapsed';
  if (over() > 0 && inspector !== 'collapsed') inspector = 'collapsed';
  return { inspector, yaml };
}
