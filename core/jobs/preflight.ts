/**
 * Before a job's first write: is the approval still the one for this plan, does the world still look the
 * way the plan was built on (its basis), and do the checks that block its playbook still pass on the
 * fresh facts? And after a crash between "approved" and "job queued": queue it.
 */
import type { CheckId, CheckResult } from '../checks/types.ts';
import { DomainError, isDomainError } from '../errors.ts';
import { gatherMatchFacts, type GatherSettings } from '../gather.ts';
import { basisChanged, planBasis, planHash } from '../plan.ts';
import { blockingChecksNow, findPlaybook } from '../playbooks/index.ts';
import type { Clock } from '../ports.ts';
import type { JobRepository } from '../repositories/jobs.ts';
import type { RequestRepository } from '../repositories/requests.ts';
import { newJob, type Job } from './job-types.ts';
import type { StepPorts } from './steps.ts';

export interface PreflightDeps {
  readonly requests: RequestRepository;
  readonly jobs: JobRepository;
  readonly clock: Clock;
  readonly ports: StepPorts;
  readonly settings: GatherSettings;
}

/** Why an approved plan may not run: what changed since approval, and which checks block it now. */
export interface Staleness {
  /** Human names of what changed (basis fields, the approval, the stored plan). */
  readonly changed: readonly string[];
  /** The checks that block the plan on the fresh facts. */
  readonly blockedBy: readonly CheckId[];
  /** Both, for a person (job failure and audit). */
  readonly message: string;
}

const AGAIN = 'Nothing was done; ask for approval again.';

const stale = (changed: readonly string[], blocks: readonly CheckResult[] = []): Staleness => {
  const blockedBy = [...new Set(blocks.map((c) => c.id))];
  const named = blockedBy.map((id) => `${blocks.find((c) => c.id === id)!.title} (${id})`);
  return {
    changed,
    blockedBy,
    message: [
      changed.length > 0 ? `Since the approval, this changed: ${changed.join(', ')}.` : '',
      named.length > 0 ? `These checks now block it: ${named.join('; ')}.` : '',
      AGAIN,
    ]
      .filter((p) => p !== '')
      .join(' '),
  };
};

/**
 * Why the approved plan no longer holds, or null when it still does. Re-gathers the facts for the same
 * users, compares the plan basis and re-runs the checks that block the plan's playbook. Retryable read
 * failures (a directory or the relay briefly unreachable) propagate, so the job stays queued for a
 * later resume.
 */
export const staleness = async (deps: PreflightDeps, job: Job): Promise<Staleness | null> => {
  if (planHash(job.plan.playbook, job.plan.steps, job.plan.basis) !== job.planHash)
    return stale(['the stored plan']);
  const req = await deps.requests.get(job.requestId);
  if (req === null || req.value.request.state !== 'approved' || req.value.request.planHash !== job.planHash)
    return stale([`the approval (request is ${req?.value.request.state ?? 'missing'})`]);
  // A playbook this version does not know (a plan stored by another version): its blockers are unknown.
  if (job.plan.playbook !== null && findPlaybook(job.plan.playbook) === null)
    return stale([`the playbook (${job.plan.playbook} is not known)`]);
  // An undo's checks are judged on the succeeded job it reverses (which never changes).
  let undoing: Job | null = null;
  if (job.plan.undoes !== null) {
    const found = (await deps.jobs.get(job.plan.undoes))?.value;
    if (found?.state !== 'succeeded') return stale([`the job it undoes (${job.plan.undoes})`]);
    undoing = found;
  }
  const { basis } = job.plan;
  try {
    const facts = await gatherMatchFacts({ ...deps.ports, clock: deps.clock }, deps.settings, {
      adUser: basis.adObjectGuid === null ? null : { kind: 'guid', value: basis.adObjectGuid },
      cloudUser: basis.cloudUserId,
      requestId: job.id,
    });
    if (facts.relayStatus?.kind === 'failed')
      throw new DomainError('RELAY.UNAVAILABLE', facts.relayStatus.message, { retryable: true });
    const changed = basisChanged(basis, planBasis(facts));
    const blocks = blockingChecksNow(job.plan, { facts, undoing });
    return changed.length > 0 || blocks.length > 0 ? stale(changed, blocks) : null;
  } catch (e) {
    if (isDomainError(e) && !e.retryable) return stale([`a user could not be read again (${e.message})`]);
    throw e;
  }
};

/** Queue the job of approved request `requestId` if it is missing (create-only: never two). */
export const ensureJob = async (
  deps: Pick<PreflightDeps, 'requests' | 'jobs' | 'clock'>,
  requestId: string,
): Promise<void> => {
  const req = await deps.requests.get(requestId);
  if (req === null || req.value.request.state !== 'approved') return;
  if ((await deps.jobs.get(requestId)) !== null) return;
  const job = newJob({
    requestId,
    plan: req.value.plan,
    requestedBy: req.value.request.requester,
    approvedBy: req.value.request.decisions.findLast((d) => d.verdict === 'approved')?.by ?? null,
    now: deps.clock.now(),
  });
  await deps.jobs.create(job);
};
