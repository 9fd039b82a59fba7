// The browser tests' web server: web/ as scripts/serve.mjs serves it, plus what a test needs in
// every engine alike — fixture pages (path -> body and headers), extra headers for some paths
// (a Content-Security-Policy), and, for drivers without init scripts (WebKit), the init scripts
// put into every HTML page as the first script.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { handler, resolvePath } from '../../scripts/serve.mjs';

const ROOT = resolve(fileURLToPath(new URL('../../web/', import.meta.url)));
const INIT_PATH = '/__driver/init.js';

/** Set by a driver without native init scripts: sources run first in every served page. */
export const injected = { scripts: [] };

function inject(html) {
  if (!injected.scripts.length) return html;
  const tag = `<script src="${INIT_PATH}"></script>`;
  const head = /<head[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  return doctype ? doctype[0] + tag + html.slice(doctype[0].length) : tag + html;
}

/** {url, fixture(path, {body, headers}), headers(test(pathname), headers), close()} */
export async function startServer({ bundled = false } = {}) {
  const fixtures = new Map();
  const rules = [];
  const serveFile = handler({ root: ROOT, bundled });
  const server = createServer(async (req, res) => {
    try {
      const pathname = new URL(req.url, 'http://x').pathname;
      for (const rule of rules) {
        if (!rule.test(pathname)) continue;
        const headers = typeof rule.headers === 'function' ? rule.headers() : rule.headers;
        for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      }
      if (pathname === '/favicon.ico') {
        res.writeHead(204); // fixture pages have no icon: no 404 in the console
        return res.end();
      }
      if (pathname === INIT_PATH) {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
        return res.end(injected.scripts.join('\n;\n'));
      }
      const fixture = fixtures.get(pathname);
      if (fixture) {
        res.writeHead(200, {
          'Content-Type': 'text/html; charset=utf-8',
          'Cache-Control': 'no-store',
          ...fixture.headers,
        });
        return res.end(inject(fixture.body));
      }
      let file = resolvePath(ROOT, pathname);
      if (file && injected.scripts.length) {
        const info = await stat(file).catch(() => null);
        if (info?.isDirectory()) file = join(file, 'index.html');
        const prod = join(ROOT, 'dist', 'index.html');
        if (bundled && file === join(ROOT, 'index.html') && (await stat(prod).catch(() => null))?.isFile()) file = prod;
        if (file.endsWith('.html') && (await stat(file).catch(() => null))?.isFile()) {
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
          return res.end(inject(await readFile(file, 'utf8')));
        }
      }
      await serveFile(req, res);
    } catch (err) {
      res.writeHead(500);
      res.end(String(err));
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://localhost:${server.address().port}/`;
  return {
    server,
    url,
    fixture(path, { body, headers = {} }) {
      fixtures.set(new URL(path, url).pathname, { body, headers });
      return new URL(path, url).href;
    },
    headers(test, headers) {
      rules.push({ test, headers });
    },
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
