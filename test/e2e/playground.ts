/**
 * Driving the Agents Playground in headless Chromium (flags and pitfalls: shared/reference/teams-client.md):
 * Debian's chromium, a fresh profile, every non-loopback request aborted.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const SHOTS = join(import.meta.dirname, '../../artifacts/e2e');

export interface Browser {
  readonly page: Page;
  close(): Promise<void>;
}

export const openBrowser = async (url: string): Promise<Browser> => {
  mkdirSync(SHOTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'hm-chrome-'));
  const ctx: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    // Tall enough that the longest card fits without scrolling the chat pane (for element screenshots).
    viewport: { width: 1300, height: 2600 },
  });
  // The UI asks a CDN for fonts: abort everything that is not loopback so nothing waits on the internet.
  await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort());
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(url);
  await page.getByText('Connected.').waitFor();
  return {
    page,
    close: async () => {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
};

const cards = (page: Page): Locator => page.locator('.ac-adaptiveCard');

/** Type a message, press Enter, and return the card the bot answers with (and how long it took). */
export const sendForCard = async (page: Page, text: string): Promise<{ card: Locator; ms: number }> => {
  const before = await cards(page).count();
  await page.getByRole('textbox').last().click();
  await page.keyboard.type(text);
  const t0 = Date.now();
  await page.keyboard.press('Enter');
  const card = cards(page).nth(before);
  await card.waitFor();
  return { card, ms: Date.now() - t0 };
};

/** In a channel: "@Hard Match <text>" through the mention picker, posted with the Post button. */
export const mentionForCard = async (page: Page, text: string): Promise<Locator> => {
  const before = await cards(page).count();
  await page.getByRole('textbox').first().click();
  await page.keyboard.type('@');
  await page.getByRole('menuitem', { name: 'Hard Match' }).click();
  await page.keyboard.type(` ${text}`);
  await page.getByRole('button', { name: 'Post' }).click();
  const card = cards(page).nth(before);
  await card.waitFor();
  return card;
};

/** Type into a filtered ChoiceSet (a Fluent combobox) and pick the option matching `option`. */
export const pick = async (page: Page, combobox: Locator, typed: string, option: RegExp): Promise<void> => {
  await combobox.click();
  await page.keyboard.type(typed);
  await page.getByRole('option', { name: option }).click();
};

export const shot = (target: Page | Locator, name: string): Promise<Buffer> =>
  target.screenshot({ path: join(SHOTS, `${name}.png`) });
