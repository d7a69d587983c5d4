/**
 * Configuration is read here and only here, from the environment, validated once (zod), and refused at
 * start with the names of the bad keys. Sections are optional where an entry point does not need them
 * (`hardmatch convert` needs none); `require*` turns a missing section into a clear CONFIG.INVALID error.
 * Secrets come only from the environment (or managed identity) and are never logged.
 */
import { z } from 'zod';
import { DomainError } from '../core/errors.ts';
import { AGENT_ID_PATTERN } from '../relay/protocol.ts';
import type { AlertSettings } from '../core/alerts/types.ts';
import { ALERT_FIELDS, alertsFrom } from './alerts-config.ts';
import {
  bindName,
  bool,
  conversationId,
  decimal,
  dn,
  guid,
  int,
  isLoopbackHostname,
  listenHost,
  logLevel,
  problemsOf,
  readableFile,
  tenant,
  url,
  writableFile,
} from './fields.ts';
import { storageConnectionString } from './storage-connection.ts';

const secret = z.string().min(1);

const EnvSchema = z.object({
  // Matching
  HM_SOURCE_ANCHOR: z.enum(['objectGUID', 'mS-DS-ConsistencyGuid']).default('mS-DS-ConsistencyGuid'),
  /** A non-synced OU where the AD user is parked while its synced duplicate is removed (and after an unlink). */
  HM_PARKING_OU: dn.optional(),
  /** A synced OU where the AD account of a cloud-only user is created. */
  HM_NEW_USER_OU: dn.optional(),
  LOG_LEVEL: logLevel.default('info'),
  // Microsoft Graph (http only for the sandbox's simulator on loopback)
  GRAPH_BASE_URL: url({ secure: ['https:'], loopbackOnly: ['http:'] }).default('https://graph.microsoft.com'),
  // MSAL accepts only https authorities, loopback included.
  GRAPH_AUTHORITY_HOST: url({ secure: ['https:'] }).default('https://login.microsoftonline.com'),
  AZURE_TENANT_ID: tenant.optional(),
  AZURE_CLIENT_ID: guid.optional(),
  AZURE_CLIENT_SECRET: secret.optional(),
  AZURE_CLIENT_CERTIFICATE_PATH: readableFile.optional(),
  GRAPH_USE_MANAGED_IDENTITY: bool.default(false),
  /** Only for the sandbox's Graph simulator: refused unless GRAPH_BASE_URL is loopback. */
  GRAPH_STATIC_TOKEN: secret.optional(),
  GRAPH_MAX_RETRIES: int(0, 10).default(4),
  // Active Directory (ldap:// off loopback needs LDAP_STARTTLS, checked below)
  LDAP_URL: url({ secure: ['ldaps:', 'ldap:'] }).optional(),
  LDAP_BASE_DN: dn.optional(),
  LDAP_BIND_DN: bindName.optional(),
  LDAP_BIND_PASSWORD: secret.optional(),
  LDAP_CA_FILE: readableFile.optional(),
  LDAP_STARTTLS: bool.default(false),
  LDAP_TIMEOUT_MS: int(100, 120_000).default(10_000),
  // Relay agent (client side); the path names an Azure Relay hybrid connection
  RELAY_URL: url({ secure: ['https:'], loopbackOnly: ['http:'], path: true }).optional(),
  RELAY_AGENT_ID: z.string().regex(AGENT_ID_PATTERN, 'letters, digits, . _ - (at most 64)').optional(),
  RELAY_KEY: z.string().min(32, 'must be at least 32 characters (base64 of 32 random bytes)').optional(),
  RELAY_TIMEOUT_MS: int(100, 600_000).default(30_000),
  /** Azure Relay Hybrid Connections only: a SAS policy with Send rights on the hybrid connection. */
  RELAY_SAS_KEY_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,256}$/, 'the SAS policy name')
    .optional(),
  RELAY_SAS_KEY: secret.optional(),
  // Bot
  PORT: int(1, 65535).default(3978),
  BOT_HOST: listenHost.default('127.0.0.1'),
  MICROSOFT_APP_ID: guid.optional(),
  MICROSOFT_APP_PASSWORD: secret.optional(),
  // The tenant guard compares it with the activity's tenant id, which is always the GUID.
  MICROSOFT_APP_TENANT_ID: guid.optional(),
  MICROSOFT_APP_TYPE: z.enum(['SingleTenant', 'UserAssignedMSI']).default('SingleTenant'),
  /** Unauthenticated local mode for the sandbox and the Agents Playground: loopback only. */
  HM_LOCAL_MODE: bool.default(false),
  // Approval policy
  HM_REQUESTERS_GROUP_ID: guid.optional(),
  HM_APPROVERS_GROUP_ID: guid.optional(),
  HM_APPROVAL_TTL_HOURS: decimal(0.001, 24 * 30).default(24),
  /** Teams conversation (channel) id where approval cards go; unset: the requester's conversation. */
  HM_APPROVERS_CONVERSATION_ID: conversationId.optional(),
  /** How often pending requests past their expiry are marked expired and their cards updated. */
  HM_EXPIRY_SWEEP_SECONDS: int(1, 3600).default(60),
  /** Minimum time between two `sync now` per tenant. */
  HM_SYNC_NOW_INTERVAL_SECONDS: int(0, 86_400).default(120),
  // The sync-health watcher (config/alerts-config.ts)
  ...ALERT_FIELDS,
  // Storage
  HM_STORE: z.enum(['sqlite', 'azure-blob']).default('sqlite'),
  HM_SQLITE_PATH: z.union([z.literal(':memory:'), writableFile]).default('.data/hardmatch.sqlite'),
  AZURE_STORAGE_CONNECTION_STRING: storageConnectionString.optional(),
  // Azure's container naming rules: 3-63 of a-z, 0-9 and single hyphens, starting with a letter or digit.
  AZURE_STORAGE_CONTAINER: z
    .string()
    .regex(
      /^(?=.{3,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$/,
      'a container name: 3-63 lower-case letters, digits, hyphens',
    )
    .default('hardmatch'),
});

