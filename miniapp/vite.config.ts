import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { firstScreenBudget } from './scripts/first-screen-size.ts';
import { precompressBuild } from './scripts/precompress.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

// The server serves `dist/` under /app/ and returns index.html for every other path below /app.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/app/',
  // The budget check reads the manifest after each build and fails the build above 100 KiB gzip.
  // The server sends the precompressed copies to clients that accept Brotli or gzip.
  plugins: [react(), firstScreenBudget(), precompressBuild()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The server gives long cache lifetimes only to files under /app/assets/.
    assetsDir: 'assets',
    // Lists each chunk's imports, so the size of a page's first download can be measured.
    manifest: true,
    target: 'es2020',
  },
  server: {
    host: '127.0.0.1',
    // The micro-app formats money with a helper from server/presenters, outside this folder.
    fs: { allow: [repoRoot] },
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
