// Screenshots of the page's design tools (the solver, a layer stack, a pasted error, the padding
// lab), light and dark, desktop and 360 px, into tests/browser/screenshots/ (gitignored); with
// --docs, six small JPEGs of the tools' section into docs/design/ (Chromium: JPEG from the path).
//   [ENGINE=firefox] node tests/browser/design-screenshots.mjs [--docs]
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { start, openPlayground } from './harness.mjs';

const OUT = fileURLToPath(new URL('./screenshots/', import.meta.url));
const DOCS = fileURLToPath(new URL('../../docs/design/', import.meta.url));
const docs = process.argv.includes('--docs');
const L = 'nn.ConvTranspose1d(1,1,kernel_size=3,stride=2)';

const SHOTS = {
  solver: { hash: '#tool=design&op=conv_transpose1d&in_length=3&out_length=8' },
  stack: { hash: `#layer=${L}&layer=${L}&layer=${L}&input=torch.ones(1,1,4)&cell=9` },
  paste: {
    hash: '#op=conv1d&input=torch.ones(1,3,10)&weight=torch.ones(8,4,3)',
    paste:
      'RuntimeError: Given groups=1, weight of size [8, 4, 3], expected input[1, 3, 10] to have 4 channels, but got 3 channels instead',
  },
  padding: { hash: '#tool=padding&op=conv_transpose1d&input=torch.ones(1,1,5)&weight=torch.ones(1,1,4)&stride=2' },
};
// The few committed under docs/design/ (each 30-80 KB as JPEG).
const DOC_SHOTS = new Set([
  'design-solver-desktop-light',
  'design-stack-desktop-dark',
  'design-paste-phone-light',
  'design-padding-phone-dark',
  'design-stack-phone-light',
  'design-solver-phone-dark',
]);
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 360, height: 780 } };

const env = await start();
await mkdir(OUT, { recursive: true });
if (docs) await mkdir(DOCS, { recursive: true });
const saved = [];
try {
  for (const scheme of ['light', 'dark']) {
    for (const [device, viewport] of Object.entries(VIEWPORTS)) {
      for (const [what, shot] of Object.entries(SHOTS)) {
        const { page, context } = await openPlayground(env, {
          viewport,
          colorScheme: scheme,
          hash: shot.hash,
        });
        await page.waitForFunction(
          () => document.querySelector('[data-testid=design-tools]')?.dataset.ready === 'true',
        );
        if (shot.paste) {
          await page.locator('[data-testid=paste]').fill(shot.paste);
          await page.waitForFunction(() => document.querySelector('[data-testid=paste-result]').textContent);
        }
        await page.waitForTimeout(150);
        // The tools' section only: its box in page coordinates, on a full-page shot.
        const clip = await page.evaluate(() => {
          const r = document.querySelector('[data-testid=design-tools]').getBoundingClientRect();
          return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
        });
        const name = `design-${what}-${device}-${scheme}`;
        await page.screenshot({ path: `${OUT}${name}.png`, fullPage: true, clip });
        saved.push(`${OUT}${name}.png`);
        if (docs && DOC_SHOTS.has(name)) {
          await page.screenshot({ path: `${DOCS}${name}.jpg`, fullPage: true, clip }); // JPEG from the extension
          saved.push(`${DOCS}${name}.jpg`);
        }
        const problems = await page.problems();
        if (problems.length) console.warn(`${name}:`, problems);
        await context.close();
      }
    }
  }
} finally {
  await env.close();
}
console.log(saved.join('\n'));
