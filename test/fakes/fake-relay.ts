/** A hand-written SyncRelay for dialog and bot tests; `down` simulates the agent being unreachable. */
import { DomainError } from '../../core/errors.ts';
import type {
  RunProfileResult,
  SchedulerStatus,
  ServerInfo,
  SingleObjectSyncResult,
  SyncCredentialInfo,
  SyncScope,
} from '../../core/models.ts';
import type { DeltaSyncStart, SyncRelay } from '../../core/ports.ts';

export class FakeRelay implements SyncRelay {
  scheduler: SchedulerStatus = {
    syncCycleEnabled: true,
    syncCycleInProgress: false,
    stagingModeEnabled: false,
    schedulerSuspended: false,
    maintenanceEnabled: true,
    nextSyncCyclePolicyType: 'Delta',
    nextSyncCycleStartTimeInUtc: '2026-11-22T01:30:00Z',
    currentlyEffectiveSyncCycleIntervalMinutes: 30,
  };
  scope: SyncScope = {
    inclusions: ['OU=Staff,DC=contoso,DC=com'],
    exclusions: [],
    groupFilteringGroupDn: null,
  };
  runs: RunProfileResult[] = [
    {
      connectorName: 'contoso.com',
      runProfileName: 'Delta Import',
      result: 'success',
      startDate: '2026-11-22T01:00:00Z',
      endDate: '2026-11-22T01:00:20Z',
      steps: [],
      exportErrors: [],
    },
  ];
  server: ServerInfo = { connectVersion: '2.6.92.0', serverTimeUtc: '2026-11-22T01:00:00Z' };
  credential: SyncCredentialInfo = {
    identityType: 'Application',
    applicationId: '7f1e0d2c-3b4a-4c5d-8e6f-a1b2c3d4e5f6',
    certificateNotAfter: null,
    eventLogRead: true,
    lastCertificateEvent: null,
  };
  down = false;
  /** Reads of the scheduler that fail before it answers again (the service restarting). */
  schedulerFailures = 0;
  restarts = 0;
  requestIds: string[] = [];
  deltaSyncs = 0;
  /** What a sync does to the fake tenant (tests that run jobs make it link users). */
  onDeltaSync: () => void = () => undefined;

  private guard(requestId: string): void {
    this.requestIds.push(requestId);
    if (this.down)
      throw new DomainError('RELAY.UNAVAILABLE', 'The relay agent did not answer (connection refused).', {
        retryable: true,
      });
  }

  startDeltaSync(requestId: string): Promise<DeltaSyncStart> {
    this.guard(requestId);
    this.deltaSyncs++;
    this.onDeltaSync();
    return Promise.resolve({ started: true, joined: false });
  }
  getSchedulerStatus(requestId: string): Promise<SchedulerStatus> {
    this.guard(requestId);
    if (this.schedulerFailures > 0) {
      this.schedulerFailures--;
      return Promise.reject(
        new DomainError('RELAY.FAILED', 'Relay agent: Unable to connect to the synchronization service.'),
      );
    }
    return Promise.resolve(this.scheduler);
  }
  waitUntilIdle(requestId: string): Promise<SchedulerStatus> {
    this.guard(requestId);
    return Promise.resolve(this.scheduler);
  }
  getLastRunResults(requestId: string, count: number): Promise<readonly RunProfileResult[]> {
    this.guard(requestId);
    return Promise.resolve(this.runs.slice(0, count));
  }
  syncSingleObject(requestId: string, distinguishedName: string): Promise<SingleObjectSyncResult> {
    this.guard(requestId);
    return Promise.resolve({ distinguishedName, inScope: true, steps: [], raw: null });
  }
  getSyncScope(requestId: string): Promise<SyncScope> {
    this.guard(requestId);
    return Promise.resolve(this.scope);
  }
  restartSyncService(requestId: string): Promise<void> {
    this.guard(requestId);
    this.restarts++;
    this.onRestart();
    return Promise.resolve();
  }
  /** What a restart does to the fake world (tests make the password sync report again). */
  onRestart: () => void = () => undefined;
  getServerInfo(requestId: string): Promise<ServerInfo> {
    this.guard(requestId);
    return Promise.resolve(this.server);
  }
  getSyncCredential(requestId: string): Promise<SyncCredentialInfo> {
    this.guard(requestId);
    return Promise.resolve(this.credential);
  }
}
