// A Playwright (Chromium) or Puppeteer (Firefox) page as the primitives page.mjs builds on: both
// libraries emit the same page events and share the mouse, keyboard and screenshot calls.

/**
 * -> {evalJson, mouseMove, mouseClick, press, type, goto, screenshot, problems, dialogs, close}.
 * Records console errors and warnings (`warning`: the library's name for that level), page
 * errors, failed requests and dialogs (dismissed). press(key) and goto(url) are the engine's own.
 */
export function libraryPage(page, { warning, press, goto }) {
  const problems = [];
  const dialogs = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === warning)
      problems.push(`console.${msg.type()}: ${msg.text().slice(0, 300)}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${String(err.message ?? err).slice(0, 300)}`));
  page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url().slice(0, 200)}`));
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  return {
    evalJson: (expr) => page.evaluate(expr),
    mouseMove: (x, y) => page.mouse.move(x, y),
    mouseClick: (x, y) => page.mouse.click(x, y),
    press,
    type: (text) => page.keyboard.type(text),
    goto,
    screenshot: ({ path, fullPage = false, clip }) => page.screenshot({ path, fullPage, clip }),
    problems: async () => [...problems],
    dialogs: async () => [...dialogs],
    close: () => page.close(),
  };
}
