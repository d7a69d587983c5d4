/**
 * Bot processing time per turn: p50/p95 of one activity through the teams-ai Application (routes,
 * dialogs, core checks and plan, cards) with the sandbox's simulators behind the real connectors: Graph
 * simulator over loopback HTTP (200 seeded users + the scenarios), the in-memory AD, the relay agent
 * over loopback HTTP with simulated Entra Connect. The Bot Framework HTTP hop is left out (TestAdapter);
 * the Playground's message->card time is printed by the e2e test.
 */
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { loadConfig } from '../../config/config.ts';
import { createLogger } from '../../config/logger.ts';
import { createApp } from '../../bot/app.ts';
import { workflowInput } from '../../bot/compose.ts';
import { createRuntime } from '../../app/runtime.ts';
import { CARD_RENDERER } from '../../cards/renderer.ts';
import { createSqliteStorage } from '../../connectors/store/create-storage.ts';
import { RecordingNotifier } from '../fakes/recording-notifier.ts';
import { createTurnErrorHandler } from '../../bot/errors.ts';
import { DATASETS } from '../../cards/verbs.ts';
import { PARKING_OU_DN, startWorld } from '../../sandbox/playground/world.ts';

const ROUNDS = Number(process.env['HM_BENCH_ROUNDS'] ?? 40);
const log = createLogger({ level: 'silent' });
const world = await startWorld({ log });
const config = loadConfig({ HM_PARKING_OU: PARKING_OU_DN });
const runtime = createRuntime({
  ...workflowInput(world.ports, config, createSqliteStorage(':memory:'), log),
  notifier: new RecordingNotifier(),
  render: CARD_RENDERER,
});
const app = createApp(runtime.ctx, { typing: false, localMode: true, tenantId: 'default' });
const adapter = new TestAdapter(async (context) => {
  await app.run(context);
});
adapter.onTurnError = createTurnErrorHandler(log);

const base: Partial<Activity> = {
  channelId: 'msteams',
  from: { id: '29:helpdesk', name: 'Helpdesk Harry' },
  recipient: { id: '28:hard-match', name: 'Hard Match' },
  conversation: { id: 'a:bench', isGroup: false, conversationType: 'personal', name: '' },
};

const TURNS: Record<string, Partial<Activity>> = {
  help: { type: ActivityTypes.Message, text: 'help' },
  'link (pickers + suggestions)': { type: ActivityTypes.Message, text: 'link' },
  'link a b (gather + checks + plan)': {
    type: ActivityTypes.Message,
    text: 'link anna.berg anna.berg@contoso.com',
  },
  'status <user>': { type: ActivityTypes.Message, text: 'status anna.berg@contoso.onmicrosoft.com' },
  errors: { type: ActivityTypes.Message, text: 'errors' },
  'sync status': { type: ActivityTypes.Message, text: 'sync status' },
  'AD type-ahead (Data.Query)': {
    type: ActivityTypes.Invoke,
    name: 'application/search',
    value: { dataset: DATASETS.adUsers, queryText: 'ann', queryOptions: { top: 15, skip: 0 } },
  },
  'cloud type-ahead (Data.Query)': {
    type: ActivityTypes.Invoke,
    name: 'application/search',
    value: { dataset: DATASETS.cloudUsers, queryText: 'ann', queryOptions: { top: 15, skip: 0 } },
  },
};

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

console.log(`bot turn time, ${ROUNDS} rounds each (ms)`);
console.log(`${'turn'.padEnd(36)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'max'.padStart(7)}`);
for (const [name, activity] of Object.entries(TURNS)) {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS + 3; i++) {
    adapter.activeQueue.splice(0);
    const t0 = performance.now();
    await adapter.processActivity({ ...base, ...activity });
    const ms = performance.now() - t0;
    const sent = adapter.activeQueue.splice(0);
    if (!sent.some((a) => a.attachments?.length || a.type === ActivityTypes.InvokeResponse))
      throw new Error(`${name}: the bot sent no card`);
    if (i >= 3) times.push(ms); // the first rounds warm up connections and JIT
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(36)} ${pct(times, 50).toFixed(1).padStart(7)} ${pct(times, 95).toFixed(1).padStart(7)} ${times.at(-1)!.toFixed(1).padStart(7)}`,
  );
}
await world.close();
