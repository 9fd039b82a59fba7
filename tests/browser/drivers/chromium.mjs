// Chromium: Debian's chromium driven by playwright-core (CDP). Never downloads a browser.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { libraryPage } from './library-page.mjs';

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

export const can = {
  clipboardRead: true, // context.grantPermissions
  initScriptsOnFile: true,
  colorScheme: true,
  longTasks: true, // PerformanceObserver 'longtask' and 'long-animation-frame'
  fullPageScreenshot: true,
  maxUrlChars: 2 * 1024 * 1024, // url::kMaxURLChars
};

export async function launch() {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  return {
    async newContext({ viewport, colorScheme, permissions = [], origin }) {
      const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1 });
      if (permissions.length) await context.grantPermissions(permissions, origin ? { origin } : {});
      return {
        addInitScript: (src) => context.addInitScript(src),
        async newPage() {
          const page = await context.newPage();
          return libraryPage(page, {
            warning: 'warning',
            press: (key) => page.keyboard.press(key),
            goto: (url) => page.goto(url, { timeout: 60000 }),
          });
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}
