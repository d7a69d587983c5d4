/**
 * `npm start`: the product with no configuration. A simulated tenant (Graph simulator with the guides'
 * scenarios), an in-memory AD, the relay agent with a simulated Entra Connect, the bot in local mode and
 * the Microsoft 365 Agents Playground as the Teams client. Prints where to go; Ctrl-C stops everything.
 */
import { createLogger } from '../config/logger.ts';
import { startSandbox } from './playground/sandbox.ts';
import { SCENARIO_DATA } from './scenarios-data.ts';

const log = createLogger({ name: 'sandbox', level: process.env['LOG_LEVEL'] ?? 'warn' });

const main = async (): Promise<void> => {
  const t0 = Date.now();
  const sandbox = await startSandbox({ log });
  const pg = sandbox.playground!;
  const users = Object.values(SCENARIO_DATA)
    .map((s) => `    ${s.adUser.samAccountName.padEnd(14)} ${s.summary}`)
    .join('\n');
  console.log(`
Hard Match sandbox is running (started in ${Date.now() - t0} ms).

  Open the Teams client (Agents Playground):  ${pg.url}
  Bot endpoint:                              ${sandbox.bot.url}/api/messages  (local mode, loopback only)
  Simulated Microsoft Graph:                 ${sandbox.world.graph.url}

Type in the chat:
  help                      what the bot can do
  link                      pick an AD user and a cloud user, then review the checks and the plan
  link anna.berg anna.berg@contoso.com   guide 000: a synced duplicate to replace
  status anna.berg@contoso.onmicrosoft.com
  errors                    users with sync errors, each with a Fix button
  sync status               the simulated Entra Connect scheduler
  sync now                  a delta sync: it links none of the stories below by itself (each is a real
                            sync error or duplicate that needs its match), then see sync status
  convert 00aa00aa-bb11-cc22-dd33-44ee44ee44ee
  alerts                    the open sync-health alerts

The sync-health watcher looks every 15 s and posts its alert cards to the team's Identity channel
(open "IT Team - Identity"): the sync errors the tenant starts with are there; Fix on a user opens link.

The scenarios' AD users (link <sam> <sam>@contoso.com, or @fabrikam.com for dirk.smit):
${users}

Ctrl-C stops everything this started.`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the playground (pid ${pg.pid}), the bot and the simulators...`);
    sandbox.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error('could not stop cleanly:', e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
};

main().catch((e: unknown) => {
  console.error(`The sandbox could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
