// The diagram card's views (issue 13): equivalent convolution, matrix, gradient, step by step.
// Per view: the URL round trip (diagram= in the hash), the test hooks, hover links, keyboard,
// and nothing wider than a 360 px phone. Uses only what every engine's driver offers (locators,
// hover, click, fill, focus, keyboard.press, evaluate, waitForFunction).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { start, openPlayground, byTestId, outputText, finish, frameWhenTooWide } from './harness.mjs';

const CASE =
  'op=conv_transpose1d&input=torch.tensor([[[1.,2.,3.]]])&weight=torch.tensor([[[1.,-1.,2.]]])&stride=2&padding=1';
const OUTPUT = 'tensor([[[-1.,  4., -2.,  7., -3.]]])';
const CONV = 'op=conv1d&input=torch.arange(6.).reshape(1,1,6)&weight=torch.tensor([[[1.,2.,-1.]]])&stride=2&padding=1';

/** Waits until the test hook's text satisfies `ok` (a substring, or a predicate run in node). */
async function waitText(page, testid, want, timeout = 5000) {
  await page.waitForFunction(
    ([id, w]) => {
      const el = document.querySelector('conv-playground').shadowRoot.querySelector(`[data-testid="${id}"]`);
      return Boolean(el) && el.textContent.includes(w);
    },
    [testid, want],
    { timeout },
  );
  return byTestId(page, testid).textContent();
}

const hashHas = (page, part) => page.waitForFunction((p) => location.hash.includes(p), part, { timeout: 5000 });
const pressed = (page, id) => byTestId(page, id).getAttribute('aria-pressed');
const attr = (page, id, name) => byTestId(page, id).getAttribute(name);

