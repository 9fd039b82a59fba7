// Every preset: one click shows PyTorch's printed output (the notebook's cells against
// PyTorch's own print, the extras against the JS API run here in node).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ENGINE, start, openPlayground, byTestId, outputText, waitOutput, eventually } from './harness.mjs';
import { PRESETS } from '../../web/app/model/presets.js';
import { CaseEvaluator } from '../../web/app/model/evaluate.js';
import { loadConvLab } from '../../web/lib/convlab.js';

const notebook = JSON.parse(await readFile(new URL('../golden/notebook.json', import.meta.url), 'utf8')).cases;
const evaluator = new CaseEvaluator(await loadConvLab());

describe(`presets [${ENGINE}]`, () => {
  let env;
  let page;
  before(async () => {
    env = await start();
    ({ page } = await openPlayground(env));
  });
  after(async () => env?.close());

  test('there is one preset per notebook cell, titled like the notebook, plus the extras', () => {
    const titles = PRESETS.filter((p) => p.group === 'notebook').map((p) => p.title);
    assert.deepEqual(
      titles,
      notebook.map((c) => c.title),
    );
    const extras = PRESETS.filter((p) => p.group === 'extra').map((p) => p.title.toLowerCase());
    for (const must of ['checkerboard', 'dilation', 'depthwise', 'reflect']) {
      assert.ok(
        extras.some((t) => t.includes(must)),
        `an extra preset about ${must}`,
      );
    }
  });

  for (const cell of notebook) {
    test(`notebook: ${cell.title}`, async () => {
      await page.locator('.preset', { hasText: cell.title }).first().click();
      await waitOutput(page, cell.printed);
      assert.equal(await outputText(page), cell.printed);
      assert.equal(await byTestId(page, 'output-shape').textContent(), `(${cell.expected.shape.join(', ')})`);
      const formula = await byTestId(page, 'formula').textContent();
      assert.match(formula, new RegExp(`= ${cell.expected.shape[2]}$`));
      assert.equal(await byTestId(page, 'error').isVisible(), false);
      assert.equal(await page.locator('.preset[aria-current=true]').textContent(), cell.title);
    });
  }

  for (const preset of PRESETS.filter((p) => p.group === 'extra')) {
    test(`extra: ${preset.title}`, async () => {
      const expected = evaluator.evaluate(preset.state);
      assert.ok(expected.ok, expected.error?.message);
      await page.locator('.preset', { hasText: preset.title }).first().click();
      await page.waitForFunction(
        (want) =>
          document.querySelector('conv-playground').shadowRoot.querySelector('[data-testid=output-tensor]')
            .textContent === want,
        expected.model.printed,
        { timeout: 5000 },
      );
      assert.equal(await outputText(page), expected.model.printed);
      assert.ok((await byTestId(page, 'diagram-svg').locator('svg').count()) === 1, 'the diagram is drawn');
    });
  }

  test('the notebook example from the issue: the filled-in formula', async () => {
    await page
      .locator('.preset', { hasText: 'ConvTranspose1d: stride=4, kernel_size=8, padding=2, output_padding=1' })
      .click();
    await page.waitForFunction(() => location.hash.includes('output_padding=1'));
    // The element follows the hash on its hashchange event, a task after the click.
    const formula = 'L_out = (2−1)·4 − 2·2 + 1·(8−1) + 1 + 1 = 9';
    const shown = await eventually(
      () => byTestId(page, 'formula').textContent(),
      (text) => text === formula,
    );
    assert.equal(shown, formula);
  });

  test('Back returns to the previous preset', async () => {
    await page.locator('.preset', { hasText: 'Conv1d(1, 1, kernel_size=3), padding=0' }).click();
    await page.waitForFunction(() => location.hash.includes('op=conv1d'));
    await page.locator('.preset', { hasText: 'Conv1d(1, 1, kernel_size=3), padding=1' }).click();
    await page.waitForFunction(() => location.hash.includes('padding=1'));
    await page.goBack();
    await page.waitForFunction(
      () =>
        document.querySelector('conv-playground').shadowRoot.querySelector('[data-testid=output-tensor]')
          .textContent === 'tensor([[[3., 3., 3., 3., 3.]]])',
    );
  });

  test('quick successive clicks: the last preset wins', async () => {
    for (let round = 0; round < 3; round++) {
      await page.locator('.preset', { hasText: 'ConvTranspose1d: stride=2, kernel_size=3' }).click();
      await byTestId(page, 'stride').fill(String(5 + round)); // an edit whose hash write is still pending
      await page.locator('.preset', { hasText: 'ConvTranspose1d: stride=3, kernel_size=3' }).click();
      await page.waitForTimeout(400);
      assert.equal(await outputText(page), 'tensor([[[1., 1., 1., 1., 1., 1.]]])');
      assert.match(await page.evaluate(() => location.hash), /stride=3/);
    }
  });

  test('no console errors or failed requests', async () => {
    assert.deepEqual(await page.problems(), []);
  });
});
