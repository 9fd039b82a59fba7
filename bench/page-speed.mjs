#!/usr/bin/env node
// Page speed: the time from an edit in the playground to the redrawn result, in headless
// Chromium, for shapes up to (1, 16, 256) with K <= 16. Not a test: it prints a table.
//
// Each case opens the page at that shape, then types (sets the field and fires `input`, as
// typing does) one of four weights again and again, and separately toggles padding 1 <-> 2
// (which changes the shapes, so the diagram is rebuilt rather than updated in place):
//   - "edit→layout": the input event's synchronous work (parse, wasm compute, format, grid,
//     diagram) plus the forced style + layout of the new DOM;
//   - "edit→frame": until the frame after the edit has been produced (requestAnimationFrame
//     plus a task), which includes waiting for the next vsync (up to 16.7 ms) and painting.
// The last line is a reference for how fast this machine's browser is at DOM work.
// Usage: node bench/page-speed.mjs [--runs 40]
import { start, openPlayground } from '../tests/browser/harness.mjs';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 40;

const CASES = [
  { op: 'conv1d', shape: [1, 1, 16], cout: 1, k: 3 },
  { op: 'conv_transpose1d', shape: [1, 1, 16], cout: 1, k: 3, stride: 2 },
  { op: 'conv1d', shape: [1, 4, 64], cout: 4, k: 5 },
  { op: 'conv_transpose1d', shape: [1, 4, 64], cout: 4, k: 4, stride: 2 },
  { op: 'conv1d', shape: [1, 16, 128], cout: 16, k: 9 },
  { op: 'conv_transpose1d', shape: [1, 16, 128], cout: 16, k: 8, stride: 2 },
  { op: 'conv1d', shape: [1, 16, 256], cout: 16, k: 16 },
  { op: 'conv_transpose1d', shape: [1, 16, 256], cout: 16, k: 16, stride: 2 },
];

const weightShape = (c) => (c.op === 'conv1d' ? [c.cout, c.shape[1], c.k] : [c.shape[1], c.cout, c.k]);

function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  const at = (q) => v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)];
  return { median: at(0.5), p95: at(0.95) };
}

/** Puts each text in turn into the field (by data-testid) and times every edit. */
function measure(page, field, texts) {
  return page.evaluate(
    async ({ runs, texts, field }) => {
      const root = document.querySelector('conv-playground').shadowRoot;
      const control = root.querySelector(`[data-testid=${field}]`);
      const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      const out = [];
      for (let i = 0; i < runs + 3; i++) {
        await frame();
        const t0 = performance.now();
        control.value = texts[i % texts.length];
        control.dispatchEvent(new Event('input', { bubbles: true }));
        void root.querySelector('.pg').getBoundingClientRect(); // force style + layout
        const t1 = performance.now();
        await frame();
        const t2 = performance.now();
        const error = root.querySelector('[data-testid=error]').textContent;
        if (error) throw new Error(error);
        if (i >= 3) out.push({ layout: t1 - t0, frame: t2 - t0 }); // the first 3 warm up
      }
      return out;
    },
    { runs: RUNS, texts, field },
  );
}

/** Creating 1000 SVG <rect>s with 5 attributes: how fast this browser is at DOM work. */
function calibrate(page) {
  return page.evaluate(() => {
    const times = [];
    for (let r = 0; r < 9; r++) {
      const t = performance.now();
      const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
      for (let i = 0; i < 1000; i++) {
        const e = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
        for (const [k, v] of [
          ['x', i],
          ['y', 2],
          ['width', 30],
          ['height', 20],
          ['class', 'a b'],
        ])
          e.setAttribute(k, v);
        g.append(e);
      }
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[4];
  });
}

const env = await start();
const rows = [];
let reference = 0;
try {
  for (const c of CASES) {
    const hash =
      `#op=${c.op}&input=torch.randn(${c.shape.join(',')})&weight=torch.randn(${weightShape(c).join(',')})` +
      (c.stride ? `&stride=${c.stride}` : '');
    const { page, context } = await openPlayground(env, { hash, viewport: { width: 1280, height: 900 } });
    const weights = [1, 2, 3, 4].map(
      (seed) => `torch.randn(${weightShape(c).join(', ')}, generator=torch.Generator().manual_seed(${seed}))`,
    );
    const values = await measure(page, 'weight', weights);
    const shapes = await measure(page, 'padding', ['1', '2']);
    if (!reference) reference = await calibrate(page);
    const problems = await page.problems();
    if (problems.length) console.warn(problems);
    rows.push({
      c,
      layout: stats(values.map((s) => s.layout)),
      frame: stats(values.map((s) => s.frame)),
      relayout: stats(shapes.map((s) => s.layout)),
    });
    await context.close();
  }
} finally {
  await env.close();
}

const f = (x) => x.toFixed(1).padStart(6);
console.log(`Edit-to-redraw in headless Chromium, ms (${RUNS} edits per case)\n`);
console.log('                                     new weight values                 new padding');
console.log('op                shape          K   edit→layout     edit→frame        edit→layout');
console.log('                                     median   p95    median   p95     median   p95');
for (const { c, layout, frame, relayout } of rows) {
  const shape = `(${c.shape.join(', ')})`.padEnd(14);
  console.log(
    `${c.op.padEnd(17)} ${shape} ${String(c.k).padStart(2)}  ${f(layout.median)} ${f(layout.p95)}  ${f(frame.median)} ${f(frame.p95)}   ${f(relayout.median)} ${f(relayout.p95)}`,
  );
}
console.log(`\nReference: creating 1000 SVG <rect>s takes ${reference.toFixed(1)} ms in this browser.`);
