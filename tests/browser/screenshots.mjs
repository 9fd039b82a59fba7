// Saves screenshots of the playground: desktop and 360 px wide, light and dark, into
// tests/browser/screenshots/ (gitignored), named after the engine. With --docs, also writes a few
// small ones into docs/.
//   ENGINE=firefox node tests/browser/screenshots.mjs [--docs]   (webkit: under xvfb-run)
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ENGINE, start, openPlayground } from './harness.mjs';

const OUT = fileURLToPath(new URL('./screenshots/', import.meta.url));
const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
const docs = process.argv.includes('--docs');

const CASES = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'mobile-360', viewport: { width: 360, height: 780 } },
];
const HASHES = {
  transposed:
    '#op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&stride=4&padding=2&output_padding=1',
  checkerboard: '#op=conv_transpose1d&input=torch.ones(1,1,8)&weight=torch.ones(1,1,3)&stride=2',
  reflect:
    '#op=conv1d&input=torch.tensor([[[1.,2.,3.,4.,5.]]])&weight=torch.ones(1,1,3)&padding=2&padding_mode=reflect',
  channels:
    '#op=conv_transpose1d&input=torch.tensor([[[1.,2.,0.5],[-1.,0.,1.]]])&weight=torch.randn(2,3,4,generator=torch.Generator().manual_seed(1))&bias=torch.tensor([0.1,0.,-0.1])&stride=2',
  large: '#op=conv1d&input=torch.randn(1,16,256)&weight=torch.randn(16,16,16)&padding=same',
  error: '#op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&stride=4&padding=2&output_padding=1',
};

async function hover(page, key) {
  const cell = page.locator(`conv-playground [data-key="${key}"]`).first();
  await cell.hover();
}

const env = await start();
await mkdir(OUT, { recursive: true });
const saved = [];
try {
  for (const scheme of ['light', 'dark']) {
    for (const c of CASES) {
      for (const [what, hash] of Object.entries(HASHES)) {
        if (c.name === 'mobile-360' && !['transposed', 'reflect', 'error'].includes(what)) continue;
        const { page, context } = await openPlayground(env, {
          viewport: c.viewport,
          colorScheme: scheme,
          hash,
        });
        if (what === 'transposed') await hover(page, 'sum:6');
        if (what === 'checkerboard') await hover(page, 'sum:4');
        if (what === 'reflect') await hover(page, 'out:0');
        if (what === 'error') {
          await page.locator('conv-playground [data-testid=output_padding]').fill('7');
          await page.locator('conv-playground [data-testid=output_padding]').blur();
        }
        await page.waitForTimeout(150);
        const file = `${OUT}${ENGINE}-${c.name}-${scheme}-${what}.png`;
        await page.screenshot({ path: file, fullPage: true });
        saved.push(file);
        const problems = await page.problems();
        if (problems.length) console.warn(`${what}/${c.name}/${scheme}:`, problems);
        await context.close();
      }
    }
  }
  if (docs) {
    // Small images for the README (each under 150 KB).
    await mkdir(DOCS, { recursive: true });
    const shots = [
      {
        file: 'playground-light.png',
        scheme: 'light',
        hash: HASHES.transposed,
        hoverKey: 'sum:6',
        width: 1100,
        clip: ['conv-playground .result-card', 'conv-playground .diagram-card'],
      },
      {
        file: 'playground-dark.png',
        scheme: 'dark',
        hash: HASHES.checkerboard,
        hoverKey: 'sum:4',
        width: 1280,
        clip: ['conv-playground .diagram-card'],
      },
      {
        file: 'playground-mobile.png',
        scheme: 'light',
        hash: HASHES.reflect,
        width: 360,
        clip: ['conv-playground .diagram-card'],
      },
    ];
    for (const shot of shots) {
      const { page, context } = await openPlayground(env, {
        viewport: { width: shot.width, height: 900 },
        colorScheme: shot.scheme,
        hash: shot.hash,
      });
      const file = `${DOCS}${shot.file}`;
      await page
        .locator(shot.clip[0])
        .first()
        .evaluate((el) => el.scrollIntoView());
      if (shot.hoverKey) await hover(page, shot.hoverKey);
      await page.waitForTimeout(150);
      // The union of the boxes, taken without scrolling (which would move the hovered cell).
      const boxes = [];
      for (const selector of shot.clip) {
        boxes.push(
          await page
            .locator(selector)
            .first()
            .evaluate((el) => {
              const r = el.getBoundingClientRect();
              return { x: r.left + scrollX, y: r.top + scrollY, right: r.right + scrollX, bottom: r.bottom + scrollY };
            }),
        );
      }
      const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - 8);
      const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - 8);
      const right = Math.min(shot.width, Math.max(...boxes.map((b) => b.right)) + 8);
      const clip = { x, y, width: right - x, height: Math.max(...boxes.map((b) => b.bottom)) + 8 - y };
      await page.screenshot({ path: file, clip, fullPage: true });
      saved.push(file);
      await context.close();
    }
  }
} finally {
  await env.close();
}
for (const f of saved) console.log(f);
