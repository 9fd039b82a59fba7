// The playground as a user edits it, in the engine named by ENGINE (tests/browser/drivers/): the
// URL hash round trip, live editing, errors and recovery, user text kept as text.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, byTestId, outputText, waitOutput } from './harness.mjs';
import { ISSUE_HASH, hashState, playgroundSession } from './playground/session.mjs';

describe(`playground: the URL hash, live editing and errors [${ENGINE}]`, () => {
  const session = playgroundSession();
  const { open, problems } = session;

  test('the URL hash opens that exact case, and edits write it back (round trip)', async () => {
    const { page, context } = await open({ hash: ISSUE_HASH });
    assert.equal(await outputText(page), 'tensor([[[1., 1., 2., 2., 2., 2., 1., 1.]]])');
    assert.equal(await byTestId(page, 'stride').inputValue(), '4');
    assert.equal(await byTestId(page, 'padding').inputValue(), '2');
    assert.equal(await byTestId(page, 'op-conv_transpose1d').isChecked(), true);
    assert.equal(await byTestId(page, 'formula').textContent(), 'L_out = (2−1)·4 − 2·2 + 1·(8−1) + 0 + 1 = 8');

    await byTestId(page, 'output_padding').fill('1');
    await waitOutput(page, 'tensor([[[1., 1., 2., 2., 2., 2., 1., 1., 1.]]])');
    assert.equal(await byTestId(page, 'formula').textContent(), 'L_out = (2−1)·4 − 2·2 + 1·(8−1) + 1 + 1 = 9');
    assert.deepEqual(await hashState(page, 'output_padding=1'), {
      op: 'conv_transpose1d',
      input: 'torch.ones(1,1,2)',
      weight: 'torch.ones(1,1,8)',
      stride: '4',
      padding: '2',
      output_padding: '1',
    });

    // A fresh page from the written URL shows the same case.
    const url = await page.url();
    const again = await context.newPage();
    await again.goto(url);
    problems.push(await again.problems());
    await waitOutput(again, 'tensor([[[1., 1., 2., 2., 2., 2., 1., 1., 1.]]])');
    assert.equal(await byTestId(again, 'output_padding').inputValue(), '1');

    // Editing the hash by hand (hashchange) updates the element.
    await page.evaluate(() => {
      location.hash = '#op=conv1d&input=torch.ones(1,1,7)&weight=torch.ones(1,1,3)&padding=1';
    });
    await waitOutput(page, 'tensor([[[2., 3., 3., 3., 3., 3., 2.]]])');
    assert.equal(await byTestId(page, 'op-conv1d').isChecked(), true);
    await context.close();
  });

  test('bias and padding strings travel through the hash', async () => {
    const { page, context } = await open({
      hash: "#op=conv1d&input=torch.arange(5.).reshape(1,1,5)&weight=torch.ones(1,1,2)&bias=torch.tensor([10.])&padding='same'",
    });
    assert.equal(await outputText(page), 'tensor([[[11., 13., 15., 17., 14.]]])');
    assert.equal(await byTestId(page, 'bias-on').isChecked(), true);
    await byTestId(page, 'bias-on').uncheck();
    await waitOutput(page, 'tensor([[[1., 3., 5., 7., 4.]]])');
    await page.waitForFunction(() => !location.hash.includes('bias='));
    assert.equal((await hashState(page)).bias, undefined);
    assert.equal((await hashState(page)).padding, "'same'");
    await context.close();
  });

  test('typing a new weight updates the output and the diagram on every edit', async () => {
    const { page, context } = await open({
      hash: '#op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,3)&stride=2',
    });
    assert.equal(await outputText(page), 'tensor([[[1., 1., 2., 1., 1.]]])');
    // The product (the small w[1] under it names the tap).
    const tap = byTestId(page, 'diagram-svg').locator('[data-key="tap:0:1"] text:not(.d-tapname)');
    assert.equal(await tap.textContent(), '1');
    await byTestId(page, 'weight').fill('torch.tensor([[[1., 2., 3.]]])');
    await waitOutput(page, 'tensor([[[1., 2., 4., 2., 3.]]])');
    assert.equal(await tap.textContent(), '2', 'x[0]·w[1] = 2 in the diagram');
    assert.equal(await byTestId(page, 'diagram-svg').locator('[data-key="sum:2"] text').textContent(), '4');

    // Character by character: every keystroke recomputes (no run button).
    const input = byTestId(page, 'input');
    await input.fill('');
    await input.pressSequentially('2*torch.ones(1,1,2)'.replace('2*', ''));
    await waitOutput(page, 'tensor([[[1., 2., 4., 2., 3.]]])');
    await input.fill('torch.full((1, 1, 2), 2.)');
    await waitOutput(page, 'tensor([[[2., 4., 8., 4., 6.]]])');
    assert.equal(await byTestId(page, 'diagram-svg').locator('[data-key="row:0"]').textContent(), 'x[0] = 2');
    await context.close();
  });

  test('errors are shown (role=alert), the last good result stays dimmed, and the page recovers', async () => {
    const { page, context } = await open({ hash: ISSUE_HASH });
    const good = 'tensor([[[1., 1., 2., 2., 2., 2., 1., 1.]]])';
    const error = page.locator('conv-playground [role=alert][data-testid=error]');
    const printedTop = () =>
      byTestId(page, 'output-tensor').evaluate((n) => n.getBoundingClientRect().top + window.scrollY);
    const topBefore = await printedTop();
    assert.equal(await error.isVisible(), false);

    // Half-typed tensor text.
    await byTestId(page, 'input').fill('torch.ones(1,1,2');
    await error.waitFor({ state: 'visible' });
    assert.match(await error.textContent(), /^input: at column 11: '\(' is never closed/);
    assert.equal(await outputText(page), good, 'the last good result stays');
    assert.equal(await page.locator('conv-playground .result-body').getAttribute('data-stale'), 'true');
    // Dimmed (after the short fade).
    await page.waitForFunction(
      () =>
        getComputedStyle(document.querySelector('conv-playground').shadowRoot.querySelector('.result-body')).opacity <
        0.6,
      null,
      { timeout: 3000 },
    );
    assert.equal(await byTestId(page, 'input').getAttribute('aria-invalid'), 'true');
    assert.ok(Math.abs((await printedTop()) - topBefore) < 0.5, 'no layout jump while the text is invalid');

    // Fixed: the error goes away.
    await byTestId(page, 'input').fill('torch.ones(1,1,3)');
    await waitOutput(page, 'tensor([[[1., 1., 2., 2., 2., 2., 2., 2., 2., 2., 1., 1.]]])');
    assert.equal(await error.isVisible(), false);
    assert.equal(await page.locator('conv-playground .result-body').getAttribute('data-stale'), null);
    assert.equal(await byTestId(page, 'input').getAttribute('aria-invalid'), null);

    // Messages from the API name the parameter and the fix.
    const cases = [
      ['output_padding', '7', /output_padding=7 must be smaller than either stride=4 or dilation=1/],
      ['stride', '0', /stride=0 is not allowed/],
      ['stride', '', /stride is empty/],
      ['padding', "'same'", /padding='same' is not supported by conv_transpose1d/],
      ['groups', '2', /groups=2/],
      ['weight', 'torch.ones(1,1)', /weight: expected a 3-D tensor/],
    ];
    for (const [field, text, message] of cases) {
      await byTestId(page, field).fill(text);
      await page.waitForFunction(
        (re) =>
          new RegExp(re).test(
            document.querySelector('conv-playground').shadowRoot.querySelector('[data-testid=error]').textContent,
          ),
        message.source,
        { timeout: 5000 },
      );
      assert.equal(await byTestId(page, field).getAttribute('aria-invalid'), 'true', `${field} marked invalid`);
      assert.ok(Math.abs((await printedTop()) - topBefore) < 0.5, `no layout jump for the ${field} error`);
      const restore = { output_padding: '0', stride: '4', padding: '2', groups: '1', weight: 'torch.ones(1,1,8)' }[
        field
      ];
      await byTestId(page, field).fill(restore);
      await waitOutput(page, 'tensor([[[1., 1., 2., 2., 2., 2., 2., 2., 2., 2., 1., 1.]]])');
      assert.equal(await error.isVisible(), false);
    }
    await context.close();
  });

  test('user text is never inserted as HTML', async () => {
    const payload = '<img src=x onerror="window.__pwned=1">';
    const { page, context } = await open({
      hash: `#op=conv1d&input=${encodeURIComponent(payload)}&weight=torch.ones(1,1,3)&stride=${encodeURIComponent('<b>x</b>')}`,
    });
    await byTestId(page, 'error').waitFor({ state: 'visible' });
    await byTestId(page, 'weight').fill(`${payload}<svg onload="window.__pwned=2">`);
    await byTestId(page, 'padding').fill('<script>window.__pwned=3</script>');
    await page.waitForTimeout(100);
    assert.match(await byTestId(page, 'error').textContent(), /input: at column 1/);
    const counts = await page.evaluate(() => {
      const root = document.querySelector('conv-playground').shadowRoot;
      return {
        img: root.querySelectorAll('img').length + document.querySelectorAll('img').length,
        b: root.querySelectorAll('b').length,
      };
    });
    assert.deepEqual(counts, { img: 0, b: 0 });
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await context.close();
  });

  session.testNoProblems();
});
