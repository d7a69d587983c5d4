/**
 * `hardmatch doctor`: a read-only self-test of the configured tenant, AD and relay, for the admin who
 * installs the product. The CLI prints it; the bot runs it at start in the background and logs what
 * fails (doctor/startup.ts). It writes nothing anywhere: every Graph call is a GET (or the read-only
 * checkMemberGroups POST), every relay operation is read-only, AD is only searched.
 */
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../config/config.ts';
import type { Logger } from '../config/logger.ts';
import { createGraphDirectory } from '../connectors/graph/graph-directory.ts';
import { createLdapDirectory } from '../connectors/ldap/ldap-directory.ts';
import { createRelayClient } from '../connectors/relay/relay-client.ts';
import { adChecks } from './ad-checks.ts';
import { alertsCheck } from './alerts-check.ts';
import { graphChecks } from './graph-checks.ts';
import { relayChecks } from './relay-checks.ts';
import { fail, report, warn, type DoctorCheck, type DoctorReport } from './types.ts';

export interface DoctorOptions {
  readonly config: AppConfig;
  readonly logger?: Logger;
  readonly now?: () => Date;
}

const NOT_CONFIGURED = {
  graph: fail(
    'graph.config',
    'Microsoft Graph is not configured: nothing in the tenant can be read.',
    'Set AZURE_TENANT_ID and AZURE_CLIENT_ID with AZURE_CLIENT_CERTIFICATE_PATH or AZURE_CLIENT_SECRET, or GRAPH_USE_MANAGED_IDENTITY=true.',
  ),
  ldap: fail(
    'ad.config',
    'Active Directory is not configured: no AD user can be read, moved or created.',
    'Set LDAP_URL, LDAP_BASE_DN, LDAP_BIND_DN and LDAP_BIND_PASSWORD.',
  ),
  relay: warn(
    'relay.config',
    'No relay agent is configured: syncs are started by hand on the Entra Connect server, and its scope and staging mode stay unknown to the checks.',
    'Install the relay agent on the Entra Connect server (docs/relay-agent.md) and set RELAY_URL, RELAY_AGENT_ID and RELAY_KEY.',
  ),
};

/** Runs every check against what `config` points at. Never throws for what it finds: it reports it. */
export const runDoctor = async ({
  config,
  logger,
  now = () => new Date(),
}: DoctorOptions): Promise<DoctorReport> => {
  const checks: DoctorCheck[] = [];
  const graph = config.graph === null ? null : createGraphDirectory(config.graph, logger);
  if (config.graph === null || graph === null) checks.push(NOT_CONFIGURED.graph);
  else
    checks.push(
      ...(await graphChecks(config.graph, graph.http, {
        groupId: config.env.HM_REQUESTERS_GROUP_ID ?? config.env.HM_APPROVERS_GROUP_ID ?? null,
      })),
    );

  let scope = null;
  if (config.relay === null) checks.push(NOT_CONFIGURED.relay);
  else {
    const relay = createRelayClient(config.relay, logger, { retries: 0 });
    const r = await relayChecks(config.relay, relay, `doctor-${randomUUID()}`, now);
    checks.push(...r.checks);
    scope = r.scope;
  }

  if (config.ldap === null) checks.push(NOT_CONFIGURED.ldap);
  else {
    const ad = createLdapDirectory(config.ldap, logger);
    try {
      const tokenOk = checks.some((c) => c.id === 'graph.token' && c.status === 'pass');
      checks.push(
        ...(await adChecks(
          {
            url: config.ldap.url,
            baseDn: config.ldap.baseDn,
            bindDn: config.ldap.bindDn,
            sourceAnchor: config.sourceAnchor,
            parkingOuDn: config.parkingOuDn,
            newUserOuDn: config.newUserOuDn,
          },
          ad,
          tokenOk ? graph : null,
          scope,
        )),
      );
    } finally {
      await ad.close();
    }
  }
  checks.push(alertsCheck(config));
  return report(checks);
};
