import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

const root = path.join(import.meta.dirname, 'viewer');

/**
 * Builds the viewer (viewer/) into DATA_DIR/viewer. Cesium's static folders (Workers, Assets, Widgets, ThirdParty)
 * are copied into viewer/public/cesium by app/viewer-build/copy-cesium-assets.ts and served from /cesium.
 */
export default defineConfig({
  root,
  base: '/',
  publicDir: path.join(root, 'public'),
  plugins: [react()],
  define: {
    CESIUM_BASE_URL: JSON.stringify('/cesium/'),
    // Test handles (window.gridtwin, ...) only where asked for: `npm run dev:viewer` and builds default to none;
    // app/viewer-build/build-viewer.ts sets it from the configuration.
    __GRIDTWIN_TEST_HOOKS__: JSON.stringify(process.env.VIEWER_TEST_HOOKS === '1'),
  },
  build: {
    outDir: path.resolve(process.env.DATA_DIR ?? 'var', 'viewer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    sourcemap: false,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: `http://127.0.0.1:${process.env.PORT ?? 8080}`, ws: true },
      '/tiles': `http://127.0.0.1:${process.env.PORT ?? 8080}`,
    },
  },
});
