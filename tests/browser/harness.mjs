// Shared set-up for the browser tests and screenshots: serve web/ in-process on a free port and
// drive the engine named by ENGINE (chromium, firefox or webkit; tests/browser/drivers/).
import { ENGINE, can, launch } from './drivers/index.mjs';
import { startServer } from './server.mjs';

export { ENGINE, can };

/** {browser, server, url, engine, can, close()} */
export async function start({ bundled = false } = {}) {
  const server = await startServer({ bundled });
  const browser = await launch();
  return {
    browser,
    server,
    url: server.url,
    engine: ENGINE,
    can,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Opens a page in a fresh context: {page, context}. */
export async function openPage(env, url, { viewport, colorScheme, permissions = [], init = [] } = {}) {
  const context = await env.browser.newContext({ viewport, colorScheme, permissions, origin: env.url });
  for (const fn of init) await context.addInitScript(fn);
  const page = await context.newPage();
  if (url) await page.goto(url);
  return { page, context };
}

/**
 * A fresh playground page (tests assert page.problems() is empty: no console errors, page errors
 * or failed requests). options: viewport, colorScheme, hash (appended to index.html), permissions.
 */
export async function openPlayground(
  env,
  { viewport = { width: 1280, height: 900 }, colorScheme = 'light', hash = '', permissions = [], init = [] } = {},
) {
  const opened = await openPage(env, `${env.url}index.html${hash}`, { viewport, colorScheme, permissions, init });
  await waitReady(opened.page);
  return opened;
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

/**
 * For a test at a phone's width: where this engine's window cannot be made `width` px narrow
 * (WebKitGTK's MiniBrowser stops near 450 px), the nearest thing is the page (`src`) in an iframe
 * that wide, whose viewport it is: loads a fixture page (at `fixture`) holding it and waits until
 * the framed playground has printed its output and shows `ready`. -> true when it did.
 */
export async function frameWhenTooWide(
  env,
  page,
  { width, height, src, fixture, ready = '[data-testid=output-tensor]' },
) {
  if ((await page.evaluate(() => innerWidth)) <= width) return false;
  const url = env.server.fixture(fixture, {
    body: `<!doctype html><meta charset="utf-8"><title>narrow</title><style>body{margin:0}</style><iframe title="playground" src="${src}" style="width:${width}px;height:${height}px;border:0"></iframe>`,
  });
  await page.goto(url);
  // Ready as waitReady() means it: printed, and styled (before its stylesheet applies the
  // element is unstyled and wider than a phone), and the page's lazy design tools mounted.
  await page.waitForFunction((selector) => {
    const doc = document.querySelector('iframe').contentDocument;
    const root = doc?.querySelector('conv-playground')?.shadowRoot;
    const styled = root?.querySelector('.pg')?.style.visibility !== 'hidden';
    const tools = doc?.querySelector('[data-testid=design-tools]');
    const mounted = !tools || tools.dataset.ready === 'true';
    return Boolean(
      root?.querySelector('[data-testid=output-tensor]')?.textContent &&
      styled &&
      mounted &&
      root.querySelector(selector),
    );
  }, ready);
  return true;
}

/** Waits until the (first) playground's printed output is `want`. */
export async function waitOutput(page, want, { timeout = 5000 } = {}) {
  await page.waitForFunction(
    (w) =>
      document.querySelector('conv-playground').shadowRoot.querySelector('[data-testid=output-tensor]').textContent ===
      w,
    want,
    { timeout },
  );
}

/** Locator helpers for the element's shadow DOM (the locators look through open shadow roots). */
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

/**
 * Records what the page hands to navigator.clipboard.writeText (for engines whose clipboard
 * cannot be read back by a test: WebKit needs a user gesture to read). Returns a reader.
 */
export async function spyClipboard(page) {
  await page.evaluate(() => {
    window.__clipboardWrites = [];
    const clip = navigator.clipboard;
    if (!clip) return;
    const original = clip.writeText.bind(clip);
    Object.defineProperty(clip, 'writeText', {
      configurable: true,
      value: (text) => {
        window.__clipboardWrites.push(text);
        return original(text).catch(() => undefined);
      },
    });
  });
}

/** The clipboard's text: read back where the engine allows it, else the last text written. */
export async function clipboardText(page) {
  if (can.clipboardRead) return page.evaluate(() => navigator.clipboard.readText());
  return page.evaluate(() => window.__clipboardWrites.at(-1));
}

/** Closes a context, returning the problems its pages recorded (read before closing: WebKit keeps them in the page). */
export async function finish(context, ...pages) {
  const problems = [];
  for (const page of pages) problems.push(...(await page.problems()));
  await context.close();
  return problems;
}

/**
 * Reads until check(value) holds or timeoutMs passes; returns the last value read. For what the
 * page updates a frame later (hover highlights): the assertion on the result says what was wrong.
 */
export async function eventually(read, check, { timeoutMs = 3000, everyMs = 50 } = {}) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
