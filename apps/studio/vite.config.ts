import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const YAML_PANE_CHUNK = '__WEFT_YAML_PANE_CHUNK__';
const YAML_PANE_CSS = '__WEFT_YAML_PANE_CSS__';

/**
 * Writes the file names of Monaco's chunk (the YAML pane, loaded with `import()`) and of its
 * stylesheet where the editor preloads them from (pages/EditorPage.tsx): their names have a hash
 * only known once the bundle is made.
 */
function yamlPaneChunkName(): Plugin {
  return {
    name: 'weft-yaml-pane-chunk',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
      const pane = chunks.find((c) => c.facadeModuleId?.endsWith('/src/yaml/YamlPane.tsx'));
      if (!pane) return this.error('no chunk for src/yaml/YamlPane.tsx');
      const css = [...(pane.viteMetadata?.importedCss ?? [])];
      if (css.length !== 1 || !css[0])
        return this.error(`YamlPane.tsx's chunk has ${css.length} stylesheets, not 1`);
      for (const c of chunks)
        if (c.code.includes(YAML_PANE_CHUNK) || c.code.includes(YAML_PANE_CSS))
          c.code = c.code.replaceAll(YAML_PANE_CHUNK, pane.fileName).replaceAll(YAML_PANE_CSS, css[0]);
    },
  };
}

/** The studio is served by `weft serve` at `/`; in `vite dev`, `/api` is proxied to a local server. */
export default defineConfig({
  plugins: [react(), yamlPaneChunkName()],
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
