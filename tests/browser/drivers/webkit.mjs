// WebKit: Debian's WebKitGTK MiniBrowser through WebKitWebDriver (webkit2gtk-driver) and
// selenium-webdriver. We start WebKitWebDriver ourselves and connect with usingServer, so
// Selenium Manager never runs (it would try to download drivers). Needs an X display: the test
// command runs this engine under xvfb-run. WebKitGTK is Safari's engine, not Safari.
//
// Classic WebDriver has no init scripts, console or dialog events: the test server
// (tests/browser/server.mjs) puts the init scripts into every HTML page it serves, led by a
// recorder for console errors, page errors, failed loads and dialogs. Pages from file:// get none
// of that (tests check `can.initScriptsOnFile`).
import { Builder, Key } from 'selenium-webdriver';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { injected } from '../server.mjs';
import { perColorScheme } from './color-schemes.mjs';

const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

export const can = {
  clipboardRead: false, // reading needs a user gesture: tests spy on navigator.clipboard.writeText instead
  initScriptsOnFile: false,
  colorScheme: true, // a second MiniBrowser under GTK_THEME=Adwaita:dark
  longTasks: false, // a timer heartbeat measures instead
  fullPageScreenshot: false, // the viewport only
  maxUrlChars: Infinity, // no limit met by these tests
};

/** Runs first in every served page: records what the other engines report as events. */
export function recorder() {
  window.__driverProblems = [];
  window.__driverDialogs = [];
  const text = (args) =>
    args
      .map((a) => (a instanceof Error ? a.message : String(a)))
      .join(' ')
      .slice(0, 300);
  for (const level of ['error', 'warn']) {
    const original = console[level];
    console[level] = (...args) => {
      window.__driverProblems.push(`console.${level === 'warn' ? 'warning' : 'error'}: ${text(args)}`);
      return original.apply(console, args);
    };
  }
  window.addEventListener(
    'error',
    (e) => {
      if (e.target && e.target !== window && (e.target.src || e.target.href))
        window.__driverProblems.push(`requestfailed: ${String(e.target.src || e.target.href).slice(0, 200)}`);
      // "ResizeObserver loop completed with undelivered notifications" is the spec's notice that
      // some size reports wait for the next frame, not an error of the page; the other engines'
      // drivers have never reported it here (their page errors are uncaught exceptions); WebKit sends it
      // now and then when several elements resize in one frame (seen in CI: embed-instances).
      else if (e.target === window && !/^ResizeObserver loop/.test(String(e.message)))
        window.__driverProblems.push(`pageerror: ${String(e.message).slice(0, 300)}`);
    },
    true,
  );
  window.addEventListener('unhandledrejection', (e) =>
    window.__driverProblems.push(`pageerror: ${String(e.reason?.message ?? e.reason).slice(0, 300)}`),
  );
  for (const type of ['alert', 'confirm', 'prompt']) {
    window[type] = (message) => {
      window.__driverDialogs.push(`${type}: ${message}`);
      return type === 'confirm' ? false : null;
    };
  }
}

