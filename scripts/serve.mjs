#!/usr/bin/env node
// A small static file server for web/ (no dependencies), served like production: brotli or
// gzip (node's zlib), ETag revalidation, year-long immutable caching for content-hashed bundles,
// and the playground page bundled and minified (web/dist/index.html from scripts/bundle.mjs).
// Usage:
//   node scripts/serve.mjs [port] [--dev]   (or PORT=8080 node scripts/serve.mjs)
// --dev serves the unbundled modules (web/app, web/lib) instead, as they are in the repository.
// Port 0, or a busy requested port, falls back to a free one. Prints the URL.
// Also importable: `const { url, close } = await serve({ port: 0 })` (used by the browser tests).
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../web/', import.meta.url)));

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
};

/** Maps a URL path to a file under root, or null when it would leave root. */
export function resolvePath(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  if (path.endsWith('/')) path += 'index.html';
  const file = resolve(root, `.${path.startsWith('/') ? path : `/${path}`}`);
  return file === root || file.startsWith(root + sep) ? file : null;
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

// Text-like types are sent compressed (brotli when the client takes it, else gzip). wasm is
// inlined in the modules, but a .wasm file compresses too.
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.json', '.wasm', '.ts', '.txt', '.map']);
const compressed = new Map(); // `${file}|${mtime}|${encoding}` -> Buffer (files change rarely; small site)

function encode(bytes, encoding) {
  if (encoding === 'br')
    return brotliCompressSync(bytes, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
  return gzipSync(bytes, { level: 9 });
}

/** The encoding to answer with for an Accept-Encoding header (no q-value tricks: br, then gzip). */
export function pickEncoding(accept = '') {
  const offered = String(accept)
    .split(',')
    .map((part) => part.trim().split(';'))
    .filter(([, q]) => !q || !/^q=0(\.0*)?$/.test(q.trim()))
    .map(([name]) => name.trim().toLowerCase());
  if (offered.includes('br')) return 'br';
  if (offered.includes('gzip')) return 'gzip';
  return null;
}

/**
 * Cache policy: content-hashed files (web/dist/*-[hash].*) never change: cached for a year,
 * immutable. Everything else is revalidated on every use (no-cache + ETag), so an edit shows up
 * on reload and an unchanged file costs a 304.
 */
export function cacheControl(file) {
  return /[\\/]dist[\\/][^\\/]+-[0-9a-f]{10}\.[a-z]+$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

async function handle(root, req, res, { bundled }) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
  let file = resolvePath(root, req.url ?? '/');
  if (!file) return send(res, 403, 'forbidden\n');
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    const slash = (req.url ?? '/').split('?')[0];
    if (!slash.endsWith('/')) {
      res.writeHead(301, { Location: `${slash}/` });
      return res.end();
    }
    file = join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  // Served like production: the playground page with its modules bundled and minified
  // (scripts/bundle.mjs writes web/dist/index.html); without that build, the unbundled page.
  if (bundled && file === join(root, 'index.html')) {
    const prod = join(root, 'dist', 'index.html');
    const prodInfo = await stat(prod).catch(() => null);
    if (prodInfo?.isFile()) [file, info] = [prod, prodInfo];
  }
  if (!info?.isFile()) return send(res, 404, 'not found\n');
  const ext = extname(file).toLowerCase();
  const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
  const headers = {
    'Content-Type': MIME[ext] ?? 'application/octet-stream',
    'Cache-Control': cacheControl(file),
    ETag: etag,
    'X-Content-Type-Options': 'nosniff',
  };
  if (COMPRESSIBLE.has(ext)) headers.Vary = 'Accept-Encoding';
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    return res.end();
  }
  const encoding = COMPRESSIBLE.has(ext) && info.size > 256 ? pickEncoding(req.headers['accept-encoding']) : null;
  if (!encoding) {
    res.writeHead(200, { ...headers, 'Content-Length': info.size });
    if (req.method === 'HEAD') return res.end();
    return createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  }
  const key = `${file}|${info.mtimeMs}|${info.size}|${encoding}`;
  let body = compressed.get(key);
  if (!body) {
    body = encode(await readFile(file), encoding);
    compressed.set(key, body);
  }
  res.writeHead(200, { ...headers, 'Content-Encoding': encoding, 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The request handler alone (for servers that add their own routes in front of it). */
export function handler({ root = ROOT, bundled = false } = {}) {
  return (req, res) => handle(root, req, res, { bundled }).catch(() => send(res, 500, 'internal error\n'));
}

function listen(server, port, host) {
  return new Promise((ok, fail) => {
    const onError = (err) => {
      server.off('listening', onListening);
      fail(err);
    };
    const onListening = () => {
      server.off('error', onError);
      ok(server.address().port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Starts serving root (default web/) on port (0 = any free port). */
export async function serve({ port = 0, host = '127.0.0.1', root = ROOT, bundled = false } = {}) {
  const server = createServer(handler({ root, bundled }));
  let actual;
  try {
    actual = await listen(server, port, host);
  } catch (err) {
    if (err.code !== 'EADDRINUSE' && err.code !== 'EACCES') throw err;
    actual = await listen(server, 0, host);
  }
  const shownHost = host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host;
  return {
    server,
    port: actual,
    url: `http://${shownHost}:${actual}/`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const requested = Number(args.find((a) => !a.startsWith('--')) ?? process.env.PORT ?? 8000);
  const port = Number.isInteger(requested) && requested >= 0 && requested < 65536 ? requested : 8000;
  const bundled = !args.includes('--dev');
  const { url } = await serve({ port, host: process.env.HOST ?? '127.0.0.1', bundled });
  console.log(`ConvLab playground: ${url}${bundled ? '' : ' (unbundled modules, --dev)'}`);
  const stop = () => process.exit(0);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
