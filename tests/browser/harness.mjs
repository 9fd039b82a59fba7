// Shared set-up for the browser tests, screenshots and the page-speed benchmark: serve web/
// in-process on a free port and drive Debian's Chromium through playwright-core.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { serve } from '../../scripts/serve.mjs';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].filter(Boolean);

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath() {
  const path = CANDIDATES.find((p) => existsSync(p));
  if (!path) throw new Error('Chromium not found: run `bash scripts/setup.sh --browser` (or set CHROMIUM_PATH)');
  return path;
}

/** {browser, server, url, close()} */
export async function start() {
  const server = await serve({ port: 0 });
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  return {
    browser,
    server,
    url: server.url,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * A fresh page that records console errors and page errors (tests assert there are none).
 * options: viewport, colorScheme, hash (appended to index.html).
 */
export async function openPlayground(
  env,
  { viewport = { width: 1280, height: 900 }, colorScheme = 'light', hash = '', permissions = [] } = {},
) {
  const context = await env.browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1 });
  if (permissions.length) await context.grantPermissions(permissions, { origin: env.url });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console.${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url()}`));
  await page.goto(`${env.url}index.html${hash}`);
  await waitReady(page);
  return { page, context, problems };
}

/** Waits until the playground has computed its first result (or shown an error). */
export async function waitReady(page) {
  await page.waitForFunction(() => {
    const el = document.querySelector('conv-playground');
    const root = el?.shadowRoot;
    if (!root) return false;
    const printed = root.querySelector('[data-testid=output-tensor]')?.textContent;
    const error = root.querySelector('[data-testid=error]')?.textContent;
    const styled = root.querySelector('.pg')?.style.visibility !== 'hidden';
    return styled && Boolean(printed || error);
  });
}

/** Locator helpers for the element's shadow DOM (playwright's CSS engine pierces open shadow roots). */
export const byTestId = (page, id) => page.locator(`conv-playground [data-testid="${id}"]`);

export async function outputText(page) {
  return (await byTestId(page, 'output-tensor').textContent()) ?? '';
}

/** The focused element, looking through shadow roots: its data-testid, data-key, id or tag. */
export async function activeName(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    if (!a) return null;
    return a.dataset?.testid || a.dataset?.key || a.id || a.textContent?.trim().slice(0, 60) || a.tagName;
  });
}

/** Presses Tab (or Shift+Tab) until the focused element's name matches; fails after `max` presses. */
export async function tabTo(page, match, { max = 120, back = false } = {}) {
  const test = typeof match === 'string' ? (n) => n === match : (n) => match.test(n ?? '');
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const name = await activeName(page);
    seen.push(name);
    if (test(name)) return name;
  }
  throw new Error(`Tab never reached ${match}; focus went through: ${seen.join(' | ')}`);
}
