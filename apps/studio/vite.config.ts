import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The studio is served by `weft serve` at `/`; in `vite dev`, `/api` is proxied to a local server. */
export default defineConfig({
  plugins: [react()],
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
