/**
 * What every browser test does with the portal: sign in as a local user in a context of its own,
 * check a page with axe-core, screenshot it, and measure it on a phone.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type WordKey, word } from '../../../portal/src/i18n/dictionary.js';

export const SHOTS = resolve(import.meta.dirname, '..', '..', '..', 'test-results', 'e2e');
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The portal's Chinese words (the browser's locale is zh-CN). */
export const zh = (key: WordKey, vars?: Record<string, string | number>) => word(key, 'zh', vars);

/**
 * A fresh browser context (its own storage: language and token) on the portal at `url`, signed
 * in as `username`; a phone-sized viewport is a touch screen at twice the density.
 */
export async function signIn(
  browser: Browser,
  url: string,
  username: string,
  viewport: { width: number; height: number } = DESKTOP,
  options: { acceptDownloads?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    ...options,
    ...(viewport.width < 600 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: `${zh('logInAs')} ${username}` }).click();
  await page.getByRole('button', { name: zh('logIn'), exact: true }).click();
  await page.getByRole('button', { name: zh('logOut') }).waitFor();
  return page;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core in the page: its serious and critical violations (WCAG 2.1 AA rules and best
 * practice), each with where it is. In-page code goes as source text through the DevTools
 * protocol: the portal's CSP (script-src 'self') stays on, and the tests' program needs no DOM
 * types (they would change fetch's and FormData's types for every file).
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate("'axe' in window"))) await page.evaluate(AXE);
  const violations = (await page.evaluate(
    '(async () => (await window.axe.run()).violations)()',
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A screenshot of the whole page into test-results/e2e, and its accessibility checked on the way. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  expect(await accessibilityProblems(page), name).toEqual([]);
}

/**
 * CSS px the page is wider than its viewport (≤ 0: it never scrolls sideways). Against the
 * screen's width, not innerWidth: a mobile browser zooms out to fit wide content.
 */
export async function horizontalOverflow(page: Page): Promise<number> {
  return (
    ((await page.evaluate('document.documentElement.scrollWidth')) as number) -
    (page.viewportSize()?.width ?? 0)
  );
}
