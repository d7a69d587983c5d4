/**
 * How each plan step runs: `check` reads the current state and says whether the write is still needed
 * (so a re-run after a crash, or a plan whose change is already made, writes nothing), `act` makes the
 * one write and returns its receipt. A state that is neither "already done" nor "ready to do" means the
 * world moved under the plan: the step fails rather than guess.
 */
import { sameDn, parentDn } from '../dn.ts';
import { DomainError } from '../errors.ts';
import type { ImmutableId, OnPremUser, SourceAnchor } from '../models.ts';
import type { ImmutableIdValue, StepAction } from '../plan-types.ts';
import { sourceAnchorOf } from '../user-values.ts';
import type { Job, StepOutput } from './job-types.ts';
import { alwaysRun, handler, moved, poll } from './step-kit.ts';
import type { StepContext, StepHandler } from './step-types.ts';
import { UNLINK_HANDLERS } from './unlink-steps.ts';

export type { Acted, Checked, StepContext, StepHandler, StepPorts, StepTiming } from './step-types.ts';

/** The ImmutableID a step means: a literal, or the anchor of the AD user an earlier step created. */
export const resolveImmutableId = (value: ImmutableIdValue, job: Job): ImmutableId => {
  if (typeof value === 'string') return value;
  const id = job.steps[value.fromStep]?.output?.immutableId;
  if (id === undefined)
    throw new DomainError('INTERNAL', `Step ${value.fromStep + 1} produced no ImmutableID.`);
  return id;
};

const locateAdUser = async (ctx: StepContext, dn: string): Promise<OnPremUser | null> => {
  const guid = ctx.job.plan.basis.adObjectGuid;
  const byGuid = guid === null ? null : await ctx.ports.onPrem.getUser({ kind: 'guid', value: guid });
  return byGuid ?? ctx.ports.onPrem.getUser({ kind: 'dn', value: dn });
};

const cloudUser = async (ctx: StepContext, id: string) => {
  const user = await ctx.ports.cloud.getUser(id);
  if (user === null) throw moved(`The cloud user ${id} no longer exists.`, { userId: id });
  return user;
};

