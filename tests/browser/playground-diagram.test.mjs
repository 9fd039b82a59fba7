// The playground's overlap diagram as a user explores it, in the engine named by ENGINE: hover and
// keyboard arithmetic, ghost cells, channel pickers and the channel map, long axes summarised.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, byTestId, outputText, activeName, waitOutput } from './harness.mjs';
import { playgroundSession } from './playground/session.mjs';

describe(`playground: the diagram [${ENGINE}]`, () => {
  const session = playgroundSession();
  const { open } = session;

  test('hover and keyboard focus show the arithmetic and highlight the contributors', async () => {
    const { page, context } = await open({
      hash: '#op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&stride=4',
    });
    const svg = byTestId(page, 'diagram-svg');
    await svg.locator('[data-key="sum:4"]').hover();
    assert.equal(await byTestId(page, 'arithmetic').textContent(), 'y[4] = 1·w[4] + 1·w[0] = 2');
    const highlighted = await svg.locator('.cell.hl').evaluateAll((nodes) => nodes.map((n) => n.dataset.key).sort());
    for (const key of ['tap:0:4', 'tap:1:0', 'row:0', 'row:1', 'sum:4'])
      assert.ok(highlighted.includes(key), `${key} highlighted`);
    assert.ok(!highlighted.includes('tap:0:3'));

    await svg.locator('[data-key="sum:1"]').hover();
    assert.equal(await byTestId(page, 'arithmetic').textContent(), 'y[1] = 1·w[1] = 1');

    // An input element: where it lands.
    await svg.locator('[data-key="row:1"]').hover();
    assert.match(
      await byTestId(page, 'arithmetic').textContent(),
      /^x\[1\] = 1 lands on y\[4\] \(\+1·w\[0\]\), y\[5\]/,
    );

    // Keyboard: focus an output cell, arrow to the next.
    await page.mouse.move(0, 0);
    await svg.locator('[data-key="sum:4"]').focus();
    assert.equal(await byTestId(page, 'arithmetic').textContent(), 'y[4] = 1·w[4] + 1·w[0] = 2');
    await page.keyboard.press('ArrowRight');
    assert.equal(await activeName(page), 'sum:5');
    assert.equal(await byTestId(page, 'arithmetic').textContent(), 'y[5] = 1·w[5] + 1·w[1] = 2');
    await page.keyboard.press('End');
    assert.equal(await byTestId(page, 'arithmetic').textContent(), 'y[11] = 1·w[7] = 1');
    await context.close();
  });

  test('Conv1d: ghost cells show the index they copy; windows and sums', async () => {
    const { page, context } = await open({
      hash: '#op=conv1d&input=torch.tensor([[[1.,2.,3.,4.,5.]]])&weight=torch.ones(1,1,3)&padding=2&padding_mode=reflect',
    });
    assert.equal(await outputText(page), 'tensor([[[ 6.,  5.,  6.,  9., 12., 13., 12.]]])');
    const svg = byTestId(page, 'diagram-svg');
    const index = await svg.locator('.d-idx:not(.d-idx-full)').allTextContents();
    assert.deepEqual(index, ['x[2]', 'x[1]', '0', '1', '2', '3', '4', 'x[3]', 'x[2]']);
    await svg.locator('[data-key="out:0"]').hover();
    assert.equal(await byTestId(page, 'arithmetic').textContent(), 'y[0] = 3·w[0] + 2·w[1] + 1·w[2] = 6');
    await svg.locator('[data-key="pad:0"]').hover();
    assert.match(await byTestId(page, 'arithmetic').textContent(), /copies x\[2\] = 3 \(reflect\)/);
    await context.close();
  });

  test('channels and groups: pickers choose the pair drawn; the channel map shows who feeds whom', async () => {
    const { page, context } = await open({
      hash: '#op=conv1d&input=torch.arange(18.).reshape(1,3,6)&weight=torch.ones(3,1,3)&groups=3&padding=1',
    });
    assert.equal(await page.locator('conv-playground .channels').isVisible(), true);
    assert.equal(await page.locator('conv-playground .cm-edge').count(), 3, 'depthwise: one edge per channel');
    const outSelect = page.locator('conv-playground .picker select').nth(1);
    await outSelect.selectOption('2');
    const svg = byTestId(page, 'diagram-svg');
    assert.equal(await svg.locator('[data-key="out:0"] text').textContent(), '= 25');
    await svg.locator('[data-key="out:0"]').hover();
    assert.equal(
      await byTestId(page, 'arithmetic').textContent(),
      'y[0, 2, 0] = 0·w[2, 0, 0] + 12·w[2, 0, 1] + 13·w[2, 0, 2] = 25',
    );
    assert.match(
      await page.locator('conv-playground .channels figcaption').textContent(),
      /y channel 2 reads x channel 2/,
    );
    await context.close();
  });

  test('long axes are summarised instead of drawn as a wall', async () => {
    const { page, context } = await open({ hash: '#op=conv1d&input=torch.randn(1,4,200)&weight=torch.randn(2,4,5)' });
    const note = byTestId(page, 'diagram-summary');
    await note.waitFor({ state: 'visible' });
    // The window's width follows the diagram's: the first drawing can predate the page's final
    // layout (WebKit reports the final width up to a second later, then it redraws to fit), so
    // read the window once the drawing fits its box.
    await page.waitForFunction(() => {
      const box = document.querySelector('conv-playground').shadowRoot.querySelector('[data-testid="diagram-svg"]');
      const svg = box?.querySelector(':scope > svg');
      return Boolean(svg) && svg.getBoundingClientRect().width <= box.clientWidth + 1;
    });
    assert.match(await note.textContent(), /^Summarised: the padded input has 200 cells/);
    const cells = await byTestId(page, 'diagram-svg').locator('[data-key^="pad:"]').count();
    assert.ok(cells <= 32, `${cells} input cells drawn`);
    const [, first, last] = /Showing cells (\d+)–(\d+)/.exec(await note.textContent()).map(Number);
    assert.equal(first, 0);
    await page.locator('conv-playground .d-nav button', { hasText: 'Later cells' }).click();
    const [, first2, last2] = /Showing cells (\d+)–(\d+)/.exec(await note.textContent()).map(Number);
    assert.deepEqual([first2, last2 - first2], [last + 1, last - first]);

    // Very long: the output is computed and printed; the diagram says why it is left out.
    await byTestId(page, 'input').fill('torch.ones(1, 1, 100000)');
    await byTestId(page, 'weight').fill('torch.ones(1, 1, 3)');
    await waitOutput(page, 'tensor([[[3., 3., 3.,  ..., 3., 3., 3.]]])');
    assert.match(
      await byTestId(page, 'diagram-note').textContent(),
      /^No diagram for an input this long \(length 100000 × kernel_size 3 taps\)/,
    );
    assert.match(await byTestId(page, 'grid').textContent(), /Showing the first 512 of 99998 positions/);
    await context.close();
  });

  session.testNoProblems();
});
