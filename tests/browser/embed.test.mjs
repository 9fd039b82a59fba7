/* global ConvLab */ // the embed script's one global, read inside page.evaluate
// The embed (issue "Embed anywhere"): web/dist/conv-playground.js, one classic script with the
// WASM and the styles inside, defining <conv-playground>. Checked in each engine (ENGINE):
//   - the example post (web/examples/transposed-convolution.html) from file:// and over http,
//     with and without a strict Content-Security-Policy: every figure live and exactly PyTorch's
//     printed output (tests/golden/notebook.json), no other file fetched, no console error;
//   - several instances with different attributes on one page, next to other scripts and a
//     second copy of the script, sharing one WASM instance; attribute changes re-render; invalid
//     attributes show the page's error; lazy initialisation; sizing to the container; theming;
//   - the iframe page (web/embed.html#…), the ES module entry, and the playground's
//     "Embed" panel whose snippets, pasted into a page, show the same case.
// The bundle is rebuilt first (scripts/bundle.mjs, under a second), so this file never tests a
// stale web/dist/. Its gzip size is reported and must stay under the budget below.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ENGINE, can, openPlayground } from './harness.mjs';
import { launch } from './drivers/index.mjs';
import { startServer } from './server.mjs';
import { bundle } from '../../scripts/bundle.mjs';

const WEB = new URL('../../web/', import.meta.url);
const POST = 'examples/transposed-convolution.html';
const SCRIPT = 'dist/conv-playground.js';
// 80 KB held the forward kernels; the embed's figures now also run the gradient, matrix,
// equivalent-convolution and shape-solver code in the same module (~+20 KB gzip), so 120 KB.
const BUDGET_GZIP = 120 * 1024;
// Nothing but this site's own files, and WebAssembly compiled from bytes. No 'unsafe-eval', no
// 'unsafe-inline' for scripts or styles (the element's styles are a constructed stylesheet).
const STRICT_CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";
const NOTEBOOK = JSON.parse(await readFile(new URL('../golden/notebook.json', import.meta.url), 'utf8'));
const PRINTED = Object.fromEntries(NOTEBOOK.cases.map((c) => [c.name, c.printed]));

/** Counts WebAssembly compilations and records CSP violations (runs before any page script). */
function instrument() {
  window.__wasmCompiles = 0;
  window.__cspViolations = [];
  for (const name of ['instantiate', 'instantiateStreaming', 'compile', 'compileStreaming']) {
    const original = WebAssembly[name];
    if (typeof original !== 'function') continue;
    WebAssembly[name] = function (...args) {
      window.__wasmCompiles++;
      return original.apply(this, args);
    };
  }
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
  );
  window.__globalsBefore = [...Object.getOwnPropertyNames(window), '__globalsBefore'];
}

