import { describe, expect, it } from 'vitest';
import { compareVersions, connectVersionCheck } from '../../../doctor/connect-versions.ts';
import { fail, pass, report, reportLines, warn } from '../../../doctor/types.ts';

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

  it.each([
    ['2.4.131.0', 'fail'],
    ['2.5.79.0', 'pass'],
    ['2.6.92.0', 'pass'],
    ['3.0.0.0', 'pass'],
    ['banana', 'warn'],
    [null, 'warn'],
  ] as const)('%s: %s', (version, status) => {
    expect(connectVersionCheck(version).status).toBe(status);
  });
});
