// The playground on several threads (issue 15): a large case computes on the page's worker pool
// (the development page and the bundled production page, over http) and prints exactly what one
// thread prints; rapid edits crossing the threshold never show an older result; where workers
// are not allowed (the single-file embed from file://, a CSP with worker-src 'none') the case
// computes on one thread and the `render` event says why. No console errors anywhere.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ENGINE, start, openPage, openPlayground, outputText, finish } from './harness.mjs';
import { bundle } from '../../scripts/bundle.mjs';

// 64 x 32 x 3 taps x 4094 outputs = 25,153,536 multiply-adds (over the 16,777,216 threshold,
// under the page's 33,554,432 limit).
const seeded = (shape, seed) => `torch.randn(${shape}, generator=torch.Generator().manual_seed(${seed}))`;
const LARGE = { op: 'conv1d', input: seeded('1, 32, 4096', 1), weight: seeded('64, 32, 3', 2) };
const query = (s) => new URLSearchParams(s).toString();
const LARGE_HASH = `#${query(LARGE)}`;

/**
 * Records every `render` event, and what every animation frame paints: the printed output, the
 * state the element holds, and whether the result is marked as computing or stale (dimmed).
 */
function recordRenders() {
  window.__renders = [];
  window.__frames = [];
  const stateOf = (el) => JSON.stringify(el.state);
  addEventListener(
    'render',
    (e) => {
      const el = e.target;
      const text = el.shadowRoot.querySelector('[data-testid=output-tensor]')?.textContent ?? '';
      window.__renders.push({ ...e.detail, text, state: stateOf(el) });
    },
    true,
  );
  const frame = () => {
    const el = document.querySelector('conv-playground');
    const result = el?.shadowRoot?.querySelector('.result-body');
    if (result) {
      window.__frames.push({
        text: el.shadowRoot.querySelector('[data-testid=output-tensor]').textContent,
        state: stateOf(el),
        dimmed: result.classList.contains('computing') || result.classList.contains('stale'),
      });
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/** In the page (over http): the printed output of a state on one thread, from the unbundled JS API. */
async function expectedTexts(page, states) {
  return page.evaluate(async (list) => {
    const { loadConvLab } = await import('/lib/convlab.js');
    const { parseTensor, formatTensor } = await import('/lib/tensor-text.js');
    const lab = await loadConvLab();
    return list.map((s) => {
      const x = parseTensor(s.input);
      const w = parseTensor(s.weight);
      const params = { stride: Number(s.stride ?? 1), padding: Number(s.padding ?? 0) };
      const y = s.op === 'conv1d' ? lab.conv1d(x, w, null, params) : lab.convTranspose1d(x, w, null, params);
      return formatTensor(y);
    });
  }, states);
}

const lastRender = (page) => page.evaluate(() => window.__renders.at(-1));

/**
 * The first large case computes on the calling thread and starts the pool: recompute the same
 * state until a render has `key` set (threads > 1, or a threadsFallback) -> that render.
 */
function untilRender(page, key) {
  return page.waitForFunction(
    (k) => {
      const last = window.__renders.at(-1);
      if (last && (k === 'threads' ? last.threads > 1 : last.threadsFallback)) return last;
      const el = document.querySelector('conv-playground');
      if (last) el.setState(el.state);
      return false;
    },
    key,
    { timeout: 20000, polling: 250 },
  );
}

describe(`the playground on several threads [${ENGINE}]`, () => {
  let env;
  let bundled;
  let tmp;
  let largeText;
  before(async () => {
    await bundle({ quiet: true });
    env = await start();
    bundled = await start({ bundled: true });
    tmp = await mkdtemp(join(tmpdir(), 'convlab-threads-'));
  });
  after(async () => {
    await env?.close();
    await bundled?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test('a large case renders on several threads over http, printing exactly what one thread prints', async () => {
    const { page, context } = await openPlayground(env, { hash: LARGE_HASH, init: [recordRenders] });
    await page.waitForFunction(() => window.__renders.some((r) => r.ok));
    const first = await lastRender(page);
    assert.deepEqual([first.threads, first.threadsFallback], [1, null], 'the first large case starts the pool');
    const render = await untilRender(page, 'threads');
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    assert.ok(cores >= 2, `this test needs 2 cores (navigator.hardwareConcurrency is ${cores})`);
    assert.equal(render.threads, Math.min(4, cores), JSON.stringify(render));
    assert.equal(render.threadsFallback, null);
    [largeText] = await expectedTexts(page, [LARGE]);
    assert.match(largeText, /^tensor\(\[\[\[/);
    assert.equal(await outputText(page), largeText);
    assert.equal(render.text, largeText);
    // A small case on the same page computes at once, on the calling thread.
    await page.evaluate(() =>
      document
        .querySelector('conv-playground')
        .setState({ op: 'conv1d', input: 'torch.ones(1, 1, 7)', weight: 'torch.ones(1, 1, 3)' }),
    );
    const small = await lastRender(page);
    assert.deepEqual([small.ok, small.threads, small.threadsFallback], [true, 1, null]);
    assert.equal(await outputText(page), 'tensor([[[3., 3., 3., 3., 3.]]])');
    assert.deepEqual(await finish(context, page), []);
  });

  test('the bundled production page: the same output on several threads, its worker one hashed file', async () => {
    const { page, context } = await openPlayground(bundled, { hash: LARGE_HASH, init: [recordRenders] });
    const render = await untilRender(page, 'threads');
    assert.ok(render.threads >= 2, JSON.stringify(render));
    assert.equal(render.threadsFallback, null);
    assert.equal(await outputText(page), largeText ?? (await expectedTexts(page, [LARGE]))[0]);
    assert.deepEqual(await finish(context, page), []);
  });

  test('rapid edits crossing the threshold never show an older result', async () => {
    const { page, context } = await openPlayground(env, { hash: LARGE_HASH, init: [recordRenders] });
    await untilRender(page, 'threads');
    // Large and small cases in turn, some in one task, some a few milliseconds apart (less than
    // a threaded call takes), each large one with other values.
    const states = [];
    for (let i = 0; i < 14; i++) {
      const large = i % 3 !== 1;
      states.push(
        large
          ? { ...LARGE, input: seeded('1, 32, 4096', 10 + i) }
          : { op: 'conv1d', input: `torch.arange(${8 + i}.).reshape(1, 1, ${8 + i})`, weight: 'torch.ones(1, 1, 3)' },
      );
    }
    await page.evaluate(async (list) => {
      const el = document.querySelector('conv-playground');
      const gaps = [0, 0, 3, 0, 8, 1, 0, 20, 0, 2, 5, 0, 1, 0];
      for (let i = 0; i < list.length; i++) {
        el.setState(list[i]);
        if (gaps[i]) await new Promise((r) => setTimeout(r, gaps[i]));
      }
    }, states);
    const finalState = await page.evaluate(() => JSON.stringify(document.querySelector('conv-playground').state));
    await page.waitForFunction((s) => window.__renders.at(-1)?.state === s, finalState);
    await page.waitForTimeout(300); // nothing older may still arrive
    const renders = await page.evaluate(() => window.__renders);
    const frames = await page.evaluate(() => window.__frames);
    assert.equal(renders.at(-1).state, finalState, 'the last render is the last state');
    // Every result rendered belongs to the state the element had then; every frame painted
    // either shows the output of the state it shows, or the last result dimmed.
    const byState = new Map();
    for (const r of [...renders, ...frames]) byState.set(r.state, null);
    const list = [...byState.keys()].map((s) => JSON.parse(s));
    const texts = await expectedTexts(page, list);
    list.forEach((s, i) => byState.set(JSON.stringify(s), texts[i]));
    for (const r of renders) assert.equal(r.text, byState.get(r.state), `rendered for ${r.state}`);
    const undimmed = frames.filter((f) => !f.dimmed && f.text !== ''); // '': nothing computed yet
    // (Whether a frame shows the dimmed state depends on how long a threaded call takes here; the
    // next test checks that state itself.)
    assert.ok(undimmed.length > 0, `${frames.length} frames, none showing a result undimmed`);
    for (const f of undimmed) assert.equal(f.text, byState.get(f.state), `painted for ${f.state}`);
    assert.ok(
      renders.some((r) => r.threads > 1),
      'some edits were computed on several threads',
    );
    assert.equal(await outputText(page), byState.get(finalState));
    const busy = await page.evaluate(() =>
      document.querySelector('conv-playground').shadowRoot.querySelector('.computing, [aria-busy=true]'),
    );
    assert.equal(busy, null, 'nothing is left dimmed');
    assert.deepEqual(await finish(context, page), []);
  });

  test('while a threaded call runs the last result stays, dimmed, and is busy', async () => {
    const { page, context } = await openPlayground(env, { hash: LARGE_HASH, init: [recordRenders] });
    await untilRender(page, 'threads');
    const during = await page.evaluate(
      (state) => {
        const el = document.querySelector('conv-playground');
        const before = el.shadowRoot.querySelector('[data-testid=output-tensor]').textContent;
        const count = window.__renders.length;
        el.setState(state);
        const result = el.shadowRoot.querySelector('.result-body');
        return {
          before,
          now: el.shadowRoot.querySelector('[data-testid=output-tensor]').textContent,
          computing: result.classList.contains('computing'),
          busy: result.getAttribute('aria-busy'),
          count,
        };
      },
      { ...LARGE, input: seeded('1, 32, 4096', 7) },
    );
    assert.equal(during.now, during.before, 'the last result stays until the new one arrives');
    assert.deepEqual([during.computing, during.busy], [true, 'true']);
    await page.waitForFunction((n) => window.__renders.length > n, during.count);
    const after = await page.evaluate(() => {
      const result = document.querySelector('conv-playground').shadowRoot.querySelector('.result-body');
      return { computing: result.classList.contains('computing'), busy: result.getAttribute('aria-busy') };
    });
    assert.deepEqual(after, { computing: false, busy: null });
    assert.deepEqual(await finish(context, page), []);
  });

  test('the single-file embed from file://: one thread, the reason in the render event, the same output', async () => {
    const script = pathToFileURL(fileURLToPath(new URL('../../web/dist/conv-playground.js', import.meta.url))).href;
    const attrs = Object.entries(LARGE)
      .map(([k, v]) => `${k}="${v}"`)
      .join(' ');
    const file = join(tmp, 'embed.html');
    await writeFile(
      file,
      `<!doctype html><html><head><meta charset="utf-8"><title>threads</title></head><body>
<conv-playground loading="eager" ${attrs}></conv-playground>
<script>(${recordRenders})();</script>
<script src="${script}"></script></body></html>`,
    );
    const { page, context } = await openPage(env, pathToFileURL(file).href);
    await page.waitForFunction(() => window.__renders.some((r) => r.ok), undefined, { timeout: 20000 });
    const render = await lastRender(page);
    assert.equal(render.threads, 1);
    assert.match(render.threadsFallback, /^workers unavailable: .*single-file embed has no thread pool/);
    assert.equal(render.text, largeText);
    assert.deepEqual(await finish(context, page), []);
  });

  test("under a CSP with worker-src 'none': one thread, the reason in the render event", async () => {
    const csp =
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; worker-src 'none'";
    const attrs = Object.entries(LARGE)
      .map(([k, v]) => `${k}="${v}"`)
      .join(' ');
    const url = env.server.fixture('/threads-csp.html', {
      body: `<!doctype html><html><head><meta charset="utf-8"><title>threads</title>
<script type="module" src="/app/entries/embed.js"></script></head><body>
<conv-playground loading="eager" ${attrs}></conv-playground></body></html>`,
      headers: { 'Content-Security-Policy': csp },
    });
    const { page, context } = await openPage(env, url, { init: [recordRenders] });
    await page.waitForFunction(() => window.__renders.some((r) => r.ok), undefined, { timeout: 20000 });
    const render = await untilRender(page, 'threadsFallback');
    assert.equal(render.threads, 1);
    assert.match(render.threadsFallback, /^workers unavailable: /);
    assert.equal(render.text, largeText);
    // The browser reports the blocked worker itself (the policy doing its job); nothing else.
    const problems = await finish(context, page);
    assert.deepEqual(
      problems.filter((p) => !/Content.Security.Policy/i.test(p) || !/worker/i.test(p)),
      [],
    );
  });
});
