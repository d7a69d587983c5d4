/**
 * Fault injection for the Graph simulator: rates (for the sandbox and benchmarks) and a script of
 * one-shot faults (for tests that must be deterministic), plus the behaviour switches for what
 * reference/graph.md marks UNCONFIRMED - each switch names both outcomes, and the connector's tests run
 * under every one (test/integration/graph/unconfirmed.test.ts).
 */
import { createPrng, type Prng } from './prng.ts';
import type { BetaOnlyOnV1 } from './schema.ts';

export interface GraphFaultOptions {
  /** Added latency per HTTP request (a $batch envelope counts once). */
  readonly latencyMs?: number;
  /** Probability that a request or a $batch item answers 429. */
  readonly throttleRate?: number;
  /** Retry-After seconds sent with 429 (default 1). */
  readonly retryAfterSeconds?: number;
  /** Probability of a 503. */
  readonly unavailableRate?: number;
  /**
   * Retry-After seconds sent with a rate-based 503 (default: none). Graph may send it on 503 as on 429
   * ("Best practices for working with Microsoft Graph", learn.microsoft.com/graph/best-practices-concept:
   * honour Retry-After on 429 and 503, else back off exponentially); the connector is tested both ways.
   */
  readonly unavailableRetryAfterSeconds?: number;
  /** Probability that the connection is dropped without an answer. */
  readonly dropRate?: number;
  /**
   * `$filter=onPremisesImmutableId eq ...` on /directory/deletedItems/microsoft.graph.user. UNCONFIRMED
   * (GDC directory-deleteditems-list.md supports $filter; whether `eq` on this property needs the
   * advanced-query form is not documented): 'supported' in any form, 'advanced-only' (default: the strict
   * reading) refused without ConsistencyLevel + $count, 'unsupported' refused always.
   */
  readonly deletedItemsFilter?: 'supported' | 'advanced-only' | 'unsupported';
  /** Whether `onPremisesProvisioningErrors/any(...)` works (reported not to by some admins). */
  readonly provisioningErrorsFilter?: 'supported' | 'unsupported';
  /**
   * App-only read of /directory/onPremisesSynchronization. UNCONFIRMED: the docs say "Application: Not
   * supported" (GDC onpremisesdirectorysynchronization-get.md), a practitioner reports it works
   * (maester365/maester PR #1108). 'refused' (default: as documented) answers 403
   * Authorization_RequestDenied; the sandbox's tenant and the test harness choose 'allowed' explicitly.
   */
  readonly featuresAppOnly?: 'allowed' | 'refused';
  /** What v1.0 does with `$select` of a beta-only property (UNCONFIRMED; schema.ts). Default 'refused'. */
  readonly betaOnlyOnV1?: BetaOnlyOnV1;
  /** 'unavailable': /beta is not served (a proxy that allows only v1.0, or a cloud without beta). */
  readonly beta?: 'available' | 'unavailable';
  /** Largest page Graph returns whatever `$top` asked (server-driven paging); unset: $top or 100. */
  readonly pageSize?: number | undefined;
  /** Seed of the rate dice. */
  readonly seed?: number;
}

/** A one-shot fault for the next matching request. */
export interface FaultStep {
  /** 'drop': connection closed before the request is handled; 'drop-after': handled, answer lost. */
  readonly kind: 429 | 503 | 504 | 'drop' | 'drop-after';
  /** Retry-After seconds for 429/503 (omit to send none). */
  readonly retryAfterSeconds?: number;
  /** Only requests whose path (below /v1.0) contains this. */
  readonly path?: string;
  /** true: applies to $batch items only; false/absent: to top-level HTTP requests only. */
  readonly inBatch?: boolean;
  /** The surface it applies to (default v1.0). */
  readonly version?: 'v1.0' | 'beta';
}

export type FaultDecision = { readonly kind: 'none' } | FaultStep;

export interface SimStats {
  /** HTTP requests received (a $batch envelope is one). */
  httpRequests: number;
  /** Requests inside $batch envelopes. */
  batchItems: number;
  /** Faults answered instead of the request, by kind (scripted and rate-based alike). */
  readonly faults: Record<string, number>;
  /** Recent requests, newest last (capped), for tests that check what went over the wire. */
  readonly recent: {
    method: string;
    rawUrl: string;
    headers: Record<string, string | undefined>;
    requestId: string;
  }[];
}

const RECENT_CAP = 500;

export class FaultController {
  options: GraphFaultOptions;
  readonly stats: SimStats = { httpRequests: 0, batchItems: 0, faults: {}, recent: [] };
  private readonly script: FaultStep[] = [];
  private dice: Prng;

  constructor(options: GraphFaultOptions = {}) {
    this.options = options;
    this.dice = createPrng(options.seed ?? 42);
  }

  /** Replace (merge) the options at run time. */
  set(changes: GraphFaultOptions): void {
    this.options = { ...this.options, ...changes };
    if (changes.seed !== undefined) this.dice = createPrng(changes.seed);
  }

  /** Queue one-shot faults, consumed in order by the next matching requests. */
  enqueue(...steps: FaultStep[]): void {
    this.script.push(...steps);
  }

  get pending(): number {
    return this.script.length;
  }

  resetStats(): void {
    this.stats.httpRequests = 0;
    this.stats.batchItems = 0;
    this.stats.recent.length = 0;
    for (const k of Object.keys(this.stats.faults)) delete this.stats.faults[k];
  }

  record(
    method: string,
    rawUrl: string,
    headers: Record<string, string | undefined>,
    requestId: string,
  ): void {
    this.stats.recent.push({ method, rawUrl, headers, requestId });
    if (this.stats.recent.length > RECENT_CAP) this.stats.recent.shift();
  }

  /** What happens to this request: a scripted fault first, then the rates. */
  decide(path: string, inBatch: boolean, version: 'v1.0' | 'beta' = 'v1.0'): FaultDecision {
    const d = this.#decide(path, inBatch, version);
    if (d.kind !== 'none') this.stats.faults[String(d.kind)] = (this.stats.faults[String(d.kind)] ?? 0) + 1;
    return d;
  }

  #decide(path: string, inBatch: boolean, version: 'v1.0' | 'beta'): FaultDecision {
    const i = this.script.findIndex(
      (s) =>
        (s.inBatch ?? false) === inBatch &&
        (s.version ?? 'v1.0') === version &&
        (s.path === undefined || path.includes(s.path)),
    );
    if (i >= 0) return this.script.splice(i, 1)[0]!;
    const o = this.options;
    if (!inBatch && o.dropRate !== undefined && this.dice.next() < o.dropRate) return { kind: 'drop' };
    if (o.throttleRate !== undefined && this.dice.next() < o.throttleRate) {
      return { kind: 429, retryAfterSeconds: o.retryAfterSeconds ?? 1 };
    }
    if (o.unavailableRate !== undefined && this.dice.next() < o.unavailableRate)
      return o.unavailableRetryAfterSeconds === undefined
        ? { kind: 503 }
        : { kind: 503, retryAfterSeconds: o.unavailableRetryAfterSeconds };
    return { kind: 'none' };
  }
}
