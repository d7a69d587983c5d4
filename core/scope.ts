/**
 * Whether an AD object is inside Entra Connect's OU filtering. A container includes its children; when an
 * inclusion and an exclusion both cover a DN, the deeper (more specific) one wins, as in the Connect
 * wizard's tree where an OU can be re-selected below an unselected parent. An empty inclusion list means no
 * OU filtering (the whole domain). Group-based filtering cannot be decided from the DN alone.
 */
import { isUnderOrEqual, normaliseDn, splitDn } from './dn.ts';
import type { SyncScope } from './models.ts';

export interface ScopeVerdict {
  readonly inScope: boolean;
  /** The deepest inclusion covering the DN (null: none, or no OU filtering). */
  readonly matchedInclusion: string | null;
  /** The deepest exclusion covering the DN (null: none). */
  readonly matchedExclusion: string | null;
  /** Set when Connect also filters by group membership: the DN alone does not decide then. */
  readonly groupFilteringGroupDn: string | null;
}

const deepest = (dn: string, containers: readonly string[]): string | null => {
  let best: string | null = null;
  let bestDepth = -1;
  for (const c of containers) {
    const depth = splitDn(normaliseDn(c)).length;
    if (isUnderOrEqual(dn, c) && depth > bestDepth) {
      best = c;
      bestDepth = depth;
    }
  }
  return best;
};

/** Decide the OU-filtering scope of `dn` under `scope`. */
export const scopeOf = (dn: string, scope: SyncScope): ScopeVerdict => {
  const inclusion = deepest(dn, scope.inclusions);
  const exclusion = deepest(dn, scope.exclusions);
  const depth = (c: string | null): number => (c === null ? 0 : splitDn(normaliseDn(c)).length);
  const included = scope.inclusions.length === 0 || inclusion !== null;
  const inScope = included && (exclusion === null || depth(inclusion) > depth(exclusion));
  return {
    inScope,
    matchedInclusion: inclusion,
    matchedExclusion: exclusion,
    groupFilteringGroupDn: scope.groupFilteringGroupDn,
  };
};
