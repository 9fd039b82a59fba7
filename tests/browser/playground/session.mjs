// The playground suites' set-up, called inside a describe: the engine and the server, pages
// opened on the playground whose problems (console errors, page errors, failed requests) are
// collected as they close, and the suite's last test, which asserts there were none.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { start, openPlayground, finish } from '../harness.mjs';

/** The seed notebook's transposed case: ConvTranspose1d, stride 4, padding 2, kernel_size 8. */
export const ISSUE_HASH = '#op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&stride=4&padding=2';

/** The state in the URL hash, once the hash has caught up with the last edit. */
export async function hashState(page, mustInclude = '') {
  await page.waitForFunction((part) => location.hash.includes(part), mustInclude);
  return page.evaluate(() => Object.fromEntries(new URLSearchParams(location.hash.slice(1))));
}

/** -> {env, problems, open(options), testNoProblems()}; open takes openPlayground's options. */
export function playgroundSession() {
  const session = { env: null, problems: [] };
  before(async () => {
    session.env = await start();
  });
  after(async () => session.env?.close());

  session.open = async (options = {}) => {
    const opened = await openPlayground(session.env, options);
    const { page, context } = opened;
    // Closing records the page's problems (console errors, page errors, failed requests).
    opened.context = {
      newPage: () => context.newPage(),
      close: async () => session.problems.push(await finish(context, page)),
    };
    return opened;
  };

  /** Registers the suite's last test. */
  session.testNoProblems = () =>
    test('no console errors, page errors or failed requests in any of the above', () => {
      assert.deepEqual(session.problems.flat(), []);
    });
  return session;
}
