/**
 * A self-contained simulated world for `hardmatch relay serve` with HM_RELAY_MODE=simulator when no
 * sandbox composition supplies one: a small tenant and AD (a synced OU, a parking OU, a few users, one
 * of them a cloud-only namesake) so the CLI and a bot can be tried against the agent with no server.
 */
import { SimTenant } from '../graph/tenant.ts';
import { MemoryDirectory } from '../memory-directory.ts';
import { directorySource, simTenantTarget } from './adapters.ts';
import { EntraConnectSimulator } from './simulator.ts';

export interface StandaloneSimulatorOptions {
  readonly cycleMs: number;
  readonly stagingMode: boolean;
}

export const createStandaloneSimulator = (options: StandaloneSimulatorOptions) => {
  const base = 'DC=corp,DC=contoso,DC=com';
  const staff = `OU=Staff,${base}`;
  const tenant = new SimTenant({ seed: 42 });
  tenant.addDomain({ id: 'contoso.com' });
  const directory = new MemoryDirectory({ baseDn: base });
  directory.seed({
    ous: [staff, `OU=Parking,${base}`],
    users: ['adele', 'bruno', 'chen'].map((sam) => ({
      dn: `CN=${sam},${staff}`,
      samAccountName: sam,
      userPrincipalName: `${sam}@contoso.com`,
      mail: `${sam}@contoso.com`,
      proxyAddresses: [`SMTP:${sam}@contoso.com`],
      displayName: sam,
    })),
  });
  // A cloud-only user nobody in AD matches: it stays cloud-only through every sync.
  tenant.createCloudUser({ userPrincipalName: 'dana@contoso.com', mail: 'dana@contoso.com' });
  const simulator = new EntraConnectSimulator({
    cloud: simTenantTarget(tenant),
    ad: directorySource(directory),
    scope: { inclusions: [staff], exclusions: [], groupFilteringGroupDn: null },
    sourceAnchor: 'mS-DS-ConsistencyGuid',
    cycleMs: options.cycleMs,
    stagingMode: options.stagingMode,
    adConnectorName: 'corp.contoso.com',
    aadConnectorName: `${tenant.initialDomain} - AAD`,
  });
  return { tenant, directory, simulator };
};

/** The relay agent's simulator mode, as the agent's entry points inject it (the agent never imports this). */
export const standaloneSimulatorRunner = (config: { readonly simulator: StandaloneSimulatorOptions }) =>
  Promise.resolve(createStandaloneSimulator(config.simulator).simulator);
