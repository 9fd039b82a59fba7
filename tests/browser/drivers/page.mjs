// The engine-neutral page API every browser test uses. An engine supplies a handful of
// primitives (evaluate a JS expression, move/click the mouse, press keys, navigate, screenshot);
// everything else — locators through shadow roots, fill, hover, waiting — is built here once, on
// in-page JavaScript, so the three engines run the same steps.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { resolveSteps, pointOf } from './in-page.js';

const RESOLVE = resolveSteps.toString();
const POINT = pointOf.toString();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `(fn)(arg)` as an expression; fn is serialized with toString (no eval in the page). */
export function call(fn, arg) {
  const src = fn.toString(); // a function, or a function's source text
  return `(${src})(${arg === undefined ? '' : JSON.stringify(arg)})`;
}

/** Wraps an expression so any engine returns it as JSON text (undefined survives, promises are awaited). */
export function wrapJson(expr) {
  return `(async () => { const __v = await (${expr}); return JSON.stringify(__v === undefined ? { u: 1 } : { v: __v }); })()`;
}

export function unwrapJson(text) {
  const parsed = JSON.parse(text);
  return 'u' in parsed ? undefined : parsed.v;
}

export class Page {
  /** engine: {evalJson(expr) -> JSON text, mouseMove, mouseClick, press, type, goto, screenshot, close} */
  constructor(engine, { name, can }) {
    this.engine = engine;
    this.name = name;
    this.can = can;
    this.mouse = {
      move: (x, y) => engine.mouseMove(Math.round(x), Math.round(y)),
      click: (x, y) => engine.mouseClick(Math.round(x), Math.round(y)),
    };
    this.keyboard = {
      press: (key) => engine.press(key),
      type: (text) => engine.type(text),
    };
  }

  async evaluate(fn, arg) {
    return unwrapJson(await this.engine.evalJson(wrapJson(call(fn, arg))));
  }

  async goto(url) {
    await this.engine.goto(url);
  }

  url() {
    return this.evaluate(() => location.href);
  }

  async goBack() {
    await this.evaluate(() => history.back());
    await sleep(50);
  }

  async goForward() {
    await this.evaluate(() => history.forward());
    await sleep(50);
  }

  waitForTimeout(ms) {
    return sleep(ms);
  }

  /** Polls fn(arg) in the page until it returns something truthy (default timeout 10 s). */
  async waitForFunction(fn, arg, { timeout = 10000, polling = 30 } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        last = await this.evaluate(fn, arg);
        if (last) return last;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
      if (Date.now() > deadline)
        throw new Error(`waitForFunction timed out after ${timeout} ms (${this.name}): ${String(fn).slice(0, 200)}`);
      await sleep(polling);
    }
  }

  locator(css, options = {}) {
    return new Locator(this, [{ css, hasText: options.hasText }]);
  }

  frameLocator(css) {
    return new Locator(this, [{ frame: css }]);
  }

  // The folder may not exist yet (tests/browser/screenshots/ is gitignored): only Playwright's
  // own screenshot creates it, so a run of Firefox or WebKit alone would fail without this.
  async screenshot(options) {
    if (options?.path) await mkdir(dirname(options.path), { recursive: true });
    return this.engine.screenshot(options);
  }

  /** Console errors/warnings, page errors and failed loads seen so far (strings). */
  problems() {
    return this.engine.problems();
  }

  /** Dialogs (alert/confirm/prompt) that opened, each dismissed. */
  dialogs() {
    return this.engine.dialogs();
  }

  close() {
    return this.engine.close();
  }
}

export class Locator {
  constructor(page, steps) {
    this.page = page;
    this.steps = steps;
  }

  locator(css, options = {}) {
    return new Locator(this.page, [...this.steps, { css, hasText: options.hasText }]);
  }

  nth(n) {
    const steps = this.steps.slice(0, -1);
    return new Locator(this.page, [...steps, { ...this.steps.at(-1), nth: n }]);
  }

  first() {
    return this.nth(0);
  }

  toString() {
    return this.steps
      .map((s) => s.frame ?? `${s.css}${s.hasText ? `:has-text(${s.hasText})` : ''}${s.nth ?? ''}`)
      .join(' >> ');
  }

  /** fn(elements, arg) in the page. */
  _all(fn, arg) {
    return this.page.evaluate(`(a) => (${fn})((${RESOLVE})(a.steps), a.arg, (${POINT}))`, { steps: this.steps, arg });
  }

