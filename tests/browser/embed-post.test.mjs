// The embed (issue "Embed anywhere"): web/dist/conv-playground.js, one classic script with the
// WASM and the styles inside, defining <conv-playground>, checked in each engine (ENGINE) on the
// example post (web/examples/transposed-convolution.html) from file:// and over http, with and
// without a strict Content-Security-Policy: every figure live and exactly PyTorch's printed output
// (tests/golden/notebook.json), no other file fetched, no console error. The script's gzip size
// is reported and must stay under the budget below. (The other embed suites: embed-*.test.mjs.)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ENGINE, can } from './harness.mjs';
import { NOTEBOOK, POST, PRINTED, SCRIPT, STRICT_CSP, WEB, embedSuite } from './embed/setup.mjs';
import { figureResults, renderAll } from './embed/element-probe.mjs';

// 80 KB held the forward kernels; the embed's figures now also run the gradient, matrix,
// equivalent-convolution and shape-solver code in the same module (~+20 KB gzip), so 120 KB.
const BUDGET_GZIP = 120 * 1024;

describe(`embed: the script and the example post [${ENGINE}]`, () => {
  const env = embedSuite();

  test('the embed script: one classic script under its gzip budget, no dynamic code generation', async (t) => {
    const file = await readFile(new URL(SCRIPT, WEB));
    const gzip = gzipSync(file, { level: 9 }).length;
    assert.equal(gzip, env.sizes['conv-playground.js'].gzip);
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
    const { page, problems } = await env.open(url);
    const count = await renderAll(page);
    assert.equal(count, 15, '12 notebook figures and 3 in the views (equivalent, matrix, gradient)');
    const figures = await figureResults(page);
    assert.equal(figures.length, 12);
    for (const f of figures) {
      assert.equal(f.error, '', `${f.id}: ${f.error}`);
      assert.equal(f.printed, PRINTED[f.golden], `${f.id} (${f.golden})`);
      assert.ok(f.visible, `${f.id}: the printed output is on screen`);
    }
    // The views' figures (issue 13) show their view's result.
    const views = await page.evaluate(() => {
      const text = (id, testid) =>
        document.getElementById(id).querySelector('conv-playground').shadowRoot.querySelector(`[data-testid=${testid}]`)
          ?.textContent ?? '';
      return {
        equivalent: text('fig-13', 'equivalent-output'),
        output13: text('fig-13', 'output-tensor'),
        adjoint: text('fig-14', 'adjoint-check'),
        grad: text('fig-15', 'grad-input'),
      };
    });
    assert.equal(views.equivalent, views.output13);
    assert.match(views.equivalent, /^tensor\(\[\[\[1\., 1\., 3\., 3\., 3\., 3\., 2\., 2\.\]\]\]\)$/);
    assert.match(views.adjoint, /⟨Cx, y⟩ = -?\d/);
    assert.match(views.grad, /^tensor\(/);
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
    const { page, problems } = await env.open(`${env.plain.url}${POST}`);
    await renderAll(page);
    for (const f of await figureResults(page)) assert.equal(f.printed, PRINTED[f.golden], f.id);
    assert.equal(await page.evaluate(() => window.__wasmCompiles), 1, '12 figures, one WASM instance');
    assert.deepEqual(await problems(), []);
  });

  test('the example post under a strict CSP (no unsafe-eval, no unsafe-inline): every figure exact, no violation', async () => {
    const response = await fetch(`${env.strict.url}${POST}`);
    assert.equal(response.headers.get('content-security-policy'), STRICT_CSP);
    const { page, problems } = await env.open(`${env.strict.url}${POST}`);
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
    assert.deepEqual(await env.cspViolations(page), []);
    assert.deepEqual(await problems(), []);
  });

  test('screenshots of the example post (light and dark, desktop and phone) for review', async () => {
    for (const [name, viewport, colorScheme] of [
      ['embed-post-desktop', { width: 1280, height: 900 }, 'light'],
      ['embed-post-phone-dark', { width: 375, height: 800 }, 'dark'],
    ]) {
      const { page, problems } = await env.open(pathToFileURL(fileURLToPath(new URL(POST, WEB))).href, {
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
