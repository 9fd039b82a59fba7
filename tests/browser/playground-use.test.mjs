// The playground's copy buttons, keyboard-only use, small screens, labels, and the element on its
// own, in the engine named by ENGINE (tests/browser/drivers/).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ENGINE,
  can,
  byTestId,
  activeName,
  tabTo,
  spyClipboard,
  clipboardText,
  waitOutput,
  frameWhenTooWide,
} from './harness.mjs';
import { ISSUE_HASH, playgroundSession } from './playground/session.mjs';

/** Tabs to a field and replaces its text, keys only. */
async function retype(page, name, text) {
  await tabTo(page, name);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

describe(`playground: copy, keyboard, small screens, reuse [${ENGINE}]`, () => {
  const session = playgroundSession();
  const { open } = session;

  // Where the engine cannot read the clipboard back (WebKit: reading needs a user gesture), the
  // test checks the nearest thing: the exact text the page hands to navigator.clipboard.writeText.
  test(`copy link and copy as PyTorch put the link and runnable code on the clipboard${can.clipboardRead ? '' : ' (checked as the text written: this engine cannot read the clipboard back)'}`, async () => {
    const { page, context } = await open({ hash: ISSUE_HASH, permissions: ['clipboard-read', 'clipboard-write'] });
    await spyClipboard(page);
    await byTestId(page, 'copy-link').click();
    await page.locator('conv-playground .copy-status', { hasText: 'Link copied' }).waitFor();
    const link = await clipboardText(page);
    assert.equal(link, await page.url());
    assert.ok(
      link.endsWith('#op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&stride=4&padding=2'),
      link,
    );

    await byTestId(page, 'copy-pytorch').click();
    await page.locator('conv-playground .copy-status', { hasText: 'PyTorch code copied' }).waitFor();
    const code = await clipboardText(page);
    assert.equal(
      code,
      [
        'import torch',
        'import torch.nn.functional as F',
        '',
        'x = torch.ones(1,1,2)',
        'w = torch.ones(1,1,8)',
        'y = F.conv_transpose1d(x, w, stride=4, padding=2)',
        'print(y)',
        '',
        "# ConvLab's output, shape (1, 1, 8):",
        '# tensor([[[1., 1., 2., 2., 2., 2., 1., 1.]]])',
        '',
      ].join('\n'),
    );

    // Non-zero padding modes go through nn.Conv1d.
    await page.locator('conv-playground label[for=op-conv1d]').click();
    await byTestId(page, 'weight').fill('torch.ones(1,1,2)');
    await byTestId(page, 'padding').fill('1');
    await byTestId(page, 'stride').fill('1');
    await byTestId(page, 'padding_mode').selectOption('circular');
    await waitOutput(page, 'tensor([[[2., 2., 2.]]])');
    const modCode = await byTestId(page, 'pytorch-code').textContent();
    assert.match(
      modCode,
      /conv = torch\.nn\.Conv1d\(1, 1, kernel_size=2, padding=1, bias=False, padding_mode='circular'\)/,
    );
    assert.match(modCode, /conv\.weight\.copy_\(w\)/);
    await context.close();
  });

  test('keyboard only: presets, operation, tensors, parameters, diagram and copy', async () => {
    const { page, context } = await open({ permissions: ['clipboard-read', 'clipboard-write'] });
    await spyClipboard(page);
    await page.locator('body').focus();
    // Skip link first, then the presets.
    await tabTo(page, 'Skip to the playground', { max: 3 });
    await tabTo(page, 'ConvTranspose1d: stride=2, kernel_size=3');
    await page.keyboard.press('Enter');
    await waitOutput(page, 'tensor([[[1., 1., 2., 1., 1.]]])');

    // Into the element: the operation radios switch with the arrow keys.
    await tabTo(page, /^op-/);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await byTestId(page, 'op-conv1d').isChecked(), true);
    await page.waitForFunction(
      () =>
        document.querySelector('conv-playground').shadowRoot.querySelector('[data-testid=error]').textContent !== '',
    );
    await page.keyboard.press('ArrowRight');
    await waitOutput(page, 'tensor([[[1., 1., 2., 1., 1.]]])');

    // Type a weight.
    await retype(page, 'weight', 'torch.tensor([[[1., 0., 1.]]])');
    await waitOutput(page, 'tensor([[[1., 0., 2., 0., 1.]]])');

    // Bias on with Space.
    await tabTo(page, 'bias-on');
    await page.keyboard.press('Space');
    await retype(page, 'bias', 'torch.tensor([1.])');
    await waitOutput(page, 'tensor([[[2., 1., 3., 1., 2.]]])');

    // Parameters: ArrowUp steps stride.
    await tabTo(page, 'stride');
    await page.keyboard.press('ArrowUp');
    assert.equal(await byTestId(page, 'stride').inputValue(), '3');
    await waitOutput(page, 'tensor([[[2., 1., 2., 2., 1., 2.]]])');
    // padding_mode is Conv1d's only: disabled for ConvTranspose1d, so Tab passes it by.
    await tabTo(page, 'output_padding');
    assert.equal(await byTestId(page, 'padding_mode').isDisabled(), true);

    // Copy as PyTorch with Enter.
    await tabTo(page, 'copy-pytorch');
    await page.keyboard.press('Enter');
    await page.locator('conv-playground .copy-status', { hasText: 'PyTorch code copied' }).waitFor();
    assert.match(await clipboardText(page), /F\.conv_transpose1d\(x, w, b, stride=3\)/);

    // The diagram: one tab stop for input elements, one for output cells; arrows move.
    await tabTo(page, /^row:/);
    assert.match(await byTestId(page, 'arithmetic').textContent(), /^x\[0\] = 1 lands on/);
    await page.keyboard.press('ArrowDown');
    assert.match(await byTestId(page, 'arithmetic').textContent(), /^x\[1\] = 1 lands on y\[3\]/);
    await page.keyboard.press('Tab');
    assert.equal(await activeName(page), 'sum:0');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal(await byTestId(page, 'arithmetic').textContent(), 'y[2] = 1·w[2] + b[0] = 2');
    await context.close();
  });

  test('usable at 360 px: nothing wider than the screen, light and dark', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const { page, context } = await open({ hash: ISSUE_HASH, viewport: { width: 360, height: 740 }, colorScheme });
      // Where this engine's window cannot be made that narrow, the page in a 360 px iframe.
      const inFrame = await frameWhenTooWide(session.env, page, {
        width: 360,
        height: 740,
        src: `/index.html${ISSUE_HASH}`,
        fixture: '/fixtures/narrow.html',
      });
      const seen = await page.evaluate((frame) => {
        const doc = frame ? document.querySelector('iframe').contentDocument : document;
        return {
          viewport: doc.defaultView.innerWidth,
          width: doc.documentElement.scrollWidth,
          output: doc.querySelector('conv-playground').shadowRoot.querySelector('[data-testid=output-tensor]')
            .textContent,
          bg: getComputedStyle(doc.body).backgroundColor,
        };
      }, inFrame);
      assert.equal(seen.viewport, 360);
      assert.ok(seen.width <= 360, `page is ${seen.width}px wide`);
      assert.equal(seen.output, 'tensor([[[1., 1., 2., 2., 2., 2., 1., 1.]]])');
      assert.equal(
        seen.bg,
        colorScheme === 'dark' ? 'rgb(15, 17, 21)' : 'rgb(246, 247, 249)',
        `${colorScheme} background`,
      );
      await context.close();
    }
  });

  test('every control has a visible label', async () => {
    const { page, context } = await open();
    const unlabeled = await page.evaluate(() => {
      const root = document.querySelector('conv-playground').shadowRoot;
      const missing = [];
      for (const control of root.querySelectorAll('input, textarea, select')) {
        const labels = control.labels ? [...control.labels] : [];
        const label = labels.find((l) => l.offsetParent !== null && l.textContent.trim());
        const wrapped = control.closest('label');
        if (!label && !(wrapped && wrapped.textContent.trim()) && control.offsetParent !== null)
          missing.push(control.dataset.testid || control.id);
      }
      return missing;
    });
    assert.deepEqual(unlabeled, []);
    await context.close();
  });

  test('the element is reusable on its own: configured by its state attribute, no hash syncing', async () => {
    const { page, context } = await open({ hash: ISSUE_HASH });
    const before = await page.evaluate(() => location.hash);
    const printed = await page.evaluate(async () => {
      const el = document.createElement('conv-playground');
      el.setAttribute('state', 'op=conv1d&input=torch.ones(1,1,7)&weight=torch.ones(1,1,3)&padding=1');
      el.id = 'second';
      document.body.append(el);
      const root = el.shadowRoot;
      for (let i = 0; i < 200 && !root.querySelector('[data-testid=output-tensor]')?.textContent; i++)
        await new Promise((r) => setTimeout(r, 20));
      // Editing it changes neither the URL nor the page's own playground.
      const stride = root.querySelector('[data-testid=stride]');
      stride.value = '2';
      stride.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => setTimeout(r, 400));
      return root.querySelector('[data-testid=output-tensor]').textContent;
    });
    assert.equal(printed, 'tensor([[[2., 3., 3., 2.]]])');
    assert.equal(await page.evaluate(() => location.hash), before);
    assert.equal(
      await page.locator('#playground [data-testid=output-tensor]').textContent(),
      'tensor([[[1., 1., 2., 2., 2., 2., 1., 1.]]])',
    );
    const state = await page.evaluate(() => document.getElementById('second').state);
    assert.equal(state.stride, '2');
    assert.equal(state.op, 'conv1d');
    await context.close();
  });

  session.testNoProblems();
});