export type Env = z.infer<typeof EnvSchema>;

export interface GraphConfig {
  readonly baseUrl: string;
  readonly authorityHost: string;
  readonly maxRetries: number;
  readonly auth:
    | { readonly kind: 'managed-identity'; readonly clientId: string | undefined }
    | {
        readonly kind: 'certificate';
        readonly tenantId: string;
        readonly clientId: string;
        readonly certificatePath: string;
      }
    | {
        readonly kind: 'secret';
        readonly tenantId: string;
        readonly clientId: string;
        readonly clientSecret: string;
      }
    | { readonly kind: 'static-token'; readonly token: string };
}

export interface LdapConfig {
  readonly url: string;
  readonly baseDn: string;
  readonly bindDn: string;
  readonly bindPassword: string;
  readonly caFile: string | undefined;
  readonly startTls: boolean;
  readonly timeoutMs: number;
}

export interface RelayClientConfig {
  readonly url: string;
  readonly agentId: string;
  readonly key: string;
  readonly timeoutMs: number;
  /** Sender credentials when RELAY_URL is an Azure Relay hybrid connection (outbound-only agent). */
  readonly sas?: { readonly keyName: string; readonly key: string };
}

export interface AppConfig {
  readonly env: Env;
  readonly sourceAnchor: Env['HM_SOURCE_ANCHOR'];
  readonly parkingOuDn: string | null;
  readonly newUserOuDn: string | null;
  readonly graph: GraphConfig | null;
  readonly ldap: LdapConfig | null;
  readonly relay: RelayClientConfig | null;
  /** The sync-health watcher; null: off (HM_ALERTS_CONVERSATION_ID unset). */
  readonly alerts: AlertSettings | null;
}

const configError = (problems: readonly string[]): DomainError =>
  new DomainError('CONFIG.INVALID', `Configuration is invalid: ${problems.join('; ')}`, {
    details: { problems },
  });

export const isLoopbackUrl = (value: string): boolean => isLoopbackHostname(new URL(value).hostname);

const graphFrom = (env: Env, problems: string[]): GraphConfig | null => {
  const base = {
    baseUrl: env.GRAPH_BASE_URL.replace(/\/+$/, ''),
    authorityHost: env.GRAPH_AUTHORITY_HOST,
    maxRetries: env.GRAPH_MAX_RETRIES,
  };
  if (env.GRAPH_STATIC_TOKEN !== undefined) {
    if (!isLoopbackUrl(env.GRAPH_BASE_URL)) {
      problems.push(
        'GRAPH_STATIC_TOKEN: only allowed when GRAPH_BASE_URL is a loopback address (the sandbox simulator)',
      );
      return null;
    }
    return { ...base, auth: { kind: 'static-token', token: env.GRAPH_STATIC_TOKEN } };
  }
  // Order of preference: managed identity, certificate, secret (no secret to leak or rotate first).
  if (env.GRAPH_USE_MANAGED_IDENTITY)
    return { ...base, auth: { kind: 'managed-identity', clientId: env.AZURE_CLIENT_ID } };
  if (env.AZURE_TENANT_ID === undefined && env.AZURE_CLIENT_ID === undefined) return null;
  if (env.AZURE_TENANT_ID === undefined || env.AZURE_CLIENT_ID === undefined) {
    problems.push('AZURE_TENANT_ID, AZURE_CLIENT_ID: set both for app-only Graph access');
    return null;
  }
  if (env.AZURE_CLIENT_CERTIFICATE_PATH !== undefined)
    return {
      ...base,
      auth: {
        kind: 'certificate',
        tenantId: env.AZURE_TENANT_ID,
        clientId: env.AZURE_CLIENT_ID,
        certificatePath: env.AZURE_CLIENT_CERTIFICATE_PATH,
      },
    };
  if (env.AZURE_CLIENT_SECRET !== undefined)
    return {
      ...base,
      auth: {
        kind: 'secret',
        tenantId: env.AZURE_TENANT_ID,
        clientId: env.AZURE_CLIENT_ID,
        clientSecret: env.AZURE_CLIENT_SECRET,
      },
    };
  problems.push(
    'AZURE_CLIENT_CERTIFICATE_PATH or AZURE_CLIENT_SECRET: one is needed (or GRAPH_USE_MANAGED_IDENTITY=true)',
  );
  return null;
};

