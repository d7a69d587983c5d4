/**
 * Before a job's first write: is the approval still the one for this plan, and does the world still
 * look the way the plan was built on? And after a crash between "approved" and "job queued": queue it.
 */
import { DomainError, isDomainError } from '../errors.ts';
import { gatherMatchFacts, type GatherSettings } from '../gather.ts';
import { basisChanged, planBasis, planHash } from '../plan.ts';
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

/**
 * Why the approved plan no longer holds (human names of what changed), or null when it still does.
 * Re-gathers the facts for the same users and compares the plan basis. Retryable read failures (a
 * directory or the relay briefly unreachable) propagate, so the job stays queued for a later resume.
 */
export const staleness = async (deps: PreflightDeps, job: Job): Promise<string[] | null> => {
  if (planHash(job.plan.playbook, job.plan.steps, job.plan.basis) !== job.planHash)
    return ['the stored plan'];
  const req = await deps.requests.get(job.requestId);
  if (req === null || req.value.request.state !== 'approved' || req.value.request.planHash !== job.planHash)
    return [`the approval (request is ${req?.value.request.state ?? 'missing'})`];
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
    return changed.length > 0 ? changed : null;
  } catch (e) {
    if (isDomainError(e) && !e.retryable) return [`a user could not be read again (${e.message})`];
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
