/**
 * Monaco's chunk, fetched and compiled before it is needed. Pure DOM (no React): index.html's early
 * script (`early-preload.ts`) runs it as the page starts, the editor (pages/EditorPage.tsx) where
 * that script did not.
 */
import { fitPanes, NARROW, storedPanes } from '../layout/pane-sizes';

/** Monaco's chunk (`assets/YamlPane-<hash>.js`), written in at build by vite.config.ts. */
const YAML_PANE_CHUNK = '__WEFT_YAML_PANE_CHUNK__';
/** Monaco's stylesheet (`assets/YamlPane-<hash>.css`), written in at build by vite.config.ts. */
const YAML_PANE_CSS = '__WEFT_YAML_PANE_CSS__';
/** The preload's `<link>`: one per page, whoever adds it first. */
const PRELOAD_ID = 'weft-yaml-pane-preload';

/** Whether the editor shows its YAML pane at this window's width (a folded pane loads no Monaco). */
export function yamlPaneShown(): boolean {
  return window.innerWidth >= NARROW && fitPanes(window.innerWidth, storedPanes()).yaml !== 'collapsed';
}

/**
 * Fetches and compiles Monaco's chunk without running it (a module preload), and applies its
 * stylesheet now, while the page is all but empty: applied when the chunk runs (as `import()` does),
 * it would restyle the whole canvas (500 steps: ~100 ms) first; the chunk's `import()` finds it in
 * place and does not add it again. Resolves once the chunk has arrived and compiled; null where the
 * studio is not built (`vite dev`). Once per page: a second call answers for the first's preload.
 */
export function preloadYamlPane(): Promise<void> | null {
  if (!YAML_PANE_CHUNK.endsWith('.js')) return null;
  let link = document.getElementById(PRELOAD_ID);
  if (!link) {
    const preload = document.createElement('link');
    preload.id = PRELOAD_ID;
    preload.rel = 'modulepreload';
    preload.href = new URL(YAML_PANE_CHUNK, document.baseURI).href;
    preload.addEventListener('load', () => preload.setAttribute('data-loaded', ''), { once: true });
    const style = document.createElement('link');
    style.rel = 'stylesheet';
    style.href = new URL(YAML_PANE_CSS, document.baseURI).href;
    document.head.append(preload, style);
    link = preload;
  }
  const loading = link;
  return loading.hasAttribute('data-loaded')
    ? Promise.resolve()
    : new Promise((resolve) => loading.addEventListener('load', () => resolve(), { once: true }));
}
