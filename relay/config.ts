/**
 * ---- loadRelayAgentConfig: the relay agent's configuration (and only the agent's) ----
 * The agent is its own product entry point on the Entra Connect server, so its keys live apart from the
 * bot's config/config.ts - but by the same rules: read once from the environment, validated with zod,
 * refused at start with the names of the bad keys, secrets never logged.
 */
import { z } from 'zod';
import { DomainError } from '../core/errors.ts';
import {
  bool,
  int,
  isLoopbackHostname,
  listenHost,
  logLevel,
  problemsOf,
  readableFile,
  writableFile,
} from '../config/fields.ts';
import { AGENT_ID_PATTERN } from './protocol.ts';

const KEY_MIN = 32;

const AgentEnvSchema = z.object({
  HM_RELAY_MODE: z.enum(['powershell', 'simulator']).default('powershell'),
  HM_RELAY_LISTENER: z.enum(['direct', 'hyco']).default('direct'),
  HM_RELAY_HOST: listenHost.default('127.0.0.1'),
  HM_RELAY_PORT: int(0, 65535).default(8787),
  /** Several agents (or two keys of one agent during rotation): `id:key,id:key`. */
  HM_RELAY_AGENTS: z.string().min(1).optional(),
  HM_RELAY_AGENT_ID: z.string().regex(AGENT_ID_PATTERN, 'letters, digits, . _ - (at most 64)').optional(),
  HM_RELAY_KEY: z.string().min(KEY_MIN, `must be at least ${KEY_MIN} characters`).optional(),
  HM_RELAY_TLS_CERT: readableFile.optional(),
  HM_RELAY_TLS_KEY: readableFile.optional(),
  HM_RELAY_MAX_BODY_BYTES: int(256, 1_048_576).default(16_384),
  HM_RELAY_CLOCK_SKEW_SEC: int(30, 900).default(300),
  HM_RELAY_MAX_CONCURRENT: int(1, 64).default(8),
  HM_RELAY_LOG_FILE: writableFile.optional(),
  /** Accepted nonces, kept across restarts (nonce-journal.ts). */
  HM_RELAY_NONCE_FILE: writableFile.default('.data/relay-nonces.log'),
  HM_RELAY_POWERSHELL: z.string().min(1).default('powershell.exe'),
  HM_RELAY_SCRIPT_TIMEOUT_MS: int(1_000, 900_000).default(180_000),
  HM_RELAY_HYCO_NAMESPACE: z
    .string()
    // An explicit `:port` only for a relay endpoint off 443 (the loopback Azure Relay simulator).
    .regex(/^[A-Za-z0-9.-]+(?::\d{1,5})?$/, 'a host name, e.g. contoso.servicebus.windows.net')
    .refine((v) => Number(v.split(':')[1] ?? 443) <= 65535, 'the port must be at most 65535')
    .optional(),
  HM_RELAY_HYCO_PATH: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'the hybrid connection name')
    .optional(),
  HM_RELAY_HYCO_KEY_NAME: z.string().min(1).optional(),
  HM_RELAY_HYCO_KEY: z.string().min(1).optional(),
  /** Simulator only: how long a started cycle keeps Entra Connect busy. */
  HM_RELAY_SIM_CYCLE_MS: int(0, 600_000).default(3_000),
  HM_RELAY_SIM_STAGING: bool.default(false),
  LOG_LEVEL: logLevel.default('info'),
});

export type ListenerConfig =
  | {
      readonly kind: 'direct';
      readonly host: string;
      readonly port: number;
      readonly tls: { readonly certFile: string; readonly keyFile: string } | null;
    }
  | {
      readonly kind: 'hyco';
      readonly namespace: string;
      readonly path: string;
      readonly keyName: string;
      readonly key: string;
    };

export interface RelayAgentConfig {
  readonly mode: 'powershell' | 'simulator';
  readonly listener: ListenerConfig;
  /** agent id -> accepted keys. */
  readonly agents: ReadonlyMap<string, readonly string[]>;
  readonly maxBodyBytes: number;
  readonly clockSkewSeconds: number;
  /** Operations (PowerShell processes) at once; beyond it the agent answers 503 RELAY.UNAVAILABLE. */
  readonly maxConcurrent: number;
  readonly logFile: string | null;
  readonly nonceFile: string;
  readonly logLevel: string;
  readonly powershellPath: string;
  readonly scriptTimeoutMs: number;
  readonly simulator: { readonly cycleMs: number; readonly stagingMode: boolean };
}

type AgentEnv = z.infer<typeof AgentEnvSchema>;

