/**
 * The activity as the edge accepts it, checked before authentication and before any route: the fields
 * the bot and its libraries read must have the types Bot Framework gives them. A number as `text`, an
 * object as `queryText`, a lone surrogate (which no UTF-8 JSON from Teams can carry, and which breaks
 * encodeURIComponent further down) or entities nested 60,000 deep used to reach a route and end as
 * INTERNAL; here they get a 400 that names the field. Unknown fields pass through untouched.
 */
import { z } from 'zod';

/** Deeper JSON than this is refused before it is parsed (activities nest a handful of levels). */
export const MAX_JSON_DEPTH = 32;

const str = z.string().max(64 * 1024);
const id = z.looseObject({ id: str.optional(), aadObjectId: str.optional(), name: str.optional() });

const SearchValue = z.looseObject({
  dataset: str.optional(),
  queryText: str.optional(),
  queryOptions: z
    .looseObject({
      skip: z.number().int().min(0).max(10_000).optional(),
      top: z.number().int().min(0).max(1_000).optional(),
    })
    .optional(),
});
const ActionValue = z.looseObject({
  action: z.looseObject({ type: str.optional(), verb: str.optional(), data: z.unknown().optional() }),
});

const ActivityShape = z.looseObject({
  type: z.string().min(1, 'is required').max(64),
  id: str.optional(),
  name: str.optional(),
  text: str.optional(),
  channelId: z.string().min(1, 'is required').max(64),
  serviceUrl: str.optional(),
  from: id.optional(),
  recipient: id.optional(),
  conversation: z
    .looseObject({ id: str.optional(), tenantId: str.optional(), conversationType: str.optional() })
    .optional(),
  entities: z
    .array(z.looseObject({ type: str.optional() }))
    .max(64)
    .optional(),
  attachments: z.array(z.looseObject({})).max(64).optional(),
  timestamp: str.optional(),
  localTimestamp: str.optional(),
  expiration: str.optional(),
});

/** The invoke values the bot's routes read, by invoke name. */
const VALUES: Readonly<Record<string, z.ZodType>> = {
  'application/search': SearchValue,
  'adaptiveCard/action': ActionValue,
};

export type ActivityCheck =
  | { readonly ok: true; readonly activity: Record<string, unknown> }
  | { readonly ok: false; readonly message: string };

/** Nesting depth of JSON text, counted outside strings, without parsing it. */
const depthExceeds = (text: string, max: number): boolean => {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
};

/** The path of the first string (or key) that is not well-formed UTF-16, or null. */
const illFormedAt = (value: unknown, path: string): string | null => {
  if (typeof value === 'string') return value.isWellFormed() ? null : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = illFormedAt(value[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!k.isWellFormed()) return `${path} (a key)`;
      const found = illFormedAt(v, `${path}.${k}`);
      if (found !== null) return found;
    }
  }
  return null;
};

const issueText = (issue: z.core.$ZodIssue, prefix: string): string =>
  `${[prefix, ...issue.path.map(String)].join('.')}: ${issue.message}`;

/** Bot Framework sends dates as ISO strings; the adapter expects Date objects (as restify's path did). */
const withDates = (activity: Record<string, unknown>): Record<string, unknown> => {
  const out = { ...activity };
  for (const [key, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const v = out[key];
    if (typeof v === 'string') {
      out[raw] = v;
      out[key] = new Date(v);
    }
  }
  return out;
};

/** Parse and check one request body. */
export const checkActivity = (text: string): ActivityCheck => {
  if (depthExceeds(text, MAX_JSON_DEPTH))
    return { ok: false, message: `The JSON is nested deeper than ${MAX_JSON_DEPTH} levels.` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, message: 'The body is not valid JSON.' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return { ok: false, message: 'The body must be one activity (a JSON object).' };
  const bad = illFormedAt(parsed, 'activity');
  if (bad !== null) return { ok: false, message: `${bad}: not well-formed text (a lone surrogate).` };
  const shape = ActivityShape.safeParse(parsed);
  if (!shape.success) return { ok: false, message: issueText(shape.error.issues[0]!, 'activity') };
  const schema = shape.data.type === 'invoke' ? VALUES[shape.data.name ?? ''] : undefined;
  if (schema !== undefined) {
    const value = schema.safeParse(shape.data['value']);
    if (!value.success) return { ok: false, message: issueText(value.error.issues[0]!, 'activity.value') };
  }
  return { ok: true, activity: withDates(parsed as Record<string, unknown>) };
};
