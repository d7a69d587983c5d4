// Secrets never reach logs or messages: the CLI, the relay agent and the connectors run at LOG_LEVEL=trace
// with known secret values - right ones and wrong ones, successes and refusals - and every log line, every
// line the CLI prints and every error (message, details, cause) is searched for them. Each scenario also
// checks that it captured what it should, so an empty capture cannot pass.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, requireGraph } from '../../config/config.ts';
import { createLogger, type Logger } from '../../config/logger.ts';
import { createGraphDirectory } from '../../connectors/graph/graph-directory.ts';
import { createLdapDirectory } from '../../connectors/ldap/ldap-directory.ts';
import { createRelayClient } from '../../connectors/relay/relay-client.ts';
import { runRelayAgent } from '../../relay/run-agent.ts';
import { standaloneSimulatorRunner } from '../../sandbox/entra-connect/standalone.ts';
import { createScenarioTenant } from '../../sandbox/graph/scenarios.ts';
import { startGraphSimulator, type GraphSimulator } from '../../sandbox/graph/server.ts';
import { captureCli, type CliRun } from '../support/cli.ts';
import { SECRET, SECRET_APP, startCredentialHarness } from './graph/credentials-harness.ts';

const S = {
  ldapPassword: 'Ldap~Bind.Secret_7f1e2d3c4b5a69788796',
  relayKey: 'Relay~Key.Secret_0123456789abcdefABCDEF',
  wrongRelayKey: 'Relay~Wrong.Secret_0123456789abcdefABCD',
  shortRelayKey: 'Relay~Short.Secret_42',
  graphToken: 'Graph~Static.Token_0123456789abcdefABCD',
  wrongGraphToken: 'Graph~Wrong.Token_0123456789abcdefABCDE',
  azureSecret: SECRET,
  wrongAzureSecret: 'Azure~Wrong.Secret_0123456789abcdefABCD',
} as const;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hm-secrets-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything an error can show: message, code, details, and the same for its causes. */
const errorText = (e: unknown): string => {
  const parts: string[] = [];
  for (let c: unknown = e, depth = 0; c !== undefined && c !== null && depth < 5; depth++) {
    if (!(c instanceof Error)) {
      parts.push(JSON.stringify(c));
      break;
    }
    parts.push(c.name, c.message, JSON.stringify(c), c.stack ?? '');
    c = c.cause;
  }
  return parts.join('\n');
};

const failure = async (p: Promise<unknown>): Promise<unknown> => {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
};

const cliText = (r: CliRun): string => [...r.out, ...r.err].join('\n');

const expectNoSecret = (text: string): void => {
  for (const [name, value] of Object.entries(S)) {
    expect(text.includes(value), `${name} appears in:\n${text.slice(0, 2_000)}`).toBe(false);
  }
};

/**
 * Reads a log file written asynchronously (pino's file destination) once `marker` is in it, or once it
 * has stopped growing: a marker proves the capture works, settling covers lines that follow it.
 */
const readLog = async (file: string, marker = ''): Promise<string> => {
  const read = (): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return ''; // not created yet
    }
  };
  const deadline = Date.now() + 5_000;
  let last = read();
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const now = read();
    if ((now.includes(marker) && now === last) || Date.now() > deadline) return now;
    last = now;
  }
};

/** The project's logger at trace, into a file of its own. */
const traceLog = (name: string): { logger: Logger; read: (marker?: string) => Promise<string> } => {
  const file = join(dir, `${name}.log`);
  const logger = createLogger({ level: 'trace', name, destination: file });
  return { logger, read: (marker) => readLog(file, marker) };
};

