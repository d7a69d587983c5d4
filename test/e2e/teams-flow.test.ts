/**
 * The whole product in a real Teams client: the sandbox (simulated Graph, AD, relay + Entra Connect, the
 * bot in local mode) driven through the Microsoft 365 Agents Playground in headless Chromium.
 * Screenshots land in artifacts/e2e/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../config/logger.ts';
import { startSandbox, type Sandbox } from '../../sandbox/playground/sandbox.ts';
import { mentionForCard, openBrowser, pick, sendForCard, shot, type Browser } from './playground.ts';

let sandbox: Sandbox;
let browser: Browser;
const timings: Record<string, number> = {};

beforeAll(async () => {
  // Fixed ports: the playground's --app-endpoint needs the bot's; startSandbox refuses busy ports.
  sandbox = await startSandbox({ log: createLogger({ level: 'silent' }) });
  browser = await openBrowser(sandbox.playground!.url);
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
  // Message -> card times as a person sees them (also reported by the benchmark).
  process.stdout.write(`e2e message->card ms: ${JSON.stringify(timings)}\n`);
});

describe('Hard Match in the Agents Playground', () => {
  it('help, and unknown text gets the help card instead of silence', async () => {
    const { page } = browser;
    const help = await sendForCard(page, 'help');
    timings['help'] = help.ms;
    await help.card.getByText('status ‹user›').waitFor();
    await shot(help.card, '01-help');
    const unknown = await sendForCard(page, 'hello there');
    expect(await unknown.card.innerText()).toMatch(/I don't know "hello there"/);
  });

  it('link: both pickers typed into, then the review shows the synced duplicate and the plan (guide 000)', async () => {
    const { page } = browser;
    const { card, ms } = await sendForCard(page, 'link');
    timings['link'] = ms;
    const [ad, cloud] = [card.getByRole('combobox').nth(0), card.getByRole('combobox').nth(1)];
    await pick(page, ad, 'anna', /^Anna Berg \(anna\.berg, anna\.berg@contoso\.com\)$/);
    await pick(page, cloud, 'anna', /anna\.berg@contoso\.com\) - cloud-only/);
    await shot(card, '02-pickers');
    await card.getByRole('button', { name: 'Review' }).click();
    await card.getByText('Review: Anna Berg → Anna Berg').waitFor();
    const text = await card.innerText();
    expect(text).toMatch(/Other users holding ImmutableID qgCqABG7IszdM0TuRO5E7g==/);
    expect(text).toMatch(/anna\.berg@contoso\.onmicrosoft\.com/);
    expect(text).toMatch(/Plan: Replace the synced duplicate, then hard match/);
    expect(text).toMatch(/Permanently deletes the deleted user anna\.berg@contoso\.onmicrosoft\.com/);
    await shot(card, '03-review-guide-000');

    await card.getByRole('button', { name: 'Refresh' }).click();
    await card.getByText(/Checked /).waitFor();
    await card.getByRole('button', { name: 'Back' }).click();
    await card.getByText('Link an AD user to a cloud user').waitFor();
    await card
      .getByText(/^Pre-selected: Anna Berg \(anna\.berg, .*\) → Anna Berg \(anna\.berg@contoso\.com\)/)
      .waitFor();
    expect(await card.getByRole('combobox').nth(0).inputValue()).toBe('00aa00aa-bb11-cc22-dd33-44ee44ee44ee');
    await card.getByRole('button', { name: 'Cancel' }).click();
    await card.getByText('Link cancelled').waitFor();
  });

  it('link <ad> <cloud> skips the pickers; the deleted holder of guide 002 is shown', async () => {
    const { card } = await sendForCard(browser.page, 'link bram.devries bram.devries@contoso.com');
    await card.getByText(/Review: Bram de Vries/).waitFor();
    const text = await card.innerText();
    expect(text).toMatch(/Deleted\s+Bram de Vries/);
    expect(text).toMatch(/Deleted 20\d\d-\d\d-\d\d/);
    await shot(card, '04-review-guide-002-deleted-holder');
  });

  it('status of the synced duplicate: state, ImmutableID, the AD user it points to, errors, last sync', async () => {
    const { card } = await sendForCard(browser.page, 'status anna.berg@contoso.onmicrosoft.com');
    const text = await card.innerText();
    expect(text).toMatch(/with sync errors/);
    expect(text).toMatch(/qgCqABG7IszdM0TuRO5E7g==/);
    expect(text).toMatch(/Anna Berg \(CN=Anna Berg,OU=Staff/);
    expect(text).toMatch(/PropertyConflict on UserPrincipalName/);
    expect(text).toMatch(/Idle; next Delta cycle/);
    await shot(card, '05-status');
  });

  it('errors -> Fix opens the link card pre-filled', async () => {
    const { page } = browser;
    const { card } = await sendForCard(page, 'errors');
    await card.getByText(/^Sync errors: \d+ users$/).waitFor();
    await shot(card, '06-errors');
    const before = await page.locator('.ac-adaptiveCard').count();
    await card.getByRole('button', { name: 'Fix' }).first().click();
    const link = page.locator('.ac-adaptiveCard').nth(before);
    await link.getByText('Link an AD user to a cloud user').waitFor();
    await shot(link, '07-fix-prefilled');
    await link
      .getByText(
        /^Pre-selected: Anna Berg \(anna\.berg, .*\) → Anna Berg \(anna\.berg@contoso\.com\) - cloud-only$/,
      )
      .waitFor();
    expect(await link.getByRole('combobox').nth(0).inputValue()).toBe('00aa00aa-bb11-cc22-dd33-44ee44ee44ee');
    await shot(link, '07-fix-prefilled');
  });

  it('sync status and convert', async () => {
    const sync = await sendForCard(browser.page, 'sync status');
    expect(await sync.card.innerText()).toMatch(/Entra Connect sync[\s\S]*Staging mode\s+No/);
    await shot(sync.card, '08-sync-status');
    const conv = await sendForCard(browser.page, 'convert 00aa00aa-bb11-cc22-dd33-44ee44ee44ee');
    expect(await conv.card.innerText()).toContain('qgCqABG7IszdM0TuRO5E7g==');
    await shot(conv.card, '09-convert');
  });

  it('works in a channel with an @mention', async () => {
    const { page } = browser;
    await page.getByRole('treeitem', { name: 'IT Team - General' }).click();
    const card = await mentionForCard(page, 'sync status');
    await card.getByText('Entra Connect sync').waitFor();
    await shot(page, '10-channel');
    await page.getByRole('treeitem', { name: /Personal Chat/ }).click();
  });

  it('an outage shows a "can\'t reach" card and the bot stays up', async () => {
    const { page } = browser;
    await sandbox.world.stopRelay();
    const relay = await sendForCard(page, 'sync status');
    expect(await relay.card.innerText()).toMatch(
      /Can't reach the relay agent[\s\S]*RELAY\.UNAVAILABLE[\s\S]*Correlation id/,
    );
    await shot(relay.card, '11-outage-relay');
    const still = await sendForCard(page, 'convert qgCqABG7IszdM0TuRO5E7g==');
    expect(await still.card.innerText()).toContain('00aa00aa-bb11-cc22-dd33-44ee44ee44ee');
    await sandbox.world.graph.close();
    const graph = await sendForCard(page, 'errors');
    expect(await graph.card.innerText()).toMatch(/Can't reach Microsoft Entra ID/);
    await shot(graph.card, '12-outage-graph');
  });
});
