/** `audit` in chat: the newest audit entries, for requesters and approvers. */
import { DomainError } from '../core/errors.ts';
import { renderAuditCard } from '../cards/audit-card.ts';
import type { AdaptiveCardJson } from '../cards/render.ts';
import type { ApprovalDeps, TeamsPerson } from './approval-deps.ts';

const RECENT = 15;

export const auditCard = async (a: ApprovalDeps, actor: TeamsPerson): Promise<AdaptiveCardJson> => {
  const m = await a.membership.membershipOf(actor);
  if (!m.isRequester && !m.isApprover)
    throw new DomainError(
      'APPROVAL.NOT_ALLOWED',
      'Only members of the requesters or approvers group can read the audit log.',
    );
  return renderAuditCard(await a.audit.recent(RECENT));
};
