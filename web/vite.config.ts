import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The browser UI. Built into web/dist, which the Stageflow server serves at `/`; in development
 * (`npx vite --config web/vite.config.ts`) API calls go to a server on port 3000.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
