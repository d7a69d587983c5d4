/**
 * The allow-list: every operation the agent will run, its parameter schema and its result schema. Nothing
 * outside this table can be asked for. Parameters are validated here (agent side) before a runner sees
 * them; results are validated by the client before the bot trusts them.
 */
import { z } from 'zod';
import type {
  RunProfileResult,
  SchedulerStatus,
  ServerInfo,
  SingleObjectSyncResult,
  SyncCredentialInfo,
  SyncScope,
} from '../core/models.ts';
import type { DeltaSyncStart } from '../core/ports.ts';

/** Upper bound of one server-side wait, so a request never outlives reasonable HTTP timeouts. */
export const MAX_WAIT_MS = 120_000;

// A DN is data for a cmdlet parameter; control characters never belong in one and would only help an
// attacker confuse a log line.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const distinguishedName = z
  .string()
  .min(3)
  .max(2048)
  .refine((v) => !CONTROL_CHARS.test(v), 'must not contain control characters')
  .refine((v) => /^[A-Za-z]+=/.test(v), 'must be a distinguished name (CN=...,OU=...,DC=...)');

const none = z.object({}).strict();

export const operationParams = {
  'delta-sync': none,
  /** A full import and sync of every object: heavy, so only on an explicit confirmation. */
  'initial-sync': z.object({ confirm: z.literal(true) }).strict(),
  'scheduler-status': none,
  'wait-until-idle': z
    .object({
      timeoutMs: z.number().int().min(0).max(MAX_WAIT_MS),
      pollMs: z.number().int().min(50).max(60_000).default(2_000),
    })
    .strict(),
  'run-results': z.object({ count: z.number().int().min(1).max(50).default(5) }).strict(),
  'single-object-sync': z.object({ distinguishedName }).strict(),
  'sync-scope': none,
  'restart-service': none,
  /** The Entra Connect version and the server's clock (for `hardmatch doctor`). Read-only. */
  'server-info': none,
  /** How Entra Connect signs in to Entra ID and when its certificate expires, where readable. Read-only. */
  'sync-credential': none,
} as const;

export type OperationName = keyof typeof operationParams;
export const OPERATION_NAMES = Object.keys(operationParams) as OperationName[];
export const isOperationName = (name: string): name is OperationName =>
  Object.prototype.hasOwnProperty.call(operationParams, name);

/** Parameters after validation (defaults applied). */
export type OperationParams<N extends OperationName> = z.output<(typeof operationParams)[N]>;
/** Parameters as a caller sends them (defaults optional). */
export type OperationInput<N extends OperationName> = z.input<(typeof operationParams)[N]>;

export interface WaitOutcome {
  readonly idle: boolean;
  readonly scheduler: SchedulerStatus;
}

export interface OperationResults {
  'delta-sync': DeltaSyncStart;
  'initial-sync': { readonly started: true };
  'scheduler-status': SchedulerStatus;
  'wait-until-idle': WaitOutcome;
  'run-results': readonly RunProfileResult[];
  'single-object-sync': SingleObjectSyncResult;
  'sync-scope': SyncScope;
  'restart-service': { readonly restarted: true };
  'server-info': ServerInfo;
  'sync-credential': SyncCredentialInfo;
}

export type { ServerInfo, SyncCredentialInfo };
export type OperationResult<N extends OperationName> = OperationResults[N];

/** Read-only operations: safe to retry and to run while a cycle is in progress. */
export const READ_ONLY: ReadonlySet<OperationName> = new Set([
  'scheduler-status',
  'wait-until-idle',
  'run-results',
  'sync-scope',
  'server-info',
  'sync-credential',
]);

const schedulerStatus = z.object({
  syncCycleEnabled: z.boolean(),
  syncCycleInProgress: z.boolean(),
  stagingModeEnabled: z.boolean(),
  schedulerSuspended: z.boolean(),
  maintenanceEnabled: z.boolean(),
  nextSyncCyclePolicyType: z.enum(['Delta', 'Initial']).nullable(),
  nextSyncCycleStartTimeInUtc: z.string().nullable(),
  currentlyEffectiveSyncCycleIntervalMinutes: z.number().nullable(),
});

const exportError = z.object({
  distinguishedName: z.string(),
  errorType: z.string(),
  message: z.string(),
});

const runProfileResult = z.object({
  connectorName: z.string(),
  runProfileName: z.string(),
  result: z.string(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  steps: z.array(
    z.object({
      stepNumber: z.number(),
      stepResult: z.string(),
      exportFailures: z.number(),
      importErrors: z.number(),
    }),
  ),
  exportErrors: z.array(exportError),
});

/** Result schemas: the client parses every answer with these (a garbled answer is RELAY.FAILED). */
export const operationResultSchemas: { [N in OperationName]: z.ZodType<OperationResults[N]> } = {
  'delta-sync': z.object({ started: z.boolean(), joined: z.boolean() }),
  'initial-sync': z.object({ started: z.literal(true) }),
  'scheduler-status': schedulerStatus,
  'wait-until-idle': z.object({ idle: z.boolean(), scheduler: schedulerStatus }),
  'run-results': z.array(runProfileResult),
  'single-object-sync': z.object({
    distinguishedName: z.string(),
    inScope: z.boolean(),
    steps: z.array(z.object({ name: z.string(), status: z.string(), detail: z.string().nullable() })),
    raw: z.unknown(),
  }),
  'sync-scope': z.object({
    inclusions: z.array(z.string()),
    exclusions: z.array(z.string()),
    groupFilteringGroupDn: z.string().nullable(),
  }),
  'restart-service': z.object({ restarted: z.literal(true) }),
  'server-info': z.object({ connectVersion: z.string().nullable(), serverTimeUtc: z.string() }),
  'sync-credential': z.object({
    identityType: z.enum(['Application', 'ServiceAccount']).nullable(),
    applicationId: z.string().nullable(),
    certificateNotAfter: z.string().nullable(),
    eventLogRead: z.boolean(),
    lastCertificateEvent: z
      .object({ id: z.union([z.literal(1011), z.literal(1012)]), timeUtc: z.string() })
      .nullable(),
  }),
};
