/**
 * Reduces Invoke-ADSyncSingleObjectSync's JSON to what a person acts on. Microsoft documents the output as
 * "similar to the provisioningObjectSummary resource" (steps with a name, type, status and details), so
 * the mapping accepts either casing and keeps the whole document in `raw` for support.
 */
import type { SingleObjectSyncResult } from '../core/models.ts';

const pick = (o: Record<string, unknown>, ...names: string[]): unknown => {
  for (const n of names) if (o[n] !== undefined && o[n] !== null) return o[n];
  return undefined;
};
const text = (v: unknown): string | null =>
  v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export const singleObjectResultFrom = (distinguishedName: string, raw: unknown): SingleObjectSyncResult => {
  const doc = isRecord(raw) ? raw : {};
  const list = pick(doc, 'provisioningSteps', 'ProvisioningSteps', 'steps', 'Steps');
  const steps = (Array.isArray(list) ? list : []).filter(isRecord).map((s) => ({
    name: text(pick(s, 'name', 'Name', 'provisioningStepType', 'ProvisioningStepType')) ?? 'step',
    status: (text(pick(s, 'status', 'Status')) ?? 'unknown').toLowerCase(),
    detail: text(pick(s, 'description', 'Description', 'details', 'Details')),
  }));
  // The scoping steps decide whether the object syncs at all; any of them not succeeding means out of scope.
  const scoping = steps.filter((s) => /scop/i.test(s.name));
  const inScope = scoping.every((s) => s.status === 'success');
  return { distinguishedName, inScope, steps, raw };
};
