// The hostile suites' set-up, called inside a describe: the test server (index.html and
// embed.html carry the Content-Security-Policy a test asks for), the engine, a fresh
// instrumented page per test, and the timing report printed when the suite ends.
import { after, before } from 'node:test';
import { waitReady } from '../harness.mjs';
import { launch } from '../drivers/index.mjs';
import { startServer } from '../server.mjs';
import { instrument } from './instrument.mjs';

/** -> {server, browser, report, open(hash, {csp, wait, init})}; report: lines for the timing report. */
export function underAttack() {
  const env = { server: null, browser: null, report: [] };
  let currentCsp = null;

  before(async () => {
    env.server = await startServer();
    // index.html and embed.html carry the CSP a test asks for (open(hash, {csp})).
    env.server.headers(
      (path) => Boolean(currentCsp) && (path.endsWith('/index.html') || path.endsWith('/embed.html')),
      () => ({ 'Content-Security-Policy': currentCsp }),
    );
    env.browser = await launch();
  });
  after(async () => {
    if (env.report.length) {
      console.log('longest main-thread task per payload (ms; 0 = none over 50 ms):');
      for (const line of env.report) console.log(`  ${line}`);
    }
    await env.browser?.close();
    await env.server?.close();
  });

  /**
   * A fresh context and page with the instrumentation (and the init scripts in `init` after it),
   * optionally serving index.html with a Content-Security-Policy header; waits for the first
   * result unless told not to. Collects console errors, page errors and dialogs.
   */
  env.open = async (hash = '', { csp = null, wait = true, init = [] } = {}) => {
    currentCsp = csp;
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    for (const fn of [instrument, ...init]) await context.addInitScript(fn);
    const page = await context.newPage();
    try {
      await page.goto(`${env.server.url}index.html${hash}`);
      if (wait) await waitReady(page);
    } catch (err) {
      // Never print a megabyte URL.
      throw new Error(
        `opening index.html${hash.slice(0, 80)}… (${hash.length} characters): ${String(err.message).slice(0, 300)}`,
      );
    }
    return { page, context, problems: () => page.problems(), dialogs: () => page.dialogs() };
  };
  return env;
}
