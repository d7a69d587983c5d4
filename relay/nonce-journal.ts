/**
 * The replay cache on disk (HM_RELAY_NONCE_FILE), so that a restart does not forget which signed
 * requests were already run: with the cache in memory only, a captured request could be replayed once
 * after the agent restarted, inside its 5-minute window (issue 12, finding 6).
 *
 * Why a journal rather than refusing everything signed before the agent's start: that rule depends on
 * the two clocks. A bot whose clock runs ahead of the agent's by more than the restart took would still
 * get its old requests replayed, and a bot whose clock lags would be refused after every restart until
 * the lag had passed. The journal does not depend on clocks beyond the window itself.
 *
 * One line per accepted request - `<until ms> <agent id> <nonce>` (neither may contain a space) - written
 * and flushed to disk before the operation runs; a nonce that could not be written is not accepted. At
 * start the live lines are kept (compacted through a temporary file and a rename), expired ones dropped.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { DomainError } from '../core/errors.ts';

export interface NonceEntry {
  readonly agentId: string;
  readonly nonce: string;
  /** After this time (ms) the request's timestamp is outside the window anyway. */
  readonly until: number;
}

export interface NonceJournal {
  /** The live entries found at open. */
  readonly entries: readonly NonceEntry[];
  /** Appends and flushes one entry; throws when it cannot. */
  record(entry: NonceEntry): void;
  close(): void;
}

const LINE = /^(\d{1,15}) (\S{1,64}) (\S{1,128})$/;

/** Compacting after this many appends keeps the file near the size of the live window. */
const COMPACT_EVERY = 10_000;

const cannot = (path: string, e: unknown): DomainError =>
  new DomainError(
    'CONFIG.INVALID',
    `Relay agent configuration is invalid: HM_RELAY_NONCE_FILE: ${path} cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    { details: { problems: [`HM_RELAY_NONCE_FILE: ${path} cannot be written`] } },
  );

const readLive = (path: string, now: number): NonceEntry[] => {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const entries: NonceEntry[] = [];
  // Only whole lines count: a torn last line (a crash mid-write) was never flushed, so its request was
  // never accepted.
  const lines = text.split('\n').slice(0, -1);
  for (const line of lines) {
    const m = LINE.exec(line);
    if (m === null) continue;
    const until = Number(m[1]);
    if (until >= now) entries.push({ until, agentId: m[2]!, nonce: m[3]! });
  }
  return entries;
};

const lineOf = (e: NonceEntry): string => `${e.until} ${e.agentId} ${e.nonce}\n`;

/** Writes only `entries` to `path`, atomically (temporary file, flush, rename). */
const rewrite = (path: string, entries: readonly NonceEntry[]): void => {
  // A name of its own: two agents (tests, or a restart overlapping the old process) may compact at once.
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, entries.map(lineOf).join(''), { mode: 0o600 });
  const fd = openSync(tmp, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
};

/** Opens (creating folder and file when missing) and compacts the journal. Throws CONFIG.INVALID. */
export const openNonceJournal = (path: string, now: () => number = Date.now): NonceJournal => {
  let fd: number;
  let entries: NonceEntry[];
  try {
    mkdirSync(dirname(path), { recursive: true });
    entries = readLive(path, now());
    rewrite(path, entries);
    fd = openSync(path, 'a', 0o600);
  } catch (e) {
    throw cannot(path, e);
  }
  let appended = 0;
  const live = new Map(entries.map((e) => [`${e.agentId}\n${e.nonce}`, e]));
  return {
    entries,
    record(entry) {
      writeSync(fd, lineOf(entry));
      fsyncSync(fd);
      live.set(`${entry.agentId}\n${entry.nonce}`, entry);
      if (++appended < COMPACT_EVERY) return;
      appended = 0;
      const t = now();
      for (const [k, e] of live) if (e.until < t) live.delete(k);
      closeSync(fd);
      rewrite(path, [...live.values()]);
      fd = openSync(path, 'a', 0o600);
    },
    close() {
      if (fd < 0) return;
      closeSync(fd);
      fd = -1;
    },
  };
};
