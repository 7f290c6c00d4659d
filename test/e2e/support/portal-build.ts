import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PORTAL_ROOT = resolve(import.meta.dirname, '..', '..', '..', 'portal');
export const PORTAL_DIST = join(PORTAL_ROOT, 'dist');

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newestMtime(join(path, f))));
}

/** Builds portal/dist with Vite's JS API when it is missing or older than its sources (≈ 1 s). */
export async function ensurePortalBuilt(): Promise<string> {
  const index = join(PORTAL_DIST, 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts'].map((p) => newestMtime(join(PORTAL_ROOT, p)));
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources)) return PORTAL_DIST;
  const { build } = await import('vite');
  // Vite keeps a NODE_ENV already set, and vitest sets "test": React's development build would ship.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(PORTAL_ROOT, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return PORTAL_DIST;
}
