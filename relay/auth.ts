/**
 * Request authentication for the agent: HMAC-SHA256 with a per-agent key (see protocol.ts), a timestamp
 * window against delayed requests and a nonce cache against replays. The cache only remembers nonces of
 * correctly signed requests, and only for as long as their timestamp could still be accepted, so it is
 * bounded by the window and cannot be filled by someone without a key. With a journal (nonce-journal.ts)
 * the cache survives restarts: it starts from the journal's live entries, and a nonce is accepted only
 * once it is on disk.
 */
import type { NonceEntry } from './nonce-journal.ts';
import {
  AGENT_ID_PATTERN,
  AUTH_SCHEME,
  HEADERS,
  NONCE_PATTERN,
  REQUEST_ID_PATTERN,
  sha256Hex,
  sign,
  signaturesEqual,
} from './protocol.ts';

export type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

export type AuthOutcome =
  | { readonly ok: true; readonly agentId: string; readonly requestId: string }
  /** `unavailable`: the request was fine but could not be recorded (the journal failed); retry later. */
  | { readonly ok: false; readonly reason: string; readonly unavailable?: true };

export interface RequestVerifierOptions {
  /** agent id -> accepted keys (two during a rotation). */
  readonly agents: ReadonlyMap<string, readonly string[]>;
  readonly clockSkewSeconds: number;
  /** Upper bound of remembered nonces; beyond it requests are refused rather than replays risked. */
  readonly maxNonces?: number;
  readonly now?: () => number;
  /** Where accepted nonces are kept across restarts; without it, in memory only (tests). */
  readonly journal?: {
    readonly entries: readonly NonceEntry[];
    record(entry: NonceEntry): void;
  };
}

const header = (headers: HeaderBag, name: string): string | undefined => {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? undefined : v;
};

/** Verifies signed requests; keeps the replay cache. One per agent process. */
export class RequestVerifier {
  readonly #agents: ReadonlyMap<string, readonly string[]>;
  readonly #skewMs: number;
  readonly #maxNonces: number;
  readonly #now: () => number;
  /** nonce -> the time after which its timestamp is outside the window anyway. */
  readonly #seen = new Map<string, number>();
  readonly #journal: RequestVerifierOptions['journal'];

  constructor(options: RequestVerifierOptions) {
    this.#agents = options.agents;
    this.#skewMs = options.clockSkewSeconds * 1000;
    this.#maxNonces = options.maxNonces ?? 100_000;
    this.#now = options.now ?? Date.now;
    this.#journal = options.journal;
    // Oldest first, as #prune expects.
    const known = [...(options.journal?.entries ?? [])].sort((a, b) => a.until - b.until);
    for (const e of known) this.#seen.set(`${e.agentId}\n${e.nonce}`, e.until);
  }

  /** Checks one request; `body` is the exact bytes received. Records the nonce only on success. */
  verify(method: string, path: string, headers: HeaderBag, body: Uint8Array): AuthOutcome {
    const agentId = header(headers, HEADERS.agent);
    const timestamp = header(headers, HEADERS.timestamp);
    const nonce = header(headers, HEADERS.nonce);
    const contentSha256 = header(headers, HEADERS.contentSha256);
    const requestId = header(headers, HEADERS.requestId);
    const authorization = header(headers, HEADERS.authorization);
    const missing = Object.entries({
      [HEADERS.agent]: agentId,
      [HEADERS.timestamp]: timestamp,
      [HEADERS.nonce]: nonce,
      [HEADERS.contentSha256]: contentSha256,
      [HEADERS.requestId]: requestId,
      [HEADERS.authorization]: authorization,
    })
      .filter(([, v]) => v === undefined || v === '')
      .map(([k]) => k);
    if (missing.length > 0) return { ok: false, reason: `missing headers: ${missing.join(', ')}` };
    if (!AGENT_ID_PATTERN.test(agentId!)) return { ok: false, reason: 'malformed agent id' };
    if (!NONCE_PATTERN.test(nonce!)) return { ok: false, reason: 'malformed nonce' };
    if (!REQUEST_ID_PATTERN.test(requestId!)) return { ok: false, reason: 'malformed request id' };
    if (!/^\d{1,12}$/.test(timestamp!)) return { ok: false, reason: 'malformed timestamp' };
    const scheme = `${AUTH_SCHEME} `;
    if (!authorization!.startsWith(scheme)) return { ok: false, reason: 'unsupported authorization scheme' };
    const keys = this.#agents.get(agentId!);
    if (keys === undefined) return { ok: false, reason: 'unknown agent id' };
    const now = this.#now();
    const sentAt = Number(timestamp) * 1000;
    if (Math.abs(now - sentAt) > this.#skewMs) return { ok: false, reason: 'stale timestamp (check clocks)' };
    if (sha256Hex(body) !== contentSha256) return { ok: false, reason: 'body digest mismatch' };
    const given = authorization!.slice(scheme.length).trim();
    const input = {
      method,
      path,
      agentId: agentId!,
      timestamp: timestamp!,
      nonce: nonce!,
      requestId: requestId!,
      contentSha256: contentSha256,
    };
    // Every key is tried (no early exit) so timing does not tell which rotation slot matched.
    let valid = false;
    for (const key of keys) valid = signaturesEqual(sign(key, input), given) || valid;
    if (!valid) return { ok: false, reason: 'bad signature' };
    this.#prune(now);
    const nonceKey = `${agentId}\n${nonce}`;
    if (this.#seen.has(nonceKey)) return { ok: false, reason: 'replayed nonce' };
    if (this.#seen.size >= this.#maxNonces) return { ok: false, reason: 'replay cache full, retry later' };
    const until = sentAt + this.#skewMs;
    try {
      this.#journal?.record({ agentId: agentId!, nonce: nonce!, until });
    } catch {
      // Not on disk, so not accepted: after a restart it could be replayed.
      return { ok: false, reason: 'the replay journal cannot be written', unavailable: true };
    }
    this.#seen.set(nonceKey, until);
    return { ok: true, agentId: agentId!, requestId: requestId! };
  }

  /** Number of remembered nonces (for tests and metrics). */
  get rememberedNonces(): number {
    return this.#seen.size;
  }

  /**
   * Drops expired nonces from the oldest end (a Map iterates in insertion order) and stops at the first
   * live one, so a verify costs O(expired) rather than O(remembered). Timestamps arrive almost in order;
   * an out-of-order one only delays the pruning behind it by at most one window.
   */
  #prune(now: number): void {
    for (const [nonce, until] of this.#seen) {
      if (until >= now) break;
      this.#seen.delete(nonce);
    }
  }
}
