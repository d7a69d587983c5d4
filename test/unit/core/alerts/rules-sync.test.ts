// The sync rules, facts in, alert values out: no fakes, no clock but the facts' own.
import { describe, expect, it } from 'vitest';
import { syncErrorAlerts, MAX_ERROR_ROWS } from '../../../../core/alerts/rules-sync-errors.ts';
import {
  cycleDurationsMs,
  exportErrorAlerts,
  longCycleAlerts,
  schedulerAlerts,
  staleSyncAlerts,
  unreadAlerts,
} from '../../../../core/alerts/rules-sync.ts';
import { scheduler } from '../../../fixtures/scenarios.ts';
import { down, look, minutesAgo, NOW, ok, relayFacts, run, THRESHOLDS, withError } from './look.ts';

const anna = withError('id-anna', 'anna@contoso.com');
const bob = withError('id-bob', 'bob@contoso.com', {
  propertyCausingError: 'ProxyAddress',
  value: 'smtp:bob@contoso.com',
});
const carl = withError('id-carl', 'carl@contoso.com');

describe('new sync errors since the last look', () => {
  it('the errors first seen at one look are one alert, grouped by property, each user with Fix', () => {
    const r = syncErrorAlerts([anna, bob], {});
    expect(r.alerts).toHaveLength(1);
    const a = r.alerts[0]!;
    expect(a.id).toMatch(/^sync-errors\.[0-9a-f]{12}$/);
    expect(a.title).toBe('New sync errors: 2 users');
    expect(a.facts).toEqual([
      { label: 'ProxyAddress conflicts', value: '1' },
      { label: 'UserPrincipalName conflicts', value: '1' },
    ]);
    expect(a.rows.map((x) => x.fixCloudUserId)).toEqual(['id-bob', 'id-anna']);
    expect(a.rows[1]!.detail).toBe('UPN conflict: anna@contoso.com · since 2026-12-08 11:00 UTC');
    expect(Object.values(r.seen)).toEqual([a.id, a.id]);
  });

  it('the same errors at the next look are the same alert (no new one); a new error is a new alert', () => {
    const first = syncErrorAlerts([anna, bob], {});
    const again = syncErrorAlerts([anna, bob], first.seen);
    expect(again.alerts.map((a) => a.id)).toEqual(first.alerts.map((a) => a.id));
    expect(again.alerts[0]!.signature).toBe(first.alerts[0]!.signature);
    const more = syncErrorAlerts([anna, bob, carl], again.seen);
    expect(more.alerts).toHaveLength(2);
    const fresh = more.alerts.find((a) => a.id !== first.alerts[0]!.id)!;
    expect(fresh.rows.map((x) => x.fixCloudUserId)).toEqual(['id-carl']);
  });

  it('an alert keeps only its errors still present (its signature changes), and is gone when none is', () => {
    const first = syncErrorAlerts([anna, bob], {});
    const fewer = syncErrorAlerts([anna], first.seen);
    expect(fewer.alerts[0]!.id).toBe(first.alerts[0]!.id);
    expect(fewer.alerts[0]!.signature).not.toBe(first.alerts[0]!.signature);
    expect(fewer.alerts[0]!.title).toBe('New sync errors: 1 user');
    expect(syncErrorAlerts([], fewer.seen)).toEqual({ alerts: [], seen: {} });
  });

  it('an error that went away and came back is new again (a new alert)', () => {
    const first = syncErrorAlerts([anna], {});
    const gone = syncErrorAlerts([], first.seen);
    const back = syncErrorAlerts([anna], gone.seen);
    expect(back.alerts[0]!.id).toBe(first.alerts[0]!.id); // same errors: same digest, so the record reopens
    expect(syncErrorAlerts([anna], {}).alerts[0]!.id).toBe(first.alerts[0]!.id);
  });

  it('the same look after a crash names the same alert (the id is a digest of its errors, in any order)', () => {
    expect(syncErrorAlerts([bob, anna], {}).alerts[0]!.id).toBe(
      syncErrorAlerts([anna, bob], {}).alerts[0]!.id,
    );
  });

  it('a long list is cut for the card and says how many were left out', () => {
    const many = Array.from({ length: 25 }, (_, i) => withError(`id-${i}`, `u${i}@contoso.com`));
    const a = syncErrorAlerts(many, {}).alerts[0]!;
    expect(a.rows).toHaveLength(MAX_ERROR_ROWS);
    expect(a.moreRows).toBe(25 - MAX_ERROR_ROWS);
  });
});

