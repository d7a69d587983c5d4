/**
 * The one place chat text becomes a command. The text is data: it is tokenised and length-checked here,
 * and nothing downstream ever builds a filter or query string from it by concatenation (the connectors
 * escape what they send).
 */
import { z } from 'zod';

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'link'; readonly ad: string | null; readonly cloud: string | null }
  | { readonly kind: 'status'; readonly user: string }
  | { readonly kind: 'errors' }
  | { readonly kind: 'sync-status' }
  | { readonly kind: 'convert'; readonly value: string }
  /** Not understood: the help card is shown with `reason`. */
  | { readonly kind: 'unknown'; readonly reason: string };

const MAX_TEXT = 600;
// A user key or value: printable, no control characters, bounded.
const Arg = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^\p{Cc}]+$/u);

/** Teams text arrives with HTML entities and, in channels, the bot's own mention. */
export const normaliseText = (text: string): string =>
  text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/\s+/g, ' ')
    .trim();

/** Split on spaces; "double quotes" keep a value with spaces (a DN) together. */
export const tokenise = (text: string): string[] =>
  [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '').filter((t) => t !== '');

const unknown = (reason: string): Command => ({ kind: 'unknown', reason });

const args = (tokens: readonly string[]): string[] | null => {
  const parsed = z.array(Arg).safeParse(tokens);
  return parsed.success ? parsed.data : null;
};

/** Parse one chat message. Never throws; anything not understood is `unknown` with a reason. */
export const parseCommand = (raw: string | undefined | null): Command => {
  const text = normaliseText(raw ?? '');
  if (text === '') return unknown('');
  if (text.length > MAX_TEXT) return unknown(`That message is too long (${text.length} characters).`);
  const [head = '', ...rest] = tokenise(text);
  const verb = head.toLowerCase();
  const a = args(rest);
  if (a === null) return unknown('A value contains characters that are not allowed, or is too long.');
  switch (verb) {
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'link':
    case 'match':
      if (a.length > 2)
        return unknown(
          `${verb} takes at most two users: ${verb} ‹ad user› ‹cloud user› (quote a DN with spaces).`,
        );
      return { kind: 'link', ad: a[0] ?? null, cloud: a[1] ?? null };
    case 'status':
      if (a.length !== 1) return unknown('status needs one user: status ‹UPN, sAMAccountName or object id›.');
      return { kind: 'status', user: a[0]! };
    case 'errors':
      return a.length === 0 ? { kind: 'errors' } : unknown('errors takes no arguments.');
    case 'sync':
      return a.length === 1 && a[0]!.toLowerCase() === 'status'
        ? { kind: 'sync-status' }
        : unknown('Did you mean: sync status?');
    case 'convert':
      // Hex bytes come space-separated: the whole rest of the line is the value.
      return a.length === 0
        ? unknown('convert needs a value: a GUID, an ImmutableID, hex bytes or a connector-space name.')
        : { kind: 'convert', value: a.join(' ') };
    default:
      return unknown(`I don't know "${head.slice(0, 40)}".`);
  }
};
