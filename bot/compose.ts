/**
 * The composition root: which connector answers each port. Production reads config/config.ts (Graph,
 * LDAP, relay, storage); the sandbox passes its simulators' ports instead. Everything downstream is the
 * same code either way.
 */
import { randomUUID } from 'node:crypto';
import type { Storage } from 'botbuilder';
import { requireGraph, requireLdap, type AppConfig } from '../config/config.ts';
import type { Logger } from '../config/logger.ts';
import { createGraphDirectory } from '../connectors/graph/graph-directory.ts';
import { createLdapDirectory } from '../connectors/ldap/ldap-directory.ts';
import { createRelayClient } from '../connectors/relay/relay-client.ts';
import { createStorage } from '../connectors/store/create-storage.ts';
import type { Clock, CloudDirectory, OnPremDirectory, SyncRelay } from '../core/ports.ts';
import type { DialogDeps } from '../dialogs/deps.ts';
import { approvalSettingsFrom, type ApprovalSettings } from './approval-setup.ts';

export interface Ports {
  readonly onPrem: OnPremDirectory;
  readonly cloud: CloudDirectory;
  readonly relay: SyncRelay | null;
}

export interface Composition {
  readonly deps: DialogDeps;
  /** Conversation state; in-memory when absent. */
  readonly storage?: Storage;
  /** Requests, jobs and audit over the configured Store (the approval step). */
  readonly approvals?: ApprovalSettings;
  close(): Promise<void>;
}

export const systemClock: Clock = { now: () => new Date() };

/** Dialog dependencies from ports and the matching settings of `config`. */
export const dialogDeps = (
  ports: Ports,
  config: AppConfig,
  log: Logger,
  clock: Clock = systemClock,
): DialogDeps => ({
  ...ports,
  clock,
  settings: {
    sourceAnchor: config.sourceAnchor,
    parkingOuDn: config.parkingOuDn,
    newUserOuDn: config.newUserOuDn,
  },
  log,
  newId: () => randomUUID(),
});

/** Production wiring: every connector from configuration (Graph and LDAP required, relay optional). */
export const composeFromConfig = async (config: AppConfig, log: Logger): Promise<Composition> => {
  const ldap = createLdapDirectory(requireLdap(config), log);
  const ports: Ports = {
    cloud: createGraphDirectory(requireGraph(config), log),
    onPrem: ldap,
    relay: config.relay === null ? null : createRelayClient(config.relay, log),
  };
  const storages = await createStorage(config, systemClock);
  return {
    deps: dialogDeps(ports, config, log),
    storage: storages.botStorage,
    approvals: approvalSettingsFrom(config, storages),
    close: async () => {
      await ldap.close();
      storages.close();
    },
  };
};
