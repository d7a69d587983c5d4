/**
 * The card of one approval request, as the approvers and the requester see it, through its whole life:
 * pending (Approve / Reject or Withdraw), decided, the job's progress (step n of m, waiting for sync),
 * the verified result with its audit id and Undo, or expired / withdrawn with Request again. Each
 * conversation's card is rendered for its role and must work as it is (the Playground has no refresh);
 * in real Teams the card's Universal Actions `refresh` also shows each listed user the card for their own
 * role ('viewer': someone who may neither decide nor withdraw). The server decides what a click may do.
 */
import template from './templates/approval.json' with { type: 'json' };
import type { Job } from '../core/jobs/job-types.ts';
import { jobOutcome, planLabel } from '../core/playbooks/index.ts';
import type { ApprovalRequest, RequestState } from '../core/policy.ts';
import type { RequestView } from '../app/ports.ts';
import { formatTime } from './format.ts';
import { renderTemplate, show, summarise, type AdaptiveCardJson } from './render.ts';

/** The view is the use cases' (app/ports.ts): what the request's card shows, for one role. */
export type { CardRole } from '../app/ports.ts';
type ApprovalCardView = RequestView;

type Style = 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

interface Status {
  readonly status: string;
  readonly detail: string;
  readonly style: Style;
}

const MAX_STEPS = 15;

const decisionText = (r: ApprovalRequest): string => {
  const d = r.decisions.at(-1);
  if (d === undefined) return '';
  return `${d.verdict === 'approved' ? 'Approved' : 'Rejected'} by ${d.by.name}${d.comment === null ? '' : `: "${d.comment}"`}`;
};

const stepLine = (job: Job): string => {
  const m = job.plan.steps.length;
  const done = job.steps.filter((s) => s.status === 'done').length;
  const current = job.plan.steps[Math.min(done, m - 1)];
  return `Step ${Math.min(done + 1, m)} of ${m}: ${current?.changes ?? ''}`;
};

const JOB_STYLES: Readonly<Record<Job['state'], Style>> = {
  queued: 'accent',
  running: 'accent',
  compensating: 'warning',
  succeeded: 'good',
  stale: 'warning',
  compensated: 'attention',
  'needs-attention': 'attention',
};

const jobStatus = (job: Job, v: ApprovalCardView): Status => {
  const decided = decisionText(v.request);
  if (job.state === 'running')
    return {
      status: `Approved - running. ${stepLine(job)}`,
      detail: [v.progress, decided].filter((s) => s !== '').join(' · '),
      style: 'accent',
    };
  // How the job reads (verified linked, unlinked, stopped, failed) is the core's to say.
  const o = jobOutcome(job);
  const withDecision = job.state === 'queued' || job.state === 'succeeded';
  return {
    status: o.status,
    detail: withDecision ? [o.detail, decided].filter((t) => t !== '').join(' ') : o.detail,
    style: JOB_STYLES[job.state],
  };
};

const requestStatus = (v: ApprovalCardView): Status => {
  const r = v.request;
  const byState: Record<Exclude<RequestState, 'approved'>, Status> = {
    pending: {
      status: v.role === 'requester' ? 'Sent for approval' : 'Waiting for an approver',
      detail: `Expires ${formatTime(r.expiresAt)}. The requester cannot approve their own request.`,
      style: 'emphasis',
    },
    rejected: { status: 'Rejected', detail: decisionText(r), style: 'attention' },
    expired: {
      status: 'Expired',
      detail: `Nobody decided before ${formatTime(r.expiresAt)}.`,
      style: 'warning',
    },
    withdrawn: { status: 'Withdrawn by the requester', detail: 'Nothing was changed.', style: 'warning' },
    superseded: {
      status: 'Replaced by a newer request',
      detail: r.supersededBy === null ? '' : `Request ${r.supersededBy}`,
      style: 'warning',
    },
  };
  if (r.state === 'approved')
    return v.job === null
      ? { status: 'Approved - starting', detail: decisionText(r), style: 'accent' }
      : jobStatus(v.job, v);
  return byState[r.state];
};

/** Whether the core says the job changed something that has an undo (judged again on click). */
const undoable = (job: Job | null): boolean => job?.state === 'succeeded' && jobOutcome(job).undoable;

/** The card for `v.role`'s conversation. */
export const renderApprovalCard = (v: ApprovalCardView): AdaptiveCardJson => {
  const r = v.request;
  const s = requestStatus(v);
  const b = v.plan.basis;
  const steps = summarise(v.plan.steps, MAX_STEPS);
  const followUp =
    v.followUp === null
      ? []
      : [
          {
            title: v.followUp.kind === 'undo' ? 'Undo requested' : 'Asked again',
            value: v.followUp.requestId,
          },
        ];
  const facts = [
    { title: 'Requested by', value: r.requester.name },
    { title: 'Reason', value: show(r.reason) },
    { title: 'Ticket', value: show(r.ticket) },
    { title: 'AD user', value: show(b.adDn ?? b.adUserPrincipalName) },
    { title: 'Cloud user', value: b.cloudUserPrincipalName },
    { title: 'Request id', value: r.id },
    ...(v.auditId === null ? [] : [{ title: 'Audit id', value: v.auditId }]),
    ...(v.undo !== null && !v.undo.possible && v.job?.state === 'succeeded'
      ? [{ title: 'Undo', value: `Not possible: ${v.undo.why}` }]
      : []),
    ...followUp,
  ];
  const again =
    v.followUp === null &&
    (r.state === 'expired' || r.state === 'rejected' || r.state === 'withdrawn' || v.job?.state === 'stale');
  // A viewer's card is read-only: Request again and Undo are for the people of the request.
  const acts = v.role !== 'viewer';
  const card = renderTemplate(template, {
    title: `${planLabel(v.plan)}: ${show(b.adUserPrincipalName)} → ${b.cloudUserPrincipalName}`,
    status: s.status,
    detail: s.detail,
    statusStyle: s.style,
    facts,
    checks: v.checks,
    plan: {
      title: v.plan.title,
      summary: show(v.plan.summary),
      steps: steps.shown.map((step, i) => ({ number: String(i + 1), changes: step.changes })),
    },
    requestId: r.id,
    // Already capped at Teams' limit for refresh.userIds (app/approvals/publish.ts).
    refreshUserIds: v.refreshUserIds,
    showDecide: r.state === 'pending' && v.role === 'approver',
    showWithdraw: r.state === 'pending' && v.role === 'requester',
    showAgain: acts && again,
    showUndo: acts && v.followUp === null && (v.undo?.possible ?? true) && undoable(v.job),
  });
  // Without users the template's `$when` leaves `refresh: null`; the card then has no refresh at all.
  if (card['refresh'] !== null) return card;
  const rest: Record<string, unknown> = { ...card };
  delete rest['refresh'];
  return rest as AdaptiveCardJson;
};
