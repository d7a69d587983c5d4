/**
 * A thin layer over the Graph SDK client: our middleware chain, paths relative to the configured base
 * URL, paging through `@odata.nextLink`, write receipts with Graph's request-id, and every failure
 * turned into a DomainError. Nothing above this file sees a GraphError.
 */
import { Client, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';
import type { GraphConfig } from '../../config/config.ts';
import type { Logger } from '../../config/logger.ts';
import { DomainError } from '../../core/errors.ts';
import { authProviderFor, tokenClaims, type TokenClaims } from './auth.ts';
import { toDomainError } from './graph-errors.ts';
import { BearerAuthMiddleware, ResponseCapture, RetryMiddleware, type RoundTripStats } from './middleware.ts';
import { defaultTiming, type RetryPolicy, type RetryTiming } from './retry.ts';

export const GRAPH_VERSION = 'v1.0';
/**
 * The surfaces the connector reads: v1.0 for everything Microsoft documents there, beta only for the
 * properties that exist nowhere else (onPremisesObjectIdentifier, onPremisesLastPasswordSyncDateTime;
 * reference/graph.md), one property per request.
 */
export type GraphSurface = 'v1.0' | 'beta';
/** Header Graph's advanced queries ($count, filters on some properties) need. */
export const EVENTUAL: Readonly<Record<string, string>> = { ConsistencyLevel: 'eventual' };

export interface GraphPage<T> {
  readonly value: readonly T[];
  readonly '@odata.nextLink'?: string;
  readonly '@odata.count'?: number;
}

export interface WriteResult {
  readonly requestId: string | null;
  readonly body: unknown;
}

export class GraphHttp {
  readonly stats: RoundTripStats = { roundTrips: 0, retries: 0 };
  readonly policy: RetryPolicy;
  private readonly client: Client;
  private readonly baseUrl: string;
  private readonly tokens: ReturnType<typeof authProviderFor>;

  constructor(config: GraphConfig, logger?: Logger, timing: Partial<RetryTiming> = {}) {
    this.policy = { ...defaultTiming, ...timing, maxRetries: config.maxRetries };
    const baseUrl = config.baseUrl.replace(/\/+$/, '');
    this.baseUrl = baseUrl;
    this.tokens = authProviderFor(config, logger);
    this.client = Client.initWithMiddleware({
      baseUrl: `${baseUrl}/`,
      defaultVersion: GRAPH_VERSION,
      middleware: [
        new BearerAuthMiddleware(this.tokens, baseUrl),
        new RetryMiddleware(this.policy, this.stats, logger),
        new HTTPMessageHandler(),
      ],
    });
  }

  /** Gets a token as every request does, and returns what it says - the token itself never leaves here. */
  async tokenClaims(): Promise<TokenClaims> {
    try {
      return tokenClaims(await this.tokens.getAccessToken());
    } catch (e) {
      throw toDomainError(e);
    }
  }

  /** GET a path (with its query string already built by odata.ts) on `surface` (default v1.0). */
  async get<T>(
    pathAndQuery: string,
    headers: Readonly<Record<string, string>> = {},
    surface: GraphSurface = GRAPH_VERSION,
  ): Promise<T> {
    try {
      return (await this.client
        .api(pathAndQuery)
        .version(surface)
        .headers({ ...headers })
        .get()) as T;
    } catch (e) {
      throw toDomainError(e, { method: 'GET', path: pathAndQuery });
    }
  }

  /** GET returning null on 404 instead of throwing. */
  async getOrNull<T>(
    pathAndQuery: string,
    headers: Readonly<Record<string, string>> = {},
    surface: GraphSurface = GRAPH_VERSION,
  ): Promise<T | null> {
    try {
      return await this.get<T>(pathAndQuery, headers, surface);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'CLOUD.NOT_FOUND') return null;
      throw e;
    }
  }

  /** Every item of a collection, following nextLinks (each page one round trip). */
  async all<T>(
    pathAndQuery: string,
    headers: Readonly<Record<string, string>> = {},
    surface: GraphSurface = GRAPH_VERSION,
  ): Promise<T[]> {
    const items: T[] = [];
    for await (const page of this.pages<T>(pathAndQuery, headers, surface)) items.push(...page);
    return items;
  }

  async *pages<T>(
    pathAndQuery: string,
    headers: Readonly<Record<string, string>> = {},
    surface: GraphSurface = GRAPH_VERSION,
  ): AsyncIterable<readonly T[]> {
    let next: string | undefined = pathAndQuery;
    while (next !== undefined) {
      const page: GraphPage<T> = await this.get<GraphPage<T>>(next, headers, surface);
      yield page.value;
      next =
        page['@odata.nextLink'] === undefined ? undefined : this.relative(page['@odata.nextLink'], surface);
    }
  }

  /** The continuation of a collection, from a page's nextLink. */
  relative(nextLink: string, surface: GraphSurface = GRAPH_VERSION): string {
    const versionRoot = `${this.baseUrl}/${surface}`;
    // The SDK only strips https hosts it knows; a nextLink elsewhere must not be followed (or get our token).
    if (!nextLink.startsWith(`${versionRoot}/`)) {
      throw new DomainError(
        'CLOUD.UNAVAILABLE',
        'Microsoft Graph returned a nextLink outside the configured endpoint.',
        {
          details: { nextLink: nextLink.slice(0, 200) },
        },
      );
    }
    return nextLink.slice(versionRoot.length);
  }

  /** PATCH / POST / DELETE; resolves with Graph's request-id for the receipt. */
  async write(method: 'PATCH' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<WriteResult> {
    const capture = new ResponseCapture();
    const request = this.client.api(path).middlewareOptions([capture]);
    try {
      const result: unknown =
        method === 'PATCH'
          ? await request.patch(body)
          : method === 'POST'
            ? await request.post(body)
            : await request.delete();
      return { requestId: capture.requestId, body: result };
    } catch (e) {
      throw toDomainError(e, { method, path });
    }
  }
}
