// Screenshots of the diagram card in each view (issue 13): desktop and 360 px, light and dark,
// into tests/browser/screenshots/views/ (gitignored); with --docs, the small ones committed in
// docs/views/ (desktop light, phone dark).
//   node tests/browser/views-screenshots.mjs [--docs]
import { mkdir, copyFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { start, openPlayground } from './harness.mjs';

const OUT = fileURLToPath(new URL('./screenshots/views/', import.meta.url));
const DOCS = fileURLToPath(new URL('../../docs/views/', import.meta.url));
const docs = process.argv.includes('--docs');

const TRANSPOSED =
  'op=conv_transpose1d&input=torch.tensor([[[1.,2.,3.]]])&weight=torch.tensor([[[1.,-1.,2.]]])&stride=2&padding=1';
const CONV = 'op=conv1d&input=torch.arange(8.).reshape(1,1,8)&weight=torch.tensor([[[1.,2.,-1.]]])&stride=2&padding=1';
const VIEWS = {
  equivalent: TRANSPOSED,
  matrix: CONV,
  gradient: `${CONV}&bias=torch.tensor([0.5])`,
  steps: TRANSPOSED,
};
const SIZES = { desktop: { width: 1280, height: 900 }, phone: { width: 360, height: 780 } };

await mkdir(OUT, { recursive: true });
if (docs) await mkdir(DOCS, { recursive: true });
const env = await start();
try {
  for (const [view, hash] of Object.entries(VIEWS)) {
    for (const [size, viewport] of Object.entries(SIZES)) {
      for (const scheme of ['light', 'dark']) {
        const { page, context } = await openPlayground(env, {
          viewport,
          colorScheme: scheme,
          hash: `#${hash}&diagram=${view}`,
        });
        if (view === 'steps') await page.locator('conv-playground [data-testid="step-next"]').click();
        if (view === 'matrix') await page.locator('conv-playground .g-cell[data-r="1"][data-c="2"]').hover();
        await page.waitForTimeout(200);
        const name = `${view}-${size}-${scheme}.png`;
        await page.locator('conv-playground .diagram-card').screenshot({ path: `${OUT}${name}` });
        if (docs && ((size === 'desktop' && scheme === 'light') || (size === 'phone' && scheme === 'dark')))
          await copyFile(`${OUT}${name}`, `${DOCS}${name}`);
        await context.close();
      }
    }
  }
} finally {
  await env.close();
}
console.log(`screenshots in ${OUT}${docs ? ` and ${DOCS}` : ''}`);
