import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { defineConfig, type Plugin, type Rollup } from 'vite';
import react from '@vitejs/plugin-react';

type OutputBundle = Rollup.OutputBundle;
type OutputChunk = Rollup.OutputChunk;

const YAML_PANE_CHUNK = '__WEFT_YAML_PANE_CHUNK__';
const YAML_PANE_CSS = '__WEFT_YAML_PANE_CSS__';

/** The chunk of src/yaml/YamlPane.tsx (Monaco) and its one stylesheet, in a finished bundle. */
function yamlPaneFiles(bundle: OutputBundle): { chunk: string; css: string } | string {
  const pane = Object.values(bundle).find(
    (c): c is OutputChunk => c.type === 'chunk' && !!c.facadeModuleId?.endsWith('/src/yaml/YamlPane.tsx'),
  );
  if (!pane) return 'no chunk for src/yaml/YamlPane.tsx';
  const css = [...(pane.viteMetadata?.importedCss ?? [])];
  if (css.length !== 1 || !css[0]) return `YamlPane.tsx's chunk has ${css.length} stylesheets, not 1`;
  return { chunk: pane.fileName, css: css[0] };
}

const withYamlPaneFiles = (code: string, files: { chunk: string; css: string }): string =>
  code.replaceAll(YAML_PANE_CHUNK, files.chunk).replaceAll(YAML_PANE_CSS, files.css);

/**
 * Writes the file names of Monaco's chunk (the YAML pane, loaded with `import()`) and of its
 * stylesheet where they are preloaded from (yaml/preload-yaml-pane.ts): their names have a hash
 * only known once the bundle is made. And puts yaml/early-preload.ts, bundled, into index.html's
 * `<head>` as an inline script before the main chunk's tag (and before the stylesheet's, which an
 * inline script would wait for): Monaco's chunk is then asked for with the main chunk, not ~0.4 s
 * later once that has run.
 */
function yamlPaneChunkName(): Plugin {
  return {
    name: 'weft-yaml-pane-chunk',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = yamlPaneFiles(bundle);
      if (typeof files === 'string') return this.error(files);
      for (const c of Object.values(bundle))
        if (c.type === 'chunk' && (c.code.includes(YAML_PANE_CHUNK) || c.code.includes(YAML_PANE_CSS)))
          c.code = withYamlPaneFiles(c.code, files);
    },
    transformIndexHtml: {
      order: 'post',
      async handler(html, ctx) {
        if (!ctx.bundle) return html;
        const files = yamlPaneFiles(ctx.bundle);
        if (typeof files === 'string') throw new Error(files);
        const early = await esbuild({
          entryPoints: [fileURLToPath(new URL('./src/yaml/early-preload.ts', import.meta.url))],
          bundle: true,
          minify: true,
          format: 'iife',
          target: 'es2022',
          write: false,
        });
        const code = withYamlPaneFiles(early.outputFiles[0]?.text ?? '', files).trim();
        if (!code.includes(files.chunk)) throw new Error("early-preload.ts does not name Monaco's chunk");
        const at = html.indexOf('<script type="module"');
        if (at < 0) throw new Error('index.html has no module script');
        return `${html.slice(0, at)}<script>${code}</script>\n    ${html.slice(at)}`;
      },
    },
  };
}

/**
 * Monaco modules the YAML pane never uses, imported by `editor.api.js`, the hover, the clipboard and
 * sticky scroll: each import of one (its path inside monaco-editor/esm/vs/editor) from inside Monaco
 * is served by src/yaml/monaco-stubs.ts instead, ~0.3 MB less of Monaco's 3.1 MB chunk to run.
 */
const MONACO_STUBBED = [
  'browser/widget/diffEditor/diffEditorWidget',
  'browser/widget/multiDiffEditor/multiDiffEditorWidget',
  'contrib/colorPicker/browser/colorHoverParticipant',
  'contrib/inlayHints/browser/inlayHintsHover',
  'contrib/inlayHints/browser/inlayHintsLocations',
  'contrib/codeAction/browser/codeAction',
  'contrib/codeAction/browser/codeActionController',
  'contrib/codeAction/common/types',
  'contrib/dropOrPasteInto/browser/copyPasteController',
  'contrib/gotoSymbol/browser/link/goToDefinitionAtPosition',
  'contrib/inlineCompletions/browser/hintsWidget/inlineCompletionsHintsWidget',
];
const MONACO_STUBS = fileURLToPath(new URL('./src/yaml/monaco-stubs.ts', import.meta.url));

function monacoStubs(): Plugin {
  return {
    name: 'weft-monaco-stubs',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.') || !importer.includes('/monaco-editor/esm/vs/editor/'))
        return null;
      const path = posix.join(posix.dirname(importer), source);
      return MONACO_STUBBED.some((p) => path.endsWith(`/monaco-editor/esm/vs/editor/${p}.js`))
        ? MONACO_STUBS
        : null;
    },
  };
}

/** The studio is served by `weft serve` at `/`; in `vite dev`, `/api` is proxied to a local server. */
export default defineConfig({
  plugins: [monacoStubs(), react(), yamlPaneChunkName()],
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    sourcemap: false,
  },
  worker: { format: 'es' },
  server: {
    proxy: { '/api': process.env.WEFT_SERVER ?? 'http://127.0.0.1:8080' },
  },
  // `vite preview` serves the built studio alone (e2e without a server): no proxy.
  preview: { proxy: {} },
});
