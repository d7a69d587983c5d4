/**
 * The shapes card actions may send back, checked with zod before anything sees them. A card is user
 * input: anything else is refused with INPUT.INVALID and changes nothing. Card data carries a verb and
 * ids only; the person's typed inputs (reason, ticket, comment) are bounded here.
 */
import { z } from 'zod';
import { MAX_REASON_LENGTH, MAX_TICKET_LENGTH } from '../core/approvals/request-service.ts';
import { invalidInput } from '../core/errors.ts';

/** The one id limit of every card: session ids, request ids, object ids. */
export const MAX_CARD_ID = 100;

const Id = z
  .string()
  .min(1)
  .max(MAX_CARD_ID)
  .regex(/^[\w.@:{}-]+$/);
const Guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);

// Link and Fix payloads ignore unknown fields (Action.Submit data carries its verb and the card's other
// inputs); the approval payloads below refuse them.
export const NoData = z.object({});
export const SessionData = z.object({ sessionId: Id });
export const ReviewData = z.object({
  sessionId: Id,
  adUser: z.union([z.literal(''), Guid]).default(''),
  cloudUser: z.union([z.literal(''), Id]).default(''),
});
export const FixData = z.object({ cloudUserId: Id });
/** Data.Query may carry the card's other inputs (associatedInputs: auto): the AD user chosen so far. */
export const SearchContext = z.object({ adUser: Guid }).partial();

/** "Request approval" on the review card: its session, the reason (required, checked by the core) and a ticket. */
export const RequestApprovalData = z
  .object({
    sessionId: Id,
    reason: z.string().max(MAX_REASON_LENGTH).default(''),
    ticket: z.string().max(MAX_TICKET_LENGTH).default(''),
  })
  .strict();

/** Approve / Reject (with the optional comment) and Withdraw: extra fields are refused, not ignored. */
export const DecisionData = z.object({ requestId: Id, comment: z.string().max(500).optional() }).strict();

/** Request again, Undo and the card refresh: the request id only. */
export const RequestRefData = z.object({ requestId: Id }).strict();

/** A sync-health alert's id (`stale-sync`, `sync-errors.3f2a...`): never a store key as such. */
const AlertId = z.string().regex(/^[a-z][a-z0-9.-]{0,99}$/);

/** Mute / Unmute this kind on an alert's card: the alert id only (its kind is read on the server). */
export const AlertRefData = z.object({ alertId: AlertId }).strict();

/** Snooze on an alert's card: for one hour, one day, or until the situation changes. */
export const SnoozeData = z.object({ alertId: AlertId, span: z.enum(['1h', '1d', 'changed']) }).strict();

/** Parse card data or refuse it with a clear message. */
export const parseCardData = <T>(schema: z.ZodType<T>, data: unknown): T => {
  const parsed = schema.safeParse(data);
  if (!parsed.success)
    throw invalidInput('This card sent data I do not understand. Start again with link or help.');
  return parsed.data;
};
