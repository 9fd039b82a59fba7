// The markdown-it plugin (package export "convlab/markdown-it") with the real markdown-it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import MarkdownIt from 'markdown-it';
import convPlayground, { parseBlock } from 'convlab/markdown-it';

const md = new MarkdownIt().use(convPlayground);

test('package.json exports ./markdown-it with types', async () => {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
  assert.deepEqual(pkg.exports['./markdown-it'], {
    types: './integrations/markdown-it.d.ts',
    default: './integrations/markdown-it.js',
  });
});

test('a conv-playground fence becomes the element, one attribute per line', () => {
  const html = md.render(
    '# Post\n\n```conv-playground\nop: conv_transpose1d\ninput: torch.ones(1, 1, 2)\nweight: torch.ones(1, 1, 8)\nstride: 4\n# a comment\n\npadding: 2\n```\n',
  );
  assert.equal(
    html,
    '<h1>Post</h1>\n<conv-playground\n  op="conv_transpose1d"\n  input="torch.ones(1, 1, 2)"\n  weight="torch.ones(1, 1, 8)"\n  stride="4"\n  padding="2"\n></conv-playground>\n',
  );
});

test('every value is escaped: markup, quotes and ampersands stay text', () => {
  const html = md.render(
    '```conv-playground\ninput: "><script>alert(1)</script>\nweight: a & b \' c\naria-label: <img src=x onerror=alert(1)>\n```\n',
  );
  assert.doesNotMatch(html, /<script|<img/);
  assert.match(html, /input="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
  assert.match(html, /weight="a &amp; b &#39; c"/);
  assert.match(html, /aria-label="&lt;img src=x onerror=alert\(1\)&gt;"/);
});

test('unknown names, repeated names and malformed lines render a visible error, not markup', () => {
  const html = md.render('```conv-playground\nop: conv1d\nonload: alert(1)\nop: conv1d\njust text <b>\n```\n');
  assert.match(html, /^<pre class="conv-playground-error" role="alert">conv-playground: /);
  assert.match(html, /line 2: &quot;onload&quot; is not an attribute of &lt;conv-playground&gt;/);
  assert.match(html, /line 3: &quot;op&quot; is given twice/);
  assert.match(html, /line 4: expected &quot;name: value&quot;, got &quot;just text &lt;b&gt;&quot;/);
  assert.doesNotMatch(html, /<conv-playground|<b>/);
});

test('other fences are left to markdown-it (and stay escaped)', () => {
  assert.equal(md.render('```js\nlet a = "<b>";\n```\n'), new MarkdownIt().render('```js\nlet a = "<b>";\n```\n'));
  assert.deepEqual(parseBlock('stride:3\npadding:  1 '), {
    attrs: [
      ['stride', '3'],
      ['padding', '1'],
    ],
    errors: [],
  });
});
