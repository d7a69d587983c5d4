/**
 * The bot runs doctor at start, in the background: start-up never waits for it or fails because of it,
 * and each failing check becomes one log line (its id, what it found, the fix - no secrets: results
 * hold none), followed by a one-line total. An admin reads the rest with `hardmatch doctor`.
 */
import type { AppConfig } from '../config/config.ts';
import type { Logger } from '../config/logger.ts';
import { runDoctor } from './run-doctor.ts';
import type { DoctorReport } from './types.ts';

/** Starts the self-test and returns at once; the promise settles when it has logged (tests await it). */
export const doctorAtStartup = (
  config: AppConfig,
  log: Logger,
  run: (config: AppConfig) => Promise<DoctorReport> = (c) => runDoctor({ config: c }),
): Promise<void> =>
  run(config).then(
    (r) => {
      for (const c of r.checks)
        if (c.status === 'fail')
          log.warn(
            { check: c.id },
            `doctor ${c.id}: ${c.detail}${c.fix === undefined ? '' : ` Fix: ${c.fix}`}`,
          );
      log.info(
        { passed: r.passed, warnings: r.warnings, failed: r.failed },
        `doctor: ${r.passed} passed, ${r.warnings} warnings, ${r.failed} failed (details: hardmatch doctor)`,
      );
    },
    (e: unknown) => log.warn({ err: e instanceof Error ? e.message : String(e) }, 'doctor could not run'),
  );
