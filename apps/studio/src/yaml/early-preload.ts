/**
 * index.html's early script (bundled into its `<head>` at build by vite.config.ts). When the page
 * opens the local draft, the draft is large (parsed in the worker) and the YAML pane shows, Monaco's
 * 3 MB chunk is on the open's way: the pane waits for it, not for the canvas. It is then asked for at
 * once, beside the studio's 1 MB main chunk, not once that chunk has arrived, compiled and run
 * (~0.4 s later on a loaded machine). A small file's canvas is up before Monaco is needed: asked for
 * this early, its compile (on a background thread) slowed the main chunk's and the first draw
 * (`pnpm bench studio-open`, 50 steps: ~0.3 s later), so it is asked for once the studio has started,
 * as is a server's workflow, whose size is not known yet.
 */
import { parseRoute } from '../app/route';
import { OFF_THREAD_CHARS } from '../document/off-thread';
import { loadDraft } from '../pages/draft';
import { preloadYamlPane, yamlPaneShown } from './preload-yaml-pane';

const route = parseRoute(window.location.hash);
const draft = route.page === 'editor' && route.workflowId === null ? loadDraft() : null;
if (draft !== null && draft.length >= OFF_THREAD_CHARS && yamlPaneShown()) void preloadYamlPane();
