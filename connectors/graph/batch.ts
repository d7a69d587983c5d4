/**
 * JSON `$batch` (at most 20 requests per envelope). Each sub-request succeeds or fails on its own: a 429
 * (or 503/504) inside a 200 envelope is retried alone, after the longest Retry-After among them, within
 * the same bounded retry budget as single requests; other failures map to DomainErrors per item.
 */
import type { DomainError } from '../../core/errors.ts';
import { mapGraphErrorInfo, type GraphErrorInfo } from './graph-errors.ts';
import type { GraphHttp } from './graph-http.ts';
import { retryAfterMs, retryDelayMs, TRANSIENT_STATUSES } from './retry.ts';

export const MAX_BATCH = 20;

export interface BatchRequest {
  readonly id: string;
  /** Relative to the version root, with its query string (built by odata.ts). */
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export type BatchResult =
  | { readonly ok: true; readonly status: number; readonly body: unknown }
  | { readonly ok: false; readonly error: DomainError };

interface SubResponse {
  readonly id: string;
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

const header = (headers: Readonly<Record<string, string>> | undefined, name: string): string | null => {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name);
  return key === undefined ? null : (headers?.[key] ?? null);
};

const errorOf = (r: SubResponse, request: BatchRequest): DomainError => {
  const error = (
    r.body as
      | {
          error?: {
            code?: string;
            message?: string;
            details?: GraphErrorInfo['details'];
            innerError?: Record<string, string>;
          };
        }
      | undefined
  )?.error;
  return mapGraphErrorInfo({
    status: r.status,
    code: error?.code ?? null,
    message: error?.message ?? `HTTP ${r.status}`,
    requestId: error?.innerError?.['request-id'] ?? header(r.headers, 'request-id'),
    details: error?.details ?? [],
    retryAfter: header(r.headers, 'retry-after'),
    request: { method: request.method ?? 'GET', path: request.url },
  });
};

const runChunk = async (
  http: GraphHttp,
  chunk: readonly BatchRequest[],
  results: Map<string, BatchResult>,
): Promise<void> => {
  let pending = chunk;
  for (let attempt = 0; pending.length > 0; attempt++) {
    const envelope = await http.write('POST', '/$batch', {
      requests: pending.map((r) => ({
        id: r.id,
        method: r.method ?? 'GET',
        url: r.url,
        headers: { ...r.headers },
        ...(r.body === undefined ? {} : { body: r.body }),
      })),
    });
    const responses = (envelope.body as { responses?: SubResponse[] } | undefined)?.responses ?? [];
    const retry: BatchRequest[] = [];
    let wait: number | null = null;
    for (const r of responses) {
      const request = pending.find((p) => p.id === r.id);
      if (request === undefined) continue;
      if (TRANSIENT_STATUSES.has(r.status) && attempt < http.policy.maxRetries) {
        retry.push(request);
        const after = retryAfterMs(header(r.headers, 'retry-after'));
        if (after !== null) wait = Math.max(wait ?? 0, after);
        continue;
      }
      results.set(
        r.id,
        r.status >= 200 && r.status < 300
          ? { ok: true, status: r.status, body: r.body }
          : { ok: false, error: errorOf(r, request) },
      );
    }
    pending = retry;
    if (pending.length > 0) {
      http.stats.retries++;
      await http.policy.sleep(retryDelayMs(http.policy, attempt, wait));
    }
  }
};

/** Run requests in as few envelopes as allowed (chunks of 20 sent in parallel). Results by id. */
export const runBatch = async (
  http: GraphHttp,
  requests: readonly BatchRequest[],
): Promise<Map<string, BatchResult>> => {
  const results = new Map<string, BatchResult>();
  const chunks: BatchRequest[][] = [];
  for (let i = 0; i < requests.length; i += MAX_BATCH) chunks.push(requests.slice(i, i + MAX_BATCH));
  await Promise.all(chunks.map((c) => runChunk(http, c, results)));
  return results;
};

/** The body of a successful item, or its DomainError thrown. */
export const bodyOf = <T>(results: ReadonlyMap<string, BatchResult>, id: string): T => {
  const r = results.get(id);
  if (r === undefined) throw new Error(`$batch answered without item ${id}`);
  if (!r.ok) throw r.error;
  return r.body as T;
};

/**
 * Every item of a list answered inside a batch, following its `@odata.nextLink` (a batch answers one
 * page; Graph pages at 100 by default and may page sooner). `headers` go with each continuation.
 */
export const allPages = async <T>(
  http: GraphHttp,
  first: { readonly value?: readonly T[]; readonly '@odata.nextLink'?: string },
  headers: Readonly<Record<string, string>> = {},
): Promise<T[]> => {
  const items: T[] = [...(first.value ?? [])];
  const next = first['@odata.nextLink'];
  if (next !== undefined) items.push(...(await http.all<T>(http.relative(next), headers)));
  return items;
};
