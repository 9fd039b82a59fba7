// The playground as a user drives it: URL hash round trip, live editing, hover and keyboard
// arithmetic, errors and recovery, copy buttons, keyboard-only use, small screens. Runs in the
// engine named by ENGINE (tests/browser/drivers/).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ENGINE,
  can,
  start,
  openPlayground,
  byTestId,
  outputText,
  activeName,
  tabTo,
  finish,
  spyClipboard,
  clipboardText,
} from './harness.mjs';

const ISSUE_HASH = '#op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&stride=4&padding=2';

/** Waits for the printed output to become `want`. */
async function waitOutput(page, want) {
  await page.waitForFunction(
    (w) =>
      document.querySelector('conv-playground').shadowRoot.querySelector('[data-testid=output-tensor]').textContent ===
      w,
    want,
    { timeout: 5000 },
  );
}

/** The state in the URL hash, once the hash has caught up with the last edit. */
async function hashState(page, mustInclude = '') {
  await page.waitForFunction((part) => location.hash.includes(part), mustInclude);
  return page.evaluate(() => Object.fromEntries(new URLSearchParams(location.hash.slice(1))));
}

describe(`playground [${ENGINE}]`, () => {
  let env;
  const allProblems = [];
  before(async () => {
    env = await start();
  });
  after(async () => env?.close());

  async function open(options = {}) {
    const opened = await openPlayground(env, options);
    const { page, context } = opened;
    // Closing records the page's problems (console errors, page errors, failed requests).
    opened.context = {
      newPage: () => context.newPage(),
      close: async () => allProblems.push(await finish(context, page)),
    };
    return opened;
  }

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
    allProblems.push(await again.problems());
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
    await tabTo(page, 'weight');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('torch.tensor([[[1., 0., 1.]]])');
    await waitOutput(page, 'tensor([[[1., 0., 2., 0., 1.]]])');

    // Bias on with Space.
    await tabTo(page, 'bias-on');
    await page.keyboard.press('Space');
    await tabTo(page, 'bias');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('torch.tensor([1.])');
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

  test('usable at 360 px: nothing wider than the screen, light and dark', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const { page, context } = await open({ hash: ISSUE_HASH, viewport: { width: 360, height: 740 }, colorScheme });
      let inFrame = false;
      if ((await page.evaluate(() => innerWidth)) > 360) {
        // This engine's window cannot be made that narrow (WebKitGTK's MiniBrowser stops near
        // 450 px): the nearest thing is the page in a 360 px iframe, whose viewport it is.
        inFrame = true;
        const url = env.server.fixture('/fixtures/narrow.html', {
          body: `<!doctype html><meta charset="utf-8"><title>narrow</title><style>body{margin:0}</style><iframe title="playground" src="/index.html${ISSUE_HASH}" style="width:360px;height:740px;border:0"></iframe>`,
        });
        await page.goto(url);
        await page.waitForFunction(
          () =>
            document
              .querySelector('iframe')
              .contentDocument?.querySelector('conv-playground')
              ?.shadowRoot?.querySelector('[data-testid=output-tensor]')?.textContent,
        );
      }
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

  test('no console errors, page errors or failed requests in any of the above', () => {
    assert.deepEqual(allProblems.flat(), []);
  });
});
