/** Rendered approval and audit cards in every state, for the template test (cards.test.ts). */
import { assessMatch } from '../../../core/assess.ts';
import { gatherMatchFacts } from '../../../core/gather.ts';
import { newJob, type Job } from '../../../core/jobs/job-types.ts';
import { approve, newRequest, reject, type ApprovalRequest } from '../../../core/policy.ts';
import { renderApprovalCard, type CardRole } from '../../../cards/approval-card.ts';
import { renderAuditCard } from '../../../cards/audit-card.ts';
import type { AdaptiveCardJson } from '../../../cards/render.ts';
import { createWorld, JANE_CLOUD, JANE_GUID } from '../../fakes/world.ts';

const world = createWorld();
const facts = await gatherMatchFacts(world.deps, world.deps.settings, {
  adUser: { kind: 'guid', value: JANE_GUID },
  cloudUser: JANE_CLOUD,
  requestId: 'test',
});
export const fixturePlan = assessMatch(facts).plan;
const now = new Date('2026-11-22T01:00:00Z');
const rita = { id: 'rita', name: 'Rita Requester' };
const sam = { id: 'sam', name: 'Senior Sam' };
export const fixtureRequest: ApprovalRequest = newRequest({
  id: 'r1',
  requester: rita,
  reason: 'Ticket says so',
  ticket: 'INC-1',
  plan: fixturePlan,
  now,
  ttlHours: 24,
});
const member = { isRequester: true, isApprover: true };
const approved = approve(fixtureRequest, sam, member, now, 'ok');
const rejected = reject(fixtureRequest, sam, member, now, 'no');
const job = newJob({ requestId: 'r1', plan: fixturePlan, requestedBy: rita, approvedBy: sam, now });
const jobIn = (state: Job['state'], extra: Partial<Job> = {}): Job => ({ ...job, state, ...extra });

const card = (request: ApprovalRequest, j: Job | null, role: CardRole = 'approver') =>
  renderApprovalCard({
    role,
    request,
    plan: fixturePlan,
    job: j,
    checks: [{ icon: '✔', title: 'A check' }],
    progress: j?.state === 'running' ? 'Waiting for sync (3 s)' : '',
    auditId: j?.state === 'succeeded' ? 'a1' : null,
    followUp: null,
    undo: j?.state === 'succeeded' ? { possible: false, why: 'Already synced.' } : null,
    refreshUserIds: role === 'viewer' ? [] : ['29:rita', '29:sam'],
  });

export const approvalFixtures = (): AdaptiveCardJson[] => {
  if (!approved.ok || !rejected.ok) throw new Error('fixture transitions failed');
  return [
    card(fixtureRequest, null),
    card(fixtureRequest, null, 'requester'),
    card({ ...fixtureRequest, state: 'expired' }, null),
    card({ ...fixtureRequest, state: 'withdrawn' }, null, 'requester'),
    card(rejected.request, null),
    card(approved.request, jobIn('running')),
    card(
      approved.request,
      jobIn('succeeded', {
        verified: { cloudUserId: JANE_CLOUD, immutableId: 'x', synced: true, parkedDn: null },
      }),
    ),
    card(approved.request, jobIn('compensated')),
    card(approved.request, jobIn('stale')),
    card(fixtureRequest, null, 'viewer'),
  ];
};

export const auditFixtures = (): AdaptiveCardJson[] => [
  renderAuditCard([]),
  renderAuditCard([
    {
      id: 'a1',
      at: '2026-11-22T01:00:00Z',
      action: 'request.created',
      actor: 'rita',
      requestId: 'r1',
      target: 'jane.doe@contoso.com',
      outcome: 'ok',
      message: 'why',
    },
    {
      id: 'a2',
      at: '2026-11-22T01:05:00Z',
      action: 'request.approved',
      actor: 'aaaaaaaa-0000-0000-0000-000000000002',
      actorName: 'Senior Sam',
      requestId: 'r1',
      target: 'jane.doe@contoso.com',
      outcome: 'ok',
    },
  ]),
];
