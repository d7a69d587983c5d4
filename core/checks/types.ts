/**
 * The check vocabulary: every check is a value with a stable id, a severity and an explanation written
 * for a helpdesk person (CONVENTIONS.md rule 3). Only `block` stops a request.
 */

export type Severity = 'pass' | 'warn' | 'block';

/** Stable ids: cards, plans (`blockedBy`) and tests refer to checks by these. Never rename one. */
export const CHECK_IDS = [
  // The AD user
  'ad.critical-object',
  'ad.disabled',
  'ad.anchor',
  'ad.sync-scope',
  // The cloud user
  'cloud.guest',
  'cloud.already-linked',
  'cloud.already-synced',
  'cloud.other-immutable-id',
  'cloud.object-identifier',
  'cloud.privileged-role',
  'cloud.federated-upn',
  // Other holders of the ImmutableID
  'holder.active',
  'holder.deleted',
  'holder.synced-duplicate',
  // The tenant
  'tenant.takeover-block',
  'tenant.features',
  // Entra Connect through the relay
  'relay.reachable',
  'relay.staging-mode',
  'relay.sync-in-progress',
  'relay.scheduler',
  // Prediction and comparison
  'match.soft-match',
  'match.attributes',
  // Configuration a playbook needs
  'config.parking-ou',
  // Creating the AD user (create-ad-account)
  'create.target-ou',
  'create.collision',
  'create.password',
  // Undo of a verified link (unlink)
  'undo.ad-stays-parked',
  'undo.linked',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export interface CheckResult {
  readonly id: CheckId;
  readonly severity: Severity;
  /** One short line, e.g. "ImmutableID held by a deleted user". */
  readonly title: string;
  /** What it means and what happens next, for a helpdesk person (no jargon without a gloss). */
  readonly explanation: string;
  /** The facts behind the verdict (ids, UPNs, DNs, flags), for cards, audit and tests. JSON-safe. */
  readonly data: Readonly<Record<string, unknown>>;
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { block: 0, warn: 1, pass: 2 };

/** Blocks first, then warnings, then passes; within a severity the CHECK_IDS order (stable). */
export const compareChecks = (a: CheckResult, b: CheckResult): number =>
  SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
  CHECK_IDS.indexOf(a.id) - CHECK_IDS.indexOf(b.id);

export const check = (
  id: CheckId,
  severity: Severity,
  title: string,
  explanation: string,
  data: Readonly<Record<string, unknown>> = {},
): CheckResult => ({ id, severity, title, explanation, data });

/** The worst severity among results ('pass' for none). */
export const worstSeverity = (results: readonly CheckResult[]): Severity =>
  results.some((r) => r.severity === 'block')
    ? 'block'
    : results.some((r) => r.severity === 'warn')
      ? 'warn'
      : 'pass';