describe('relay: agent, client and CLI with RELAY_KEY', () => {
  it('log no key - signed calls, a wrong key, a too-short key in config', async () => {
    const agentLog = join(dir, 'agent.log');
    const agent = await runRelayAgent(
      {
        HM_RELAY_MODE: 'simulator',
        HM_RELAY_PORT: '0',
        HM_RELAY_AGENT_ID: 'bot',
        HM_RELAY_KEY: S.relayKey,
        HM_RELAY_LOG_FILE: agentLog,
        LOG_LEVEL: 'trace',
      },
      { simulator: standaloneSimulatorRunner },
    );
    try {
      const env = { RELAY_URL: agent.url, RELAY_AGENT_ID: 'bot', LOG_LEVEL: 'trace' };
      const ok = await captureCli(['sync', 'status'], { ...env, RELAY_KEY: S.relayKey });
      expect(ok.code).toBe(0);
      const wrong = await captureCli(['sync', 'status'], { ...env, RELAY_KEY: S.wrongRelayKey });
      expect(wrong.code).toBe(1);
      const short = await captureCli(['sync', 'status'], { ...env, RELAY_KEY: S.shortRelayKey });
      expect(short.code).toBe(2);
      expect(short.err.join('\n')).toContain('RELAY_KEY');

      const client = traceLog('relay-client');
      const good = createRelayClient(
        { url: agent.url, agentId: 'bot', key: S.relayKey, timeoutMs: 5_000 },
        client.logger,
      );
      expect((await good.getSchedulerStatus('secrets-ok')).syncCycleEnabled).toBe(true);
      const bad = createRelayClient(
        { url: agent.url, agentId: 'bot', key: S.wrongRelayKey, timeoutMs: 5_000 },
        client.logger,
      );
      const refused = await failure(bad.getSchedulerStatus('secrets-refused'));
      const clientLog = await client.read('secrets-refused');
      expect(clientLog).toContain('secrets-ok');
      expect(clientLog).toContain('secrets-refused');

      const logged = await readLog(agentLog, 'secrets-refused');
      expect(logged).toContain('"requestId":"secrets-ok"');
      expect(logged).toMatch(/refused/);
      for (const text of [cliText(ok), cliText(wrong), cliText(short), errorText(refused), clientLog, logged])
        expectNoSecret(text);
    } finally {
      await agent.close();
    }
  });
});

describe('Graph: static token and client secret', () => {
  let sim: GraphSimulator;
  beforeAll(async () => {
    sim = await startGraphSimulator({
      tenant: createScenarioTenant({ seed: 3 }).tenant,
      token: S.graphToken,
    });
  });
  afterAll(() => sim.close());

  it('log no GRAPH_STATIC_TOKEN - reads, retried 503s, a wrong token, a token for a real host', async () => {
    const env = { GRAPH_BASE_URL: sim.url, GRAPH_MAX_RETRIES: '2', LOG_LEVEL: 'trace' };
    sim.faults.enqueue({ kind: 503, path: '/organization' });
    const ok = await captureCli(['tenant'], { ...env, GRAPH_STATIC_TOKEN: S.graphToken });
    expect(ok.code).toBe(0);
    const wrong = await captureCli(['tenant'], { ...env, GRAPH_STATIC_TOKEN: S.wrongGraphToken });
    expect(wrong.code).toBe(1);
    expect(wrong.err.join('\n')).toContain('CLOUD.UNAUTHORIZED');
    const remote = await captureCli(['tenant'], {
      ...env,
      GRAPH_BASE_URL: 'https://graph.microsoft.com',
      GRAPH_STATIC_TOKEN: S.graphToken,
    });
    expect(remote.code).toBe(2);

    const log = traceLog('graph-static');
    const config = requireGraph(loadConfig({ ...env, GRAPH_STATIC_TOKEN: S.graphToken }));
    const directory = createGraphDirectory(config, log.logger, {
      timing: { sleep: () => Promise.resolve() },
    });
    // /users/: the failed `tenant` run above may still have /domains and /organization reads in flight.
    sim.faults.enqueue({ kind: 503, path: '/users/' });
    expect(await directory.getUser('nobody@contoso.com')).toBeNull();
    const denied = await failure(
      createGraphDirectory(
        { ...config, auth: { kind: 'static-token', token: S.wrongGraphToken } },
        log.logger,
      ).listDomains(),
    );
    const logged = await log.read('retrying');
    expect(logged).toContain('retrying');
    for (const text of [cliText(ok), cliText(wrong), cliText(remote), errorText(denied), logged])
      expectNoSecret(text);
  });

  it('log no AZURE_CLIENT_SECRET - a token fetched with it, and a wrong one refused', async () => {
    const h = await startCredentialHarness();
    try {
      const env = {
        GRAPH_BASE_URL: h.sim.url,
        GRAPH_AUTHORITY_HOST: h.tokens.authorityHost,
        GRAPH_MAX_RETRIES: '0',
        AZURE_TENANT_ID: h.tenantId,
        AZURE_CLIENT_ID: SECRET_APP,
        LOG_LEVEL: 'trace',
      };
      const upn = h.scenarios['guide-004-simple'].cloudUser.userPrincipalName;
      const ok = await captureCli(['cloud-user', upn], { ...env, AZURE_CLIENT_SECRET: S.azureSecret });
      expect(ok.code).toBe(0);
      const wrong = await captureCli(['cloud-user', upn], {
        ...env,
        AZURE_CLIENT_SECRET: S.wrongAzureSecret,
      });
      expect(wrong.code).toBe(1);
      expect(wrong.err.join('\n')).toContain('CLOUD.UNAUTHORIZED');

      const log = traceLog('graph-secret');
      const good = h.directoryFrom({ ...env, AZURE_CLIENT_SECRET: S.azureSecret }, log.logger);
      expect((await good.getUser(upn))?.userPrincipalName).toBe(upn);
      const refused = await failure(
        h.directoryFrom({ ...env, AZURE_CLIENT_SECRET: S.wrongAzureSecret }, log.logger).getUser(upn),
      );
      const logged = await log.read();
      for (const text of [cliText(ok), cliText(wrong), errorText(refused), logged]) expectNoSecret(text);
    } finally {
      await h.close();
    }
  });
});

