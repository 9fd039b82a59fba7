#!/usr/bin/env node
// Bundles the embeddable <conv-playground> into web/dist/ (generated, gitignored):
//   conv-playground.js   ONE classic script (IIFE): element + JS API + CSS + WASM, nothing else
//                        to fetch, so it works from file:// and under a strict CSP
//                        (script-src 'self' 'wasm-unsafe-eval'); one global, `ConvLab`.
//   conv-playground.mjs  the same as an ES module, for bundler users (package export "./embed").
//   index.html + page-[hash].js + page-[hash].css
//                        the playground page as served in production (scripts/serve.mjs): its
//                        modules bundled and minified into one content-hashed ES module, its CSS
//                        minified, the element's CSS and the WASM inlined. The unbundled page
//                        (web/index.html, web/app/, web/lib/) stays as it is for development.
// Needs the WASM build (bash scripts/build.sh wasm). Run by `bash scripts/build.sh` (stage
// "bundle"); prints the sizes. Fails if the output could need dynamic code generation.
//
// How the WASM gets in: Emscripten's SINGLE_FILE module carries the wasm as base64, which gzip
// squeezes badly (base64 breaks byte alignment). The bundle strips that payload and carries
// the wasm gzip-compressed instead (base64 of gzip: the transfer size is about the wasm's own
// gzip size), inflated at load by the browser's DecompressionStream and handed to Emscripten
// through its `instantiateWasm` hook. No fetch() of a data: URL (blocked by connect-src under a
// strict CSP), no eval: WebAssembly.instantiate is all it needs ('wasm-unsafe-eval').
import * as esbuild from 'esbuild';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const WEB = join(ROOT, 'web');
const OUT = join(WEB, 'dist');
const GLUE = join(WEB, 'lib', 'wasm', 'convlab-wasm.mjs');
const CSS = join(WEB, 'app', 'styles', 'playground.css'); // @imports its parts
const DATA_URI = /data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/g;

const version = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version;
const BANNER = `/*! ConvLab ${version} <conv-playground>: PyTorch-exact Conv1d/ConvTranspose1d in WebAssembly SIMD. MIT. One file: element, CSS and WASM inlined. */`;

/** The Emscripten module with its base64 payload removed, and the wasm bytes. */
async function splitGlue() {
  let glue;
  try {
    glue = await readFile(GLUE, 'utf8');
  } catch {
    throw new Error(`${GLUE} is missing: build the WASM module first (bash scripts/build.sh wasm)`);
  }
  const found = [...glue.matchAll(DATA_URI)];
  if (found.length !== 1) throw new Error(`expected one base64 wasm payload in ${GLUE}, found ${found.length}`);
  const wasm = Buffer.from(found[0][1], 'base64');
  if (wasm.readUInt32BE(0) !== 0x0061736d) throw new Error('the payload is not a wasm binary');
  return { glue: glue.replace(DATA_URI, 'data:application/octet-stream;base64,'), wasm };
}

