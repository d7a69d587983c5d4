/** `audit`: the newest audit entries, for members of the requesters or approvers group. */
import { DomainError } from '../core/errors.ts';
import type { AuditRecord } from '../core/ports.ts';
import type { AppContext } from './context.ts';
import type { TeamsPerson } from './ports.ts';

export const recentAudit = async (
  ctx: AppContext,
  actor: TeamsPerson,
  limit: number,
): Promise<readonly AuditRecord[]> => {
  const m = await ctx.membership.membershipOf(actor);
  if (!m.isRequester && !m.isApprover)
    throw new DomainError(
      'APPROVAL.NOT_ALLOWED',
      'Only members of the requesters or approvers group can read the audit log.',
    );
  return ctx.audit.recent(limit);
};