describe('the last sync too old', () => {
  const at = (minutes: number | null) =>
    look({
      organization: ok({
        onPremisesSyncEnabled: true,
        onPremisesLastSyncDateTime: minutes === null ? null : minutesAgo(minutes),
        onPremisesLastPasswordSyncDateTime: minutesAgo(1),
      }),
    });

  it('by default three cycles of the scheduler interval', () => {
    expect(staleSyncAlerts(at(89), THRESHOLDS)).toEqual([]);
    const [a] = staleSyncAlerts(at(91), THRESHOLDS);
    expect(a).toMatchObject({ id: 'stale-sync', severity: 'warning' });
    expect(a!.summary).toContain('(3 cycles of 30 min)');
    const hourly = look({
      ...at(150),
      relay: relayFacts({ scheduler: ok(scheduler({ currentlyEffectiveSyncCycleIntervalMinutes: 60 })) }),
    });
    expect(staleSyncAlerts(hourly, THRESHOLDS)).toEqual([]);
  });

  it('a configured threshold wins; without a relay the default cycle is 30 min', () => {
    expect(staleSyncAlerts(at(31), { ...THRESHOLDS, staleSyncMinutes: 30 })).toHaveLength(1);
    expect(staleSyncAlerts({ ...at(91), relay: null }, THRESHOLDS)).toHaveLength(1);
  });

  it('never synced, or more than 7 days: critical', () => {
    expect(staleSyncAlerts(at(null), THRESHOLDS)[0]).toMatchObject({
      severity: 'critical',
      title: 'The tenant has never synced',
    });
    expect(staleSyncAlerts(at(8 * 24 * 60), THRESHOLDS)[0]!.summary).toContain('needs a full sync');
  });

  it('the signature does not move with the clock (the card is not updated every look)', () => {
    expect(staleSyncAlerts(at(100), THRESHOLDS)[0]!.signature).toBe(
      staleSyncAlerts(at(200), THRESHOLDS)[0]!.signature,
    );
  });

  it('unread: no judgement at all', () => {
    expect(staleSyncAlerts(look({ organization: down() }), THRESHOLDS)).toEqual([]);
  });
});

describe('the scheduler', () => {
  it('off, suspended and staging mode are each an alert; a healthy one is none', () => {
    expect(schedulerAlerts(look())).toEqual([]);
    const s = (o: Parameters<typeof scheduler>[0]) =>
      schedulerAlerts(look({ relay: relayFacts({ scheduler: ok(scheduler(o)) }) }));
    expect(s({ syncCycleEnabled: false }).map((a) => [a.id, a.severity])).toEqual([
      ['scheduler.disabled', 'critical'],
    ]);
    expect(s({ schedulerSuspended: true })[0]!.fix).toContain('close the Entra Connect wizard');
    expect(s({ stagingModeEnabled: true })[0]!.id).toBe('scheduler.staging');
    expect(s({ syncCycleEnabled: false, stagingModeEnabled: true })).toHaveLength(2);
  });
});

