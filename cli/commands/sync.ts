import { invalidInput } from '../../core/errors.ts';
import type { RunProfileResult, SchedulerStatus } from '../../core/models.ts';
import { requireRelay } from '../../config/config.ts';
import { createRelayClient, newRelayRequestId } from '../../connectors/relay/relay-client.ts';
import { EXIT, flag, stringValue, table, type Command, type CommandContext } from '../command.ts';

const SUBCOMMANDS = ['delta', 'status', 'errors', 'scope'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

const wholeNumber = (raw: string | undefined, name: string, min: number, max: number, fallback: number) => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw invalidInput(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
};

const schedulerRows = (s: SchedulerStatus): string[][] => [
  ['Cycle in progress', s.syncCycleInProgress ? 'yes' : 'no'],
  ['Staging mode', s.stagingModeEnabled ? 'ON (nothing is exported)' : 'off'],
  ['Scheduler', s.syncCycleEnabled && !s.schedulerSuspended ? 'enabled' : 'disabled or suspended'],
  ['Next cycle', `${s.nextSyncCyclePolicyType ?? '-'} at ${s.nextSyncCycleStartTimeInUtc ?? '-'}`],
  [
    'Interval',
    s.currentlyEffectiveSyncCycleIntervalMinutes === null
      ? '-'
      : `${s.currentlyEffectiveSyncCycleIntervalMinutes} min`,
  ],
];

const errorLines = (results: readonly RunProfileResult[]): string[] => {
  const lines = table([
    ['CONNECTOR', 'RUN PROFILE', 'RESULT', 'STARTED'],
    ...results.map((r) => [r.connectorName, r.runProfileName, r.result, r.startDate]),
  ]);
  const errors = results.flatMap((r) => r.exportErrors);
  lines.push('', errors.length === 0 ? 'No export errors.' : `${errors.length} export error(s):`);
  for (const e of errors) lines.push(`  ${e.errorType}  ${e.distinguishedName}`, `    ${e.message}`);
  return lines;
};

const runSub = async (
  sub: Sub,
  args: Parameters<Command['run']>[0],
  ctx: CommandContext,
): Promise<number> => {
  const client = createRelayClient(requireRelay(ctx.config()));
  const json = flag(args, 'json');
  const requestId = newRelayRequestId();
  const print = (value: unknown, lines: () => string[]) =>
    json ? ctx.out(JSON.stringify(value)) : lines().forEach((l) => ctx.out(l));
  switch (sub) {
    case 'delta': {
      const timeoutS = wholeNumber(stringValue(args, 'timeout'), 'timeout', 1, 7200, 900);
      const start = await client.startDeltaSync(requestId);
      if (!flag(args, 'wait')) {
        print(start, () => [
          start.joined ? 'A sync cycle was already running: joined it.' : 'Delta sync started.',
        ]);
        return EXIT.ok;
      }
      if (!json)
        ctx.out(
          start.joined ? 'Joined the running sync cycle; waiting...' : 'Delta sync started; waiting...',
        );
      const idle = await client.waitUntilIdle(requestId, timeoutS * 1000, (p) => {
        if (!json) ctx.out(`  still running after ${Math.round(p.elapsedMs / 1000)} s`);
      });
      print({ ...start, idle: true, scheduler: idle }, () => ['Sync cycle finished.']);
      return EXIT.ok;
    }
    case 'status': {
      const s = await client.getSchedulerStatus(requestId);
      print(s, () => table(schedulerRows(s)));
      return EXIT.ok;
    }
    case 'errors': {
      const results = await client.getLastRunResults(
        requestId,
        wholeNumber(stringValue(args, 'count'), 'count', 1, 50, 5),
      );
      print(results, () => errorLines(results));
      return EXIT.ok;
    }
    case 'scope': {
      const scope = await client.getSyncScope(requestId);
      print(scope, () => [
        'Included OUs (children included):',
        ...(scope.inclusions.length === 0 ? ['  (none)'] : scope.inclusions.map((d) => `  ${d}`)),
        'Excluded OUs:',
        ...(scope.exclusions.length === 0 ? ['  (none)'] : scope.exclusions.map((d) => `  ${d}`)),
        `Group filter: ${scope.groupFilteringGroupDn ?? 'off'}`,
      ]);
      return EXIT.ok;
    }
  }
};

export const syncCommand: Command = {
  name: 'sync',
  summary: 'Entra Connect through the relay agent: delta sync, status, run errors, sync scope',
  usage: `Usage: hardmatch sync <delta|status|errors|scope> [options]

Talks to the relay agent on the Entra Connect server (RELAY_URL, RELAY_AGENT_ID, RELAY_KEY).
  delta    Start a delta sync (Start-ADSyncSyncCycle -PolicyType Delta). If a cycle is already
           running the request joins it. Refused in staging mode (nothing would be exported).
  status   The scheduler (Get-ADSyncScheduler): cycle in progress, staging mode, next cycle.
  errors   The last run profile results with their export errors (Get-ADSyncRunProfileResult).
  scope    The OUs included in / excluded from sync and the group filter.

Options:
  --wait           (delta) wait until the cycle ends, printing progress
  --timeout <s>    (delta --wait) give up after this many seconds (default 900)
  --count <n>      (errors) how many run results, 1-50 (default 5)
  --json           print one JSON object
  -h, --help

Exit status: 0 done, 1 the relay refused or failed (busy, staging mode, unreachable, timeout),
2 bad input or configuration.

Examples:
  hardmatch sync delta --wait
  hardmatch sync status --json
  hardmatch sync errors --count 10`,
  options: {
    json: { type: 'boolean' },
    wait: { type: 'boolean' },
    timeout: { type: 'string' },
    count: { type: 'string' },
  },
  run(args, ctx) {
    const [sub, ...rest] = args.positionals;
    if (sub === undefined || !(SUBCOMMANDS as readonly string[]).includes(sub))
      return Promise.reject(
        invalidInput(`expected one of ${SUBCOMMANDS.join(', ')} (try 'hardmatch sync --help')`),
      );
    if (rest.length > 0) return Promise.reject(invalidInput(`unexpected argument '${rest[0]}'`));
    return runSub(sub as Sub, args, ctx);
  },
};
