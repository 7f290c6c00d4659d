import { resolve } from 'node:path';

/** Builds the portal with Vite's JS API (the same as `npm run build:portal`). */
export async function buildPortal(): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: resolve(import.meta.dirname, '..', 'portal', 'vite.config.ts'),
    logLevel: 'warn',
  });
}
