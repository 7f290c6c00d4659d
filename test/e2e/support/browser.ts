import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's chromium, installed by the project's script when missing (a test tool's own browser
 * download cannot work here). Headless, no sandbox (root in CI), no background networking: the
 * machine's closed network refuses Chromium's own connections otherwise. Playwright gives each
 * launch a fresh, empty --user-data-dir of its own (it refuses one in `args`) and removes it on close.
 */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const installed = spawnSync(process.execPath, [join(ROOT, 'scripts', 'ensure-browser.mjs')], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (installed.status !== 0) throw new Error('scripts/ensure-browser.mjs could not install chromium');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}
