import { describe, expect, it } from 'vitest';
import { groupMembership } from '../../../core/approvals/membership.ts';

// A hand-written directory: who is in which group, and how often it was asked.
const directory = (members: Record<string, string[]>) => {
  const calls: string[] = [];
  return {
    calls,
    members,
    isMemberOfGroup(userId: string, groupId: string) {
      calls.push(`${userId}@${groupId}`);
      return Promise.resolve((members[groupId] ?? []).includes(userId));
    },
  };
};

const clockAt = (t: { ms: number }) => ({ now: () => new Date(t.ms) });
const ana = { id: 'ana', name: 'Ana' };

describe('group membership', () => {
  it('reads both groups for the acting person', async () => {
    const dir = directory({ req: ['ana'], appr: [] });
    const m = groupMembership(
      dir,
      { requestersGroupId: 'req', approversGroupId: 'appr' },
      clockAt({ ms: 0 }),
    );
    expect(await m.membershipOf(ana)).toEqual({ isRequester: true, isApprover: false });
  });

  it('caches for at most cacheMs, so a removal takes effect within it', async () => {
    const t = { ms: 0 };
    const dir = directory({ req: [], appr: ['ana'] });
    const m = groupMembership(dir, { requestersGroupId: 'req', approversGroupId: 'appr' }, clockAt(t), 1_000);
    expect((await m.membershipOf(ana)).isApprover).toBe(true);
    dir.members['appr'] = [];
    t.ms = 999;
    expect((await m.membershipOf(ana)).isApprover).toBe(true);
    expect(dir.calls).toHaveLength(2);
    t.ms = 1_000;
    expect((await m.membershipOf(ana)).isApprover).toBe(false);
    expect(dir.calls).toHaveLength(4);
  });

  it('fails closed without an approvers group, open without a requesters group', async () => {
    const dir = directory({});
    const m = groupMembership(dir, { requestersGroupId: null, approversGroupId: null }, clockAt({ ms: 0 }));
    expect(await m.membershipOf(ana)).toEqual({ isRequester: true, isApprover: false });
    expect(dir.calls).toEqual([]);
  });
});
