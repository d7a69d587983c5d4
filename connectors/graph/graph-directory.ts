/**
 * CloudDirectory over Microsoft Graph (v1.0, app-only; beta only for the two properties that exist
 * nowhere else). Reads select exactly the properties they use; the UNCONFIRMED parts of Graph
 * (deleted-items $filter, the provisioning-errors filter, app-only reads of the sync features) each have
 * a fallback or an unread outcome, the filter fallbacks remembered per instance so a tenant that refuses
 * a form is not asked again.
 */
import type { Logger } from '../../config/logger.ts';
import type { GraphConfig } from '../../config/config.ts';
import { DomainError } from '../../core/errors.ts';
import type {
  CloudUser,
  ImmutableId,
  OrganizationSyncStatus,
  TenantDomain,
  TenantSyncFeatures,
  Unread,
} from '../../core/models.ts';
import type {
  CloudDirectory,
  CloudMatchContext,
  ImmutableIdHolders,
  WriteReceipt,
} from '../../core/ports.ts';
import { GraphHttp, type GraphPage } from './graph-http.ts';
import {
  requireIdOrUpn,
  requireImmutableId,
  requireLimit,
  requireObjectId,
  requirePrefix,
  requireUpn,
} from './input.ts';
import { isCode } from './graph-errors.ts';
import { unreadOf } from './unread.ts';
import {
  isMemberOfGroup,
  permanentlyDeleteUser,
  restoreDeletedUser,
  setImmutableId,
  setUserPrincipalName,
} from './graph-writes.ts';
import { gatherMatchContext } from './match-context.ts';
import { queries, type GraphQuery } from './queries.ts';
import type { RetryTiming } from './retry.ts';
import { USER_SELECT, toCloudUser, toDomain, toFeatures, type GraphUser } from './user-mapping.ts';

export interface GraphDirectoryOptions {
  /** Injected clock for backoff (tests). */
  readonly timing?: Partial<RetryTiming>;
}

export class GraphDirectory implements CloudDirectory {
  readonly http: GraphHttp;
  private readonly logger: Logger | undefined;
  private deletedFilterSupported = true;
  private provisioningFilterSupported = true;
  private readonly select: readonly string[] = USER_SELECT;

  constructor(config: GraphConfig, logger?: Logger, options: GraphDirectoryOptions = {}) {
    this.http = new GraphHttp(config, logger, options.timing);
    this.logger = logger;
  }

  private users(query: GraphQuery): Promise<CloudUser[]> {
    return this.http.all<GraphUser>(query.url, query.headers).then((list) => list.map(toCloudUser));
  }

  async searchUsers(prefix: string, limit: number): Promise<readonly CloudUser[]> {
    const p = requirePrefix(prefix);
    const n = requireLimit(limit);
    // Over-fetch a little so cloud-only users (the usual pick) can come first without a second query.
    const q = queries.search(p, Math.min(50, n * 2));
    const page = await this.http.get<GraphPage<GraphUser>>(q.url, q.headers);
    const found = page.value.map(toCloudUser);
    const cloudOnly = found.filter((u) => u.onPremisesSyncEnabled !== true);
    const synced = found.filter((u) => u.onPremisesSyncEnabled === true);
    return [...cloudOnly, ...synced].slice(0, n);
  }

  /**
   * One user (null on 404). onPremisesObjectIdentifier is beta only and not read here (it reads null):
   * the match context and {@link readObjectIdentifier} read it where it exists.
   */
  private async oneUser(q: GraphQuery): Promise<CloudUser | null> {
    const u = await this.http.getOrNull<GraphUser>(q.url, q.headers);
    return u === null ? null : toCloudUser(u);
  }

  /** onPremisesObjectIdentifier from /beta (one request, the property only), or why it is unreadable. */
  async readObjectIdentifier(idOrUpn: string): Promise<{ value: string | null } | { unread: Unread }> {
    const q = queries.objectIdentifier(requireIdOrUpn(idOrUpn));
    try {
      const u = await this.http.get<GraphUser>(q.url, q.headers, q.surface);
      const v = u['onPremisesObjectIdentifier'];
      return { value: typeof v === 'string' && v !== '' ? v : null };
    } catch (e) {
      if (!(e instanceof DomainError) || e.retryable) throw e;
      return { unread: unreadOf(e) };
    }
  }

  async getUser(idOrUpn: string): Promise<CloudUser | null> {
    return await this.oneUser(queries.user(requireIdOrUpn(idOrUpn), this.select));
  }

  async getDeletedUser(id: string): Promise<CloudUser | null> {
    return await this.oneUser(queries.deletedUser(requireObjectId(id), this.select));
  }

  async findImmutableIdHolders(immutableId: ImmutableId): Promise<ImmutableIdHolders> {
    const anchor = requireImmutableId(immutableId);
    const [active, deleted] = await Promise.all([
      this.users(queries.activeHolders(anchor, this.select)),
      this.deletedHolders(anchor, this.select),
    ]);
    return { active: active.filter((u) => u.onPremisesImmutableId === anchor), deleted };
  }

  private async deletedHolders(
    anchor: ImmutableId,
    select: readonly string[],
  ): Promise<readonly CloudUser[]> {
    if (this.deletedFilterSupported) {
      try {
        const found = await this.users(queries.deletedHolders(anchor, select));
        return found.filter((u) => u.onPremisesImmutableId === anchor);
      } catch (e) {
        if (!isCode(e, 'CLOUD.UNSUPPORTED_QUERY')) throw e;
        this.deletedFilterSupported = false;
      }
    }
    return this.scanDeletedHolders(anchor);
  }

