// Issue 12: the diagram explains itself. The full axis and the formula's terms, the kernel taps,
// partial sums that add up, layout by width (nothing scrolls sideways on a phone, nothing past
// the element's box on a desktop), failures drawn, the data table.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { start, openPlayground, byTestId, eventually } from './harness.mjs';

const CASES = {
  opening: '',
  notebook: '#op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&stride=4&padding=2&output_padding=1',
  transposed16: '#op=conv_transpose1d&input=torch.ones(1,1,16)&weight=torch.ones(1,1,3)&stride=2',
  conv64: '#op=conv1d&input=torch.arange(64.).reshape(1,1,64)&weight=torch.tensor([[[1.,2.,1.]]])&padding=1',
  groups2: '#op=conv1d&input=torch.arange(8.).reshape(1,4,2)&weight=torch.arange(8.).reshape(2,2,2)&groups=2',
  groups2bias:
    '#op=conv_transpose1d&input=torch.arange(6.).reshape(1,2,3)&weight=torch.ones(2,1,2)&groups=1&bias=torch.tensor([0.5])',
  invalid: '#op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&stride=4&padding=9',
  invalidConv: '#op=conv1d&input=torch.ones(1,1,3)&weight=torch.ones(1,1,8)&padding=1',
};

const PHONE = { width: 390, height: 844 };
const SMALL_PHONE = { width: 360, height: 740 };

/** Texts of the diagram SVG's nodes matching selector. */
function texts(page, selector) {
  return page.locator(`conv-playground [data-testid=diagram] ${selector}`).allTextContents();
}

/** How far the page scrolls sideways (0 = not at all), and the widest element past the viewport. */
/** Opens the diagram's data table (built on its toggle event, a task later) and waits for its rows. */
async function openTable(page) {
  await page.locator('conv-playground .d-table-box summary').click();
  await page.waitForFunction(
    () => document.querySelector('conv-playground').shadowRoot.querySelector('.d-table tbody tr') !== null,
  );
}

function sideways(page) {
  return page.evaluate(() => {
    const over = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    const root = document.querySelector('conv-playground').shadowRoot;
    let worst = null;
    // Inside a region that scrolls on its own (the values grid, with sticky row labels) is fine.
    const inScroller = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if ((o === 'auto' || o === 'scroll') && p.getBoundingClientRect().right <= innerWidth + 0.5) return true;
      }
      return false;
    };
    for (const el of root.querySelectorAll('*')) {
      if (inScroller(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width && r.right > innerWidth + 0.5 && (!worst || r.right > worst.right))
        worst = { right: Math.round(r.right), what: `${el.tagName}.${el.getAttribute('class') ?? ''}` };
    }
    return { over, worst };
  });
}

