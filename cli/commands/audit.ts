import { createStorage } from '../../connectors/store/create-storage.ts';
import { invalidInput } from '../../core/errors.ts';
import type { AuditRecord } from '../../core/ports.ts';
import { EXIT, flag, stringValue, table, type Command } from '../command.ts';

const COLUMNS = [
  'at',
  'action',
  'outcome',
  'actor',
  'target',
  'requestId',
  'vendorRequestId',
  'message',
] as const;

const cell = (r: AuditRecord, c: (typeof COLUMNS)[number]): string => {
  const v = r[c];
  return v === undefined || v === null ? '' : String(v);
};

// RFC 4180: quote every field, double embedded quotes; a leading = + - @ is neutralised so a spreadsheet
// never runs an audit value (a UPN, a message) as a formula.
const csvField = (s: string): string => `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Show the most recent audit entries (who changed what, before and after)',
  usage: `Usage: hardmatch audit [--limit N] [--json | --csv]

Prints the newest audit entries first, from the configured store (HM_STORE, HM_SQLITE_PATH or
AZURE_STORAGE_CONNECTION_STRING / AZURE_STORAGE_CONTAINER).

Options:
  --limit N   how many entries (1-10000, default 50)
  --json      one JSON object per line, with before/after values
  --csv       CSV with a header row (before/after as JSON text)
  -h, --help

Exit status: 0 shown (also when there are none), 1 the store failed, 2 bad input or configuration.

Examples:
  hardmatch audit --limit 20
  hardmatch audit --csv --limit 1000 > audit.csv`,
  options: { limit: { type: 'string' }, json: { type: 'boolean' }, csv: { type: 'boolean' } },
  async run(args, ctx) {
    if (args.positionals.length > 0)
      throw invalidInput(`'audit' takes no arguments, got '${args.positionals[0]}'`);
    const raw = stringValue(args, 'limit') ?? '50';
    const limit = Number(raw);
    if (!/^\d+$/.test(raw) || limit < 1 || limit > 10_000)
      throw invalidInput(`--limit must be 1-10000, got '${raw}'`);
    if (flag(args, 'json') && flag(args, 'csv')) throw invalidInput('choose one of --json and --csv');
    const storage = await createStorage(ctx.config());
    try {
      const records = await storage.audit.recent(limit);
      if (flag(args, 'json')) {
        records.forEach((r) => ctx.out(JSON.stringify(r)));
      } else if (flag(args, 'csv')) {
        ctx.out([...COLUMNS, 'before', 'after'].join(','));
        for (const r of records) {
          const fields = [
            ...COLUMNS.map((c) => cell(r, c)),
            JSON.stringify(r.before ?? null),
            JSON.stringify(r.after ?? null),
          ];
          ctx.out(fields.map(csvField).join(','));
        }
      } else if (records.length === 0) {
        ctx.out('No audit entries yet.');
      } else {
        table([
          ['AT', 'ACTION', 'OUTCOME', 'ACTOR', 'TARGET'],
          ...records.map((r) => [r.at, r.action, r.outcome, r.actor, cell(r, 'target')]),
        ]).forEach((l) => ctx.out(l));
      }
      return EXIT.ok;
    } finally {
      storage.close();
    }
  },
};
