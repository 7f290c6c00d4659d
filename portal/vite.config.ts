import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The portal: a static build in portal/dist, served by the local platform (`npm start`, the e2e
 * tests) or by the hosting on AWS. `vite portal` serves it in development and forwards the
 * platform's routes to PORTAL_BACKEND (the URL `npm start` prints).
 */
const backend = process.env.PORTAL_BACKEND ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: {
    proxy: { '/api': backend, '/idp': backend, '/config.json': backend },
  },
});