// workerFile: the bundled page's worker (dist/worker-[hash].js); without it, no thread pool.
// relaxed: whether the relaxed-SIMD side module comes along (the bundled page and its worker:
// both or neither, so threaded results stay bit-identical); the single-file embed leaves it
// out to stay in its size budget and computes on the SIMD128 kernels.
function embedPlugin({ glue, wasm, css, lazy = true, workerFile = null, relaxed = false }) {
  const gz = gzipSync(wasm, { level: 9 }).toString('base64');
  const loader = `import factory from 'convlab:glue';
const WASM_GZIP = ${JSON.stringify(gz)};
async function wasmBytes() {
  if (typeof DecompressionStream !== 'function') {
    throw new Error('this browser has no DecompressionStream (Chrome 80+, Firefox 113+, Safari 16.4+ have it)');
  }
  const gz = Uint8Array.from(atob(WASM_GZIP), (c) => c.charCodeAt(0));
  return new Response(new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
}
export default function createWasmModule() {
  return new Promise((resolve, reject) => {
    factory({
      instantiateWasm(imports, receive) {
        wasmBytes()
          .then((bytes) => WebAssembly.instantiate(bytes, imports))
          .then((r) => receive(r.instance, r.module))
          .catch(reject);
        return {};
      },
    }).then(resolve, reject);
  });
}
`;
  return {
    name: 'convlab-embed',
    setup(build) {
      build.onResolve({ filter: /\/wasm\/convlab-wasm\.mjs$/ }, () => ({ path: 'loader', namespace: 'convlab' }));
      build.onResolve({ filter: /^convlab:glue$/ }, () => ({ path: 'glue', namespace: 'convlab' }));
      if (!relaxed) {
        build.onResolve({ filter: /\/wasm\/convlab-relaxed\.mjs$/ }, () => ({
          path: 'no-relaxed',
          namespace: 'convlab',
        }));
        build.onLoad({ filter: /^no-relaxed$/, namespace: 'convlab' }, () => ({
          contents: `export default ''; // no relaxed-SIMD kernels in the single-file embed`,
          loader: 'js',
        }));
      }
      build.onResolve({ filter: /^convlab:meta-url$/ }, () => ({ path: 'meta-url', namespace: 'convlab' }));
      build.onLoad({ filter: /^loader$/, namespace: 'convlab' }, () => ({ contents: loader, loader: 'js' }));
      build.onLoad({ filter: /^glue$/, namespace: 'convlab' }, () => ({ contents: glue, loader: 'js' }));
      // A classic script has no import.meta: its URL is document.currentScript's, read while
      // the script runs (Emscripten and the element only use it then). Pasted inline, the
      // document's base URL stands in; it must be a URL that relative URLs resolve against.
      build.onLoad({ filter: /^meta-url$/, namespace: 'convlab' }, () => ({
        contents: `const doc = typeof document !== 'undefined' ? document : null;
export const importMetaUrl = [doc?.currentScript?.src, doc?.baseURI, self.location?.href].find((url) => {
  try {
    return Boolean(url) && Boolean(new URL('./', url));
  } catch {
    return false;
  }
}) ?? 'https://localhost/';`,
        loader: 'js',
      }));
      // No thread pool in a single file (web/lib/threads/load-pool.js says why); the bundled
      // page has one, in the same module, with its workers started from workerFile.
      build.onLoad({ filter: /[\\/]lib[\\/]threads[\\/]load-pool\.js$/ }, (args) => ({
        contents: workerFile
          ? `export function loadThreadedLab() {\n  return import('./threaded-lab.js');\n}`
          : `export function loadThreadedLab() {
  return Promise.reject(new Error('the single-file embed has no thread pool'));
}`,
        resolveDir: join(args.path, '..'),
        loader: 'js',
      }));
      build.onLoad({ filter: /[\\/]lib[\\/]threads[\\/]worker-url\.js$/ }, () =>
        workerFile
          ? {
              contents: `export function workerUrl() {\n  return new URL(${JSON.stringify(`./${workerFile}`)}, import.meta.url);\n}`,
              loader: 'js',
            }
          : undefined,
      );
      build.onLoad({ filter: /[\\/]app[\\/]element[\\/]bundle-config\.js$/ }, () => ({
        contents: `export const INLINE_CSS = ${JSON.stringify(css)};\nexport const LAZY_BY_DEFAULT = ${lazy};\nexport const WEB_ROOT = '../';\nexport const THREAD_POOL = ${Boolean(workerFile)};`,
        loader: 'js',
      }));
    },
  };
}

const COMMON = {
  bundle: true,
  minify: true,
  write: false,
  target: ['es2022'],
  charset: 'utf8',
  legalComments: 'none',
  banner: { js: BANNER },
  logLevel: 'warning',
};

const hashOf = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 10);

/**
 * The production playground page: web/index.html with its module script bundled (the entry is
 * whatever module the page names, so moving files in web/app needs no change here), its
 * stylesheets minified, module preloads dropped (nothing left to preload). -> sizes
 */
