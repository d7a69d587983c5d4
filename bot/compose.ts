/**
 * The composition root: which connector answers each port. Production reads config/config.ts (Graph,
 * LDAP, relay, storage); the sandbox passes its simulators' ports instead. Everything downstream is the
 * same code either way. The edge adds the Notifier and the card renderer when it has an adapter.
 */
import { requireGraph, requireLdap, type AppConfig } from '../config/config.ts';
import type { Logger } from '../config/logger.ts';
import { createGraphDirectory } from '../connectors/graph/graph-directory.ts';
import { createLdapDirectory } from '../connectors/ldap/ldap-directory.ts';
import { createRelayClient } from '../connectors/relay/relay-client.ts';
import { createStorage } from '../connectors/store/create-storage.ts';
import type { AuditLog, Clock, Store } from '../core/ports.ts';
import type { DirectoryPorts } from '../app/context.ts';
import type { RuntimeInput } from '../app/runtime.ts';

/** What the workflow needs from the world; the edge adds how to reach conversations and render cards. */
export type WorkflowInput = Omit<RuntimeInput, 'notifier' | 'render'>;

export interface Composition {
  readonly workflow: WorkflowInput;
  close(): Promise<void>;
}

export const systemClock: Clock = { now: () => new Date() };

/** The workflow's input from ports, storage and the matching and approval settings of `config`. */
export const workflowInput = (
  ports: DirectoryPorts,
  config: AppConfig,
  storage: { readonly store: Store; readonly audit: AuditLog },
  log: Logger,
  clock: Clock = systemClock,
): WorkflowInput => ({
  ...ports,
  clock,
  log,
  settings: {
    sourceAnchor: config.sourceAnchor,
    parkingOuDn: config.parkingOuDn,
    newUserOuDn: config.newUserOuDn,
  },
  store: storage.store,
  audit: storage.audit,
  requestersGroupId: config.env.HM_REQUESTERS_GROUP_ID ?? null,
  approversGroupId: config.env.HM_APPROVERS_GROUP_ID ?? null,
  ttlHours: config.env.HM_APPROVAL_TTL_HOURS,
  sweepMs: config.env.HM_EXPIRY_SWEEP_SECONDS * 1000,
  workflow: {
    approversConversationId: config.env.HM_APPROVERS_CONVERSATION_ID ?? null,
    syncNowIntervalMs: config.env.HM_SYNC_NOW_INTERVAL_SECONDS * 1000,
  },
  alerts: config.alerts,
});

/** Production wiring: every connector from configuration (Graph and LDAP required, relay optional). */
export const composeFromConfig = async (config: AppConfig, log: Logger): Promise<Composition> => {
  const ldap = createLdapDirectory(requireLdap(config), log);
  const ports: DirectoryPorts = {
    cloud: createGraphDirectory(requireGraph(config), log),
    onPrem: ldap,
    relay: config.relay === null ? null : createRelayClient(config.relay, log),
  };
  const storages = await createStorage(config, systemClock);
  return {
    workflow: workflowInput(ports, config, storages, log),
    close: async () => {
      await ldap.close();
      storages.close();
    },
  };
};
