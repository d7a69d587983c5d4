/** One look's facts for the rule tests: a healthy tenant at NOW, overridden part by part. */
import type { AlertThresholds, RelayFacts, WatchFacts } from '../../../../core/alerts/types.ts';
import type { ProvisioningError, RunProfileResult, SyncCredentialInfo } from '../../../../core/models.ts';
import type { Readout } from '../../../../core/readout.ts';
import { features, scheduler } from '../../../fixtures/scenarios.ts';
import { cloudUser } from '../../../fakes/users.ts';

export const NOW = new Date('2026-12-08T12:00:00Z');
export const minutesAgo = (m: number): string => new Date(NOW.getTime() - m * 60_000).toISOString();

export const ok = <T>(value: T): Readout<T> => ({ ok: true, value });
export const down = (reason = 'The relay agent did not answer.'): Readout<never> => ({ ok: false, reason });

export const THRESHOLDS: AlertThresholds = {
  staleSyncMinutes: null,
  passwordSyncMinutes: 120,
  longCycleMinutes: null,
  credentialDays: 30,
  supportDays: 180,
};

export const CREDENTIAL: SyncCredentialInfo = {
  identityType: 'Application',
  applicationId: '7f1e0d2c-3b4a-4c5d-8e6f-a1b2c3d4e5f6',
  certificateNotAfter: null,
  eventLogRead: true,
  lastCertificateEvent: null,
};

export const run = (o: Partial<RunProfileResult> & { startDate: string }): RunProfileResult => ({
  connectorName: 'contoso.onmicrosoft.com - AAD',
  runProfileName: 'Export',
  result: 'success',
  endDate: o.startDate,
  steps: [{ stepNumber: 1, stepResult: 'success', exportFailures: 0, importErrors: 0 }],
  exportErrors: [],
  ...o,
});

export const relayFacts = (o: Partial<RelayFacts> = {}): RelayFacts => ({
  scheduler: ok(scheduler()),
  runs: ok([]),
  server: ok({ connectVersion: '2.6.92.0', serverTimeUtc: NOW.toISOString() }),
  credential: ok(CREDENTIAL),
  ...o,
});

export const look = (o: Partial<WatchFacts> = {}): WatchFacts => ({
  now: NOW,
  organization: ok({
    onPremisesSyncEnabled: true,
    onPremisesLastSyncDateTime: minutesAgo(10),
    onPremisesLastPasswordSyncDateTime: minutesAgo(2),
  }),
  errorUsers: ok([]),
  features: ok(features()),
  relay: relayFacts(),
  ...o,
});

export const withError = (id: string, upn: string, e: Partial<ProvisioningError> = {}) =>
  cloudUser({
    id,
    userPrincipalName: upn,
    onPremisesSyncEnabled: true,
    onPremisesProvisioningErrors: [
      {
        category: 'PropertyConflict',
        occurredDateTime: '2026-12-08T11:00:00Z',
        propertyCausingError: 'UserPrincipalName',
        value: upn,
        ...e,
      },
    ],
  });
