/**
 * Store keys are chosen by the core (`requests/<id>`, `jobs/<id>`), never by users; still, both backends
 * refuse anything outside a conservative alphabet so a key is always a valid blob name and a plain
 * SQLite string, and a bug cannot smuggle `..` or control characters into a path.
 */
import { DomainError } from '../../core/errors.ts';

const KEY = /^[A-Za-z0-9][A-Za-z0-9._:@=+-]*(\/[A-Za-z0-9._:@=+-]+)*$/;

export const assertKey = (key: string): void => {
  if (key.length > 512 || !KEY.test(key) || key.split('/').some((s) => s === '.' || s === '..')) {
    throw new DomainError('INTERNAL', `Invalid store key: ${JSON.stringify(key.slice(0, 80))}`);
  }
};

/** A prefix may end with `/` (a folder) or be empty (everything). */
export const assertPrefix = (prefix: string): void => {
  if (prefix === '') return;
  assertKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
};

export const conflict = (key: string, why: string): DomainError =>
  new DomainError(
    'STORE.CONFLICT',
    `Someone else changed this at the same time (${why}). Reload and retry.`,
    {
      details: { key },
    },
  );
