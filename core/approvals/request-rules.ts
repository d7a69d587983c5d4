/**
 * What a new approval request must satisfy before it is stored: a reason a reviewer can read, a short
 * ticket reference, and a plan that is sealed (its hash matches its steps), unblocked and not empty.
 */
import { DomainError, invalidInput } from '../errors.ts';
import { planHash, type Plan } from '../plan.ts';

export const MAX_REASON_LENGTH = 1_000;
export const MAX_TICKET_LENGTH = 100;

/** Throws INPUT.INVALID (or INTERNAL for a plan that does not match its hash) when the request is unfit. */
export const validateNewRequest = (input: {
  reason: string;
  ticket?: string | null | undefined;
  plan: Plan;
}): void => {
  const reason = input.reason.trim();
  if (reason === '') throw invalidInput('Please give a reason for the request.');
  if (reason.length > MAX_REASON_LENGTH)
    throw invalidInput(`The reason is too long (at most ${MAX_REASON_LENGTH} characters).`);
  if ((input.ticket ?? '').trim().length > MAX_TICKET_LENGTH)
    throw invalidInput(`The ticket reference is too long (at most ${MAX_TICKET_LENGTH} characters).`);
  const { plan } = input;
  // The plan travels from the review card's server-side state; re-seal it so a changed step cannot ride
  // on a hash that was computed for other steps.
  if (planHash(plan.playbook, plan.steps, plan.basis) !== plan.hash)
    throw new DomainError('INTERNAL', 'The plan does not match its hash; build it again.');
  if (plan.blockedBy.length > 0)
    throw invalidInput(`This match is blocked (${plan.blockedBy.join(', ')}); resolve the blockers first.`);
  if (plan.steps.length === 0) throw invalidInput('There is nothing to do for these users.');
};
