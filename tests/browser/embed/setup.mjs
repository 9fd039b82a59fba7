// The embed suites' set-up (embed-*.test.mjs), called inside a describe: the bundle rebuilt
// first (scripts/bundle.mjs, under a second), so no suite tests a stale web/dist/; two test
// servers, the second carrying a strict Content-Security-Policy on every response; the engine;
// and one instrumented page at a time.
import { after, before } from 'node:test';
import { readFile } from 'node:fs/promises';
import { launch } from '../drivers/index.mjs';
import { startServer } from '../server.mjs';
import { bundle } from '../../../scripts/bundle.mjs';

export const WEB = new URL('../../../web/', import.meta.url);
export const POST = 'examples/transposed-convolution.html';
export const SCRIPT = 'dist/conv-playground.js';
// Nothing but this site's own files, and WebAssembly compiled from bytes. No 'unsafe-eval', no
// 'unsafe-inline' for scripts or styles (the element's styles are a constructed stylesheet).
export const STRICT_CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";
export const NOTEBOOK = JSON.parse(await readFile(new URL('../../golden/notebook.json', import.meta.url), 'utf8'));
/** Each notebook cell's printed output, by its name. */
export const PRINTED = Object.fromEntries(NOTEBOOK.cases.map((c) => [c.name, c.printed]));

/** Counts WebAssembly compilations and records CSP violations (runs before any page script). */
function instrument() {
  window.__wasmCompiles = 0;
  window.__cspViolations = [];
  for (const name of ['instantiate', 'instantiateStreaming', 'compile', 'compileStreaming']) {
    const original = WebAssembly[name];
    if (typeof original !== 'function') continue;
    WebAssembly[name] = function (...args) {
      window.__wasmCompiles++;
      return original.apply(this, args);
    };
  }
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
  );
  window.__globalsBefore = [...Object.getOwnPropertyNames(window), '__globalsBefore'];
}

/** -> {browser, plain, strict, sizes (the bundle's), open(url, options), cspViolations(page)} */
export function embedSuite() {
  const env = { browser: null, plain: null, strict: null, sizes: null };
  const contexts = [];

  before(async () => {
    env.sizes = await bundle({ quiet: true });
    env.plain = await startServer();
    env.strict = await startServer();
    // Every response of the second server carries the strict CSP as a header.
    env.strict.headers(() => true, { 'Content-Security-Policy': STRICT_CSP });
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.plain?.close();
    await env.strict?.close();
  });

  /**
   * A fresh page with the instrumentation; routes ({url: {body, headers}}) are fixture pages the
   * test server answers. problems(): console errors/warnings, page errors, failed requests.
   */
  env.open = async (url, { viewport = { width: 1200, height: 900 }, routes = {}, colorScheme = 'light' } = {}) => {
    // One page at a time: WebKit's MiniBrowser keeps a second tab in the background, where lazy
    // figures (IntersectionObserver) never start.
    while (contexts.length) await contexts.pop().close();
    const context = await env.browser.newContext({ viewport, colorScheme });
    contexts.push(context);
    await context.addInitScript(instrument);
    for (const [path, fixture] of Object.entries(routes)) {
      const server = path.startsWith(env.strict.url) ? env.strict : env.plain;
      server.fixture(new URL(path).pathname, fixture);
    }
    const page = await context.newPage();
    if (url) await page.goto(url);
    return { page, context, problems: () => page.problems() };
  };

  env.cspViolations = (page) => page.evaluate(() => window.__cspViolations);
  return env;
}
