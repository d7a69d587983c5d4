/**
 * The chat commands, in one table: each entry's name, aliases, usage and summary feed the parser, the
 * help card and the Teams manifest's command list (a test checks the manifest agrees); its `parse` turns
 * the words after the name into its input, its `run` answers with a card. Adding a command is one entry.
 */
import { decodeAnchor } from '../core/immutable-id.ts';
import { recentAudit } from '../app/audit.ts';
import type { AppContext } from '../app/context.ts';
import { userStatus } from '../app/status.ts';
import { syncErrors, syncStatus } from '../app/sync-info.ts';
import { syncNow } from '../app/sync-now.ts';
import { renderAuditCard } from '../cards/audit-card.ts';
import { renderConvertCard } from '../cards/convert-card.ts';
import { renderHelpCard } from '../cards/help-card.ts';
import { renderNoticeCard } from '../cards/notice-card.ts';
import type { AdaptiveCardJson } from '../cards/render.ts';
import { renderStatusCard } from '../cards/status-card.ts';
import { renderSyncErrorsCard } from '../cards/sync-errors-card.ts';
import { renderSyncStatusCard } from '../cards/sync-status-card.ts';
import { showAlerts } from './alerts.ts';
import { startLink } from './link.ts';
import { normaliseText, tokenise, validArgs } from './text.ts';
import type { Turn } from './turn.ts';

/** Why the words did not make a valid input, for the help card's notice. */
export interface Refusal {
  readonly refused: string;
}

export interface ChatCommand<A = unknown> {
  /** One or two words, lower case ("sync status"). */
  readonly name: string;
  readonly aliases: readonly string[];
  /** How to type it, with ‹placeholders› (card markdown drops anything that looks like an HTML tag). */
  readonly usage: string;
  /** What it does, for the help card. */
  readonly summary: string;
  /** The Teams manifest's short description; absent: not in the manifest's command list. */
  readonly manifest?: string;
  readonly parse: (args: readonly string[]) => A | Refusal;
  readonly run: (ctx: AppContext, turn: Turn, input: A) => Promise<AdaptiveCardJson>;
}

const isRefusal = (v: unknown): v is Refusal => typeof v === 'object' && v !== null && 'refused' in v;

const none =
  (name: string) =>
  (args: readonly string[]): null | Refusal =>
    args.length === 0 ? null : { refused: `${name} takes no arguments.` };

/** A typed command entry (keeps `parse` and `run` agreeing on the input type). */
const command = <A>(c: ChatCommand<A>): ChatCommand => c as ChatCommand;

const AUDIT_DEFAULT = 15;
const AUDIT_MAX = 100;

export const COMMANDS: readonly ChatCommand[] = [
  command<{ readonly ad: string | null; readonly cloud: string | null }>({
    name: 'link',
    aliases: ['match'],
    usage: 'link ‹ad user› ‹cloud user›',
    summary:
      'Pick an AD user and a cloud user (or name them: sAMAccountName, UPN, GUID or DN; UPN or object id), see every check and the plan. Alias: match.',
    manifest: 'Pick an AD user and a cloud user; see the checks and the plan',
    parse: (args) =>
      args.length > 2
        ? { refused: 'link takes at most two users: link ‹ad user› ‹cloud user› (quote a DN with spaces).' }
        : { ad: args[0] ?? null, cloud: args[1] ?? null },
    run: (ctx, turn, input) => startLink(ctx, turn, input),
  }),
  command<string>({
    name: 'status',
    aliases: [],
    usage: 'status ‹user›',
    summary: 'Cloud-only or synced, ImmutableID and the AD user it points to, errors, last sync.',
    manifest: 'status <user>: sync state, ImmutableID, the AD user it points to',
    parse: (args) =>
      args.length === 1
        ? args[0]!
        : { refused: 'status needs one user: status ‹UPN, sAMAccountName or object id›.' },
    run: async (ctx, turn, user) => renderStatusCard(await userStatus(ctx, turn.correlationId, user)),
  }),
  command({
    name: 'errors',
    aliases: [],
    usage: 'errors',
    summary: "The tenant's users with sync errors, grouped, each with a Fix button.",
    manifest: "The tenant's users with sync errors, each with a Fix button",
    parse: none('errors'),
    run: async (ctx) => renderSyncErrorsCard(await syncErrors(ctx)),
  }),
  command({
    name: 'sync status',
    aliases: [],
    usage: 'sync status',
    summary: 'Entra Connect scheduler and the last run results.',
    manifest: 'Entra Connect scheduler and the last run results',
    parse: none('sync status'),
    run: async (ctx, turn) => renderSyncStatusCard(await syncStatus(ctx, turn.correlationId)),
  }),
  command({
    name: 'sync now',
    aliases: [],
    usage: 'sync now',
    summary: 'Start a delta sync now (requesters; at most every few minutes).',
    manifest: 'Start a delta sync on Entra Connect (no approval; rate-limited)',
    parse: none('sync now'),
    run: async (ctx, turn) => {
      const r = await syncNow(ctx, turn);
      if (r.kind === 'too-soon')
        return renderNoticeCard(
          'Sync not started',
          `A sync was started less than ${r.intervalSeconds} s ago. Try again in ${r.waitSeconds} s.`,
        );
      return r.kind === 'started'
        ? renderNoticeCard(
            'Delta sync started',
            'Entra Connect runs a delta sync now. Use sync status to follow it.',
          )
        : renderNoticeCard(
            'A sync cycle is already running',
            'Entra Connect is already syncing; your changes are carried by this or the next cycle.',
          );
    },
  }),
  command({
    name: 'alerts',
    aliases: [],
    usage: 'alerts',
    summary:
      "The open sync-health alerts (the watcher's cards in the ops channel), the muted kinds, and this conversation's id.",
    manifest: 'The open sync-health alerts and the muted kinds',
    parse: none('alerts'),
    run: (ctx, turn) => showAlerts(ctx, turn),
  }),
  command<number>({
    name: 'audit',
    aliases: [],
    usage: 'audit ‹how many›',
    summary: `The most recent audit entries (${AUDIT_DEFAULT}, or up to ${AUDIT_MAX}): requests, approvals, every write.`,
    manifest: 'The most recent audit entries: who asked, who approved, what changed',
    parse: (args) => {
      if (args.length === 0) return AUDIT_DEFAULT;
      const n = args.length === 1 && /^\d{1,3}$/.test(args[0]!) ? Number(args[0]) : NaN;
      return n >= 1 && n <= AUDIT_MAX
        ? n
        : { refused: `audit takes a number from 1 to ${AUDIT_MAX}: audit 50.` };
    },
    run: async (ctx, turn, limit) => renderAuditCard(await recentAudit(ctx, turn.actor, limit)),
  }),
  command<string>({
    name: 'convert',
    aliases: [],
    usage: 'convert ‹value›',
    summary: 'A GUID, ImmutableID, hex bytes or connector-space name in every form.',
    manifest: 'convert <value>: a GUID or ImmutableID in every form',
    // Hex bytes come space-separated: the whole rest of the line is the value.
    parse: (args) =>
      args.length === 0
        ? { refused: 'convert needs a value: a GUID, an ImmutableID, hex bytes or a connector-space name.' }
        : args.join(' '),
    run: (_ctx, _turn, value) => Promise.resolve(renderConvertCard(decodeAnchor(value))),
  }),
  command({
    name: 'help',
    aliases: ['?'],
    usage: 'help',
    summary: 'This card.',
    manifest: 'What I can do',
    parse: () => null,
    run: () => Promise.resolve(helpCard()),
  }),
];

