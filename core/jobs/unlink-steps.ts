/**
 * The steps only an unlink (undo of a verified link) has: restore the soft-deleted cloud user, then verify
 * it is active, cloud-only and holds its previous ImmutableID again. Check before act: a user found
 * already restored (and not synced) is the dead run's write or someone's manual restore - no second POST.
 */
import { DomainError } from '../errors.ts';
import type { CloudUser } from '../models.ts';
import type { StepAction } from '../plan-types.ts';
import { alwaysRun, handler, moved, poll } from './step-kit.ts';
import type { StepHandler } from './step-types.ts';

type UnlinkKind = 'cloud.restore-deleted' | 'cloud.verify-unlinked';

export const UNLINK_HANDLERS: Readonly<Record<Extract<StepAction['kind'], UnlinkKind>, StepHandler>> = {
  'cloud.restore-deleted': handler<'cloud.restore-deleted'>(
    true,
    async (a, ctx) => {
      const active = await ctx.ports.cloud.getUser(a.userId);
      if (active !== null) {
        const state = restoredState(active);
        // Sync put it back as a synced user (its AD account is in scope again): not our restore.
        if (active.onPremisesSyncEnabled === true)
          throw moved(`${a.userPrincipalName} is active and synced again; it was not restored by this job.`, {
            userId: a.userId,
          });
        return { needsWrite: false, before: state, after: state };
      }
      const deleted = await ctx.ports.cloud.getDeletedUser(a.userId);
      if (deleted === null)
        throw moved(`${a.userPrincipalName} is neither active nor in deleted users (permanently deleted?).`, {
          userId: a.userId,
        });
      return {
        needsWrite: true,
        before: {
          deleted: true,
          deletedDateTime: deleted.deletedDateTime,
          userPrincipalName: deleted.userPrincipalName,
          onPremisesImmutableId: deleted.onPremisesImmutableId,
        },
      };
    },
    async (a, ctx) => {
      const receipt = await ctx.ports.cloud.restoreDeletedUser(a.userId);
      const user = await poll(ctx, () => ctx.ports.cloud.getUser(a.userId));
      return {
        after: user === null ? { deleted: false, id: a.userId } : restoredState(user),
        vendorRequestId: receipt.requestId,
      };
    },
  ),

  'cloud.verify-unlinked': handler<'cloud.verify-unlinked'>(false, alwaysRun, async (a, ctx) => {
    const unlinked = await poll(ctx, async () => {
      const u = await ctx.ports.cloud.getUser(a.userId);
      return u !== null && u.onPremisesSyncEnabled !== true && u.onPremisesImmutableId === a.immutableId
        ? u
        : null;
    });
    if (unlinked === null) {
      const u = await ctx.ports.cloud.getUser(a.userId);
      throw new DomainError(
        'JOB.FAILED',
        'The cloud user is not back to cloud-only with its previous ImmutableID.',
        {
          details: {
            userId: a.userId,
            active: u !== null,
            synced: u?.onPremisesSyncEnabled ?? null,
            immutableId: u?.onPremisesImmutableId ?? null,
            expected: a.immutableId,
          },
        },
      );
    }
    return {
      after: { ...restoredState(unlinked), parkedDn: a.parkedDn },
      vendorRequestId: null,
      output: {
        verified: { cloudUserId: a.userId, immutableId: a.immutableId, synced: false, parkedDn: a.parkedDn },
      },
    };
  }),
};

const restoredState = (u: CloudUser) => ({
  deleted: false,
  id: u.id,
  userPrincipalName: u.userPrincipalName,
  onPremisesSyncEnabled: u.onPremisesSyncEnabled,
  onPremisesImmutableId: u.onPremisesImmutableId,
});
