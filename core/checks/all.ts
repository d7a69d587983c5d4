// The registry of checks, in the order they are evaluated (results are sorted by severity afterwards).
import type { CheckFn } from '../checks.ts';

export const ALL_CHECKS: readonly CheckFn[] = [];
