/**
 * One e2e file's world: its own sandbox on its own ports (so files never collide), a browser on the
 * Playground with a chat opened, a screenshot of any failing test, and everything stopped afterwards.
 * Registers the hooks; read `sandbox` and `browser` inside tests (they exist once beforeAll ran).
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createLogger } from '../../../config/logger.ts';
import { startSandbox, type Sandbox } from '../../../sandbox/playground/sandbox.ts';
import { openBrowser, shot, type Browser } from '../playground.ts';

export interface E2eSessionOptions {
  readonly botPort: number;
  readonly playgroundPort: number;
  readonly env?: Readonly<Record<string, string>>;
  /** The Playground conversation to open first (tree item name); none keeps the default chat. */
  readonly chat?: string;
  /** Prefix of the screenshot taken when a test fails. */
  readonly failShot: string;
}

export interface E2eSession {
  readonly sandbox: Sandbox;
  readonly browser: Browser;
}

export const useE2eSession = (options: E2eSessionOptions): E2eSession => {
  let sandbox: Sandbox | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({
      log: createLogger({ level: 'silent' }),
      botPort: options.botPort,
      playgroundPort: options.playgroundPort,
      ...(options.env === undefined ? {} : { env: options.env }),
    });
    browser = await openBrowser(sandbox.playground!.url);
    if (options.chat !== undefined) await browser.page.getByRole('treeitem', { name: options.chat }).click();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && browser !== undefined)
      await shot(browser.page, `${options.failShot}-failed-${ctx.task.name.slice(0, 20)}`);
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });
  return {
    get sandbox() {
      if (sandbox === undefined) throw new Error('the e2e sandbox is not started yet');
      return sandbox;
    },
    get browser() {
      if (browser === undefined) throw new Error('the e2e browser is not open yet');
      return browser;
    },
  };
};
