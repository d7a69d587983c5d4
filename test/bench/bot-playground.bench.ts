/**
 * Message -> card as a person sees it: the sandbox (bot in local mode, simulators) with the Agents
 * Playground in headless Chromium; p50/p95 from pressing Enter to the card being visible. Each command
 * gets a fresh Playground and page, because the Playground re-renders the whole chat and slows down as
 * cards pile up (that would measure its DOM, not the bot). Needs ports 3978/56150 free and Chromium.
 */
import { createLogger } from '../../config/logger.ts';
import { startPlayground } from '../../sandbox/playground/playground.ts';
import { startSandbox } from '../../sandbox/playground/sandbox.ts';
import { openBrowser, sendForCard } from '../e2e/playground.ts';

const ROUNDS = Number(process.env['HM_BENCH_ROUNDS'] ?? 8);
const PORT = 56150;
const COMMANDS = [
  'help',
  'status anna.berg@contoso.onmicrosoft.com',
  'link anna.berg anna.berg@contoso.com',
  'errors',
];

const sandbox = await startSandbox({ log: createLogger({ level: 'silent' }), playgroundPort: null });
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
try {
  console.log(`Playground message -> visible card, ${ROUNDS} rounds each, fresh chat per command (ms)`);
  console.log(`${'message'.padEnd(42)} ${'p50'.padStart(6)} ${'p95'.padStart(6)}`);
  for (const text of COMMANDS) {
    const playground = await startPlayground({ botUrl: sandbox.bot.url, port: PORT });
    const browser = await openBrowser(playground.url);
    try {
      await sendForCard(browser.page, text); // warm-up
      const times: number[] = [];
      for (let i = 0; i < ROUNDS; i++) times.push((await sendForCard(browser.page, text)).ms);
      times.sort((a, b) => a - b);
      console.log(
        `${text.padEnd(42)} ${String(pct(times, 50)).padStart(6)} ${String(pct(times, 95)).padStart(6)}`,
      );
    } finally {
      await browser.close();
      await playground.stop();
    }
  }
} finally {
  await sandbox.stop();
}
