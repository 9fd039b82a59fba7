#!/usr/bin/env node
// `npm run bench:shapes`: how long lab.solveShapes takes with the default ranges (the playground
// runs it on every keystroke), for typical and worst-case lengths, and lab.invertConv1d and
// parseLayer for scale. Prints a markdown table: median and p95 over many calls, node, one thread.
import { loadConvLab, parseLayer } from '../web/lib/index.js';

const lab = await loadConvLab();

// Wall-clock median and p95 per call, and CPU time per call (process.cpuUsage), which stays
// meaningful when other processes share the cores.
function measure(fn, minMs = 300) {
  for (let i = 0; i < 20; i++) fn(); // warm up
  const samples = [];
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < minMs || samples.length < 50) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  samples.sort((a, b) => a - b);
  return {
    median: samples[samples.length >> 1],
    p95: samples[Math.floor(samples.length * 0.95)],
    cpu: (cpu.user + cpu.system) / 1000 / samples.length,
    runs: samples.length,
  };
}

// Typical and worst-case lengths with the default ranges ("conv1d 1 -> 1000" has many solutions:
// padding grows with stride), then wider ranges up to the caps: the largest search (2^20 kernel x
// stride x dilation combinations) and a large answer.
const DEFAULT_RANGES = [
  'conv_transpose1d 3 8',
  'conv1d 8 3',
  'conv_transpose1d 64 128',
  'conv1d 128 64',
  'conv1d 100 100',
  'conv_transpose1d 1000 4000',
  'conv1d 16000 8000',
  'conv1d 1 1000',
].map((text) => {
  const [op, inLength, outLength] = text.split(' ');
  return {
    label: `${op} ${inLength} → ${outLength} (defaults)`,
    query: { op, inLength: +inLength, outLength: +outLength },
  };
});
const WIDER_RANGES = [
  {
    label: '50 → 100, kernel ≤ 64, stride ≤ 64, dilation ≤ 16, padding ≤ 32',
    query: { op: 'conv_transpose1d', inLength: 50, outLength: 100 },
    ranges: { kernelSize: [1, 64], stride: [1, 64], dilation: [1, 16], padding: [0, 32] },
  },
  {
    label: 'at the search cap (1024 kernels x 1024 strides, padding 0)',
    query: { op: 'conv1d', inLength: 5000, outLength: 40 },
    ranges: { kernelSize: [1, 1024], stride: [1, 1024], dilation: 1, padding: [0, 0] },
  },
  {
    label: 'with a large answer (kernel ≤ 64, stride, dilation ≤ 16, padding ≤ 128)',
    query: { op: 'conv_transpose1d', inLength: 20, outLength: 30 },
    ranges: { kernelSize: [1, 64], stride: [1, 16], dilation: [1, 16], padding: [0, 128] },
  },
].map(({ label, query, ranges }) => ({ label, query: { ...query, ranges } }));

const rows = [];
for (const { label, query } of [...DEFAULT_RANGES, ...WIDER_RANGES]) {
  rows.push([`solveShapes ${label}`, lab.solveShapes(query).length, measure(() => lab.solveShapes(query))]);
}
rows.push(['invertConv1d(8, 3, {stride: 2})', 1, measure(() => lab.invertConv1d(8, 3, { stride: 2 }))]);
const text = 'nn.ConvTranspose1d(64, 32, kernel_size=4, stride=2, padding=1, output_padding=1, bias=False)';
rows.push(['parseLayer(ConvTranspose1d text)', 1, measure(() => parseLayer(text))]);

console.log('| call | solutions | median ms | p95 ms | CPU ms/call | runs |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [name, count, t] of rows) {
  console.log(
    `| ${name} | ${count} | ${t.median.toFixed(3)} | ${t.p95.toFixed(3)} | ${t.cpu.toFixed(3)} | ${t.runs} |`,
  );
}
