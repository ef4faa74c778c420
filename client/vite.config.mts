import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The browser client: plain pages, built to client/dist, which the express app serves
 * (API under /api). `npm run dev:client` serves the pages from source with hot reload and
 * passes /api to a server already running on port 3000 (`npx tsx server/main.ts`), or to
 * WAYMARK_DEV_API when set (e.g. http://localhost:3055).
 */
const clientDir = import.meta.dirname;
const pages = ['index', 'capture', 'review', 'login', '404', 'areas-import', 'import', 'campaigns', 'calls', 'results', 'my-records', 'registry', 'dashboard', 'report', 'leros', 'participation', 'connect', 'users', 'set-password'] as const;

export default defineConfig({
  root: clientDir,
  base: '/',
  // client/public holds the service worker (sw.js), copied as is to the site root for its scope.
  publicDir: resolve(clientDir, 'public'),
  build: {
    outDir: resolve(clientDir, 'dist'),
    emptyOutDir: true,
    // maplibre-gl alone is ~1 MB minified; it has its own chunk, loaded by the map page only.
    chunkSizeWarningLimit: 1200,
    // No source maps in the bundle the server ships; WAYMARK_CLIENT_SOURCEMAPS=true for debugging a build.
    sourcemap: process.env.WAYMARK_CLIENT_SOURCEMAPS === 'true',
    rolldownOptions: {
      input: Object.fromEntries(pages.map((p) => [p, resolve(clientDir, `${p}.html`)])),
      // Each map library in a chunk named for it, so a browser caches it across releases.
      output: {
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ },
            { name: 'leaflet', test: /node_modules[\\/]leaflet/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.WAYMARK_DEV_API ?? 'http://localhost:3000', changeOrigin: false } },
  },
});
