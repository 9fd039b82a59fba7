// Served like production (scripts/serve.mjs): brotli or gzip, revalidation with ETag, year-long
// caching for content-hashed files only, and the playground page bundled (one module, no
// unbundled module fetched) computing exactly what the development page computes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { ENGINE, start, openPlayground, outputText, finish } from './harness.mjs';
import { serve } from '../../scripts/serve.mjs';
import { bundle } from '../../scripts/bundle.mjs';

const WEB = new URL('../../web/', import.meta.url);
const HASH = '#op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&stride=4&padding=2';

/** GET with the given request headers -> {status, headers, body (decoded)}. */
function fetchRaw(url, headers = {}) {
  return new Promise((ok, fail) => {
    get(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        let body = Buffer.concat(chunks);
        if (res.headers['content-encoding'] === 'br') body = brotliDecompressSync(body);
        if (res.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        ok({ status: res.statusCode, headers: res.headers, body, wire: Buffer.concat(chunks).length });
      });
    }).on('error', fail);
  });
}

describe(`served like production [${ENGINE}]`, () => {
  let env;
  let server;
  let html;
  before(async () => {
    await bundle({ quiet: true });
    server = await serve({ port: 0, bundled: true });
    env = await start({ bundled: true });
    html = await readFile(new URL('dist/index.html', WEB), 'utf8');
  });
  after(async () => {
    await env?.close();
    await server?.close();
  });

  test('compressed: brotli when accepted, else gzip, else identity; the same bytes after decoding', async () => {
    const script = /src="(dist\/page-[0-9a-f]{10}\.js)"/.exec(html)[1];
    const original = await readFile(new URL(script, WEB));
    const br = await fetchRaw(`${server.url}${script}`, { 'Accept-Encoding': 'gzip, deflate, br' });
    const gz = await fetchRaw(`${server.url}${script}`, { 'Accept-Encoding': 'gzip' });
    const plain = await fetchRaw(`${server.url}${script}`, { 'Accept-Encoding': 'identity' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(plain.headers['content-encoding'], undefined);
    for (const r of [br, gz, plain]) {
      assert.ok(r.body.equals(original));
      assert.equal(r.headers.vary, 'Accept-Encoding');
    }
    assert.ok(
      br.wire < gz.wire && gz.wire < original.length / 2,
      `br ${br.wire}, gzip ${gz.wire}, raw ${original.length}`,
    );
  });

  test('cache headers: hashed bundles immutable for a year; pages and unhashed files revalidated (304)', async () => {
    const script = /src="(dist\/page-[0-9a-f]{10}\.js)"/.exec(html)[1];
    assert.equal(
      (await fetchRaw(`${server.url}${script}`)).headers['cache-control'],
      'public, max-age=31536000, immutable',
    );
    for (const path of ['index.html', 'dist/conv-playground.js', 'lib/convlab.js']) {
      const first = await fetchRaw(`${server.url}${path}`);
      assert.equal(first.headers['cache-control'], 'no-cache', path);
      assert.match(first.headers.etag, /^"[0-9a-z]+-[0-9a-z]+"$/, path);
      const again = await fetchRaw(`${server.url}${path}`, { 'If-None-Match': first.headers.etag });
      assert.equal(again.status, 304, path);
      assert.equal(again.body.length, 0, path);
    }
  });

  test('the bundled page: one module and one stylesheet, no unbundled module fetched, the same output', async () => {
    const served = await fetchRaw(`${server.url}index.html`);
    assert.equal(served.body.toString('utf8'), html, 'index.html is the bundled page');
    assert.doesNotMatch(html, /app\/page\.js|modulepreload/);
    const { page, context } = await openPlayground(env, { hash: HASH });
    assert.equal(await outputText(page), 'tensor([[[1., 1., 2., 2., 2., 2., 1., 1.]]])');
    const loaded = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname),
    );
    const scripts = loaded.filter((p) => /\.m?js$/.test(p) && !p.startsWith('/__driver/'));
    assert.deepEqual(scripts, [/src="(dist\/page-[0-9a-f]{10}\.js)"/.exec(html)[1].replace(/^/, '/')]);
    assert.deepEqual(await finish(context, page), []);
  });
});
