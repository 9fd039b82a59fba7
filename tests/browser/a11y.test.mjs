// Accessibility checked by a real checker: axe-core injected into the page, on the playground
// (light, dark, an error state, a windowed long input, groups) and the example post. No serious
// or critical violation may remain; every violation found is printed with its nodes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { ENGINE, start, openPlayground, openPage, finish, byTestId } from './harness.mjs';

const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const POST = 'examples/transposed-convolution.html';

/** Runs axe in the page: [{id, impact, nodes: [target…]}]. */
async function axe(page) {
  await page.evaluate(`() => { ${AXE}\n; return typeof axe; }`);
  return page.evaluate(async () => {
    // preload: false — axe would re-fetch the element's @import-ed sheets relative to the page (404s).
    const result = await axe.run(document, { resultTypes: ['violations'], preload: false });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.flat().join(' >>> ')),
    }));
  });
}

function report(t, name, violations) {
  const line = `axe ${name}: ${violations.length} violations (${violations.filter((v) => ['serious', 'critical'].includes(v.impact)).length} serious/critical)`;
  t.diagnostic(line);
  for (const v of violations)
    t.diagnostic(`  ${v.impact} ${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 4).join(', ')}`);
}

const serious = (violations) => violations.filter((v) => ['serious', 'critical'].includes(v.impact));

describe(`accessibility (axe-core) [${ENGINE}]`, () => {
  let env;
  before(async () => {
    env = await start();
  });
  after(async () => env?.close());

  const CASES = [
    [
      'playground, light',
      { hash: '#op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&stride=4&padding=2' },
    ],
    [
      'playground, dark',
      {
        colorScheme: 'dark',
        hash: '#op=conv1d&input=torch.tensor([[[1.,2.,3.,4.,5.]]])&weight=torch.ones(1,1,3)&padding=2&padding_mode=reflect',
      },
    ],
    [
      'playground, an error',
      { hash: '#op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&stride=4&output_padding=7' },
    ],
    ['playground, a windowed long input', { hash: '#op=conv1d&input=torch.randn(1,4,200)&weight=torch.randn(2,4,5)' }],
    [
      'playground, groups',
      { hash: '#op=conv1d&input=torch.arange(18.).reshape(1,3,6)&weight=torch.ones(3,1,3)&groups=3&padding=1' },
    ],
  ];
  for (const [name, options] of CASES) {
    test(`${name}: no serious or critical violation`, async (t) => {
      const { page, context } = await openPlayground(env, options);
      if (name.includes('error')) await byTestId(page, 'error').waitFor({ state: 'visible' });
      const violations = await axe(page);
      report(t, name, violations);
      assert.deepEqual(serious(violations), [], JSON.stringify(serious(violations), null, 1));
      assert.deepEqual(await finish(context, page), []);
    });
  }

  test('the example post (light and dark): no serious or critical violation, each figure named', async (t) => {
    for (const colorScheme of ['light', 'dark']) {
      const { page, context } = await openPage(env, `${env.url}${POST}`, { colorScheme });
      // Every figure rendered (they initialise lazily near the viewport).
      const count = await page.evaluate(() => document.querySelectorAll('conv-playground').length);
      for (let i = 0; i < count; i++) {
        await page.locator('conv-playground').nth(i).scrollIntoViewIfNeeded();
        await page.waitForFunction(
          (n) =>
            document.querySelectorAll('conv-playground')[n].shadowRoot?.querySelector('[data-testid=output-tensor]')
              ?.textContent,
          i,
        );
      }
      const violations = await axe(page);
      report(t, `example post, ${colorScheme}`, violations);
      assert.deepEqual(serious(violations), [], JSON.stringify(serious(violations), null, 1));
      const names = await page.evaluate(() =>
        [...document.querySelectorAll('conv-playground')].map(
          (el) =>
            el.getAttribute('aria-label') ??
            el.shadowRoot.querySelector('[role=region], section')?.getAttribute('aria-label'),
        ),
      );
      assert.equal(new Set(names).size, names.length, `each figure has its own accessible name: ${names.join(' | ')}`);
      assert.equal(await page.evaluate(() => document.querySelectorAll('main').length), 1, 'one main landmark');
      assert.deepEqual(await finish(context, page), []);
    }
  });
});
