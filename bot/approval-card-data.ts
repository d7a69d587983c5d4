/**
 * What the approval cards may send back: the request id (or the review session id) and the person's
 * typed inputs - nothing else. Extra fields are refused, not ignored, so a tampered payload is answered
 * with a clear message and changes nothing.
 */
import { z } from 'zod';
import { MAX_REASON_LENGTH, MAX_TICKET_LENGTH } from '../core/approvals/request-service.ts';

const Id = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.@:{}-]+$/);

/** "Request approval" on the review card: its session, the reason (required, checked by the core) and a ticket. */
export const RequestApprovalData = z
  .object({
    sessionId: Id,
    reason: z.string().max(MAX_REASON_LENGTH).default(''),
    ticket: z.string().max(MAX_TICKET_LENGTH).default(''),
  })
  .strict();

/** Approve / Reject (with the optional comment) and Withdraw. */
export const DecisionData = z.object({ requestId: Id, comment: z.string().max(500).optional() }).strict();

/** Request again / Undo. */
export const RequestRefData = z.object({ requestId: Id }).strict();
