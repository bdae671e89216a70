import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The web application (issue 8): built into dist/web and served by the API's own server at `/`.
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // One chunk per screen group would be premature: the app is small and served from the same host.
    chunkSizeWarningLimit: 2000,
    sourcemap: true,
  },
  server: {
    // `npx vite --config web/vite.config.ts` during development, with the API on :8080.
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/login': 'http://127.0.0.1:8080',
      '/logout': 'http://127.0.0.1:8080',
    },
  },
});
