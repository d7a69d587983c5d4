/**
 * CloudDirectory over Microsoft Graph (v1.0, app-only). Reads select exactly the properties they use;
 * the UNCONFIRMED parts of Graph (deleted-items $filter, the provisioning-errors filter, app-only reads
 * of the sync features, onPremisesObjectIdentifier in $select) each have a fallback, remembered per
 * instance so a tenant that refuses a form is not asked again.
 */
import type { Logger } from '../../config/logger.ts';
import type { GraphConfig } from '../../config/config.ts';
import type {
  CloudUser,
  ImmutableId,
  OrganizationSyncStatus,
  RoleAssignment,
  TenantDomain,
  TenantSyncFeatures,
} from '../../core/models.ts';
import type {
  CloudDirectory,
  CloudMatchContext,
  ImmutableIdHolders,
  WriteReceipt,
} from '../../core/ports.ts';
import { runBatch, bodyOf } from './batch.ts';
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
import {
  OBJECT_IDENTIFIER,
  USER_SELECT,
  toActiveRoles,
  toCloudUser,
  toDomain,
  toEligibleRoles,
  toFeatures,
  type GraphUser,
} from './user-mapping.ts';

export interface GraphDirectoryOptions {
  /** Injected clock for backoff (tests). */
  readonly timing?: Partial<RetryTiming>;
}

export class GraphDirectory implements CloudDirectory {
  readonly http: GraphHttp;
  private readonly logger: Logger | undefined;
  private deletedFilterSupported = true;
  private provisioningFilterSupported = true;
  private objectIdentifierSupported = true;

  constructor(config: GraphConfig, logger?: Logger, options: GraphDirectoryOptions = {}) {
    this.http = new GraphHttp(config, logger, options.timing);
    this.logger = logger;
  }

  private get select(): readonly string[] {
    return this.objectIdentifierSupported ? USER_SELECT : USER_SELECT.filter((p) => p !== OBJECT_IDENTIFIER);
  }

  /** Run `fn`; if Graph does not know onPremisesObjectIdentifier yet, drop it from $select and run once more. */
  private async withSelect<T>(fn: (select: readonly string[]) => Promise<T>): Promise<T> {
    try {
      return await fn(this.select);
    } catch (e) {
      const unknownProperty =
        isCode(e, 'CLOUD.BAD_REQUEST') &&
        typeof e.details['graphMessage'] === 'string' &&
        e.details['graphMessage'].includes(OBJECT_IDENTIFIER);
      if (!unknownProperty || !this.objectIdentifierSupported) throw e;
      this.logger?.warn('Graph does not know onPremisesObjectIdentifier here; reading users without it');
      this.objectIdentifierSupported = false;
      return fn(this.select);
    }
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

  /** One user (null on 404) by the query `query` builds for the current $select. */
  private oneUser(query: (select: readonly string[]) => GraphQuery): Promise<CloudUser | null> {
    return this.withSelect(async (select) => {
      const q = query(select);
      const u = await this.http.getOrNull<GraphUser>(q.url, q.headers);
      return u === null ? null : toCloudUser(u);
    });
  }

  async getUser(idOrUpn: string): Promise<CloudUser | null> {
    const key = requireIdOrUpn(idOrUpn);
    return await this.oneUser((select) => queries.user(key, select));
  }

  async getDeletedUser(id: string): Promise<CloudUser | null> {
    const key = requireObjectId(id);
    return await this.oneUser((select) => queries.deletedUser(key, select));
  }

  async findImmutableIdHolders(immutableId: ImmutableId): Promise<ImmutableIdHolders> {
    const anchor = requireImmutableId(immutableId);
    return await this.withSelect(async (select) => {
      const [active, deleted] = await Promise.all([
        this.users(queries.activeHolders(anchor, select)),
        this.deletedHolders(anchor, select),
      ]);
      return { active: active.filter((u) => u.onPremisesImmutableId === anchor), deleted };
    });
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
    immutableId: ImmutableId,
    match: { readonly userPrincipalName: string | null; readonly primarySmtp: string | null },
  ): Promise<CloudMatchContext> {
    const key = requireIdOrUpn(cloudUserIdOrUpn);
    const anchor = requireImmutableId(immutableId);
    const checked = {
      userPrincipalName: match.userPrincipalName === null ? null : requireUpn(match.userPrincipalName),
      primarySmtp: match.primarySmtp === null ? null : requireUpn(match.primarySmtp),
    };
    return await this.withSelect((select) =>
      gatherMatchContext(
        {
          http: this.http,
          select,
          deletedFilterSupported: this.deletedFilterSupported,
          onDeletedFilterUnsupported: () => (this.deletedFilterSupported = false),
          scanDeletedHolders: (a) => this.scanDeletedHolders(a),
          eligibleRoles: (id) => this.eligibleRoles(id),
        },
        key,
        anchor,
        checked,
      ),
    );
  }

  async listDomains(): Promise<readonly TenantDomain[]> {
    const q = queries.domains();
    return (await this.http.all<GraphUser>(q.url, q.headers)).map(toDomain);
  }

  async getUserRoles(userId: string): Promise<readonly RoleAssignment[]> {
    const id = requireObjectId(userId, 'user id');
    const active = queries.activeRoles(id);
    const eligible = queries.eligibleRoles(id);
    const results = await runBatch(this.http, [
      { id: 'active', url: active.url, headers: active.headers },
      { id: 'eligible', url: eligible.url, headers: eligible.headers },
    ]);
    return [
      ...toActiveRoles(bodyOf<GraphPage<GraphUser>>(results, 'active').value),
      ...toEligibleRoles(bodyOf<GraphPage<GraphUser>>(results, 'eligible').value),
    ];
  }

  private async eligibleRoles(userId: string): Promise<readonly RoleAssignment[]> {
    const q = queries.eligibleRoles(userId);
    return toEligibleRoles(await this.http.all<GraphUser>(q.url, q.headers));
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

  async getOrganizationSyncStatus(): Promise<OrganizationSyncStatus> {
    const q = queries.organization();
    const org = (await this.http.get<GraphPage<GraphUser>>(q.url, q.headers)).value[0] ?? {};
    const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
    return {
      onPremisesSyncEnabled:
        typeof org['onPremisesSyncEnabled'] === 'boolean' ? org['onPremisesSyncEnabled'] : null,
      onPremisesLastSyncDateTime: str(org['onPremisesLastSyncDateTime']),
      onPremisesLastPasswordSyncDateTime: str(org['onPremisesLastPasswordSyncDateTime']),
    };
  }

  async listUsersWithProvisioningErrors(): Promise<readonly CloudUser[]> {
    return await this.withSelect(async (select) => {
      if (this.provisioningFilterSupported) {
        try {
          return await this.users(queries.provisioningErrors(select));
        } catch (e) {
          if (!isCode(e, 'CLOUD.UNSUPPORTED_QUERY')) throw e;
          this.provisioningFilterSupported = false;
        }
      }
      const all = await this.users(queries.provisioningScan(select));
      return all.filter((u) => u.onPremisesProvisioningErrors.some((p) => p.category === 'PropertyConflict'));
    });
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