const ldapFrom = (env: Env, problems: string[]): LdapConfig | null => {
  if (env.LDAP_URL === undefined) return null;
  const missing = (['LDAP_BASE_DN', 'LDAP_BIND_DN', 'LDAP_BIND_PASSWORD'] as const).filter(
    (k) => env[k] === undefined,
  );
  if (missing.length > 0) {
    problems.push(`${missing.join(', ')}: required when LDAP_URL is set`);
    return null;
  }
  if (env.LDAP_STARTTLS && env.LDAP_URL.startsWith('ldaps:'))
    problems.push('LDAP_STARTTLS: not with an ldaps:// URL');
  // A simple bind over plain LDAP sends the password in clear text.
  if (env.LDAP_URL.startsWith('ldap:') && !env.LDAP_STARTTLS && !isLoopbackUrl(env.LDAP_URL))
    problems.push(
      'LDAP_URL: ldap:// to a host that is not loopback sends the bind password in clear; use ldaps:// or LDAP_STARTTLS=true',
    );
  return {
    url: env.LDAP_URL,
    baseDn: env.LDAP_BASE_DN!,
    bindDn: env.LDAP_BIND_DN!,
    bindPassword: env.LDAP_BIND_PASSWORD!,
    caFile: env.LDAP_CA_FILE,
    startTls: env.LDAP_STARTTLS,
    timeoutMs: env.LDAP_TIMEOUT_MS,
  };
};

const relayFrom = (env: Env, problems: string[]): RelayClientConfig | null => {
  if (env.RELAY_URL === undefined) return null;
  const missing = (['RELAY_AGENT_ID', 'RELAY_KEY'] as const).filter((k) => env[k] === undefined);
  if (missing.length > 0) {
    problems.push(`${missing.join(', ')}: required when RELAY_URL is set`);
    return null;
  }
  if ((env.RELAY_SAS_KEY_NAME === undefined) !== (env.RELAY_SAS_KEY === undefined))
    problems.push('RELAY_SAS_KEY_NAME, RELAY_SAS_KEY: set both (Azure Relay) or neither');
  return {
    url: env.RELAY_URL,
    agentId: env.RELAY_AGENT_ID!,
    key: env.RELAY_KEY!,
    timeoutMs: env.RELAY_TIMEOUT_MS,
    ...(env.RELAY_SAS_KEY_NAME !== undefined && env.RELAY_SAS_KEY !== undefined
      ? { sas: { keyName: env.RELAY_SAS_KEY_NAME, key: env.RELAY_SAS_KEY } }
      : {}),
  };
};

/** Parse and validate the whole environment once. Throws CONFIG.INVALID naming every bad key. */
export const loadConfig = (source: Readonly<Record<string, string | undefined>> = process.env): AppConfig => {
  // Empty strings mean "not set" (a blank line in an env file), not "set to nothing".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) throw configError(problemsOf(parsed.error.issues));
  const env = parsed.data;
  const problems: string[] = [];
  const config: AppConfig = {
    env,
    sourceAnchor: env.HM_SOURCE_ANCHOR,
    parkingOuDn: env.HM_PARKING_OU ?? null,
    newUserOuDn: env.HM_NEW_USER_OU ?? null,
    graph: graphFrom(env, problems),
    ldap: ldapFrom(env, problems),
    relay: relayFrom(env, problems),
    alerts: alertsFrom(env, problems),
  };
  if (problems.length > 0) throw configError(problems);
  return config;
};

const requireSection =
  <K extends 'graph' | 'ldap' | 'relay'>(key: K, hint: string) =>
  (config: AppConfig): NonNullable<AppConfig[K]> => {
    const section = config[key];
    if (section === null) throw configError([hint]);
    return section;
  };

export const requireGraph = requireSection(
  'graph',
  'Microsoft Graph is not configured: set AZURE_TENANT_ID and AZURE_CLIENT_ID with AZURE_CLIENT_CERTIFICATE_PATH or AZURE_CLIENT_SECRET, or GRAPH_USE_MANAGED_IDENTITY=true',
);
export const requireLdap = requireSection(
  'ldap',
  'Active Directory is not configured: set LDAP_URL, LDAP_BASE_DN, LDAP_BIND_DN and LDAP_BIND_PASSWORD',
);
export const requireRelay = requireSection(
  'relay',
  'The relay agent is not configured: set RELAY_URL, RELAY_AGENT_ID and RELAY_KEY',
);