/**
 * A loopback LDAP endpoint that refuses every bind as a DC refuses a wrong password (resultCode 49,
 * invalidCredentials, with AD's diagnostic text). Answers with the request's own messageID.
 */
const startRefusingDc = async (): Promise<{ url: string; server: Server }> => {
  const diagnostic = Buffer.from(
    '80090308: LdapErr: DSID-0C09042A, comment: AcceptSecurityContext error, data 52e',
  );
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', (req: Buffer) => {
      // LDAPMessage ::= SEQUENCE { messageID INTEGER, protocolOp ... }; the length may be long-form.
      const idAt = req[1]! < 0x80 ? 2 : 2 + (req[1]! & 0x7f);
      const id = req.subarray(idAt, idAt + 2 + req[idAt + 1]!);
      const op = Buffer.concat([
        Buffer.from([0x0a, 0x01, 49, 0x04, 0x00, 0x04, diagnostic.length]),
        diagnostic,
      ]);
      const body = Buffer.concat([id, Buffer.from([0x61, op.length]), op]);
      socket.end(Buffer.concat([Buffer.from([0x30, body.length]), body]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `ldap://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
};

describe('LDAP: LDAP_BIND_PASSWORD', () => {
  it('logs no bind password when the DC refuses it', async () => {
    const dc = await startRefusingDc();
    try {
      const env = {
        LDAP_URL: dc.url,
        LDAP_BASE_DN: 'DC=corp,DC=example,DC=test',
        LDAP_BIND_DN: 'CN=svc-hardmatch,CN=Users,DC=corp,DC=example,DC=test',
        LDAP_BIND_PASSWORD: S.ldapPassword,
        LDAP_TIMEOUT_MS: '2000',
        LOG_LEVEL: 'trace',
      };
      const cli = await captureCli(['ad-user', 'aarcher'], env);
      expect(cli.code).toBe(1);
      expect(cli.err.join('\n')).toContain('AD.INVALID_CREDENTIALS');

      const log = traceLog('ldap');
      const config = loadConfig(env).ldap!;
      const directory = createLdapDirectory(config, log.logger);
      const refused = await failure(directory.getUser({ kind: 'sam', value: 'aarcher' }));
      await directory.close();
      expect(errorText(refused)).toContain('AD.INVALID_CREDENTIALS');
      for (const text of [cliText(cli), errorText(refused), await log.read()]) expectNoSecret(text);
    } finally {
      await new Promise<void>((resolve) => dc.server.close(() => resolve()));
    }
  });
});
