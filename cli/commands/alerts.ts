import { alertsOverview } from '../../app/alerts/overview.ts';
import { alertsRepository } from '../../app/repositories/alerts.ts';
import { createStorage } from '../../connectors/store/create-storage.ts';
import { invalidInput } from '../../core/errors.ts';
import { EXIT, flag, table, type Command } from '../command.ts';

export const alertsCommand: Command = {
  name: 'alerts',
  summary: 'Show the open sync-health alerts and the muted kinds (from the store)',
  usage: `Usage: hardmatch alerts [--json]

Lists the sync-health alerts the bot's watcher has open - one line each: severity, id, since, whether
it is snoozed or its kind muted, and its title - and the muted kinds. Reads the configured store
(HM_STORE, HM_SQLITE_PATH or AZURE_STORAGE_CONNECTION_STRING / AZURE_STORAGE_CONTAINER): run it with
the bot's settings. Changes nothing.

Options:
  --json   one JSON document: {"watcher": {...} | null, "open": [...], "muted": [...]}
  -h, --help

Exit status: 0 shown (also when none is open), 1 the store failed, 2 bad input or configuration.`,
  options: { json: { type: 'boolean' } },
  async run(args, ctx) {
    if (args.positionals.length > 0)
      throw invalidInput(`'alerts' takes no arguments, got '${args.positionals[0]}'`);
    const config = ctx.config();
    const storage = await createStorage(config);
    try {
      const o = await alertsOverview(
        alertsRepository(storage.store, { now: () => new Date() }),
        config.alerts,
      );
      if (flag(args, 'json')) {
        ctx.out(
          JSON.stringify({
            watcher:
              o.settings === null
                ? null
                : {
                    conversationId: o.settings.conversationId,
                    intervalSeconds: o.settings.intervalMs / 1000,
                  },
            open: o.open.map(({ record: r, mute }) => ({
              id: r.id,
              kind: r.kind,
              severity: r.value.severity,
              title: r.value.title,
              summary: r.value.summary,
              openedAt: r.openedAt,
              posted: r.post !== null,
              snoozedUntil: r.snooze === null ? null : (r.snooze.until ?? 'changed'),
              muted: mute !== null,
              facts: r.value.facts,
            })),
            muted: o.mutes.map((m) => ({ kind: m.kind, by: m.mute.by.name, at: m.mute.at })),
          }),
        );
        return EXIT.ok;
      }
      if (o.settings === null) ctx.out('The watcher is off (HM_ALERTS_CONVERSATION_ID is not set).');
      if (o.open.length === 0) ctx.out('No open sync-health alerts.');
      else
        table([
          ['SEVERITY', 'ID', 'SINCE', 'STATE', 'TITLE'],
          ...o.open.map(({ record: r, mute }) => [
            r.value.severity,
            r.id,
            r.openedAt,
            mute !== null
              ? 'muted'
              : r.snooze !== null
                ? 'snoozed'
                : r.post === null
                  ? 'not posted'
                  : 'posted',
            r.value.title,
          ]),
        ]).forEach((l) => ctx.out(l));
      for (const m of o.mutes) ctx.out(`Muted: ${m.kind} (by ${m.mute.by.name} at ${m.mute.at})`);
      return EXIT.ok;
    } finally {
      storage.close();
    }
  },
};