  /** The fallback: page through deleted users (999 a page, 4 properties) and match locally. */
  private async scanDeletedHolders(anchor: ImmutableId): Promise<readonly CloudUser[]> {
    this.logger?.debug('deleted-items $filter unsupported; paging through deleted users');
    const q = queries.deletedScan();
    const ids: string[] = [];
    for await (const page of this.http.pages<GraphUser>(q.url, q.headers)) {
      for (const u of page)
        if (u['onPremisesImmutableId'] === anchor && typeof u['id'] === 'string') ids.push(u['id']);
    }
    const full = await Promise.all(ids.map((id) => this.getDeletedUser(id)));
    return full.filter((u): u is CloudUser => u !== null);
  }

  async getMatchContext(
    cloudUserIdOrUpn: string,
    immutableId: ImmutableId | null,
    match: { readonly userPrincipalName: string | null; readonly primarySmtp: string | null },
  ): Promise<CloudMatchContext> {
    const key = requireIdOrUpn(cloudUserIdOrUpn);
    const anchor = immutableId === null ? null : requireImmutableId(immutableId);
    const checked = {
      userPrincipalName: match.userPrincipalName === null ? null : requireUpn(match.userPrincipalName),
      primarySmtp: match.primarySmtp === null ? null : requireUpn(match.primarySmtp),
    };
    return await gatherMatchContext(
      {
        http: this.http,
        select: this.select,
        deletedFilterSupported: this.deletedFilterSupported,
        onDeletedFilterUnsupported: () => (this.deletedFilterSupported = false),
        scanDeletedHolders: (a) => this.scanDeletedHolders(a),
      },
      key,
      anchor,
      checked,
    );
  }

  async listDomains(): Promise<readonly TenantDomain[]> {
    const q = queries.domains();
    return (await this.http.all<GraphUser>(q.url, q.headers)).map(toDomain);
  }

  async getSyncFeatures(): Promise<TenantSyncFeatures | null> {
    try {
      const q = queries.features();
      return toFeatures(await this.http.get(q.url, q.headers));
    } catch (e) {
      // App-only reads of the features are not guaranteed (reference/graph.md): unknown, not an error.
      if (isCode(e, 'CLOUD.FORBIDDEN', 'CLOUD.NOT_FOUND', 'CLOUD.UNSUPPORTED_QUERY', 'CLOUD.BAD_REQUEST'))
        return null;
      throw e;
    }
  }

  /** v1.0 for the sync state; the last password sync time only exists on beta (reference/graph.md). */
  async getOrganizationSyncStatus(): Promise<OrganizationSyncStatus> {
    const q = queries.organization();
    const pw = queries.organizationPasswordSync();
    const [org, beta] = await Promise.all([
      this.http.get<GraphPage<GraphUser>>(q.url, q.headers).then((p) => p.value[0] ?? {}),
      this.http
        .get<GraphPage<GraphUser>>(pw.url, pw.headers, pw.surface)
        .then((p): GraphUser | Unread => p.value[0] ?? {})
        .catch((e: unknown) => {
          if (!(e instanceof DomainError) || e.retryable) throw e;
          return unreadOf(e);
        }),
    ]);
    const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
    const unread = 'code' in beta && typeof beta['code'] === 'string' ? (beta as Unread) : undefined;
    return {
      onPremisesSyncEnabled:
        typeof org['onPremisesSyncEnabled'] === 'boolean' ? org['onPremisesSyncEnabled'] : null,
      onPremisesLastSyncDateTime: str(org['onPremisesLastSyncDateTime']),
      onPremisesLastPasswordSyncDateTime:
        unread === undefined ? str((beta as GraphUser)['onPremisesLastPasswordSyncDateTime']) : null,
      ...(unread === undefined ? {} : { lastPasswordSyncUnread: unread }),
    };
  }

  async listUsersWithProvisioningErrors(): Promise<readonly CloudUser[]> {
    if (this.provisioningFilterSupported) {
      try {
        return await this.users(queries.provisioningErrors(this.select));
      } catch (e) {
        if (!isCode(e, 'CLOUD.UNSUPPORTED_QUERY')) throw e;
        this.provisioningFilterSupported = false;
      }
    }
    const all = await this.users(queries.provisioningScan(this.select));
    return all.filter((u) => u.onPremisesProvisioningErrors.some((p) => p.category === 'PropertyConflict'));
  }

  isMemberOfGroup(userId: string, groupId: string): Promise<boolean> {
    return isMemberOfGroup(this.http, userId, groupId);
  }

  setImmutableId(userId: string, value: ImmutableId | null): Promise<WriteReceipt> {
    return setImmutableId(this.http, userId, value);
  }

  setUserPrincipalName(userId: string, upn: string, immutableId?: ImmutableId): Promise<WriteReceipt> {
    return setUserPrincipalName(this.http, userId, upn, immutableId);
  }

  permanentlyDeleteUser(deletedUserId: string): Promise<WriteReceipt> {
    return permanentlyDeleteUser(this.http, deletedUserId);
  }

  restoreDeletedUser(deletedUserId: string): Promise<WriteReceipt> {
    return restoreDeletedUser(this.http, deletedUserId);
  }
}

/** The Graph connector for `config` (credentials and endpoints from configuration only). */
export const createGraphDirectory = (
  config: GraphConfig,
  logger?: Logger,
  options: GraphDirectoryOptions = {},
): GraphDirectory => new GraphDirectory(config, logger, options);
