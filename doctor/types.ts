/**
 * `hardmatch doctor`'s vocabulary: one result per check, each saying what it found, what it means and,
 * when it is not a pass, how to fix it. The CLI prints one line per check; the bot logs the failures at
 * start. No secret ever goes into a result (tokens are decoded for their claims, never printed).
 */

export type DoctorStatus = 'pass' | 'warn' | 'fail';

export interface DoctorCheck {
  /** Stable, dotted: graph.token, graph.permission.User.Read.All, ad.parking-ou, relay.clock... */
  readonly id: string;
  readonly status: DoctorStatus;
  /** What was checked and found, in one sentence. */
  readonly detail: string;
  /** How to fix it (warn / fail only). */
  readonly fix?: string;
}

export interface DoctorReport {
  readonly checks: readonly DoctorCheck[];
  readonly passed: number;
  readonly warnings: number;
  readonly failed: number;
}

export const pass = (id: string, detail: string): DoctorCheck => ({ id, status: 'pass', detail });
export const warn = (id: string, detail: string, fix: string): DoctorCheck => ({
  id,
  status: 'warn',
  detail,
  fix,
});
export const fail = (id: string, detail: string, fix: string): DoctorCheck => ({
  id,
  status: 'fail',
  detail,
  fix,
});

export const report = (checks: readonly DoctorCheck[]): DoctorReport => ({
  checks,
  passed: checks.filter((c) => c.status === 'pass').length,
  warnings: checks.filter((c) => c.status === 'warn').length,
  failed: checks.filter((c) => c.status === 'fail').length,
});

const MARK: Readonly<Record<DoctorStatus, string>> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };

/** One line per check: status, id, what it found, and the fix when there is one. */
export const reportLines = (r: DoctorReport): string[] => [
  ...r.checks.map(
    (c) => `${MARK[c.status]}  ${c.id}  ${c.detail}${c.fix === undefined ? '' : ` Fix: ${c.fix}`}`,
  ),
  `${r.passed} passed, ${r.warnings} warnings, ${r.failed} failed.`,
];
