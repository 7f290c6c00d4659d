import { defineConfig } from 'vite';

/**
 * The portal: a static build in portal/dist, served by the local platform (`npm start`, the e2e
 * tests) or by the hosting on AWS. `vite portal` serves it in development and forwards the
 * platform's routes to PORTAL_BACKEND (the URL `npm start` prints).
 */
const backend = process.env.PORTAL_BACKEND ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: import.meta.dirname,
  // Preact's compat layer runs the same components at a third of React DOM's size (the seller's
  // pages load on phones); type-checking stays against React's types. JSX compiles to Preact's
  // runtime directly (no React plugin, no React refresh).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: {
    alias: {
      'react-dom/client': 'preact/compat/client',
      'react-dom': 'preact/compat',
      'react/jsx-runtime': 'preact/jsx-runtime',
      'react/jsx-dev-runtime': 'preact/jsx-dev-runtime',
      react: 'preact/compat',
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: {
    proxy: { '/api': backend, '/idp': backend, '/config.json': backend },
  },
});