const parseAgents = (env: AgentEnv, problems: string[]): Map<string, string[]> => {
  const agents = new Map<string, string[]>();
  const add = (id: string, key: string) => agents.set(id, [...(agents.get(id) ?? []), key]);
  if (env.HM_RELAY_AGENTS !== undefined) {
    for (const pair of env.HM_RELAY_AGENTS.split(',').map((p) => p.trim())) {
      const at = pair.indexOf(':');
      const id = pair.slice(0, Math.max(at, 0));
      const key = pair.slice(at + 1);
      // The message names the entry by position, never by its (secret) key.
      if (at < 1 || !AGENT_ID_PATTERN.test(id) || key.length < KEY_MIN)
        problems.push(
          `HM_RELAY_AGENTS: entry ${agents.size + 1} must be id:key with a key of ${KEY_MIN}+ chars`,
        );
      else add(id, key);
    }
  }
  if (env.HM_RELAY_KEY !== undefined) add(env.HM_RELAY_AGENT_ID ?? 'bot', env.HM_RELAY_KEY);
  else if (env.HM_RELAY_AGENT_ID !== undefined)
    problems.push('HM_RELAY_KEY: required with HM_RELAY_AGENT_ID');
  if (agents.size === 0 && problems.length === 0)
    problems.push('HM_RELAY_KEY or HM_RELAY_AGENTS: at least one agent key is required');
  return agents;
};

const listenerFrom = (env: AgentEnv, problems: string[]): ListenerConfig | null => {
  if (env.HM_RELAY_LISTENER === 'hyco') {
    const need = [
      'HM_RELAY_HYCO_NAMESPACE',
      'HM_RELAY_HYCO_PATH',
      'HM_RELAY_HYCO_KEY_NAME',
      'HM_RELAY_HYCO_KEY',
    ] as const;
    const missing = need.filter((k) => env[k] === undefined);
    if (missing.length > 0) {
      problems.push(`${missing.join(', ')}: required when HM_RELAY_LISTENER=hyco`);
      return null;
    }
    return {
      kind: 'hyco',
      namespace: env.HM_RELAY_HYCO_NAMESPACE!,
      path: env.HM_RELAY_HYCO_PATH!,
      keyName: env.HM_RELAY_HYCO_KEY_NAME!,
      key: env.HM_RELAY_HYCO_KEY!,
    };
  }
  const cert = env.HM_RELAY_TLS_CERT;
  const key = env.HM_RELAY_TLS_KEY;
  if ((cert === undefined) !== (key === undefined)) {
    problems.push('HM_RELAY_TLS_CERT, HM_RELAY_TLS_KEY: set both or neither');
    return null;
  }
  const tls = cert !== undefined && key !== undefined ? { certFile: cert, keyFile: key } : null;
  // Signed requests are not encrypted: results (DNs, errors) would cross the network in clear text.
  if (tls === null && !isLoopbackHostname(env.HM_RELAY_HOST))
    problems.push(
      'HM_RELAY_TLS_CERT, HM_RELAY_TLS_KEY: required when HM_RELAY_HOST is not a loopback address',
    );
  return { kind: 'direct', host: env.HM_RELAY_HOST, port: env.HM_RELAY_PORT, tls };
};

/** Parse and validate the agent's environment. Throws CONFIG.INVALID naming every bad key. */
export const loadRelayAgentConfig = (
  source: Readonly<Record<string, string | undefined>> = process.env,
): RelayAgentConfig => {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = AgentEnvSchema.safeParse(cleaned);
  const fail = (problems: readonly string[]) =>
    new DomainError('CONFIG.INVALID', `Relay agent configuration is invalid: ${problems.join('; ')}`, {
      details: { problems },
    });
  if (!parsed.success) throw fail(problemsOf(parsed.error.issues));
  const env = parsed.data;
  const problems: string[] = [];
  const agents = parseAgents(env, problems);
  const listener = listenerFrom(env, problems);
  if (problems.length > 0 || listener === null) throw fail(problems);
  return {
    mode: env.HM_RELAY_MODE,
    listener,
    agents,
    maxBodyBytes: env.HM_RELAY_MAX_BODY_BYTES,
    clockSkewSeconds: env.HM_RELAY_CLOCK_SKEW_SEC,
    maxConcurrent: env.HM_RELAY_MAX_CONCURRENT,
    logFile: env.HM_RELAY_LOG_FILE ?? null,
    nonceFile: env.HM_RELAY_NONCE_FILE,
    logLevel: env.LOG_LEVEL,
    powershellPath: env.HM_RELAY_POWERSHELL,
    scriptTimeoutMs: env.HM_RELAY_SCRIPT_TIMEOUT_MS,
    simulator: { cycleMs: env.HM_RELAY_SIM_CYCLE_MS, stagingMode: env.HM_RELAY_SIM_STAGING },
  };
};
