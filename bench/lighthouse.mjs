#!/usr/bin/env node
// Lighthouse (npm lighthouse, Debian's Chromium) against the page as served in production
// (scripts/serve.mjs: bundled, compressed): all four category scores for the playground on
// desktop and mobile and for the example post. A benchmark, not a test: it prints a table and
// writes the JSON reports to build/lighthouse/. Needs `bash scripts/build.sh` first.
//   node bench/lighthouse.mjs
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { serve } from '../scripts/serve.mjs';
import { chromiumPath } from '../tests/browser/drivers/chromium.mjs';

const run = promisify(execFile);
const OUT = fileURLToPath(new URL('../build/lighthouse/', import.meta.url));
const BIN = fileURLToPath(new URL('../node_modules/lighthouse/cli/index.js', import.meta.url));
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const HASH = '#op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&stride=4&padding=2';

const server = await serve({ port: 0, bundled: true });
const pages = [
  ['playground', 'desktop', `${server.url}index.html${HASH}`],
  ['playground', 'mobile', `${server.url}index.html${HASH}`],
  ['example post', 'desktop', `${server.url}examples/transposed-convolution.html`],
  ['example post', 'mobile', `${server.url}examples/transposed-convolution.html`],
];
await mkdir(OUT, { recursive: true });
const rows = [];
try {
  for (const [name, form, url] of pages) {
    const file = `${OUT}${name.replace(/ /g, '-')}-${form}.json`;
    const args = [
      BIN,
      url,
      '--quiet',
      '--output=json',
      `--output-path=${file}`,
      `--only-categories=${CATEGORIES.join(',')}`,
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync',
    ];
    if (form === 'desktop') args.push('--preset=desktop');
    await run(process.execPath, args, { env: { ...process.env, CHROME_PATH: chromiumPath() }, maxBuffer: 1 << 26 });
    const report = JSON.parse(await readFile(file, 'utf8'));
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(report.categories[c].score * 100)]));
    const failing = Object.values(report.audits)
      .filter(
        (a) =>
          a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual',
      )
      .map((a) => a.id);
    rows.push({
      page: name,
      form,
      ...scores,
      lcp: report.audits['largest-contentful-paint'].displayValue,
      below90: failing.join(' '),
    });
  }
} finally {
  await server.close();
}
console.table(rows);
