/* global ConvLab */ // the embed script's one global, read inside page.evaluate
// The embed script's <conv-playground> on pages of its own, in each engine (ENGINE): several
// instances with different attributes on one page, next to other scripts and a second copy of the
// script, sharing one WASM instance; attribute changes re-render; invalid attributes show the
// page's error; a CSP without wasm-unsafe-eval; lazy initialisation; sizing to the container;
// theming.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ENGINE, openPlayground } from './harness.mjs';
import { PRINTED, SCRIPT, embedSuite } from './embed/setup.mjs';
import { errorOf, outputOf, renderAll, shown, waitError, waitPrinted } from './embed/element-probe.mjs';

describe(`embed: instances, attributes, lazy start, size and theme [${ENGINE}]`, () => {
  const env = embedSuite();

  test('three instances with different attributes on one page, beside other scripts and a second copy of the script', async () => {
    const page = `${env.plain.url}fixtures/three.html`;
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
    const { page: p, problems } = await env.open(page, {
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
    await waitPrinted(b, 'tensor([[[1., 1., 1., 1., 1., 1.]]])');
    assert.equal(await outputOf(a), 'tensor([[[2., 3., 3., 3., 3., 3., 2.]]])');
    // Shadow DOM: the page's styles do not reach in, the element's do not leak out.
    assert.equal(await p.evaluate(() => document.querySelectorAll('.card, .pg').length), 0);
    assert.deepEqual(await problems(), []);
  });

  test('changing an attribute re-renders; invalid attributes show the page’s error', async () => {
    const url = `${env.plain.url}fixtures/attrs.html`;
    const body = `<!doctype html><meta charset="utf-8"><title>attrs</title><script src="/${SCRIPT}"></script>
<conv-playground op="conv_transpose1d" input="torch.ones(1, 1, 2)" weight="torch.ones(1, 1, 3)"></conv-playground>`;
    const { page, problems } = await env.open(url, { routes: { [url]: { body } } });
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
      await waitPrinted(el, printed);
      assert.equal(
        await el.evaluate((node) => node.shadowRoot.querySelector('[data-testid=stride]').value),
        stride,
        'the form follows',
      );
    }
    await el.evaluate((node) => node.setAttribute('weight', 'torch.ones(1, 1, 8)'));
    await el.evaluate((node) => node.setAttribute('padding', '2'));
    await el.evaluate((node) => node.setAttribute('output-padding', '1'));
    await waitPrinted(el, PRINTED['notebook/12_conv_transpose1d_K8_L2_s4_p2_op1']);
    await el.evaluate((node) => node.setAttribute('op', 'conv1d'));
    await el.evaluate((node) => node.removeAttribute('output-padding'));
    await el.evaluate((node) => node.setAttribute('input', 'torch.ones(1, 1, 7)'));
    await el.evaluate((node) => node.setAttribute('weight', 'torch.ones(1, 1, 3)'));
    await el.evaluate((node) => node.setAttribute('stride', '1'));
    await el.evaluate((node) => node.setAttribute('padding', '1'));
    await waitPrinted(el, PRINTED['notebook/02_conv1d_K3_L7_s1_p1_op0']);

    // The same invalid case on the playground page and as attributes: the same message.
    const bad = {
      op: 'conv_transpose1d',
      input: 'torch.ones(1,1,2)',
      weight: 'torch.ones(1,1,8)',
      stride: '4',
      output_padding: '4',
    };
    const site = { browser: env.browser, url: env.plain.url };
    const { page: pg, context } = await openPlayground(site, { hash: `#${new URLSearchParams(bad)}` });
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
    await waitPrinted(el, PRINTED['notebook/11_conv_transpose1d_K8_L2_s4_p0_op1']);
    assert.equal(await errorOf(el), null, 'the error clears');

    await el.evaluate((node) => node.setAttribute('input', 'torch.ones(1, 1, '));
    assert.match(await waitError(el), /^input: /);
    await el.evaluate((node) => node.setAttribute('input', 'torch.ones(1, 1, 2)'));
    await el.evaluate((node) => node.setAttribute('op', 'conv3d'));
    assert.match(await waitError(el), /op="conv3d".*conv1d.*conv_transpose1d/);
    await el.evaluate((node) => node.setAttribute('op', 'conv_transpose1d'));
    await waitPrinted(el, PRINTED['notebook/11_conv_transpose1d_K8_L2_s4_p0_op1']);
    assert.deepEqual(await problems(), []);
  });

  test('without wasm-unsafe-eval in the CSP the figure says so (role=alert) instead of hanging', async () => {
    const url = `${env.plain.url}fixtures/no-wasm.html`;
    const body = `<!doctype html><meta charset="utf-8"><title>no wasm</title><script src="/${SCRIPT}"></script>
<conv-playground op="conv1d" input="torch.ones(1, 1, 7)" weight="torch.ones(1, 1, 3)"></conv-playground>`;
    const headers = { 'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'" };
    const { page } = await env.open(url, { routes: { [url]: { body, headers } } });
    const text = await waitError(page.locator('conv-playground'));
    assert.match(text, /^Could not load the WebAssembly module: /);
    assert.equal((await errorOf(page.locator('conv-playground'))).role, 'alert');
  });

  test('lazy: an instance far below the fold initialises when scrolled into view', async () => {
    const url = `${env.plain.url}fixtures/lazy.html`;
    const body = `<!doctype html><meta charset="utf-8"><title>lazy</title><script src="/${SCRIPT}"></script>
<p style="height: 3000px">Scroll down.</p>
<conv-playground id="far" op="conv1d" input="torch.ones(1, 1, 7)" weight="torch.ones(1, 1, 3)" controls="none"></conv-playground>`;
    const { page, problems } = await env.open(url, {
      routes: { [url]: { body } },
      viewport: { width: 900, height: 700 },
    });
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
    const url = `${env.plain.url}fixtures/size.html`;
    const body = `<!doctype html><meta charset="utf-8"><title>size</title><script src="/${SCRIPT}"></script>
<div id="narrow" style="width: 340px"><conv-playground op="conv_transpose1d" input="torch.ones(1, 1, 2)" weight="torch.ones(1, 1, 8)" stride="4"></conv-playground></div>
<div id="wide" style="width: 1100px"><conv-playground op="conv_transpose1d" input="torch.ones(1, 1, 2)" weight="torch.ones(1, 1, 8)" stride="4"></conv-playground></div>`;
    const { page, problems } = await env.open(url, {
      routes: { [url]: { body } },
      viewport: { width: 1200, height: 900 },
    });
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
    const url = `${env.plain.url}fixtures/theme.html`;
    const body = `<!doctype html><meta charset="utf-8"><title>theme</title><script src="/${SCRIPT}"></script>
<style>
  conv-playground.themed { --accent: rgb(200, 0, 100); --radius: 3px; --card: rgb(250, 250, 240); }
  .card { border-radius: 40px !important; } pre { color: red !important; }
</style>
<conv-playground class="themed" op="conv1d" input="torch.ones(1, 1, 7)" weight="torch.ones(1, 1, 3)"></conv-playground>`;
    const { page, problems } = await env.open(url, { routes: { [url]: { body } } });
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
});
