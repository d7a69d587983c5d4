import { describe, expect, it } from 'vitest';
import { planBasis } from '../../../core/plan.ts';
import {
  approve,
  canApprove,
  canRequest,
  canWithdraw,
  effectiveState,
  expire,
  expiryOf,
  newRequest,
  reject,
  supersede,
  withdraw,
  type ApprovalRequest,
  type Membership,
  type Person,
  type Transition,
} from '../../../core/policy.ts';
import * as S from '../../fixtures/scenarios.ts';

const helpdesk: Person = { id: 'aad-helpdesk-1', name: 'Hannah Helpdesk' };
const senior: Person = { id: 'aad-senior-1', name: 'Sam Senior' };
const other: Person = { id: 'aad-other-1', name: 'Olga Other' };
const APPROVER: Membership = { isRequester: true, isApprover: true };
const REQUESTER: Membership = { isRequester: true, isApprover: false };
const NOBODY: Membership = { isRequester: false, isApprover: false };
const T0 = new Date('2026-11-22T01:00:00.000Z');
const later = (hours: number): Date => new Date(T0.getTime() + hours * 3_600_000);

const request = (): ApprovalRequest =>
  newRequest({
    id: 'req-1',
    requester: helpdesk,
    reason: '  Jane cannot sign in  ',
    ticket: ' INC-42 ',
    plan: { playbook: 'hard-match', hash: 'a'.repeat(64), basis: planBasis(S.simpleHardMatch()) },
    now: T0,
    ttlHours: 24,
  });

const ok = (t: Transition): ApprovalRequest => {
  if (!t.ok) throw new Error(`refused: ${t.code}`);
  return t.request;
};

describe('requests', () => {
  it('a new request is pending, trimmed, and expires after the TTL', () => {
    const r = request();
    expect(r).toMatchObject({
      state: 'pending',
      reason: 'Jane cannot sign in',
      ticket: 'INC-42',
      createdAt: '2026-11-22T01:00:00.000Z',
      expiresAt: '2026-11-23T01:00:00.000Z',
      updatedAt: '2026-11-22T01:00:00.000Z',
      decisions: [],
      supersededBy: null,
    });
  });
  it('expiryOf adds hours and refuses nonsense', () => {
    expect(expiryOf('2026-11-22T23:30:00Z', 1.5)).toBe('2026-11-23T01:00:00.000Z');
    expect(() => expiryOf(T0, 0)).toThrow(RangeError);
    expect(() => expiryOf(T0, Number.NaN)).toThrow(RangeError);
  });
  it('only requesters may ask', () => {
    expect(canRequest(helpdesk, REQUESTER)).toEqual({ allowed: true });
    expect(canRequest(other, NOBODY)).toMatchObject({ allowed: false, code: 'APPROVAL.NOT_ALLOWED' });
  });
});

describe('who may approve, and when', () => {
  it.each<[string, Person, Membership, Date, string]>([
    ['another approver, in time', senior, APPROVER, later(1), 'allowed'],
    ['the requester, even as an approver', helpdesk, APPROVER, later(1), 'APPROVAL.SELF_APPROVAL'],
    ['not an approver', other, REQUESTER, later(1), 'APPROVAL.NOT_ALLOWED'],
    ['an approver at the expiry instant', senior, APPROVER, later(24), 'APPROVAL.EXPIRED'],
    ['an approver after expiry', senior, APPROVER, later(30), 'APPROVAL.EXPIRED'],
  ])('%s', (_n, actor, membership, now, expected) => {
    const v = canApprove(actor, request(), membership, now);
    expect(v.allowed ? 'allowed' : v.code).toBe(expected);
  });

  it('approve records the decision and returns a new value', () => {
    const r = request();
    const approved = ok(approve(r, senior, APPROVER, later(2), ' looks right '));
    expect(approved.state).toBe('approved');
    expect(approved.decisions).toEqual([
      { by: senior, verdict: 'approved', at: '2026-11-22T03:00:00.000Z', comment: 'looks right' },
    ]);
    expect(approved.updatedAt).toBe('2026-11-22T03:00:00.000Z');
    expect(r.state).toBe('pending');
    expect(r.decisions).toEqual([]);
  });

  it('a second decision is refused (double click, second approver)', () => {
    const approved = ok(approve(request(), senior, APPROVER, later(2)));
    expect(approve(approved, senior, APPROVER, later(2))).toMatchObject({
      ok: false,
      code: 'APPROVAL.NOT_PENDING',
    });
    expect(reject(approved, other, APPROVER, later(3))).toMatchObject({
      ok: false,
      code: 'APPROVAL.NOT_PENDING',
      message: 'This request is already approved.',
    });
  });

  it('reject, then nothing else', () => {
    const rejected = ok(reject(request(), senior, APPROVER, later(1)));
    expect(rejected.state).toBe('rejected');
    expect(rejected.decisions[0]).toMatchObject({ verdict: 'rejected', comment: null });
    expect(withdraw(rejected, helpdesk, later(2))).toMatchObject({ ok: false, code: 'APPROVAL.NOT_PENDING' });
  });

  it('self-approval is refused through the transition too', () => {
    expect(approve(request(), helpdesk, APPROVER, later(1))).toMatchObject({
      ok: false,
      code: 'APPROVAL.SELF_APPROVAL',
    });
  });
});

describe('withdraw, expire, supersede', () => {
  it('only the requester withdraws, while pending', () => {
    expect(canWithdraw(senior, request(), later(1))).toMatchObject({
      allowed: false,
      code: 'APPROVAL.NOT_ALLOWED',
    });
    const w = ok(withdraw(request(), helpdesk, later(1)));
    expect(w.state).toBe('withdrawn');
    expect(approve(w, senior, APPROVER, later(1))).toMatchObject({ ok: false, code: 'APPROVAL.NOT_PENDING' });
    expect(withdraw(request(), helpdesk, later(25))).toMatchObject({ ok: false, code: 'APPROVAL.EXPIRED' });
  });

  it('a pending request past its expiry reads as expired, and expire() stores it', () => {
    const r = request();
    expect(effectiveState(r, later(23))).toBe('pending');
    expect(effectiveState(r, later(24))).toBe('expired');
    expect(expire(r, later(23))).toBe(r);
    expect(expire(r, later(25))).toMatchObject({ state: 'expired', updatedAt: '2026-11-23T02:00:00.000Z' });
    const approved = ok(approve(r, senior, APPROVER, later(1)));
    expect(effectiveState(approved, later(48))).toBe('approved');
    expect(expire(approved, later(48))).toBe(approved);
  });

  it('supersede replaces pending or approved requests only', () => {
    expect(ok(supersede(request(), 'req-2', later(1)))).toMatchObject({
      state: 'superseded',
      supersededBy: 'req-2',
    });
    const w = ok(withdraw(request(), helpdesk, later(1)));
    expect(supersede(w, 'req-2', later(2))).toMatchObject({ ok: false, code: 'APPROVAL.NOT_PENDING' });
  });
});
