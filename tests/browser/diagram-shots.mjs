// Screenshots of the overlap diagram for the cases issue 12 names (the notebook's last cell, a
// 64-cell Conv1d, groups=2, an invalid case), light and dark, desktop and phone, clipped to the
// result and diagram cards and saved as small PNGs.
//   node tests/browser/diagram-shots.mjs [--root DIR] [--out DIR] [--tag after] [--cards diagram]
// --root serves another web/ (e.g. main's, for the "before" pictures); --cards diagram clips to
// the diagram card alone (the small pictures under docs/diagram/, then shrunk with pngquant).
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { CHROMIUM_ARGS, chromiumPath, waitReady } from './harness.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const OUT = resolve(arg('--out', fileURLToPath(new URL('../../docs/diagram/', import.meta.url))));
const TAG = arg('--tag', 'after');
const ROOT = arg('--root', null);
const CARDS = arg('--cards', 'result,diagram')
  .split(',')
  .map((c) => `.${c}-card`);

export const SHOT_CASES = {
  notebook: '#op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&stride=4&padding=2&output_padding=1',
  conv64: '#op=conv1d&input=torch.arange(64.).reshape(1,1,64)&weight=torch.tensor([[[1.,2.,1.]]])&padding=1',
  groups2: '#op=conv1d&input=torch.arange(8.).reshape(1,4,2)&weight=torch.ones(2,2,2)&groups=2',
  invalid: '#op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&stride=4&padding=9',
};
const SIZES = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

const server = await serve({ port: 0, ...(ROOT ? { root: resolve(ROOT) } : {}) });
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
await mkdir(OUT, { recursive: true });
try {
  for (const scheme of ['light', 'dark']) {
    for (const [size, viewport] of Object.entries(SIZES)) {
      for (const [name, hash] of Object.entries(SHOT_CASES)) {
        const context = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
        const page = await context.newPage();
        await page.goto(`${server.url}index.html${hash}`);
        await waitReady(page);
        await page.waitForTimeout(200);
        const box = await page.evaluate((selectors) => {
          const root = document.querySelector('conv-playground').shadowRoot;
          const cards = selectors.map((s) => root.querySelector(s));
          const rects = cards.filter((c) => c && !c.hidden).map((c) => c.getBoundingClientRect());
          return {
            x: Math.min(...rects.map((r) => r.left)) + scrollX,
            right: Math.max(...rects.map((r) => r.right)) + scrollX,
            y: Math.min(...rects.map((r) => r.top)) + scrollY,
            bottom: Math.max(...rects.map((r) => r.bottom)) + scrollY,
            scrollWidth: document.documentElement.scrollWidth,
          };
        }, CARDS);
        const width = Math.max(viewport.width, box.scrollWidth);
        const file = `${OUT}/${name}-${size}-${scheme}-${TAG}.png`;
        const x = Math.max(0, box.x - 8);
        const clip = {
          x,
          y: Math.max(0, box.y - 8),
          width: Math.min(width, box.right + 8) - x,
          height: Math.min(2400, box.bottom - box.y + 16),
        };
        await page.screenshot({ path: file, clip, fullPage: true, scale: 'css' });
        console.log(file, `page width ${box.scrollWidth}`);
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
