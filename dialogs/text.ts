/**
 * How chat text is read: Teams' HTML and entities removed, the bot's own mention dropped, spaces
 * collapsed, split into words (a "quoted value" with spaces stays one word). The text is data: nothing
 * downstream builds a filter or query string from it by concatenation (the connectors escape it).
 */
import { z } from 'zod';

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

// A user key or value: printable, no control characters, bounded.
const Arg = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^\p{Cc}]+$/u);

/** The words as arguments, or null when one is too long or holds control characters. */
export const validArgs = (tokens: readonly string[]): string[] | null => {
  const parsed = z.array(Arg).safeParse(tokens);
  return parsed.success ? parsed.data : null;
};