/** Scrolls every <conv-playground> into view (they initialise lazily) and waits for each to render. */
async function renderAll(page) {
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
function figureResults(page) {
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

function outputOf(locator) {
  return locator.evaluate((el) => el.shadowRoot.querySelector('[data-testid=output-tensor]')?.textContent ?? '');
}

function errorOf(locator) {
  return locator.evaluate((el) => {
    const e = el.shadowRoot?.querySelector('[data-testid=error]');
    return e && !e.hidden ? { text: e.textContent, role: e.getAttribute('role') } : null;
  });
}

/** Waits until the element's printed output is `want`. */
function waitOutput(locator, want) {
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
async function waitError(locator) {
  const deadline = Date.now() + 15000;
  for (;;) {
    const error = await errorOf(locator);
    if (error?.text) return error.text;
    if (Date.now() > deadline) throw new Error('no error shown');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Is the element matching `selector` inside el's shadow root displayed? */
function shown(locator, selector) {
  return locator.evaluate((el, sel) => {
    const node = el.shadowRoot.querySelector(sel);
    return Boolean(node && node.getClientRects().length);
  }, selector);
}

describe(`embed: one script tag, <conv-playground> anywhere [${ENGINE}]`, () => {
  let browser;
  let plain;
  let strict;
  let sizes;
  const contexts = [];

  before(async () => {
    sizes = await bundle({ quiet: true });
    plain = await startServer();
    strict = await startServer();
    // Every response of the second server carries the strict CSP as a header.
    strict.headers(() => true, { 'Content-Security-Policy': STRICT_CSP });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await plain?.close();
    await strict?.close();
  });

  /**
   * A fresh page with the instrumentation; routes ({url: {body, headers}}) are fixture pages the
   * test server answers. problems(): console errors/warnings, page errors, failed requests.
   */
  async function open(url, { viewport = { width: 1200, height: 900 }, routes = {}, colorScheme = 'light' } = {}) {
    // One page at a time: WebKit's MiniBrowser keeps a second tab in the background, where lazy
    // figures (IntersectionObserver) never start.
    while (contexts.length) await contexts.pop().close();
    const context = await browser.newContext({ viewport, colorScheme });
    contexts.push(context);
    await context.addInitScript(instrument);
    for (const [path, fixture] of Object.entries(routes)) {
      const server = path.startsWith(strict.url) ? strict : plain;
      server.fixture(new URL(path).pathname, fixture);
    }
    const page = await context.newPage();
    if (url) await page.goto(url);
    return { page, context, problems: () => page.problems() };
  }

  async function cspViolations(page) {
    return page.evaluate(() => window.__cspViolations);
  }

  test('the embed script: one classic script under its gzip budget, no dynamic code generation', async (t) => {
    const file = await readFile(new URL(SCRIPT, WEB));
    const gzip = gzipSync(file, { level: 9 }).length;
    assert.equal(gzip, sizes['conv-playground.js'].gzip);
    const line = `embed script web/${SCRIPT}: ${(file.length / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzip (budget ${BUDGET_GZIP / 1024} KB)`;
    console.log(line);
    t.diagnostic(line);
    assert.ok(gzip < BUDGET_GZIP, line);
    const text = file.toString('utf8');
    assert.doesNotMatch(text, /\bnew Function\b/);
    assert.doesNotMatch(text, /(?<![.\w$}])eval\(/);
    assert.doesNotMatch(text, /import\.meta|\bimport\(/, 'a classic script: no import.meta, no dynamic import');
    assert.doesNotMatch(text, /\.wasm["']/, 'no separate .wasm file');
  });

  test('the example post from file://: every figure live and exactly PyTorch’s output, nothing else loaded', async () => {
    const url = pathToFileURL(fileURLToPath(new URL(POST, WEB))).href;
    const { page, problems } = await open(url);
    const count = await renderAll(page);
    assert.equal(count, 12);
    const figures = await figureResults(page);
    assert.equal(figures.length, 12);
    for (const f of figures) {
      assert.equal(f.error, '', `${f.id}: ${f.error}`);
      assert.equal(f.printed, PRINTED[f.golden], `${f.id} (${f.golden})`);
      assert.ok(f.visible, `${f.id}: the printed output is on screen`);
    }
    assert.deepEqual(
      new Set(NOTEBOOK.cases.map((c) => c.name)),
      new Set(figures.map((f) => f.golden)),
      'every notebook cell has its figure',
    );
    // What the page loaded: the document and its resource timing entries (the same in every engine).
    // (file:// loads have no resource timing entries: the elements that load something count too.)
    const requests = await page.evaluate(() => [
      location.href,
      ...performance.getEntriesByType('resource').map((e) => e.name),
      ...[
        ...document.querySelectorAll(
          'script[src], link[href]:not([rel=canonical]), img[src], iframe[src], source[src]',
        ),
      ].map((el) => el.src || el.href),
    ]);
    const loaded = [...new Set(requests.filter((r) => !r.startsWith('data:')))]
      .map((r) => r.slice(r.indexOf('/web/') + 5))
      .sort();
    assert.deepEqual(
      loaded,
      [SCRIPT, POST, 'examples/post.css'].sort(),
      'the post, its CSS and the one script: no other file',
    );
    // WebKit's driver has no init scripts on file:// pages: there the count comes from the http test below.
    if (can.initScriptsOnFile)
      assert.equal(await page.evaluate(() => window.__wasmCompiles), 1, '12 figures, one WASM instance');
    assert.deepEqual(await problems(), []);
  });

  test('the example post over http: every figure exact', async () => {
    const { page, problems } = await open(`${plain.url}${POST}`);
    await renderAll(page);
    for (const f of await figureResults(page)) assert.equal(f.printed, PRINTED[f.golden], f.id);
    assert.equal(await page.evaluate(() => window.__wasmCompiles), 1, '12 figures, one WASM instance');
    assert.deepEqual(await problems(), []);
  });

  test('the example post under a strict CSP (no unsafe-eval, no unsafe-inline): every figure exact, no violation', async () => {
    const response = await fetch(`${strict.url}${POST}`);
    assert.equal(response.headers.get('content-security-policy'), STRICT_CSP);
    const { page, problems } = await open(`${strict.url}${POST}`);
    await renderAll(page);
    for (const f of await figureResults(page)) {
      assert.equal(f.printed, PRINTED[f.golden], f.id);
      assert.ok(f.visible, `${f.id} styled and visible`);
    }
    // The constructed stylesheet applies under style-src 'self' (the cards have their border radius).
    const radius = await page
      .locator('conv-playground')
      .first()
      .evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('.card')).borderTopLeftRadius);
    assert.equal(radius, '10px', 'styled (post.css sets --radius: 10px)');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(await problems(), []);
  });

  test('three instances with different attributes on one page, beside other scripts and a second copy of the script', async () => {
    const page = `${plain.url}fixtures/three.html`;
    const body = `<!doctype html><meta charset="utf-8"><title>three</title>
<script>
  // Other scripts with the usual suspects as globals: none may disturb the embed.
  var Module = { print: 1 }; var exports = {}; var module = { exports: {} };
  function define() { throw new Error('AMD define called'); } define.amd = true;
  var ConvLabWasm = 'not a factory';
</script>
<script src="/${SCRIPT}"></script>
<style>.col { width: 700px; }</style>
<div class="col">
<conv-playground id="a" op="conv1d" input="torch.ones(1, 1, 7)" weight="torch.ones(1, 1, 3)" padding="1" controls="none" view="output"></conv-playground>
<conv-playground id="b" state="op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,3)" stride="2" controls="params" view="diagram"></conv-playground>
<conv-playground id="c" op="conv_transpose1d" input="torch.ones(1, 1, 2)" weight="torch.ones(1, 1, 8)" stride="4" padding="2" output-padding="1" bias="torch.tensor([0.5])"></conv-playground>
</div>
<script src="/${SCRIPT}"></script>`;
    const { page: p, problems } = await open(page, {
      routes: { [page]: { body } },
      viewport: { width: 1200, height: 3000 },
    });
    await renderAll(p);
    const a = p.locator('#a');
    const b = p.locator('#b');
    const c = p.locator('#c');
    assert.equal(await outputOf(a), 'tensor([[[2., 3., 3., 3., 3., 3., 2.]]])');
    assert.equal(await outputOf(b), 'tensor([[[1., 1., 2., 1., 1.]]])');
    assert.equal(
      await outputOf(c),
      'tensor([[[1.5000, 1.5000, 2.5000, 2.5000, 2.5000, 2.5000, 1.5000, 1.5000,\n          1.5000]]])',
    );
    // controls: none hides the form, params keeps only the parameters, full (default) has all.
    assert.equal(await shown(a, '.controls-card'), false);
    assert.equal(await shown(b, '.controls-card'), true);
    assert.equal(await shown(b, '[data-testid=input]'), false);
    assert.equal(await shown(b, '[data-testid=stride]'), true);
    assert.equal(await shown(c, '[data-testid=input]'), true);
    assert.equal((await shown(c, '[data-testid=op-conv1d]')) || (await shown(c, 'label[for=op-conv1d]')), true);
    // view: output shows the printed tensor and no diagram; diagram the reverse; all (default) both.
    assert.equal(await shown(a, '[data-testid=output-tensor]'), true);
    assert.equal(await shown(a, '[data-testid=diagram]'), false);
    assert.equal(await shown(b, '[data-testid=diagram]'), true);
    assert.equal(await shown(b, '[data-testid=output-tensor]'), false);
    assert.equal(await shown(c, '[data-testid=diagram]'), true);
    assert.equal(await shown(c, '[data-testid=output-tensor]'), true);
    // One element definition, one WASM instance, one global.
    assert.equal(await p.evaluate(() => window.__wasmCompiles), 1);
    assert.deepEqual(
      await p.evaluate(() => [
        typeof ConvLab,
        typeof ConvLab.loadConvLab,
        customElements.get('conv-playground') === ConvLab.ConvPlayground,
      ]),
      ['object', 'function', true],
    );
    assert.equal(await p.evaluate(() => typeof ConvLabWasm), 'string', 'the page’s own globals are untouched');
    // Each instance is independent: editing one leaves the others alone.
    await b.locator('[data-testid=stride]').fill('3');
    await waitOutput(b, 'tensor([[[1., 1., 1., 1., 1., 1.]]])');
    assert.equal(await outputOf(a), 'tensor([[[2., 3., 3., 3., 3., 3., 2.]]])');
    // Shadow DOM: the page's styles do not reach in, the element's do not leak out.
    assert.equal(await p.evaluate(() => document.querySelectorAll('.card, .pg').length), 0);
    assert.deepEqual(await problems(), []);
  });

  test('changing an attribute re-renders; invalid attributes show the page’s error', async () => {
    const url = `${plain.url}fixtures/attrs.html`;
    const body = `<!doctype html><meta charset="utf-8"><title>attrs</title><script src="/${SCRIPT}"></script>
<conv-playground op="conv_transpose1d" input="torch.ones(1, 1, 2)" weight="torch.ones(1, 1, 3)"></conv-playground>`;
    const { page, problems } = await open(url, { routes: { [url]: { body } } });
    await renderAll(page);
    const el = page.locator('conv-playground');
    assert.equal(await outputOf(el), 'tensor([[[1., 2., 2., 1.]]])');
    const added = await page.evaluate(() =>
      Object.getOwnPropertyNames(window).filter((name) => !window.__globalsBefore.includes(name)),
    );
    assert.deepEqual(added, ['ConvLab'], 'one global');
    for (const [stride, printed] of [
      ['2', 'tensor([[[1., 1., 2., 1., 1.]]])'],
      ['3', 'tensor([[[1., 1., 1., 1., 1., 1.]]])'],
      ['4', 'tensor([[[1., 1., 1., 0., 1., 1., 1.]]])'],
    ]) {
      await el.evaluate((node, s) => node.setAttribute('stride', s), stride);
      await waitOutput(el, printed);
      assert.equal(
        await el.evaluate((node) => node.shadowRoot.querySelector('[data-testid=stride]').value),
        stride,
        'the form follows',
      );
    }
    await el.evaluate((node) => node.setAttribute('weight', 'torch.ones(1, 1, 8)'));
    await el.evaluate((node) => node.setAttribute('padding', '2'));
    await el.evaluate((node) => node.setAttribute('output-padding', '1'));
    await waitOutput(el, PRINTED['notebook/12_conv_transpose1d_K8_L2_s4_p2_op1']);
    await el.evaluate((node) => node.setAttribute('op', 'conv1d'));
    await el.evaluate((node) => node.removeAttribute('output-padding'));
    await el.evaluate((node) => node.setAttribute('input', 'torch.ones(1, 1, 7)'));
    await el.evaluate((node) => node.setAttribute('weight', 'torch.ones(1, 1, 3)'));
    await el.evaluate((node) => node.setAttribute('stride', '1'));
    await el.evaluate((node) => node.setAttribute('padding', '1'));
    await waitOutput(el, PRINTED['notebook/02_conv1d_K3_L7_s1_p1_op0']);

    // The same invalid case on the playground page and as attributes: the same message.
    const bad = {
      op: 'conv_transpose1d',
      input: 'torch.ones(1,1,2)',
      weight: 'torch.ones(1,1,8)',
      stride: '4',
      output_padding: '4',
    };
    const env = { browser, url: plain.url };
    const { page: pg, context } = await openPlayground(env, { hash: `#${new URLSearchParams(bad)}` });
    const pageError = await pg.locator('conv-playground [data-testid=error]').textContent();
    await context.close();
    assert.match(pageError, /output_padding/);
    await el.evaluate((node, s) => {
      for (const [k, v] of Object.entries(s)) node.setAttribute(k === 'output_padding' ? 'output-padding' : k, v);
      node.removeAttribute('padding');
    }, bad);
    assert.equal(await waitError(el), pageError);
    assert.equal((await errorOf(el)).role, 'alert');
    await el.evaluate((node) => node.setAttribute('output-padding', '1'));
    await waitOutput(el, PRINTED['notebook/11_conv_transpose1d_K8_L2_s4_p0_op1']);
    assert.equal(await errorOf(el), null, 'the error clears');

    await el.evaluate((node) => node.setAttribute('input', 'torch.ones(1, 1, '));
    assert.match(await waitError(el), /^input: /);
    await el.evaluate((node) => node.setAttribute('input', 'torch.ones(1, 1, 2)'));
    await el.evaluate((node) => node.setAttribute('op', 'conv3d'));
    assert.match(await waitError(el), /op="conv3d".*conv1d.*conv_transpose1d/);
    await el.evaluate((node) => node.setAttribute('op', 'conv_transpose1d'));
    await waitOutput(el, PRINTED['notebook/11_conv_transpose1d_K8_L2_s4_p0_op1']);
    assert.deepEqual(await problems(), []);
  });

  test('without wasm-unsafe-eval in the CSP the figure says so (role=alert) instead of hanging', async () => {
    const url = `${plain.url}fixtures/no-wasm.html`;
    const body = `<!doctype html><meta charset="utf-8"><title>no wasm</title><script src="/${SCRIPT}"></script>
<conv-playground op="conv1d" input="torch.ones(1, 1, 7)" weight="torch.ones(1, 1, 3)"></conv-playground>`;
    const headers = { 'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'" };
    const { page } = await open(url, { routes: { [url]: { body, headers } } });
    const text = await waitError(page.locator('conv-playground'));
    assert.match(text, /^Could not load the WebAssembly module: /);
    assert.equal((await errorOf(page.locator('conv-playground'))).role, 'alert');
  });

  test('lazy: an instance far below the fold initialises when scrolled into view', async () => {
    const url = `${plain.url}fixtures/lazy.html`;
    const body = `<!doctype html><meta charset="utf-8"><title>lazy</title><script src="/${SCRIPT}"></script>
<p style="height: 3000px">Scroll down.</p>
<conv-playground id="far" op="conv1d" input="torch.ones(1, 1, 7)" weight="torch.ones(1, 1, 3)" controls="none"></conv-playground>`;
    const { page, problems } = await open(url, { routes: { [url]: { body } }, viewport: { width: 900, height: 700 } });
    await page.waitForTimeout(400);
    const before = await page.evaluate(() => ({
      compiled: window.__wasmCompiles,
      built: Boolean(document.querySelector('#far').shadowRoot?.querySelector('.pg')),
    }));
    assert.deepEqual(before, { compiled: 0, built: false }, 'nothing is built or compiled off-screen');
    await renderAll(page);
    assert.equal(await outputOf(page.locator('#far')), PRINTED['notebook/01_conv1d_K3_L7_s1_p0_op0']);
    assert.equal(await page.evaluate(() => window.__wasmCompiles), 1);
    // Scrolled away again, the element says it is off-screen (CSS animations pause there).
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForFunction(() => document.querySelector('#far').offscreen === true);
    assert.deepEqual(await problems(), []);
  });

  test('sizes itself to its container, narrow and wide', async () => {
    const url = `${plain.url}fixtures/size.html`;
    const body = `<!doctype html><meta charset="utf-8"><title>size</title><script src="/${SCRIPT}"></script>
<div id="narrow" style="width: 340px"><conv-playground op="conv_transpose1d" input="torch.ones(1, 1, 2)" weight="torch.ones(1, 1, 8)" stride="4"></conv-playground></div>
<div id="wide" style="width: 1100px"><conv-playground op="conv_transpose1d" input="torch.ones(1, 1, 2)" weight="torch.ones(1, 1, 8)" stride="4"></conv-playground></div>`;
    const { page, problems } = await open(url, { routes: { [url]: { body } }, viewport: { width: 1200, height: 900 } });
    await renderAll(page);
    const measure = (sel) =>
      page.locator(sel).evaluate((box) => {
        const el = box.querySelector('conv-playground');
        const pg = el.shadowRoot.querySelector('.pg');
        return {
          host: Math.round(el.getBoundingClientRect().width),
          content: Math.round(pg.scrollWidth),
          height: Math.round(el.getBoundingClientRect().height),
        };
      });
    const narrow = await measure('#narrow');
    const wide = await measure('#wide');
    assert.equal(narrow.host, 340);
    assert.ok(narrow.content <= 340, `no horizontal overflow at 340 px (content ${narrow.content})`);
    assert.equal(wide.host, 1100);
    assert.ok(wide.content <= 1100);
    assert.ok(narrow.height > wide.height, 'narrow stacks the cards, wide sets them side by side');
    await page.screenshot({
      path: fileURLToPath(new URL(`./screenshots/embed-sizes-${ENGINE}.png`, import.meta.url)),
      fullPage: true,
    });
    assert.deepEqual(await problems(), []);
  });

  test('theming: custom properties set on the element reach inside, page styles do not', async () => {
    const url = `${plain.url}fixtures/theme.html`;
    const body = `<!doctype html><meta charset="utf-8"><title>theme</title><script src="/${SCRIPT}"></script>
<style>
  conv-playground.themed { --accent: rgb(200, 0, 100); --radius: 3px; --card: rgb(250, 250, 240); }
  .card { border-radius: 40px !important; } pre { color: red !important; }
</style>
<conv-playground class="themed" op="conv1d" input="torch.ones(1, 1, 7)" weight="torch.ones(1, 1, 3)"></conv-playground>`;
    const { page, problems } = await open(url, { routes: { [url]: { body } } });
    await renderAll(page);
    const style = await page.locator('conv-playground').evaluate((el) => {
      const card = el.shadowRoot.querySelector('.card');
      const cs = getComputedStyle(card);
      return {
        radius: cs.borderTopLeftRadius,
        background: cs.backgroundColor,
        accent: getComputedStyle(el.shadowRoot.querySelector('.pg')).getPropertyValue('--accent').trim(),
        pre: getComputedStyle(el.shadowRoot.querySelector('pre')).color,
      };
    });
    assert.equal(style.radius, '3px');
    assert.equal(style.background, 'rgb(250, 250, 240)');
    assert.equal(style.accent, 'rgb(200, 0, 100)');
    assert.notEqual(style.pre, 'rgb(255, 0, 0)');
    assert.deepEqual(await problems(), []);
  });

  test('iframe alternative: embed.html#… (the page’s hash format) with minimal chrome', async () => {
    const hash =
      'op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&stride=4&padding=2&controls=params&view=output';
    const { page, problems } = await open(`${plain.url}embed.html#${hash}`, { viewport: { width: 700, height: 700 } });
    const el = page.locator('conv-playground');
    await renderAll(page);
    assert.equal(await outputOf(el), PRINTED['notebook/10_conv_transpose1d_K8_L2_s4_p2_op0']);
    assert.equal(await shown(el, '[data-testid=input]'), false, 'controls=params');
    assert.equal(await shown(el, '[data-testid=stride]'), true);
    assert.equal(await shown(el, '[data-testid=diagram]'), false, 'view=output');
    assert.match(
      await page.locator('[data-testid=open-full]').getAttribute('href'),
      /index\.html#op=conv_transpose1d&.*stride=4&padding=2/,
    );
    assert.equal(
      await page.evaluate(() => document.querySelectorAll('body > *:not(script, noscript)').length),
      2,
      'the element and one link',
    );
    assert.deepEqual(await problems(), []);

    // Inside an iframe on another page.
    const host = `${plain.url}fixtures/iframe.html`;
    const body = `<!doctype html><meta charset="utf-8"><title>iframe</title><iframe src="/embed.html#${hash.replace(/&/g, '&amp;')}" width="100%" height="600" title="ConvLab"></iframe>`;
    const framed = await open(host, { routes: { [host]: { body } } });
    const frame = framed.page.frameLocator('iframe').locator('conv-playground');
    await frame.evaluate(() => new Promise((ok) => requestAnimationFrame(ok)));
    await waitOutput(frame, PRINTED['notebook/10_conv_transpose1d_K8_L2_s4_p2_op0']);
    assert.deepEqual(await framed.problems(), []);
  });

  test('ES module entry for bundlers: web/dist/conv-playground.mjs (package export "./embed")', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    assert.equal(pkg.exports['./embed'], './web/dist/conv-playground.mjs');
    const url = `${plain.url}fixtures/esm.html`;
    const body = `<!doctype html><meta charset="utf-8"><title>esm</title>
<script type="module">
  import { ConvPlayground, loadConvLab } from '/dist/conv-playground.mjs';
  const lab = await loadConvLab();
  window.__check = { defined: customElements.get('conv-playground') === ConvPlayground, length: lab.outputLength('conv_transpose1d', 2, 8, { stride: 4, padding: 2 }) };
</script>
<conv-playground op="conv1d" input="torch.ones(1, 1, 7)" weight="torch.ones(1, 1, 3)" padding="1"></conv-playground>`;
    const { page, problems } = await open(url, { routes: { [url]: { body } } });
    await page.waitForFunction(() => window.__check);
    assert.deepEqual(await page.evaluate(() => window.__check), { defined: true, length: 8 });
    await renderAll(page);
    assert.equal(await outputOf(page.locator('conv-playground')), PRINTED['notebook/02_conv1d_K3_L7_s1_p1_op0']);
    assert.equal(await page.evaluate(() => window.__wasmCompiles), 1, 'the element and the API share one instance');
    assert.deepEqual(await problems(), []);
  });

  test('the playground’s "Embed" panel: both snippets, and pasted into a page they show the same case', async () => {
    const env = { browser, url: plain.url };
    const { page, context } = await openPlayground(env, {
      hash: '#op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&bias=torch.tensor([0.25])&stride=4&padding=2&output_padding=1',
    });
    const expected = await page.locator('conv-playground [data-testid=output-tensor]').textContent();
    const toggle = page.locator('conv-playground [data-testid=copy-embed]');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const tag = await page.locator('conv-playground [data-testid=embed-tag]').inputValue();
    const iframe = await page.locator('conv-playground [data-testid=embed-iframe]').inputValue();
    assert.ok(tag.startsWith(`<script src="${plain.url}${SCRIPT}"></script>\n<conv-playground`), tag);
    assert.match(tag, /\n {2}op="conv_transpose1d"\n {2}input="torch\.ones\(1,1,2\)"/);
    assert.match(tag, /output-padding="1"/);
    assert.match(tag, /bias="torch\.tensor\(\[0\.25\]\)"/);
    assert.match(iframe, new RegExp(`^<iframe src="${plain.url}embed\\.html#op=conv_transpose1d&amp;`));
    await page.locator('conv-playground [data-testid=copy-embed-tag]').click();
    await page.waitForFunction(() =>
      /copied|Could not copy/.test(
        document.querySelector('conv-playground').shadowRoot.querySelector('.copy-status').textContent,
      ),
    );
    const panelProblems = await page.problems();
    await context.close();

    // Paste both snippets into a blog page.
    const blog = `${plain.url}fixtures/pasted.html`;
    const body = `<!doctype html><meta charset="utf-8"><title>pasted</title><h1>My post</h1>\n${tag}\n${iframe}`;
    const pasted = await open(blog, { routes: { [blog]: { body } }, viewport: { width: 1000, height: 2000 } });
    await renderAll(pasted.page);
    assert.equal(await outputOf(pasted.page.locator('conv-playground')), expected);
    const framed = pasted.page.frameLocator('iframe').locator('conv-playground');
    await framed.scrollIntoViewIfNeeded();
    await waitOutput(framed, expected);
    assert.deepEqual(panelProblems, []);
    assert.deepEqual(await pasted.problems(), []);
  });

  test('screenshots of the example post (light and dark, desktop and phone) for review', async () => {
    for (const [name, viewport, colorScheme] of [
      ['embed-post-desktop', { width: 1280, height: 900 }, 'light'],
      ['embed-post-phone-dark', { width: 375, height: 800 }, 'dark'],
    ]) {
      const { page, problems } = await open(pathToFileURL(fileURLToPath(new URL(POST, WEB))).href, {
        viewport,
        colorScheme,
      });
      await renderAll(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({
        path: fileURLToPath(new URL(`./screenshots/${name}-${ENGINE}.png`, import.meta.url)),
        fullPage: true,
      });
      assert.deepEqual(await problems(), []);
    }
  });
});
