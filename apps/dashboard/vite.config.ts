// The dashboard's build: plain TypeScript modules + ECharts, bundled into dist/dashboard at the
// repository root, which ledger-api serves at `/` (ADR 0060).
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  // Relative asset URLs: the bundle works wherever the API mounts it.
  base: './',
  publicDir: false,
  build: {
    outDir: resolve(here, '../../dist/dashboard'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `npx vite --config apps/dashboard/vite.config.ts` during development, API on :3000.
    proxy: { '/api': 'http://localhost:3000', '/health': 'http://localhost:3000' },
  },
});
