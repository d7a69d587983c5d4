// The registry of checks, in the order they are evaluated (results are sorted by severity afterwards).
import type { CheckFn } from '../checks.ts';
import { AD_CHECKS } from './ad.ts';
import { CLOUD_CHECKS } from './cloud.ts';
import { CREATE_CHECKS } from './create.ts';
import { HOLDER_CHECKS } from './holders.ts';
import { MATCH_CHECKS } from './match.ts';
import { TENANT_CHECKS } from './tenant.ts';

export const ALL_CHECKS: readonly CheckFn[] = [
  ...AD_CHECKS,
  ...CLOUD_CHECKS,
  ...HOLDER_CHECKS,
  ...TENANT_CHECKS,
  ...MATCH_CHECKS,
  ...CREATE_CHECKS,
];
