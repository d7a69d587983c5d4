/**
 * Text on cards is text, never markdown. TextBlock and FactSet values are rendered as the CommonMark
 * subset of Adaptive Cards (learn.microsoft.com/adaptive-cards/authoring-cards/text-features: bold,
 * italic, lists, `[title](url)` links), and part of what the bot shows was typed by someone else - a
 * requester's reason and ticket, an approver's comment, a search text, a name from the directory. A
 * reason of `[Approve here](https://...)` was a clickable link on the approvers' card (issue 12,
 * finding 10). So every such field of every rendered card gets its markdown characters backslash-escaped
 * (CommonMark: any ASCII punctuation may be escaped; the Agents Playground renders with markdown-it),
 * and no template relies on markdown: bold is a TextRun's `weight` (RichTextBlock), not `**`. TextRun
 * does no markdown ("Markdown is not supported", adaptive-cards schema explorer, TextRun) and is left
 * alone.
 */

/** Characters that start emphasis, links, code, autolinks, HTML, entities or strikethrough. */
const INLINE = /[\\`*_[\]<>&~|]/g;
/** At a line's start: headings, quotes, bullets, numbered items. */
const LINE_START = /^(\s*)([#>+-]|\d{1,9}[.)])/gm;

/** `value` shown literally by a markdown renderer. */
export const escapeMarkdown = (value: string): string =>
  value
    .replace(INLINE, (c) => `\\${c}`)
    .replace(LINE_START, (_m, space: string, marker: string) => {
      const last = marker.length - 1;
      return `${space}${marker.slice(0, last)}\\${marker[last]!}`;
    });

type Json = unknown;

const FACT_FIELDS = ['title', 'value'] as const;

/** The card with every markdown-rendered text escaped (TextBlock.text, Fact title and value). */
export const plainTextCard = <T>(card: T): T => {
  const walk = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const o = node as Record<string, Json>;
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(o)) out[k] = walk(v);
    if (o['type'] === 'TextBlock' && typeof o['text'] === 'string') out['text'] = escapeMarkdown(o['text']);
    if (o['type'] === 'FactSet' && Array.isArray(o['facts']))
      out['facts'] = (o['facts'] as Json[]).map((f) => {
        if (f === null || typeof f !== 'object') return f;
        const fact = { ...(f as Record<string, Json>) };
        for (const field of FACT_FIELDS)
          if (typeof fact[field] === 'string') fact[field] = escapeMarkdown(fact[field]);
        return fact;
      });
    return out;
  };
  return walk(card) as T;
};