export const STEP_HANDLERS: Readonly<Record<StepAction['kind'], StepHandler>> = {
  'ad.move-user': handler<'ad.move-user'>(
    true,
    async (a, ctx) => {
      const user = await locateAdUser(ctx, a.dn);
      if (user === null) throw moved(`The AD account ${a.dn} was not found.`, { dn: a.dn });
      const where = { dn: user.dn };
      if (sameDn(parentDn(user.dn), a.toOuDn)) return { needsWrite: false, before: where, after: where };
      if (sameDn(parentDn(user.dn), a.fromOuDn)) return { needsWrite: true, before: where };
      throw moved(`The AD account is at ${user.dn}, not in ${a.fromOuDn}.`, {
        dn: user.dn,
        expected: a.fromOuDn,
      });
    },
    async (a, ctx) => {
      const user = await locateAdUser(ctx, a.dn);
      if (user === null) throw moved(`The AD account ${a.dn} was not found.`, { dn: a.dn });
      const after = await ctx.ports.onPrem.moveUser(user.dn, a.toOuDn);
      return { after: { dn: after.dn }, vendorRequestId: null, output: { dn: after.dn } };
    },
  ),

  'relay.delta-sync': handler<'relay.delta-sync'>(false, alwaysRun, async (_a, ctx) => {
    const { relay } = ctx.ports;
    if (relay === null)
      throw new DomainError('RELAY.UNAVAILABLE', 'No relay agent is configured, so no sync can be started.');
    const correlation = ctx.job.id;
    const wait = () =>
      relay.waitUntilIdle(correlation, ctx.timing.syncTimeoutMs, (p) => ctx.onSyncProgress(p.elapsedMs));
    let start = await relay.startDeltaSync(correlation);
    // A cycle that was already running may have read AD before our change: let it end, then run ours.
    if (!start.started) {
      await wait();
      start = await relay.startDeltaSync(correlation);
      if (!start.started) await wait();
    }
    const scheduler = await wait();
    return {
      after: { started: start.started, stagingMode: scheduler.stagingModeEnabled },
      vendorRequestId: null,
    };
  }),

  'cloud.confirm-soft-deleted': handler<'cloud.confirm-soft-deleted'>(false, alwaysRun, async (a, ctx) => {
    const deleted = await poll(ctx, () => ctx.ports.cloud.getDeletedUser(a.userId));
    if (deleted === null)
      throw new DomainError('JOB.FAILED', `${a.userPrincipalName} was not soft-deleted by the sync.`, {
        details: { userId: a.userId },
      });
    return { after: { deleted: true, deletedDateTime: deleted.deletedDateTime }, vendorRequestId: null };
  }),

  'cloud.hard-delete': handler<'cloud.hard-delete'>(
    true,
    async (a, ctx) => {
      const deleted = await ctx.ports.cloud.getDeletedUser(a.deletedUserId);
      if (deleted !== null)
        return {
          needsWrite: true,
          before: {
            id: deleted.id,
            userPrincipalName: deleted.userPrincipalName,
            onPremisesImmutableId: deleted.onPremisesImmutableId,
          },
        };
      if ((await ctx.ports.cloud.getUser(a.deletedUserId)) !== null)
        throw moved(`${a.userPrincipalName} is active again (restored?); it will not be deleted.`, {
          userId: a.deletedUserId,
        });
      return { needsWrite: false, before: null, after: { gone: true } };
    },
    async (a, ctx) => {
      const receipt = await ctx.ports.cloud.permanentlyDeleteUser(a.deletedUserId);
      return { after: { gone: true }, vendorRequestId: receipt.requestId };
    },
  ),

  'cloud.set-upn': handler<'cloud.set-upn'>(
    true,
    async (a, ctx) => {
      const user = await cloudUser(ctx, a.userId);
      const before = {
        userPrincipalName: user.userPrincipalName,
        onPremisesImmutableId: user.onPremisesImmutableId,
      };
      const wanted = a.immutableId === undefined ? undefined : resolveImmutableId(a.immutableId, ctx.job);
      const upnDone = user.userPrincipalName.toLowerCase() === a.toUpn.toLowerCase();
      if (upnDone && (wanted === undefined || user.onPremisesImmutableId === wanted))
        return { needsWrite: false, before, after: before };
      if (user.userPrincipalName.toLowerCase() === a.fromUpn.toLowerCase())
        return { needsWrite: true, before };
      throw moved(`The cloud user is now named ${user.userPrincipalName}.`, { expected: a.fromUpn });
    },
    async (a, ctx) => {
      const wanted = a.immutableId === undefined ? undefined : resolveImmutableId(a.immutableId, ctx.job);
      const receipt = await ctx.ports.cloud.setUserPrincipalName(a.userId, a.toUpn, wanted);
      return {
        after: {
          userPrincipalName: a.toUpn,
          ...(wanted === undefined ? {} : { onPremisesImmutableId: wanted }),
        },
        vendorRequestId: receipt.requestId,
      };
    },
  ),

  'cloud.set-immutable-id': handler<'cloud.set-immutable-id'>(
    true,
    async (a, ctx) => {
      const user = await cloudUser(ctx, a.userId);
      const to = a.to === null ? null : resolveImmutableId(a.to, ctx.job);
      const before = { onPremisesImmutableId: user.onPremisesImmutableId };
      if (user.onPremisesImmutableId === to) return { needsWrite: false, before, after: before };
      if (user.onPremisesImmutableId === a.from) return { needsWrite: true, before };
      throw moved(`The cloud user's ImmutableID is now ${user.onPremisesImmutableId ?? 'empty'}.`, {
        expected: a.from,
        found: user.onPremisesImmutableId,
      });
    },
    async (a, ctx) => {
      const to = a.to === null ? null : resolveImmutableId(a.to, ctx.job);
      const receipt = await ctx.ports.cloud.setImmutableId(a.userId, to);
      return { after: { onPremisesImmutableId: to }, vendorRequestId: receipt.requestId };
    },
  ),

  'ad.create-user': handler<'ad.create-user'>(
    true,
    async (a, ctx) => {
      const existing = await ctx.ports.onPrem.getUser({ kind: 'upn', value: a.spec.userPrincipalName });
      if (existing === null) return { needsWrite: true, before: null };
      const ours =
        ctx.resumedAfterCheck &&
        sameDn(parentDn(existing.dn), a.spec.ouDn) &&
        existing.samAccountName.toLowerCase() === a.spec.samAccountName.toLowerCase();
      // Only a run that journaled "about to create" and then died may adopt the account; otherwise an
      // account with this UPN belongs to someone else.
      if (!ours)
        throw new DomainError(
          'AD.ALREADY_EXISTS',
          `An AD account with the UPN ${a.spec.userPrincipalName} already exists.`,
          {
            details: { dn: existing.dn },
          },
        );
      const output = createdOutput(existing, ctx.sourceAnchor);
      return { needsWrite: false, before: null, after: output, output };
    },
    async (a, ctx) => {
      const created = await ctx.ports.onPrem.createUser({ ...a.spec, password: null });
      const output = createdOutput(created, ctx.sourceAnchor);
      return { after: output, vendorRequestId: null, output };
    },
  ),

  'cloud.verify-link': handler<'cloud.verify-link'>(false, alwaysRun, async (a, ctx) => {
    const want = resolveImmutableId(a.immutableId, ctx.job);
    const linked = await poll(ctx, async () => {
      const u = await cloudUser(ctx, a.userId);
      return u.onPremisesSyncEnabled === true && u.onPremisesImmutableId === want ? u : null;
    });
    if (linked === null) {
      const u = await cloudUser(ctx, a.userId);
      throw new DomainError('JOB.FAILED', 'After the sync the cloud user is not linked to the AD account.', {
        details: { synced: u.onPremisesSyncEnabled, immutableId: u.onPremisesImmutableId, expected: want },
      });
    }
    // The other half of the link: the AD account (found by objectGUID, which never changes) must still
    // yield this anchor, or the cloud user is linked to something other than what was approved.
    const guid =
      ctx.job.plan.basis.adObjectGuid ?? ctx.job.steps.find((s) => s.output?.objectGuid)?.output?.objectGuid;
    if (guid !== undefined && guid !== null) {
      const ad = await ctx.ports.onPrem.getUser({ kind: 'guid', value: guid });
      if (ad === null || sourceAnchorOf(ad, ctx.sourceAnchor) !== want)
        throw new DomainError(
          'JOB.FAILED',
          "The AD account's source anchor is not the cloud user's ImmutableID.",
          {
            details: { objectGuid: guid, expected: want },
          },
        );
    }
    return {
      after: {
        onPremisesSyncEnabled: true,
        onPremisesImmutableId: want,
        lastSync: linked.onPremisesLastSyncDateTime,
      },
      vendorRequestId: null,
      output: { verified: { cloudUserId: a.userId, immutableId: want, synced: true, parkedDn: null } },
    };
  }),
  ...UNLINK_HANDLERS,
};

const createdOutput = (user: OnPremUser, anchor: SourceAnchor): StepOutput => ({
  dn: user.dn,
  objectGuid: user.objectGuid,
  immutableId: sourceAnchorOf(user, anchor),
});
