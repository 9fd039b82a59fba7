// The embed's other ways in, in each engine (ENGINE): the iframe page (web/embed.html#…), the ES
// module entry for bundlers, and the playground's "Embed" panel whose snippets, pasted into a
// page, show the same case.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ENGINE, openPlayground } from './harness.mjs';
import { PRINTED, SCRIPT, embedSuite } from './embed/setup.mjs';
import { outputOf, renderAll, shown, waitPrinted } from './embed/element-probe.mjs';

describe(`embed: the iframe page, the ES module and the Embed panel [${ENGINE}]`, () => {
  const env = embedSuite();

  test('iframe alternative: embed.html#… (the page’s hash format) with minimal chrome', async () => {
    const hash =
      'op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&stride=4&padding=2&controls=params&view=output';
    const { page, problems } = await env.open(`${env.plain.url}embed.html#${hash}`, {
      viewport: { width: 700, height: 700 },
    });
    const el = page.locator('conv-playground');
    await renderAll(page);
    assert.equal(await outputOf(el), PRINTED['notebook/10_conv_transpose1d_K8_L2_s4_p2_op0']);
    assert.equal(await shown(el, '[data-testid=input]'), false, 'controls=params');
    assert.equal(await shown(el, '[data-testid=stride]'), true);
    assert.equal(await shown(el, '[data-testid=diagram]'), false, 'view=output');
    assert.match(
      await page.locator('[data-testid=open-full]').getAttribute('href'),
      /index\.html#op=conv_transpose1d&.*stride=4&padding=2/,
    );
    assert.equal(
      await page.evaluate(() => document.querySelectorAll('body > *:not(script, noscript)').length),
      2,
      'the element and one link',
    );
    assert.deepEqual(await problems(), []);

    // Inside an iframe on another page.
    const host = `${env.plain.url}fixtures/iframe.html`;
    const body = `<!doctype html><meta charset="utf-8"><title>iframe</title><iframe src="/embed.html#${hash.replace(/&/g, '&amp;')}" width="100%" height="600" title="ConvLab"></iframe>`;
    const framed = await env.open(host, { routes: { [host]: { body } } });
    const frame = framed.page.frameLocator('iframe').locator('conv-playground');
    await frame.evaluate(() => new Promise((ok) => requestAnimationFrame(ok)));
    await waitPrinted(frame, PRINTED['notebook/10_conv_transpose1d_K8_L2_s4_p2_op0']);
    assert.deepEqual(await framed.problems(), []);
  });

  test('ES module entry for bundlers: web/dist/conv-playground.mjs (package export "./embed")', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    assert.equal(pkg.exports['./embed'], './web/dist/conv-playground.mjs');
    const url = `${env.plain.url}fixtures/esm.html`;
    const body = `<!doctype html><meta charset="utf-8"><title>esm</title>
<script type="module">
  import { ConvPlayground, loadConvLab } from '/dist/conv-playground.mjs';
  const lab = await loadConvLab();
  window.__check = { defined: customElements.get('conv-playground') === ConvPlayground, length: lab.outputLength('conv_transpose1d', 2, 8, { stride: 4, padding: 2 }) };
</script>
<conv-playground op="conv1d" input="torch.ones(1, 1, 7)" weight="torch.ones(1, 1, 3)" padding="1"></conv-playground>`;
    const { page, problems } = await env.open(url, { routes: { [url]: { body } } });
    await page.waitForFunction(() => window.__check);
    assert.deepEqual(await page.evaluate(() => window.__check), { defined: true, length: 8 });
    await renderAll(page);
    assert.equal(await outputOf(page.locator('conv-playground')), PRINTED['notebook/02_conv1d_K3_L7_s1_p1_op0']);
    assert.equal(await page.evaluate(() => window.__wasmCompiles), 1, 'the element and the API share one instance');
    assert.deepEqual(await problems(), []);
  });

  test('the playground’s "Embed" panel: both snippets, and pasted into a page they show the same case', async () => {
    const site = { browser: env.browser, url: env.plain.url };
    const { page, context } = await openPlayground(site, {
      hash: '#op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&bias=torch.tensor([0.25])&stride=4&padding=2&output_padding=1',
    });
    const expected = await page.locator('conv-playground [data-testid=output-tensor]').textContent();
    const toggle = page.locator('conv-playground [data-testid=copy-embed]');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const tag = await page.locator('conv-playground [data-testid=embed-tag]').inputValue();
    const iframe = await page.locator('conv-playground [data-testid=embed-iframe]').inputValue();
    assert.ok(tag.startsWith(`<script src="${env.plain.url}${SCRIPT}"></script>\n<conv-playground`), tag);
    assert.match(tag, /\n {2}op="conv_transpose1d"\n {2}input="torch\.ones\(1,1,2\)"/);
    assert.match(tag, /output-padding="1"/);
    assert.match(tag, /bias="torch\.tensor\(\[0\.25\]\)"/);
    assert.match(iframe, new RegExp(`^<iframe src="${env.plain.url}embed\\.html#op=conv_transpose1d&amp;`));
    await page.locator('conv-playground [data-testid=copy-embed-tag]').click();
    await page.waitForFunction(() =>
      /copied|Could not copy/.test(
        document.querySelector('conv-playground').shadowRoot.querySelector('.copy-status').textContent,
      ),
    );
    const panelProblems = await page.problems();
    await context.close();

    // Paste both snippets into a blog page.
    const blog = `${env.plain.url}fixtures/pasted.html`;
    const body = `<!doctype html><meta charset="utf-8"><title>pasted</title><h1>My post</h1>\n${tag}\n${iframe}`;
    const pasted = await env.open(blog, { routes: { [blog]: { body } }, viewport: { width: 1000, height: 2000 } });
    await renderAll(pasted.page);
    assert.equal(await outputOf(pasted.page.locator('conv-playground')), expected);
    const framed = pasted.page.frameLocator('iframe').locator('conv-playground');
    await framed.scrollIntoViewIfNeeded();
    await waitPrinted(framed, expected);
    assert.deepEqual(panelProblems, []);
    assert.deepEqual(await pasted.problems(), []);
  });
});
