// Firefox: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi (no geckodriver, no
// browser download). Dark mode is a browser preference, so a dark context gets its own browser.
import puppeteer from 'puppeteer-core';
import { libraryPage } from './library-page.mjs';
import { perColorScheme } from './color-schemes.mjs';

const PREFS = {
  // navigator.clipboard.readText without the paste prompt (Firefox's own test switch).
  'dom.events.testing.asyncClipboard': true,
  'dom.events.asyncClipboard.readText': true,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'app.update.enabled': false,
  'network.captive-portal-service.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
};

export const can = {
  clipboardRead: true, // the testing pref above
  initScriptsOnFile: true, // BiDi preload scripts
  colorScheme: true, // a second browser with layout.css.prefers-color-scheme.content-override
  longTasks: false, // no 'longtask' / 'long-animation-frame' entries: a timer heartbeat measures instead
  fullPageScreenshot: true,
  maxUrlChars: 1024 * 1024, // network.standard-url.max-length: a longer URL is NS_ERROR_MALFORMED_URI
};

function start(dark) {
  return puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    extraPrefsFirefox: { ...PREFS, 'layout.css.prefers-color-scheme.content-override': dark ? 0 : 1 },
  });
}

async function pressKey(kb, combo) {
  const parts = combo.split('+');
  const key = parts.at(-1) === 'Space' ? ' ' : parts.at(-1); // BiDi knows the character, not the name
  const mods = parts.slice(0, -1);
  for (const m of mods) await kb.down(m);
  await kb.press(key.length === 1 && mods.length ? key.toLowerCase() : key);
  for (const m of mods.reverse()) await kb.up(m);
}

export async function launch() {
  const browsers = await perColorScheme(start);
  return {
    async newContext({ viewport, colorScheme }) {
      const browser = await browsers.get(colorScheme === 'dark');
      const context = await browser.createBrowserContext();
      const init = [];
      return {
        addInitScript: async (src) => void init.push(src),
        async newPage() {
          const page = await context.newPage();
          await page.setViewport({ ...viewport, deviceScaleFactor: 1 });
          for (const src of init) await page.evaluateOnNewDocument(src);
          return libraryPage(page, {
            warning: 'warn',
            press: (key) => pressKey(page.keyboard, key),
            goto: (url) => page.goto(url, { timeout: 60000, waitUntil: 'load' }),
          });
        },
        close: () => context.close(),
      };
    },
    async close() {
      await Promise.all(browsers.all().map((b) => b.close()));
    },
  };
}
