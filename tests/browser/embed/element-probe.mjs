// What an embed test reads from <conv-playground> elements on a page (through locators, so
// one element among several, or one inside an iframe): rendering, printed output, errors.

/** Scrolls every <conv-playground> into view (they initialise lazily) and waits for each to render. */
export async function renderAll(page) {
  const count = await page.locator('conv-playground').count();
  for (let i = 0; i < count; i++) {
    const el = page.locator('conv-playground').nth(i);
    await el.scrollIntoViewIfNeeded();
    await el.evaluate(
      (node) =>
        new Promise((resolve, reject) => {
          const done = () => {
            const root = node.shadowRoot;
            const text = root?.querySelector('[data-testid=output-tensor]')?.textContent;
            const error = root?.querySelector('[data-testid=error]');
            return Boolean(text) || Boolean(error && !error.hidden && error.textContent);
          };
          if (done()) return resolve();
          const timer = setTimeout(
            () => reject(new Error(`figure ${node.closest('figure')?.id ?? ''} did not render`)),
            20000,
          );
          node.addEventListener('render', function check() {
            if (!done()) return;
            clearTimeout(timer);
            node.removeEventListener('render', check);
            resolve();
          });
        }),
    );
  }
  return count;
}

/** [{id, golden, printed, error, visible}] for every figure of the post. */
export function figureResults(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('figure[data-golden]')].map((fig) => {
      const root = fig.querySelector('conv-playground').shadowRoot;
      const printed = root.querySelector('[data-testid=output-tensor]');
      const error = root.querySelector('[data-testid=error]');
      return {
        id: fig.id,
        golden: fig.dataset.golden,
        printed: printed?.textContent ?? null,
        visible: Boolean(
          printed && printed.getClientRects().length && getComputedStyle(printed).visibility !== 'hidden',
        ),
        error: error && !error.hidden ? error.textContent : '',
      };
    }),
  );
}

export function outputOf(locator) {
  return locator.evaluate((el) => el.shadowRoot.querySelector('[data-testid=output-tensor]')?.textContent ?? '');
}

export function errorOf(locator) {
  return locator.evaluate((el) => {
    const e = el.shadowRoot?.querySelector('[data-testid=error]');
    return e && !e.hidden ? { text: e.textContent, role: e.getAttribute('role') } : null;
  });
}

/** Waits until the element's printed output is `want` (on its render events). */
export function waitPrinted(locator, want) {
  return locator.evaluate(
    (el, w) =>
      new Promise((resolve, reject) => {
        const text = () => el.shadowRoot?.querySelector('[data-testid=output-tensor]')?.textContent;
        if (text() === w) return resolve();
        const timer = setTimeout(() => reject(new Error(`output stayed ${text()}, wanted ${w}`)), 15000);
        el.addEventListener('render', function check() {
          if (text() !== w) return;
          clearTimeout(timer);
          el.removeEventListener('render', check);
          resolve();
        });
      }),
    want,
  );
}

/** Waits until the element shows an error (role=alert); returns its text (polled: a failed load renders nothing else). */
export async function waitError(locator) {
  const deadline = Date.now() + 15000;
  for (;;) {
    const error = await errorOf(locator);
    if (error?.text) return error.text;
    if (Date.now() > deadline) throw new Error('no error shown');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Is the element matching `selector` inside el's shadow root displayed? */
export function shown(locator, selector) {
  return locator.evaluate((el, sel) => {
    const node = el.shadowRoot.querySelector(sel);
    return Boolean(node && node.getClientRects().length);
  }, selector);
}