/** The help card, from the table; `notice` says why it is shown (unknown command, bad arguments). */
export const helpCard = (notice = ''): AdaptiveCardJson =>
  renderHelpCard(
    COMMANDS.map((c) => ({ usage: c.usage, description: c.summary })),
    notice,
  );

/** A parsed message: the command and its input, or why it is not understood (the help card says it). */
export type Parsed =
  | { readonly ok: true; readonly command: ChatCommand; readonly input: unknown }
  | { readonly ok: false; readonly reason: string };

const MAX_TEXT = 600;

const byWords = (words: readonly string[]): { command: ChatCommand; used: number } | null => {
  for (const c of COMMANDS)
    for (const name of [c.name, ...c.aliases]) {
      const parts = name.split(' ');
      if (parts.every((p, i) => words[i]?.toLowerCase() === p)) return { command: c, used: parts.length };
    }
  return null;
};

/** Parse one chat message. Never throws; anything not understood comes back with a reason. */
export const parseCommand = (raw: string | undefined | null): Parsed => {
  const text = normaliseText(raw ?? '');
  if (text === '') return { ok: false, reason: '' };
  if (text.length > MAX_TEXT)
    return { ok: false, reason: `That message is too long (${text.length} characters).` };
  const words = tokenise(text);
  const found = byWords(words);
  if (found === null) {
    const head = words[0] ?? '';
    const family = COMMANDS.filter((c) => c.name.startsWith(`${head.toLowerCase()} `)).map((c) => c.name);
    return {
      ok: false,
      reason:
        family.length > 0 ? `Did you mean: ${family.join(' or ')}?` : `I don't know "${text.slice(0, 60)}".`,
    };
  }
  const args = validArgs(words.slice(found.used));
  if (args === null)
    return { ok: false, reason: 'A value contains characters that are not allowed, or is too long.' };
  const input = found.command.parse(args);
  return isRefusal(input)
    ? { ok: false, reason: input.refused }
    : { ok: true, command: found.command, input };
};

/** Answer one chat message: the command's card, or the help card saying why it was not understood. */
export const answerMessage = (
  ctx: AppContext,
  turn: Turn,
  text: string | undefined,
): Promise<AdaptiveCardJson> => {
  const parsed = parseCommand(text);
  return parsed.ok ? parsed.command.run(ctx, turn, parsed.input) : Promise.resolve(helpCard(parsed.reason));
};

/** The Teams manifest's command list, as the table has it. */
export const manifestCommands = (): { readonly title: string; readonly description: string }[] =>
  COMMANDS.filter((c) => c.manifest !== undefined).map((c) => ({ title: c.name, description: c.manifest! }));
