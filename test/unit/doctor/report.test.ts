import { describe, expect, it } from 'vitest';
import { compareVersions, connectVersionCheck } from '../../../doctor/connect-versions.ts';
import { fail, pass, report, reportLines, warn } from '../../../doctor/types.ts';
import { alertsCheck } from '../../../doctor/alerts-check.ts';
import { loadConfig } from '../../../config/config.ts';

describe('doctor output', () => {
  it('one line per check - status, id, what it found, the fix - and a total', () => {
    const lines = reportLines(
      report([pass('a.one', 'Fine.'), warn('a.two', 'Hmm.', 'Do x.'), fail('a.three', 'Broken.', 'Do y.')]),
    );
    expect(lines).toEqual([
      'PASS  a.one  Fine.',
      'WARN  a.two  Hmm. Fix: Do x.',
      'FAIL  a.three  Broken. Fix: Do y.',
      '1 passed, 1 warnings, 1 failed.',
    ]);
  });
});

describe('Entra Connect versions', () => {
  it('compares numerically, not as text', () => {
    expect(compareVersions('2.5.79.0', '2.10.0.0')).toBe(-1);
    expect(compareVersions('1.6.4.0', '1.6.4')).toBe(0);
    expect(compareVersions('2.x', '2.0')).toBeNull();
  });

  // Judged on one day by the dated table (core/alerts/connect-support.ts).
  const day = new Date('2026-12-08T00:00:00Z');
  it.each([
    ['2.4.131.0', 'fail', /stopped syncing after 2026-09-30/],
    // Below 2.6.84.0 the stop-syncing date (120 days away) comes before its end of support.
    ['2.5.79.0', 'warn', /stops syncing on 2027-04-07 \(in 120 days\)/],
    ['2.6.3.0', 'warn', /stops syncing on 2027-04-07 \(in 120 days\)/],
    ['2.6.84.0', 'pass', /supported \(2\.6\.92\.0 or later is available\)/],
    ['2.6.92.0', 'pass', /supported, current/],
    ['2.6.85.0', 'warn', /not in this version's table/],
    ['3.0.0.0', 'pass', /supported, current/],
    ['banana', 'warn', /not a version number/],
    [null, 'warn', /did not report its version/],
  ] as const)('%s: %s', (version, status, detail) => {
    const check = connectVersionCheck(version, day);
    expect(check.status).toBe(status);
    expect(check.detail).toMatch(detail);
  });

  it('out of support, near its end, withdrawn: on the days the table says', () => {
    expect(connectVersionCheck('2.6.84.0', new Date('2027-10-01T00:00:00Z')).detail).toMatch(
      /out of support since 2027-09-16/,
    );
    expect(connectVersionCheck('2.6.84.0', new Date('2027-06-01T00:00:00Z')).detail).toMatch(
      /end of support on 2027-09-16 \(in 107 days\)/,
    );
    expect(connectVersionCheck('2.6.79.0', new Date('2026-08-01T00:00:00Z')).detail).toMatch(/withdrawn/);
  });

  it('a stop-syncing date passed is a failure, not a warning', () => {
    expect(connectVersionCheck('2.6.3.0', new Date('2027-04-08T00:00:00Z'))).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/stopped syncing on 2027-04-07/),
    });
  });
});

describe('the sync-health watcher', () => {
  it('off: a warning that says what is not watched and how to turn it on', () => {
    const c = alertsCheck(loadConfig({}));
    expect(c).toMatchObject({ id: 'alerts.watcher', status: 'warn' });
    expect(c.detail).toContain('HM_ALERTS_CONVERSATION_ID is not set');
    expect(c.fix).toMatch(/alerts/);
  });
  it('on: where it posts and how often (and what it cannot see without a relay)', () => {
    const c = alertsCheck(
      loadConfig({ HM_ALERTS_CONVERSATION_ID: '19:ops@thread.tacv2', HM_ALERTS_INTERVAL_SECONDS: '60' }),
    );
    expect(c).toMatchObject({ status: 'pass' });
    expect(c.detail).toBe(
      'The sync-health watcher looks every 60 s and posts to 19:ops@thread.tacv2 (Graph only: with no relay agent it cannot see the scheduler, the runs or the Entra Connect version).',
    );
  });
});
