// A Markdown post rendered with the real markdown-it and the convlab/markdown-it plugin, opened
// from file:// with the embed script: every figure prints PyTorch's output (tests/golden).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import MarkdownIt from 'markdown-it';
import convPlayground from 'convlab/markdown-it';
import { ENGINE, start, openPage, finish } from './harness.mjs';
import { bundle } from '../../scripts/bundle.mjs';

const NOTEBOOK = JSON.parse(await readFile(new URL('../golden/notebook.json', import.meta.url), 'utf8'));
const CASES = NOTEBOOK.cases.filter((c) => ['01', '02', '10', '12'].some((n) => c.name.includes(`/${n}_`)));
const OUT = new URL(`../../build/markdown-post-${ENGINE}/`, import.meta.url);
const SCRIPT = fileURLToPath(new URL('../../web/dist/conv-playground.js', import.meta.url));

const DEFAULTS = { stride: 1, padding: 0, dilation: 1, groups: 1, padding_mode: 'zeros', output_padding: 0 };

/** A golden tensor {shape, data} as PyTorch text: torch.tensor([[[1., 2.]]]). */
function torchText({ shape, data }) {
  const nest = (dim, offset) => {
    if (dim === shape.length) return `${Number.isInteger(data[offset]) ? `${data[offset]}.` : data[offset]}`;
    const step = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    return `[${Array.from({ length: shape[dim] }, (_, i) => nest(dim + 1, offset + i * step)).join(', ')}]`;
  };
  return `torch.tensor(${nest(0, 0)})`;
}

/** The fenced block for a notebook case: the element's attribute names, PyTorch's values. */
function fence(c) {
  const lines = [
    `op: ${c.op}`,
    `input: ${torchText(c.input)}`,
    `weight: ${torchText(c.weight)}`,
    `aria-label: ${c.title}`,
  ];
  if (c.bias) lines.push(`bias: ${torchText(c.bias)}`);
  for (const [k, v] of Object.entries(c.params ?? {}))
    if (DEFAULTS[k] !== v) lines.push(`${k.replace(/_/g, '-')}: ${typeof v === 'string' ? `'${v}'` : String(v)}`);
  lines.push('controls: params');
  return `\`\`\`conv-playground\n${lines.join('\n')}\n\`\`\``;
}

describe(`a markdown-it post from file:// [${ENGINE}]`, () => {
  let env;
  let url;
  before(async () => {
    await bundle({ quiet: true });
    env = await start();
    const markdown = [
      '# Transposed convolutions, by example',
      '',
      'Each figure below is a live `<conv-playground>` written as a fenced block.',
      '',
      ...CASES.flatMap((c) => [`## ${c.title}`, '', fence(c), '']),
    ].join('\n');
    const body = new MarkdownIt().use(convPlayground).render(markdown);
    await mkdir(OUT, { recursive: true });
    const html = `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Markdown post</title>\n<script src="${pathToFileURL(SCRIPT).href}"></script></head>\n<body><main>\n${body}</main></body></html>\n`;
    const file = new URL('post.html', OUT);
    await writeFile(file, html);
    url = file.href;
  });
  after(async () => env?.close());

  test('every figure prints PyTorch’s output', async () => {
    const { page, context } = await openPage(env, url);
    const count = await page.evaluate(() => document.querySelectorAll('conv-playground').length);
    assert.equal(count, CASES.length);
    const printed = [];
    for (let i = 0; i < count; i++) {
      await page.locator('conv-playground').nth(i).scrollIntoViewIfNeeded();
      printed.push(
        await page.waitForFunction(
          (n) =>
            document.querySelectorAll('conv-playground')[n].shadowRoot?.querySelector('[data-testid=output-tensor]')
              ?.textContent,
          i,
        ),
      );
    }
    assert.deepEqual(
      printed,
      CASES.map((c) => c.printed),
    );
    assert.deepEqual(await finish(context, page), []);
  });
});