describe('a cycle running far longer than usual', () => {
  const history = [0, 40, 80].map((m) =>
    run({ startDate: minutesAgo(200 + m), endDate: minutesAgo(200 + m - 10) }),
  );
  const busy = (runs = history) =>
    look({ relay: relayFacts({ scheduler: ok(scheduler({ syncCycleInProgress: true })), runs: ok(runs) }) });

  it('the usual cycle is the median of the last cycles; far longer is three times it, at least 30 min', () => {
    expect(cycleDurationsMs(history)).toEqual([600_000, 600_000, 600_000]);
    expect(longCycleAlerts(busy(), THRESHOLDS, minutesAgo(29))).toEqual([]);
    const [a] = longCycleAlerts(busy(), THRESHOLDS, minutesAgo(31));
    expect(a!.summary).toContain('the last cycles took about 10 min');
    const slow = [0, 100, 200].map((m) =>
      run({ startDate: minutesAgo(400 + m), endDate: minutesAgo(400 + m - 30) }),
    );
    expect(longCycleAlerts(busy(slow), THRESHOLDS, minutesAgo(80))).toEqual([]);
    expect(longCycleAlerts(busy(slow), THRESHOLDS, minutesAgo(95))).toHaveLength(1);
  });

  it('runs of one cycle are chained into one (a step starts when the previous ends)', () => {
    const chained = [
      run({ startDate: minutesAgo(60), endDate: minutesAgo(58), runProfileName: 'Delta Import' }),
      run({ startDate: minutesAgo(58), endDate: minutesAgo(55), runProfileName: 'Delta Synchronization' }),
      run({ startDate: minutesAgo(55), endDate: minutesAgo(50) }),
    ];
    expect(cycleDurationsMs(chained)).toEqual([600_000]);
  });

  it('not running, or never seen running: nothing; a configured threshold wins', () => {
    expect(longCycleAlerts(look(), THRESHOLDS, minutesAgo(500))).toEqual([]);
    expect(longCycleAlerts(busy(), THRESHOLDS, null)).toEqual([]);
    expect(longCycleAlerts(busy(), { ...THRESHOLDS, longCycleMinutes: 5 }, minutesAgo(6))).toHaveLength(1);
  });
});

describe('export errors in the last run', () => {
  const error = {
    distinguishedName: 'CN=Carla,OU=Staff,DC=corp',
    errorType: 'InvalidSoftMatch',
    message: 'Another object...',
  };
  const runs = (newest: boolean) =>
    look({
      relay: relayFacts({
        runs: ok([
          run({
            startDate: minutesAgo(5),
            result: newest ? 'completed-export-errors' : 'success',
            exportErrors: newest ? [error] : [],
          }),
          run({ startDate: minutesAgo(35), result: 'completed-export-errors', exportErrors: [error] }),
          run({
            startDate: minutesAgo(5),
            runProfileName: 'Delta Import',
            connectorName: 'corp.contoso.com',
          }),
        ]),
      }),
    });

  it('the newest export of each connector counts: errors there are an alert with each error as a row', () => {
    const [a] = exportErrorAlerts(runs(true));
    expect(a).toMatchObject({ id: 'export-errors', title: 'Export errors in the last sync: 1' });
    expect(a!.rows).toEqual([
      { text: error.distinguishedName, detail: 'InvalidSoftMatch: Another object...', fixCloudUserId: null },
    ]);
  });

  it('an older export with errors followed by a clean one: no alert (it resolved)', () => {
    expect(exportErrorAlerts(runs(false))).toEqual([]);
  });

  it('a failure counter without listed errors still counts', () => {
    const counted = look({
      relay: relayFacts({
        runs: ok([
          run({
            startDate: minutesAgo(5),
            steps: [
              { stepNumber: 1, stepResult: 'completed-export-errors', exportFailures: 3, importErrors: 0 },
            ],
          }),
        ]),
      }),
    });
    expect(exportErrorAlerts(counted)[0]).toMatchObject({
      title: 'Export errors in the last sync: 3',
      moreRows: 3,
    });
  });
});

describe('what could not be read is said, never taken for healthy', () => {
  it('Graph parts and relay parts, each with its reason; the relay down is critical', () => {
    expect(unreadAlerts(look())).toEqual([]);
    const g = unreadAlerts(look({ errorUsers: down('403: User.Read.All') }));
    expect(g.map((a) => a.id)).toEqual(['graph.unreadable']);
    expect(g[0]!.facts).toEqual([{ label: 'Provisioning errors', value: '403: User.Read.All' }]);
    const r = unreadAlerts(look({ relay: relayFacts({ scheduler: down(), runs: down() }) }));
    expect(r[0]).toMatchObject({ id: 'relay.unreadable', severity: 'critical' });
    expect(
      unreadAlerts(look({ relay: relayFacts({ credential: down('not on the allow-list') }) }))[0],
    ).toMatchObject({
      severity: 'warning',
      title: 'Parts of Entra Connect could not be read',
    });
  });

  it('no relay configured is no alert (doctor says so)', () => {
    expect(unreadAlerts(look({ relay: null }))).toEqual([]);
  });

  it('the look is at NOW', () => {
    expect(look().now).toBe(NOW);
  });
});