const KEYS = {
  Tab: Key.TAB,
  Enter: Key.ENTER,
  Space: Key.SPACE,
  ArrowLeft: Key.ARROW_LEFT,
  ArrowRight: Key.ARROW_RIGHT,
  ArrowUp: Key.ARROW_UP,
  ArrowDown: Key.ARROW_DOWN,
  Home: Key.HOME,
  End: Key.END,
  Backspace: Key.BACK_SPACE,
  Delete: Key.DELETE,
  Escape: Key.ESCAPE,
  Shift: Key.SHIFT,
  Control: Key.CONTROL,
  Alt: Key.ALT,
  Meta: Key.META,
};

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function startSession(dark) {
  const port = await freePort();
  const env = { ...process.env };
  if (dark) env.GTK_THEME = 'Adwaita:dark';
  const proc = spawn('WebKitWebDriver', [`--port=${port}`], { env, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const caps = {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
  };
  let driver;
  for (let i = 0; ; i++) {
    try {
      driver = await new Builder().usingServer(url).withCapabilities(caps).build();
      break;
    } catch (err) {
      if (i > 50) {
        proc.kill();
        throw new Error(`WebKitWebDriver on ${url}: ${err.message}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await driver.manage().setTimeouts({ script: 60000, pageLoad: 60000 });
  return {
    driver,
    base: await driver.getWindowHandle(),
    current: null,
    busy: new Set(),
    async quit() {
      await driver.quit().catch(() => {});
      proc.kill();
    },
  };
}

export async function launch() {
  const sessions = await perColorScheme(startSession);
  return {
    async newContext({ viewport, colorScheme }) {
      const s = await sessions.get(colorScheme === 'dark');
      const { driver } = s;
      const init = [`(${recorder})();`];
      injected.scripts = init;
      const pages = [];
      return {
        addInitScript: async (src) => void init.push(String(src)),
        async newPage() {
          let handle;
          if (!s.busy.has(s.base)) handle = s.base;
          else {
            // A window, not a tab: a background tab gets no animation frames or intersection updates.
            await driver.switchTo().newWindow('window');
            handle = (await driver.getAllWindowHandles()).find((h) => !s.busy.has(h));
          }
          s.busy.add(handle);
          const focus = async () => {
            if (s.current !== handle) await driver.switchTo().window(handle);
            s.current = handle;
            injected.scripts = init;
          };
          await focus();
          // The window's outer size, corrected so the viewport is what was asked for.
          await driver.manage().window().setRect({ width: viewport.width, height: viewport.height });
          const inner = await driver.executeScript('return [innerWidth, innerHeight]');
          await driver
            .manage()
            .window()
            .setRect({ width: 2 * viewport.width - inner[0], height: 2 * viewport.height - inner[1] });
          const mods = new Set();
          const evalJson = async (expr) => {
            await focus();
            const result = await driver.executeAsyncScript(
              `const done = arguments[arguments.length - 1];
               Promise.resolve().then(() => ${expr}).then((v) => done({ ok: v }), (e) => done({ error: String((e && e.message) || e) }));`,
            );
            if (result && 'error' in result) throw new Error(`in the page: ${result.error}`);
            return result.ok;
          };
          const page = {
            evalJson,
            async mouseMove(x, y) {
              await focus();
              await driver.actions().move({ x, y, origin: 'viewport' }).perform();
            },
            async mouseClick(x, y) {
              await focus();
              await driver.actions().move({ x, y, origin: 'viewport' }).click().perform();
            },
            async press(combo) {
              await focus();
              const parts = combo.split('+');
              let a = driver.actions();
              for (const m of parts.slice(0, -1)) a = a.keyDown(KEYS[m]);
              const key = parts.at(-1);
              a = a.sendKeys(KEYS[key] ?? (parts.length > 1 ? key.toLowerCase() : key));
              for (const m of parts.slice(0, -1).reverse()) a = a.keyUp(KEYS[m]);
              await a.perform();
              mods.clear();
            },
            async type(text) {
              await focus();
              if (text) await driver.actions().sendKeys(text).perform();
            },
            async goto(url) {
              await focus();
              await driver.get(url);
            },
            async screenshot({ path }) {
              await focus();
              await writeFile(path, Buffer.from(await driver.takeScreenshot(), 'base64'));
            },
            problems: () => evalJson('(window.__driverProblems ?? [])'),
            dialogs: () => evalJson('(window.__driverDialogs ?? [])'),
            async close() {
              if (!s.busy.has(handle)) return;
              s.busy.delete(handle);
              await focus();
              if (handle === s.base) await driver.get('about:blank');
              else {
                await driver.close();
                // WebDriver's New Window fails with "no such window" while the current window is
                // a closed one: move to the base window, which is never closed.
                await driver.switchTo().window(s.base);
                s.current = s.base;
              }
            },
          };
          pages.push(page);
          return page;
        },
        async close() {
          for (const p of pages) await p.close();
          if (injected.scripts === init) injected.scripts = [];
        },
      };
    },
    async close() {
      await Promise.all(sessions.all().map((s) => s.quit()));
    },
  };
}
