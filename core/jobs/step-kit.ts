/** The small toolkit the step handlers are written with (steps.ts, unlink-steps.ts). */
import { DomainError } from '../errors.ts';
import type { StepAction } from '../plan-types.ts';
import type { Acted, Checked, StepContext, StepHandler } from './step-types.ts';

/** The world moved under the plan: the step fails rather than guess. */
export const moved = (what: string, details: Record<string, unknown>): DomainError =>
  new DomainError('JOB.FAILED', `${what} The plan no longer fits; nothing more was changed by this step.`, {
    details,
  });

/** Read until `read` yields a value (Entra can lag a moment behind a sync or a write); null after the last try. */
export const poll = async <T>(ctx: StepContext, read: () => Promise<T | null>): Promise<T | null> => {
  for (let i = 0; i < ctx.timing.pollAttempts; i++) {
    const v = await read();
    if (v !== null) return v;
    if (i + 1 < ctx.timing.pollAttempts) await ctx.timing.sleep(ctx.timing.pollDelayMs);
  }
  return null;
};

export type Of<K extends StepAction['kind']> = Extract<StepAction, { kind: K }>;
export const handler = <K extends StepAction['kind']>(
  writes: boolean,
  check: (a: Of<K>, ctx: StepContext) => Promise<Checked>,
  act: (a: Of<K>, ctx: StepContext) => Promise<Acted>,
): StepHandler => ({
  writes,
  check: (a, ctx) => check(a as Of<K>, ctx),
  act: (a, ctx) => act(a as Of<K>, ctx),
});

export const alwaysRun = (): Promise<Checked> => Promise.resolve({ needsWrite: true, before: null });
