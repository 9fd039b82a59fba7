// Which engine the browser tests run in: ENGINE=chromium|firefox|webkit (default chromium).
// scripts/test.sh runs tests/browser once per engine (WebKit under xvfb-run).
import { Page } from './page.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];
export const ENGINE = process.env.ENGINE ?? 'chromium';
if (!ENGINES.includes(ENGINE)) throw new Error(`ENGINE=${ENGINE}: expected one of ${ENGINES.join(', ')}`);

const modules = {
  chromium: () => import('./chromium.mjs'),
  firefox: () => import('./firefox.mjs'),
  webkit: () => import('./webkit.mjs'),
};

/** What this engine's driver can do (tests say so where they test the nearest thing instead). */
export const can = (await modules[ENGINE]()).can;

/**
 * Launches the engine: {engine, can, newContext({viewport, colorScheme, permissions, origin}), close()}.
 * A context: {newPage() -> Page, addInitScript(fn), close()}.
 */
export async function launch(engine = ENGINE) {
  const mod = await modules[engine]();
  const browser = await mod.launch();
  return {
    engine,
    can: mod.can,
    async newContext({
      viewport = { width: 1280, height: 900 },
      colorScheme = 'light',
      permissions = [],
      origin,
    } = {}) {
      const context = await browser.newContext({ viewport, colorScheme, permissions, origin });
      const pages = [];
      return {
        addInitScript: (fn) => context.addInitScript(typeof fn === 'function' ? `(${fn})();` : fn),
        async newPage() {
          const page = new Page(await context.newPage(), { name: engine, can: mod.can });
          pages.push(page);
          return page;
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}
