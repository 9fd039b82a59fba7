// The analysis API (gradients, matrix, equivalent Conv1d) inside a real browser: the same WASM
// module and JS the page loads, against every PyTorch autograd golden case.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ENGINE, start } from './harness.mjs';

const env = await start();
after(() => env.close());
const CASES = JSON.parse(await readFile(new URL('../golden/backward_cases.json', import.meta.url), 'utf8')).cases;

test(`backward goldens, the matrix transpose and the equivalent conv1d hold in the browser [${ENGINE}]`, async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.url}embed.html`);
  const report = await page.evaluate(async (cases) => {
    const { loadConvLab } = await import('/lib/convlab.js');
    const lab = await loadConvLab();
    const NON_FINITE = { nan: NaN, inf: Infinity, '-inf': -Infinity };
    const tensor = (j) => j && { shape: j.shape, data: Float32Array.from(j.data, (v) => NON_FINITE[v] ?? v) };
    const failures = [];
    let compared = 0;
    for (const limit of [256, 0]) {
      lab.setTinyLimit(limit);
      for (const c of cases) {
        const params = { ...c.params };
        if (c.op === 'conv1d') delete params.output_padding;
        const fn = c.op === 'conv1d' ? lab.conv1dBackward : lab.convTranspose1dBackward;
        const got = fn.call(lab, tensor(c.input), tensor(c.weight), tensor(c.bias), tensor(c.grad_output), params);
        const exact = !c.name.includes('/randn');
        for (const what of ['input', 'weight', 'bias']) {
          const want = c.expected[what];
          if (!want) {
            if (got[what] !== null) failures.push(`${c.name} ${what}: expected null`);
            continue;
          }
          for (const cell of c.nonfinite_ambiguous?.[what] ?? [])
            if (Number.isNaN(got[what].data[cell]))
              got[what].data[cell] = NON_FINITE[want.data[cell]] ?? want.data[cell];
          const scale = want.data.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 1);
          want.data.forEach((raw, i) => {
            const v = NON_FINITE[raw] ?? raw;
            if (Number.isNaN(v) ? Number.isNaN(got[what].data[i]) : got[what].data[i] === v) return;
            const d = Math.abs(got[what].data[i] - v);
            if (exact ? d !== 0 : !(d <= 2e-5 * scale))
              failures.push(`${c.name} ${what}[${i}]: ${got[what].data[i]} vs ${v}`);
          });
          compared++;
        }
      }
    }
    lab.setTinyLimit(256);
    const w = { shape: [2, 3, 3], data: Float32Array.from({ length: 18 }, (_, i) => i - 9) };
    const C = lab.matrix('conv1d', [3, 10], w, { stride: 2, padding: 1 });
    const T = lab.matrix('conv_transpose1d', [2, 5], w, { stride: 2, padding: 1, output_padding: 1 });
    const [rows, cols] = C.shape;
    let transposed = T.shape[0] === cols && T.shape[1] === rows;
    for (let i = 0; i < rows; ++i)
      for (let j = 0; j < cols; ++j) transposed &&= C.data[i * cols + j] === T.data[j * rows + i];
    const e = lab.equivalentConv1d([[[1, 1]]], [[[1, 1, 1, 1, 1, 1, 1, 1]]], null, { stride: 4, padding: 2 });
    return { failures: failures.slice(0, 10), compared, transposed, equivalent: Array.from(e.output.data) };
  }, CASES);
  await context.close();
  assert.deepEqual(await page.problems(), []);
  assert.deepEqual(report.failures, []);
  assert.ok(report.compared >= 2 * 2 * CASES.length, `${report.compared} gradients compared`);
  assert.ok(report.transposed, "conv_transpose1d's matrix is conv1d's transposed");
  assert.deepEqual(report.equivalent, [1, 1, 2, 2, 2, 2, 1, 1]);
});
