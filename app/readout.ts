/** A part read from a system that may be unreachable: its value, or why it could not be read. */
import { isDomainError } from '../core/errors.ts';
import type { Readout } from '../core/readout.ts';

export type { Readout };

/**
 * Read one part for a read-only answer. Only errors the product can explain become a reason shown in
 * place; anything else is a bug and goes to the error card.
 */
export const readout = async <T>(read: () => Promise<T>): Promise<Readout<T>> => {
  try {
    return { ok: true, value: await read() };
  } catch (e) {
    if (isDomainError(e)) return { ok: false, reason: e.message };
    throw e;
  }
};
