/**
 * One look's reads, all read-only and side by side: the tenant's sync status, its users with
 * provisioning errors and its sync features through Graph; the scheduler, the last runs, the server's
 * version and the sync's credential through the relay. A read that fails is kept as its reason.
 */
import type { RelayFacts, WatchFacts } from '../../core/alerts/types.ts';
import type { AppContext } from '../context.ts';
import { readout } from '../readout.ts';

/** Enough runs for several cycles (about six runs each) - the "usual" cycle length is their median. */
const RUNS = 30;

export const gatherWatchFacts = async (ctx: AppContext, requestId: string): Promise<WatchFacts> => {
  const relay = ctx.relay;
  const relayFacts = async (): Promise<RelayFacts | null> => {
    if (relay === null) return null;
    const [scheduler, runs, server, credential] = await Promise.all([
      readout(() => relay.getSchedulerStatus(requestId)),
      readout(() => relay.getLastRunResults(requestId, RUNS)),
      readout(() => relay.getServerInfo(requestId)),
      readout(() => relay.getSyncCredential(requestId)),
    ]);
    return { scheduler, runs, server, credential };
  };
  const [organization, errorUsers, features, relayPart] = await Promise.all([
    readout(() => ctx.cloud.getOrganizationSyncStatus()),
    readout(() => ctx.cloud.listUsersWithProvisioningErrors()),
    readout(() => ctx.cloud.getSyncFeatures()),
    relayFacts(),
  ]);
  return { now: ctx.clock.now(), organization, errorUsers, features, relay: relayPart };
};