async function bundlePage({ glue, wasm, css }) {
  let html = await readFile(join(WEB, 'index.html'), 'utf8');
  const script = /<script type="module" src="([^"]+)"><\/script>/.exec(html);
  if (!script) throw new Error('web/index.html has no <script type="module" src="…">');
  for (const old of await readdir(OUT).catch(() => []))
    if (/^(page|worker)-[0-9a-f]+\.(js|css)$/.test(old)) await rm(join(OUT, old));
  const sizes = {};
  const emit = async (ext, bytes, prefix = 'page') => {
    const name = `${prefix}-${hashOf(bytes)}.${ext}`;
    await writeFile(join(OUT, name), bytes);
    sizes[name] = { bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    return name;
  };
  // The thread pool's worker (web/lib/threads/worker.js with its own WASM), fetched only when
  // the page first computes a large case on several threads.
  const worker = await esbuild.build({
    ...COMMON,
    banner: undefined,
    entryPoints: [join(WEB, 'lib', 'threads', 'worker.js')],
    format: 'esm',
    plugins: [embedPlugin({ glue, wasm, css, relaxed: true })],
  });
  const workerFile = await emit('js', worker.outputFiles[0].contents, 'worker');
  const page = await esbuild.build({
    ...COMMON,
    banner: undefined,
    entryPoints: [join(WEB, script[1])],
    format: 'esm',
    plugins: [embedPlugin({ glue, wasm, css, lazy: false, workerFile, relaxed: true })],
  });
  const js = `dist/${await emit('js', page.outputFiles[0].contents)}`;
  html = html.replace(script[0], `<script type="module" src="${js}"></script>`);
  html = html.replace(/\s*<link rel="modulepreload"[^>]*>/g, '');
  for (const link of [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"\s*\/?>/g)]) {
    const sheet = await esbuild.build({
      entryPoints: [join(WEB, link[1])],
      bundle: true, // follows @import
      minify: true,
      write: false,
      legalComments: 'none',
      logLevel: 'warning',
    });
    html = html.replace(
      link[0],
      `<link rel="stylesheet" href="dist/${await emit('css', sheet.outputFiles[0].contents)}" />`,
    );
  }
  await writeFile(join(OUT, 'index.html'), html);
  return sizes;
}

export async function bundle({ quiet = false } = {}) {
  const { glue, wasm } = await splitGlue();
  const styles = await esbuild.build({
    entryPoints: [CSS],
    bundle: true,
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const css = styles.outputFiles[0].text.trim();
  const plugin = embedPlugin({ glue, wasm, css });
  const classic = await esbuild.build({
    ...COMMON,
    entryPoints: [join(WEB, 'app', 'entries', 'embed-global.js')],
    format: 'iife',
    inject: ['convlab:meta-url'],
    define: { 'import.meta.url': 'importMetaUrl' },
    plugins: [plugin],
  });
  const module = await esbuild.build({
    ...COMMON,
    entryPoints: [join(WEB, 'app', 'entries', 'embed.js')],
    format: 'esm',
    plugins: [plugin],
  });
  await mkdir(OUT, { recursive: true });
  const sizes = {};
  for (const [name, result] of [
    ['conv-playground.js', classic],
    ['conv-playground.mjs', module],
  ]) {
    const bytes = result.outputFiles[0].contents;
    const text = Buffer.from(bytes).toString('utf8');
    // Anything that compiles strings to code would need 'unsafe-eval' under a CSP. (The
    // tensor evaluator has a method named eval: `x.eval(` and a `}eval(t){` definition are fine.)
    const dynamic = /\bnew Function\b|(?<![.\w$}])eval\(|(?<![.\w$])Function\(/.exec(text);
    if (dynamic) throw new Error(`${name}: found '${dynamic[0]}' (dynamic code generation breaks under a strict CSP)`);
    if (/import\.meta/.test(text) && name.endsWith('.js'))
      throw new Error(`${name}: import.meta left in a classic script`);
    if (!text.includes(':host{'))
      throw new Error(`${name}: the CSS was not inlined (web/app/element/bundle-config.js not replaced?)`);
    await writeFile(join(OUT, name), bytes);
    sizes[name] = { bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  }
  Object.assign(sizes, await bundlePage({ glue, wasm, css }));
  if (!quiet) {
    for (const [name, s] of Object.entries(sizes)) {
      console.log(`bundle: web/dist/${name}  ${(s.bytes / 1024).toFixed(1)} KB, ${(s.gzip / 1024).toFixed(1)} KB gzip`);
    }
  }
  return sizes;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundle().catch((err) => {
    console.error(`bundle: ${err.message}`);
    process.exit(1);
  });
}