  /** fn(element, arg) on the first match, waiting up to `timeout` ms for one to exist. */
  async _one(fn, arg, { timeout = 10000 } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const r = await this.page.evaluate(
        `(a) => { const el = (${RESOLVE})(a.steps)[0]; return el ? { v: (${fn})(el, a.arg, (${POINT})) } : null; }`,
        { steps: this.steps, arg },
      );
      if (r) return r.v;
      if (Date.now() > deadline) throw new Error(`no element for ${this} (${this.page.name})`);
      await sleep(30);
    }
  }

  count() {
    return this._all((els) => els.length);
  }

  async evaluate(fn, arg) {
    // Awaited in the page: _one's expression returns the promise's value through evalJson.
    const r = await this.page.evaluate(
      `async (a) => { for (let i = 0; i < 300; i++) { const el = (${RESOLVE})(a.steps)[0]; if (el) return { v: await (${fn})(el, a.arg) }; await new Promise((r) => setTimeout(r, 30)); } return null; }`,
      { steps: this.steps, arg },
    );
    if (!r) throw new Error(`no element for ${this} (${this.page.name})`);
    return r.v;
  }

  evaluateAll(fn, arg) {
    return this._all(`(els, arg) => (${fn})(els, arg)`, arg);
  }

  textContent() {
    return this._one((el) => el.textContent);
  }

  allTextContents() {
    return this._all((els) => els.map((el) => el.textContent));
  }

  getAttribute(name) {
    return this._one((el, n) => el.getAttribute(n), name);
  }

  inputValue() {
    return this._one((el) => el.value);
  }

  /** {x, y, width, height} in CSS pixels of the viewport (as Playwright's boundingBox). */
  boundingBox() {
    return this._one((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    });
  }

  allInnerTexts() {
    return this._all((els) => els.map((el) => el.innerText));
  }

  isDisabled() {
    return this._one((el) => el.matches(':disabled'));
  }

  isChecked() {
    return this._one((el) => el.checked);
  }

  isVisible() {
    return this._all((els) => {
      const el = els[0];
      if (!el) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    });
  }

  async waitFor({ state = 'visible', timeout = 10000 } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const [exists, visible] = await Promise.all([this.count().then((n) => n > 0), this.isVisible()]);
      if ({ visible, hidden: !visible, attached: exists, detached: !exists }[state]) return;
      if (Date.now() > deadline) throw new Error(`${this} never became ${state} (${this.page.name})`);
      await sleep(30);
    }
  }

  focus() {
    return this._one((el) => el.focus());
  }

  blur() {
    return this._one((el) => el.blur());
  }

  scrollIntoViewIfNeeded() {
    return this._one((el, _, point) => void point(el));
  }

  // Where to click: the element's centre once it is stable and would get the event, as
  // Playwright's actionability checks mean it: the same point two animation frames apart (a
  // re-render or a late layout can move it between measuring and clicking: seen in WebKit), and
  // an event there reaches the element. After 2 s, the point as it is, so a test of a covered
  // element still clicks and sees what happens.
  async _point() {
    await this.waitFor({ state: 'visible' });
    const deadline = Date.now() + 2000;
    const measure = () => this._one((el, _, point) => point(el));
    for (let before = await measure(); ;) {
      await this.page.evaluate(
        () =>
          new Promise((done) => {
            requestAnimationFrame(() => requestAnimationFrame(done));
            setTimeout(done, 100); // a window that draws no frames
          }),
      );
      const now = await measure();
      if ((now.reaches && now.x === before.x && now.y === before.y) || Date.now() > deadline) return now;
      before = now;
    }
  }

  async hover() {
    const { x, y } = await this._point();
    await this.page.mouse.move(x, y);
  }

  async click() {
    // The pointer goes there first: leaving what it was over can end a hover effect that moves
    // the layout (seen in WebKit: a row's button moved up by a row), so the stable point is
    // measured after the move; where it goes first needs no waiting for one.
    await this.waitFor({ state: 'visible' });
    const near = await this._one((el, _, point) => point(el));
    await this.page.mouse.move(near.x, near.y);
    const { x, y } = await this._point();
    await this.page.mouse.click(x, y);
  }

  async _setChecked(want) {
    if ((await this.isChecked()) === want) return;
    await this.click();
    // A visually hidden box can sit under its label: fall back to a DOM click.
    if ((await this.isChecked()) !== want) await this._one((el) => el.click());
  }

  check() {
    return this._setChecked(true);
  }

  uncheck() {
    return this._setChecked(false);
  }

  /** Replaces the field's text as typing would (one input event, like Playwright's fill). */
  fill(value) {
    return this._one((el, v) => {
      el.focus();
      let done = false;
      try {
        el.select();
        done = document.execCommand(v === '' ? 'delete' : 'insertText', false, v) && el.value === v;
      } catch {
        done = false;
      }
      if (!done) {
        el.value = v;
        el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: v }));
      }
    }, value);
  }

  /** Focuses the element, then presses one key per character. */
  async pressSequentially(text) {
    await this.focus();
    await this.page.keyboard.type(text);
  }

  selectOption(value) {
    return this._one((el, v) => {
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, value);
  }
}
