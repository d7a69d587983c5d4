/**
 * Who may request and approve is group membership in Entra, read at the moment of the action - never
 * from card data, never remembered for long (a removed approver must lose the right within seconds).
 */
import type { Clock, CloudDirectory } from '../ports.ts';
import type { Membership, Person } from '../policy.ts';

/** The acting person's memberships, as of now. */
export interface MembershipPort {
  membershipOf(person: Person): Promise<Membership>;
}

export interface AccessGroups {
  /** null: anyone signed in may ask (asking changes nothing; approval is the gate). */
  readonly requestersGroupId: string | null;
  /** null: nobody may approve - the product fails closed rather than letting anyone approve. */
  readonly approversGroupId: string | null;
}

/** Default cache lifetime: long enough to absorb a burst of card clicks, short enough to honour removals. */
export const MEMBERSHIP_CACHE_MS = 30_000;

/**
 * Membership through the cloud directory's group check (CloudDirectory.isMemberOfGroup in production),
 * cached per person for at most `cacheMs`.
 */
export const groupMembership = (
  directory: Pick<CloudDirectory, 'isMemberOfGroup'>,
  groups: AccessGroups,
  clock: Clock,
  cacheMs: number = MEMBERSHIP_CACHE_MS,
): MembershipPort => {
  const cache = new Map<string, { readonly at: number; readonly value: Membership }>();
  return {
    async membershipOf(person) {
      const now = clock.now().getTime();
      const hit = cache.get(person.id);
      if (hit !== undefined && now - hit.at < cacheMs) return hit.value;
      const [isRequester, isApprover] = await Promise.all([
        groups.requestersGroupId === null
          ? Promise.resolve(true)
          : directory.isMemberOfGroup(person.id, groups.requestersGroupId),
        groups.approversGroupId === null
          ? Promise.resolve(false)
          : directory.isMemberOfGroup(person.id, groups.approversGroupId),
      ]);
      const value: Membership = { isRequester, isApprover };
      cache.set(person.id, { at: now, value });
      return value;
    },
  };
};