describe('the diagram explains itself (issue 12)', () => {
  let env;
  const problems = [];
  before(async () => {
    env = await start();
  });
  after(async () => {
    await env?.close();
    assert.deepEqual(problems.flat(), [], 'no console errors or page errors');
  });

  async function open(hash, options = {}) {
    const opened = await openPlayground(env, { hash, ...options });
    // Each test closes its context: read the page's problems first, for the check in after().
    const close = opened.context.close.bind(opened.context);
    opened.context.close = async () => {
      problems.push(await opened.page.problems());
      await close();
    };
    return opened;
  }

  test('the full axis is indexed 0…L_full−1 above y’s own index, and the formula’s terms are marked', async () => {
    const { page, context } = await open(CASES.notebook);
    const full = await texts(page, '.d-idx-full');
    assert.deepEqual(
      full,
      Array.from({ length: 12 }, (_, a) => String(a)),
      'full axis 0…11',
    );
    // y's index starts under full-axis cell 2 (padding=2 crops two cells).
    const yIndex = await page
      .locator('conv-playground [data-testid=diagram] text.d-idx:not(.d-idx-full)')
      .allTextContents();
    assert.deepEqual(yIndex, ['0', '1', '2', '3', '4', '5', '6', '7', '8']);
    const terms = await page
      .locator('conv-playground [data-testid=diagram] [data-term]')
      .evaluateAll((nodes) => nodes.map((n) => n.dataset.term));
    for (const term of ['padding', 'output_padding', 'span', 'stride', 'full', 'Lout'])
      assert.ok(terms.includes(term), `term ${term} is marked (${terms})`);
    const labels = await texts(page, '.d-term-text');
    assert.ok(labels.includes('stride = 4'), labels.join(' | '));
    assert.ok(
      labels.some((t) => t.includes('= 8')),
      'the kernel span is labelled 8',
    );
    // x[1] starts at 1·stride = 4 on the full axis: its first tap sits in column 4.
    const x1 = await page.locator('conv-playground [data-key="tap:1:0"] rect').boundingBox();
    const col4 = await page.locator('conv-playground text.d-idx-full').evaluateAll((els) => {
      const r = els.find((el) => el.textContent.trim() === '4').getBoundingClientRect();
      return { x: r.x, width: r.width };
    });
    assert.ok(Math.abs(x1.x + x1.width / 2 - (col4.x + col4.width / 2)) < 2, 'x[1]·w[0] is under full-axis index 4');
    await context.close();
  });

  test('hovering a term of the filled formula highlights its part of the diagram, and back', async () => {
    const { page, context } = await open(CASES.notebook);
    const formula = byTestId(page, 'formula');
    assert.equal(await formula.textContent(), 'L_out = (2−1)·4 − 2·2 + 1·(8−1) + 1 + 1 = 9');
    await formula.locator('[data-term=padding]').hover();
    const lit = () =>
      page
        .locator('conv-playground [data-testid=diagram] .d-term.hl')
        .evaluateAll((nodes) => [...new Set(nodes.map((n) => n.dataset.term))]);
    const only = (term) => (terms) => terms.length === 1 && terms[0] === term;
    assert.deepEqual(await eventually(lit, only('padding')), ['padding']);
    assert.match(await byTestId(page, 'arithmetic').textContent(), /padding=2 crops 2 cells off each end/);
    await formula.locator('[data-term=stride]').hover();
    assert.deepEqual(await eventually(lit, only('stride')), ['stride']);
    // And back: a bracket in the diagram lights its term in the formula.
    await page.locator('conv-playground [data-testid=diagram] .d-term[data-term=span]').hover();
    const spanOnly = (terms) => terms.length > 0 && terms.every((t) => t === 'span');
    const hl = await eventually(
      () => formula.locator('.hl').evaluateAll((nodes) => nodes.map((n) => n.dataset.term)),
      spanOnly,
    );
    assert.ok(spanOnly(hl), `span lit in the formula (${hl})`);
    await context.close();
  });

  test('the kernel is shown: a kernel row with its values, tap names in every stamp, colours by tap', async () => {
    const { page, context } = await open(
      '#op=conv_transpose1d&input=torch.tensor([[[1.,2.]]])&weight=torch.tensor([[[1.,-2.,3.]]])&stride=2',
    );
    const kernel = page.locator('conv-playground [data-testid=diagram] .d-kernel');
    assert.equal(await kernel.count(), 3);
    const kernelText = await kernel.allTextContents();
    assert.deepEqual(kernelText, ['1w[0]', '-2w[1]', '3w[2]']);
    // Every stamp cell names its tap and its product.
    const tap = page.locator('conv-playground [data-key="tap:1:2"]');
    assert.equal(await tap.textContent(), '6w[2]');
    assert.match(await tap.getAttribute('aria-label'), /^x\[1\]·w\[2\] = 2·3 = 6/);
    // The same tap has the same colour class in every row and in the kernel row.
    // (One locator per class: the driver layer's selectors have descendant combinators only.)
    const keyAndColour = (sel) =>
      page
        .locator(`conv-playground [data-testid=diagram] ${sel}`)
        .evaluateAll((nodes) => nodes.map((n) => [n.dataset.key, n.getAttribute('class').match(/d-k\d/)[0]]));
    const classes = [...(await keyAndColour('.d-tap')), ...(await keyAndColour('.d-kernel'))];
    const tapOf = (key) => (key.startsWith('kern:') ? key.split(':')[1] : key.split(':')[2]);
    const colour = new Map();
    for (const [key, cls] of classes) {
      const k = tapOf(key);
      if (colour.has(k)) assert.equal(colour.get(k), cls, `tap ${k} keeps its colour`);
      colour.set(k, cls);
    }
    assert.equal(new Set(colour.values()).size, 3, 'three taps, three colours');
    await context.close();
  });

  test('uneven overlap (kernel_size % stride ≠ 0) gets the checkerboard note and a taller strip', async () => {
    const { page, context } = await open(
      '#op=conv_transpose1d&input=torch.ones(1,1,8)&weight=torch.ones(1,1,3)&stride=2',
    );
    const note = byTestId(page, 'diagram-note-uneven');
    assert.ok(await note.isVisible());
    assert.match(await note.textContent(), /kernel_size=3 is not a multiple of stride=2.*checkerboard/);
    await page.evaluate(() => {
      location.hash = '#op=conv_transpose1d&input=torch.ones(1,1,8)&weight=torch.ones(1,1,4)&stride=2';
    });
    await page.waitForFunction(() =>
      document
        .querySelector('conv-playground')
        .shadowRoot.querySelector('[data-testid=output-shape]')
        ?.textContent.includes('18'),
    );
    assert.equal(await note.isVisible(), false, 'kernel_size 4, stride 2: even, no note');
    await context.close();
  });

  test('partial sums per channel add up to y (Conv1d, groups=2), in the diagram and the table', async () => {
    const { page, context } = await open(CASES.groups2);
    // The shown channel's Σ column next to y.
    const part = Number(await page.locator('conv-playground [data-key="part:0"] text').textContent());
    const y = Number(await page.locator('conv-playground [data-key="out:0"] text').textContent());
    // x channel 0 = [0, 1], weight[0, 0] = [0, 1] -> 1; x channel 1 = [2, 3], weight[0, 1] = [2, 3] -> 13.
    assert.equal(part, 1);
    assert.equal(y, 14);
    // Every row of the data table (built when opened): the parts (and bias) add up to the value.
    await openTable(page);
    const rows = await page.locator('conv-playground [data-testid=diagram-table] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        value: Number(tr.querySelector('[data-value]').dataset.value),
        parts: [...tr.querySelectorAll('[data-part]')].map((td) => Number(td.dataset.part)),
      })),
    );
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0], { value: 14, parts: [1, 13] });
    // The other channel's Σ is the other part.
    await page.locator('conv-playground .picker', { hasText: 'in channel' }).locator('select').selectOption('1');
    await page.waitForFunction(() => {
      const t = document.querySelector('conv-playground').shadowRoot.querySelector('[data-key="part:0"] text');
      return t?.textContent === '13';
    });
    await page.locator('conv-playground [data-key="out:0"]').hover();
    assert.match(await byTestId(page, 'arithmetic-detail').textContent(), /= 1 \(x ch 0\) \+ 13 \(x ch 1\) = 14/);
    await context.close();
  });

  test('partial sums add up for a transposed case with two in channels and a bias', async () => {
    const { page, context } = await open(CASES.groups2bias);
    await openTable(page);
    const rows = await page.locator('conv-playground [data-testid=diagram-table] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        value: Number(tr.querySelector('[data-value]').dataset.value),
        parts: [...tr.querySelectorAll('[data-part]')].map((td) => Number(td.dataset.part)),
        bias: Number(tr.querySelector('[data-bias]').dataset.bias),
      })),
    );
    assert.equal(rows.length, 4);
    for (const r of rows) assert.ok(Math.abs(r.parts[0] + r.parts[1] + r.bias - r.value) < 1e-5, JSON.stringify(r));
    // The Σ row of channel 0 in the SVG equals the table's channel-0 parts.
    const sums = await page
      .locator('conv-playground [data-testid=diagram] .d-sum text')
      .allTextContents()
      .then((t) => t.map(Number));
    assert.deepEqual(
      sums,
      rows.map((r) => r.parts[0]),
    );
    await context.close();
  });

  for (const [name, viewport] of [
    ['390 px', PHONE],
    ['360 px', SMALL_PHONE],
  ]) {
    test(`nothing scrolls sideways at ${name}: opening case, notebook's last cell, invalid case, half-typed tensors`, async () => {
      for (const hash of [CASES.opening, CASES.notebook, CASES.invalid, CASES.conv64, CASES.groups2]) {
        const { page, context } = await open(hash, { viewport });
        assert.deepEqual(await sideways(page), { over: 0, worst: null }, `case ${hash || 'opening'}`);
        await context.close();
      }
      const { page, context } = await open('', { viewport });
      const input = byTestId(page, 'input');
      for (const text of [
        't',
        'torch.',
        'torch.ones(',
        'torch.ones(1, 1',
        'torch.ones(1, 1, 7',
        '[[[1., 2., 3., 4., 5., 6.,',
      ]) {
        await input.fill(text);
        await page.waitForTimeout(30);
        assert.deepEqual(await sideways(page), { over: 0, worst: null }, `typed ${text}`);
      }
      await context.close();
    });
  }

  test('on a phone the formula, the printed tensor and the error message are whole (not clipped)', async () => {
    const { page, context } = await open(CASES.notebook, { viewport: PHONE });
    for (const id of ['formula', 'output-tensor', 'arithmetic']) {
      const clipped = await byTestId(page, id).evaluate((el) => el.scrollWidth > el.clientWidth + 1);
      assert.equal(clipped, false, `${id} fits its box`);
    }
    await page.evaluate(() => {
      location.hash = '#op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&stride=4&padding=9';
    });
    const error = byTestId(page, 'error-padding');
    await error.waitFor();
    assert.match(await error.textContent(), /padding=9 crops 18 cells/);
    // The message sits by the padding field, not a screen away.
    const field = await byTestId(page, 'padding').boundingBox();
    const box = await error.boundingBox();
    assert.ok(box.y - (field.y + field.height) < 60, `message ${box.y - field.y - field.height} px under the field`);
    const cut = await byTestId(page, 'error').evaluate((el) => el.scrollHeight > el.clientHeight + 1);
    assert.equal(cut, false, 'the error box shows its whole message');
    await context.close();
  });

  for (const [name, hash, cells] of [
    ['a 33-cell transposed axis', CASES.transposed16, 33],
    ['a 66-cell Conv1d axis', CASES.conv64, 66],
  ]) {
    test(`at 1280 px nothing reaches past the element's box for ${name}; labels and output stay in view`, async () => {
      const { page, context } = await open(hash);
      // The diagram fits itself to the width its ResizeObserver reports, a frame or two after the
      // first result (WebKit under load: later): read until it has settled, then judge.
      const measure = () =>
        page.evaluate(() => {
          const root = document.querySelector('conv-playground').shadowRoot;
          const card = root.querySelector('.diagram-card').getBoundingClientRect();
          const svg = root.querySelector('[data-testid=diagram]').getBoundingClientRect();
          const scroller = root.querySelector('[data-testid=diagram-svg]');
          return {
            svgRight: svg.right,
            cardRight: card.right,
            scrolls: scroller.scrollWidth > scroller.clientWidth + 1,
            page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          };
        });
      const report = await eventually(measure, (r) => r.svgRight <= r.cardRight && !r.scrolls && r.page === 0);
      assert.ok(report.svgRight <= report.cardRight, JSON.stringify(report));
      assert.equal(report.scrolls, false, 'the diagram does not scroll sideways');
      assert.equal(report.page, 0);
      const note = await byTestId(page, 'diagram-summary').textContent();
      assert.match(note, new RegExp(`has ${cells} cells, more than fit this width`));
      // Row labels and the output column are drawn (in view).
      assert.ok((await page.locator('conv-playground [data-testid=diagram] .d-rowlabel').count()) > 0);
      assert.ok((await page.locator('conv-playground [data-testid=diagram] .d-sum').count()) > 0);
      await context.close();
    });
  }

  test('an invalid case draws its axis and what exceeds it, with the message beside it', async () => {
    const { page, context } = await open(CASES.invalid);
    const svg = byTestId(page, 'diagram');
    assert.ok(await svg.isVisible());
    assert.equal(await page.locator('conv-playground [data-testid=diagram] .d-fail-cell').count(), 12);
    assert.match(
      await page.locator('conv-playground .diagram .d-caption').textContent(),
      /padding=9 crops 18 of 12 cells/,
    );
    assert.match(await byTestId(page, 'diagram-error').textContent(), /Use padding of at most 5/);
    // No empty skeleton of a result.
    assert.equal(await byTestId(page, 'output-tensor').isVisible(), false);
    assert.equal(await byTestId(page, 'formula').isVisible(), false);

    const conv = await open(CASES.invalidConv);
    const c = conv.page;
    assert.equal(await c.locator('conv-playground [data-testid=diagram] .cell.d-fail-cell').count(), 3);
    assert.equal(await c.locator('conv-playground [data-testid=diagram] .d-zeropad').count(), 2);
    assert.match(
      await c.locator('conv-playground .diagram .d-caption').textContent(),
      /spans .* 8 cells, but the padded input has 5/,
    );
    await conv.context.close();

    // Fixing it brings the diagram back.
    await byTestId(page, 'padding').fill('2');
    await page.waitForFunction(() =>
      document
        .querySelector('conv-playground')
        .shadowRoot.querySelector('[data-testid=output-tensor]')
        ?.textContent.startsWith('tensor('),
    );
    assert.equal(await page.locator('conv-playground [data-testid=diagram] .d-fail-cell').count(), 0);
    assert.ok((await page.locator('conv-playground [data-testid=diagram] .d-kernel').count()) > 0);
    await context.close();
  });

  test('the data table lists every output cell with its contributions', async () => {
    const { page, context } = await open(CASES.notebook);
    const table = byTestId(page, 'diagram-table');
    await openTable(page);
    assert.equal(await table.locator('tbody tr').count(), 9);
    const first = await table.locator('tbody tr').first().allInnerTexts();
    assert.match(first[0], /y\[0\]\s+1\s+1·w\[2\] \(x\[0\]\)/);
    assert.match(await table.locator('caption').textContent(), /products x·w/);
    await context.close();
  });

  test('smaller points: legend lists present kinds, inactive fields are disabled, presets match spacing', async () => {
    const { page, context } = await open(CASES.groups2);
    const legend = await page.locator('conv-playground .legend li').allTextContents();
    assert.equal(
      legend.some((t) => /padding/.test(t)),
      false,
      `no padding kind in an unpadded case: ${legend}`,
    );
    assert.ok(legend.some((t) => /x̃ = the padded input/.test(t)) || legend.some((t) => /kernel/.test(t)));
    assert.equal(await byTestId(page, 'output_padding').isDisabled(), true, 'output_padding is not Conv1d’s');
    await byTestId(page, 'op-conv_transpose1d').check();
    assert.equal(await byTestId(page, 'padding_mode').isDisabled(), true, 'padding_mode is not ConvTranspose1d’s');
    assert.equal(await byTestId(page, 'output_padding').isDisabled(), false);
    assert.doesNotMatch(await page.locator('conv-playground .build').textContent(), /sse4/);
    await context.close();

    const spaced = await open('#op=conv1d&input=torch.ones(1, 1, 7)&weight=torch.ones(1, 1, 3)&padding=1');
    const current = await spaced.page.locator('[data-testid=presets] [aria-current=true]').count();
    const exact = await open('#op=conv1d&input=torch.ones(1,1,7)&weight=torch.ones(1,1,3)&padding=1');
    const currentExact = await exact.page.locator('[data-testid=presets] [aria-current=true]').count();
    assert.equal(current, currentExact, 'spacing does not change which preset is current');
    await spaced.context.close();
    await exact.context.close();
  });
});