describe('diagram views', () => {
  let env;
  before(async () => {
    env = await start();
  });
  after(async () => env?.close());

  async function open(hash, options = {}) {
    const opened = await openPlayground(env, { hash: `#${hash}`, ...options });
    return opened;
  }

  async function closeClean({ context, page }) {
    assert.deepEqual(await finish(context, page), []);
  }

  /** A test on a fresh page opened at `hash`: body(page, opened); the page must record no problem. */
  function pageTest(name, hash, body) {
    test(name, async () => {
      const opened = await open(hash);
      await body(opened.page, opened);
      await closeClean(opened);
    });
  }

  pageTest(
    'diagram= in the hash picks the view; switching writes it back; a fresh page opens it',
    `${CASE}&diagram=matrix`,
    async (page, { context }) => {
      assert.equal(await pressed(page, 'diagram-matrix'), 'true');
      assert.equal(await pressed(page, 'diagram-overlap'), 'false');
      await waitText(page, 'matrix-caption', '5 × 3');
      for (const view of ['equivalent', 'gradient', 'steps']) {
        await byTestId(page, `diagram-${view}`).click();
        await hashHas(page, `diagram=${view}`);
        assert.equal(await pressed(page, `diagram-${view}`), 'true');
      }
      const again = await context.newPage();
      await again.goto(await page.evaluate(() => location.href));
      await again.waitForFunction(() =>
        document.querySelector('conv-playground')?.shadowRoot?.querySelector('[data-testid=step]'),
      );
      assert.equal(await pressed(again, 'diagram-steps'), 'true');
      // Back to the overlap diagram: the default, so the hash drops the key.
      await byTestId(page, 'diagram-overlap').click();
      await page.waitForFunction(() => !location.hash.includes('diagram='));
      assert.equal(await outputText(page), OUTPUT);
      assert.deepEqual(await again.problems(), []);
    },
  );

  pageTest('an unknown diagram= opens the overlap diagram and says so', `${CASE}&diagram=matrx`, async (page) => {
    assert.equal(await pressed(page, 'diagram-overlap'), 'true');
    assert.match(await byTestId(page, 'link-note').textContent(), /diagram='matrx' is not a view/);
  });

  pageTest(
    'equivalent: the stride-1 Conv1d prints exactly the output; hover and focus show a window',
    `${CASE}&diagram=equivalent`,
    async (page) => {
      const printed = await waitText(page, 'equivalent-output', 'tensor(');
      assert.equal(printed, await outputText(page));
      assert.equal(printed, OUTPUT);
      const sentence = await byTestId(page, 'equivalent-sentence').textContent();
      assert.match(sentence, /removes padding=1 cells from each end/);
      assert.match(sentence, /padding dilation·\(K−1\) − padding = 1·2 − 1 = 1/);
      const cells = byTestId(page, 'equivalent-cell');
      assert.equal(await cells.count(), 5);
      await cells.nth(1).hover();
      assert.match(await waitText(page, 'equivalent-arithmetic', 'y[1] ='), /= 4$/);
      await cells.nth(3).focus();
      assert.match(await waitText(page, 'equivalent-arithmetic', 'y[3] ='), /= 7$/);
    },
  );

  pageTest(
    'equivalent: padding beyond dilation·(K−1) crops, and a Conv1d offers the switch',
    'op=conv_transpose1d&input=torch.ones(1,1,4)&weight=torch.ones(1,1,2)&stride=2&padding=2&diagram=equivalent',
    async (page) => {
      assert.match(await waitText(page, 'equivalent-sentence', 'cropped'), /= 1·1 − 2 = -1/);
      assert.equal(await byTestId(page, 'equivalent-output').textContent(), await outputText(page));
      await page.evaluate(() => {
        location.hash = '#op=conv1d&input=torch.ones(1,1,4)&weight=torch.ones(1,1,2)&diagram=equivalent';
      });
      await waitText(page, 'equivalent-sentence', 'already a Conv1d');
      await byTestId(page, 'equivalent-switch').click();
      await hashHas(page, 'op=conv_transpose1d');
      await waitText(page, 'equivalent-output', 'tensor(');
    },
  );

  pageTest(
    'matrix: C and Cᵀ for one weight, transposes of each other; the adjoint check agrees',
    `${CONV}&diagram=matrix`,
    async (page) => {
      await waitText(page, 'matrix-caption', 'C is 3 × 6');
      const grid = [await attr(page, 'matrix-grid', 'data-rows'), await attr(page, 'matrix-grid', 'data-cols')];
      assert.deepEqual(grid, ['3', '6'], 'the grid is C, 3 × 6');
      const check = await byTestId(page, 'matrix-check').textContent();
      assert.match(check, /C · x equals the output above \(batch 0\): largest difference 0\./);
      assert.match(check, /output_padding=1\) is exactly the transpose of Conv1d's/);
      const adjoint = await byTestId(page, 'adjoint-check').textContent();
      const [left, right] = [...adjoint.matchAll(/= (-?\d+\.\d+)/g)].map((m) => Number(m[1]));
      assert.ok(Number.isFinite(left) && Math.abs(left) > 1e-3, adjoint);
      assert.ok(Math.abs(left - right) <= 1e-5 * Math.max(1, Math.abs(left)), adjoint);
      await byTestId(page, 'matrix-transpose').click();
      await waitText(page, 'matrix-caption', 'Cᵀ is 6 × 3');
      assert.equal(await pressed(page, 'matrix-transpose'), 'true');
      // Hover: the entry names its output row and input column.
      await page.locator('conv-playground [data-testid="matrix-grid"] .g-cell[data-r="0"][data-c="0"]').hover();
      assert.match(await waitText(page, 'matrix-arithmetic', 'Cᵀ[0, 0]'), /Cᵀ\[0, 0\] = 2: y\[0\] gets 2 · x\[0\]/);
      // Keyboard: focus the grid, then arrow keys move the inspected entry.
      await byTestId(page, 'matrix-caption').hover(); // the pointer off the grid: only keys move it now
      await byTestId(page, 'matrix-grid').focus();
      await page.keyboard.press('ArrowDown');
      assert.match(await waitText(page, 'matrix-arithmetic', 'Cᵀ[1, 0]'), /= -1: y\[1\] gets -1 · x\[0\]/);
    },
  );

  pageTest(
    'matrix: a case too big to read is summarised by channel block',
    'op=conv1d&input=torch.ones(1,2,40)&weight=torch.ones(3,2,3)&diagram=matrix',
    async (page) => {
      assert.match(await waitText(page, 'matrix-summary', 'Summarised'), /114 × 80/);
      assert.equal(await attr(page, 'matrix-grid', 'data-rows'), '32');
    },
  );

  pageTest(
    'gradient: ones by default, a typed grad_output in the hash, the ConvTranspose1d link, the autograd script',
    `${CASE}&diagram=gradient`,
    async (page) => {
      assert.equal(await waitText(page, 'grad-input', 'tensor('), 'tensor([[[1., 2., 0.]]])');
      assert.equal(await byTestId(page, 'grad-weight').textContent(), 'tensor([[[5., 6., 3.]]])');
      assert.match(
        await byTestId(page, 'grad-link').textContent(),
        /F\.conv1d\(grad_output, weight, stride=2, padding=1\) gives input\.grad, largest difference 0/,
      );
      await byTestId(page, 'grad-output-field').fill('torch.tensor([[[1.,0.,2.,0.,-1.]]])');
      assert.equal(await waitText(page, 'grad-input', '-1.'), 'tensor([[[-1., -2.,  1.]]])');
      assert.equal(await byTestId(page, 'grad-weight').textContent(), 'tensor([[[0., 2., 0.]]])');
      await hashHas(page, 'grad_output=');
      const code = await page.evaluate(() => document.querySelector('conv-playground').pytorchCode);
      assert.match(code, /x\.requires_grad_\(True\)/);
      assert.match(code, /grad_output = torch\.tensor\(\[\[\[1\.,0\.,2\.,0\.,-1\.\]\]\]\)/);
      assert.match(code, /y\.backward\(grad_output\)/);
      assert.match(code, /# ConvLab's input\.grad:\n# tensor\(\[\[\[-1\., -2\., {2}1\.\]\]\]\)/);
      // Hover link: x.grad[1] sums the grad_output cells its stamp lands on.
      await byTestId(page, 'grad-cell').nth(1).hover();
      assert.match(
        await waitText(page, 'grad-arithmetic', 'x.grad[1]'),
        /g\[1\]·w\[0\] \+ g\[2\]·w\[1\] \+ g\[3\]·w\[2\] = -2/,
      );
      // A grad_output of the wrong shape is an error naming the shape.
      await byTestId(page, 'grad-output-field').fill('torch.ones(1,1,4)');
      assert.match(await waitText(page, 'grad-error', 'grad_output'), /\(1, 1, 5\)/);
    },
  );

  pageTest(
    'steps: scrubber, previous/next and keyboard; no autoplay; play advances',
    `${CASE}&diagram=steps`,
    async (page) => {
      await waitText(page, 'step-label', 'stamp 1 / 3');
      assert.equal(await attr(page, 'step', 'max'), '2');
      assert.match(await byTestId(page, 'step-arithmetic').textContent(), /^x\[0\] = 1/);
      await page.waitForTimeout(1500);
      assert.equal(await byTestId(page, 'step').inputValue(), '0', 'nothing plays by itself');
      assert.equal(await pressed(page, 'step-play'), 'false');
      await byTestId(page, 'step-next').click();
      await waitText(page, 'step-label', 'stamp 2 / 3');
      assert.match(await byTestId(page, 'step-arithmetic').textContent(), /^x\[1\] = 2/);
      assert.match(await byTestId(page, 'step-running').textContent(), /after stamps 0…1: y = \[-1, 4, -2, 4, 0\]/);
      // Later stamps are not drawn yet; earlier ones are.
      const later = await page.evaluate(
        () => [...document.querySelector('conv-playground').shadowRoot.querySelectorAll('.d-later')].length,
      );
      assert.ok(later > 0);
      await byTestId(page, 'step').focus();
      await page.keyboard.press('ArrowRight');
      await waitText(page, 'step-label', 'stamp 3 / 3');
      await page.keyboard.press('Home');
      await waitText(page, 'step-label', 'stamp 1 / 3');
      await byTestId(page, 'step-play').click();
      await waitText(page, 'step-label', 'stamp 3 / 3', 4000);
    },
  );

  pageTest('steps: Conv1d steps through windows; with prefers-reduced-motion there is no play', CONV, async (page) => {
    await page.evaluate(() => {
      const real = window.matchMedia.bind(window);
      window.matchMedia = (q) =>
        q.includes('prefers-reduced-motion') ? { matches: true, media: q, addEventListener() {} } : real(q);
    });
    await byTestId(page, 'diagram-steps').click();
    await waitText(page, 'step-label', 'window 1 / 3');
    assert.equal(await byTestId(page, 'step-play').isVisible(), false);
    assert.equal(await byTestId(page, 'step-motion-note').isVisible(), true);
    await byTestId(page, 'step-next').click();
    assert.match(await waitText(page, 'step-arithmetic', 'y[1]'), /= 2/);
  });

  pageTest(
    'the Embed panel and the element carry the view',
    `${CASE}&diagram=gradient&grad_output=torch.ones(1,1,5)`,
    async (page) => {
      await byTestId(page, 'copy-embed').click();
      const tag = await byTestId(page, 'embed-tag').inputValue();
      assert.match(tag, /\n {2}diagram="gradient"/);
      assert.match(tag, /\n {2}grad-output="torch.ones\(1,1,5\)"/);
      assert.match(await byTestId(page, 'embed-iframe').inputValue(), /diagram=gradient/);
      // The panel offers the other views for the embed.
      await byTestId(page, 'embed-diagram').selectOption('steps');
      assert.match(await byTestId(page, 'embed-tag').inputValue(), /\n {2}diagram="steps"/);
      assert.match(await byTestId(page, 'embed-iframe').inputValue(), /diagram=steps/);
      await byTestId(page, 'embed-diagram').selectOption('overlap');
      assert.doesNotMatch(await byTestId(page, 'embed-tag').inputValue(), /diagram=/);
      // An element with the diagram attribute opens that view; changing the attribute switches it.
      await page.evaluate((c) => {
        const el = document.createElement('conv-playground');
        el.id = 'second';
        el.setAttribute('state', c);
        el.setAttribute('diagram', 'matrix');
        el.setAttribute('loading', 'eager');
        document.body.append(el);
      }, CASE);
      const second = (id) => page.locator(`#second [data-testid="${id}"]`);
      await page.waitForFunction(
        () => document.querySelector('#second')?.shadowRoot?.querySelector('[data-testid=adjoint-check]')?.textContent,
      );
      assert.equal(await second('diagram-matrix').getAttribute('aria-pressed'), 'true');
      await page.evaluate(() => document.querySelector('#second').setAttribute('diagram', 'equivalent'));
      await page.waitForFunction(
        () =>
          document.querySelector('#second').shadowRoot.querySelector('[data-testid=equivalent-output]')?.textContent,
      );
      assert.equal(await second('equivalent-output').textContent(), OUTPUT);
    },
  );

  for (const scheme of ['light', 'dark']) {
    test(`nothing scrolls sideways at 360 px (${scheme})`, async () => {
      for (const view of ['equivalent', 'matrix', 'gradient', 'steps']) {
        for (const hash of [CASE, 'op=conv1d&input=torch.randn(1,2,30)&weight=torch.randn(2,2,5)&padding=2']) {
          const opened = await open(`${hash}&diagram=${view}`, {
            viewport: { width: 360, height: 780 },
            colorScheme: scheme,
          });
          const { page } = opened;
          // WebKitGTK's window stops near 450 px: the page in a 360 px iframe instead.
          const inFrame = await frameWhenTooWide(env, page, {
            width: 360,
            height: 780,
            src: `/index.html#${hash}&diagram=${view}`,
            fixture: '/fixtures/narrow-views.html',
            ready: '.panel, .stepper',
          });
          const seen = await page.evaluate((frame) => {
            const doc = frame ? document.querySelector('iframe').contentDocument : document;
            return { viewport: doc.defaultView.innerWidth, width: doc.documentElement.scrollWidth };
          }, inFrame);
          assert.equal(seen.viewport, 360);
          assert.ok(seen.width <= 360, `${view} ${hash}: scrollWidth ${seen.width}`);
          await closeClean(opened);
        }
      }
    });
  }
});
