/**
 * The workflow of the bot tests: the fake world's ports, a real SQLite store in memory, the recording
 * Notifier and the real card renderer, with the approval settings tests use (four-eyes groups, fast
 * timing). `createRuntime` is the production code; only the far ends are fakes.
 */
import { createRuntime, type Runtime } from '../../app/runtime.ts';
import type { WorkflowInput } from '../../bot/compose.ts';
import { CARD_RENDERER } from '../../cards/renderer.ts';
import { createSqliteStorage, type Storages } from '../../connectors/store/create-storage.ts';
import { RecordingNotifier } from './recording-notifier.ts';
import type { WorldDeps } from './world.ts';

export const REQUESTERS = 'group-requesters';
export const APPROVERS = 'group-approvers';

/** The workflow input over `deps` with its own in-memory store. */
export const testWorkflow = (
  deps: WorldDeps,
  overrides: Partial<WorkflowInput> = {},
): WorkflowInput & { readonly storage: Storages } => {
  const storage = createSqliteStorage(':memory:');
  return {
    ...deps,
    storage,
    store: storage.store,
    audit: storage.audit,
    requestersGroupId: REQUESTERS,
    approversGroupId: APPROVERS,
    membershipCacheMs: 0,
    ttlHours: 24,
    sweepMs: 3_600_000,
    workflow: { approversConversationId: null, syncNowIntervalMs: 120_000, jobStartDelayMs: 0 },
    timing: { pollAttempts: 2, pollDelayMs: 1, syncTimeoutMs: 1000 },
    ...overrides,
  };
};

/** A runtime over `deps` that records its proactive messages. */
export const testRuntime = (
  deps: WorldDeps,
  overrides: Partial<WorkflowInput> = {},
): { readonly runtime: Runtime; readonly notifier: RecordingNotifier; readonly storage: Storages } => {
  const input = testWorkflow(deps, overrides);
  const notifier = new RecordingNotifier();
  return {
    runtime: createRuntime({ ...input, notifier, render: CARD_RENDERER }),
    notifier,
    storage: input.storage,
  };
};
