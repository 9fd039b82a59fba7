// The page under attack (issue 6, item 7), in each engine (ENGINE): a strict Content-Security-Policy
// without 'unsafe-eval' (with and without 'unsafe-inline' for styles): no violation, the notebook
// presets compute PyTorch's output, and typing, the embed panel, the diagram and errors all work.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ENGINE, waitOutput } from './harness.mjs';
import { underAttack } from './hostile/setup.mjs';
import { apiOutput, assertSafe, view } from './hostile/page-probe.mjs';

const NOTEBOOK = JSON.parse(await readFile(new URL('../golden/notebook.json', import.meta.url), 'utf8'));
const CSP_STRICT =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'";
const CSP_NO_INLINE_STYLE = CSP_STRICT.replace(" 'unsafe-inline'", '');

describe(`the page under attack: a strict CSP [${ENGINE}]`, () => {
  const { open } = underAttack();

  for (const [label, csp] of [
    ["style-src 'self' 'unsafe-inline'", CSP_STRICT],
    ["style-src 'self' (no 'unsafe-inline')", CSP_NO_INLINE_STYLE],
  ]) {
    test(`works under a strict Content-Security-Policy without 'unsafe-eval' (${label})`, async () => {
      const { page, context, problems } = await open('', { csp });
      // Loading: no violation, no console error.
      assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'CSP violations while loading');
      assert.deepEqual(await problems(), [], 'console errors while loading');
      // The header really is in force: an inline script and a string timer (eval) are refused.
      const forced = await page.evaluate(async () => {
        const s = document.createElement('script');
        s.textContent = 'window.__inline = 1';
        document.head.append(s);
        s.remove();
        setTimeout('window.__evalRan = 1', 0);
        await new Promise((r) => setTimeout(r, 50));
        return {
          inline: window.__inline ?? null,
          evalRan: window.__evalRan ?? null,
          violations: window.__cspViolations.map((v) => v.split(' ')[0]),
        };
      });
      // Two violations, both of script-src (Chromium and Firefox name the first script-src-elem).
      assert.deepEqual(
        { ...forced, violations: forced.violations.map((v) => v.replace('script-src-elem', 'script-src')) },
        { inline: null, evalRan: null, violations: ['script-src', 'script-src'] },
        'the CSP is not in force',
      );
      await page.evaluate(() => {
        window.__cspViolations = [];
      });
      const problemsBefore = (await problems()).length;

      // Every notebook preset, clicked: PyTorch's output.
      for (const c of NOTEBOOK.cases) {
        await page.locator('.preset', { hasText: c.title }).first().click();
        await waitOutput(page, c.printed);
      }
      // Typing, the embed panel, the diagram and an error all work too.
      await page.locator('conv-playground [data-testid=stride]').fill('3');
      await page.locator('conv-playground [data-testid=copy-embed]').click();
      await page.locator('conv-playground [data-testid=embed-tag]').waitFor({ state: 'visible' });
      await page.locator('conv-playground [data-testid=input]').fill('torch.ones(1, 1,');
      assert.match((await view(page)).error, /input/);
      await page.locator('conv-playground [data-testid=input]').fill('torch.ones(1, 1, 2)');
      assert.equal((await view(page)).output, await apiOutput(page, (await view(page)).state));
      await page.mouse.move(640, 700);
      await page.waitForTimeout(100);

      const result = await page.evaluate(() => {
        const root = document.querySelector('conv-playground').shadowRoot;
        const pg = root.querySelector('.pg');
        return {
          violations: window.__cspViolations,
          styled:
            getComputedStyle(pg).visibility === 'visible' &&
            getComputedStyle(root.querySelector('.card')).borderRadius !== '0px',
        };
      });
      assert.deepEqual(result.violations, [], `CSP violations under ${csp}`);
      assert.equal(result.styled, true, 'the playground is not styled');
      assert.deepEqual((await problems()).slice(problemsBefore), [], 'console errors');
      await assertSafe(page, 'CSP');
      await context.close();
    });
  }
});
