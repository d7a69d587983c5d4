// A small hybrid world for the relay tests: the Graph simulator's tenant, the in-memory AD, and the Entra
// Connect simulator wired to both through the real adapters.
import { guidToImmutableId } from '../../../core/immutable-id.ts';
import type { SourceAnchor } from '../../../core/models.ts';
import { SimTenant } from '../../../sandbox/graph/tenant.ts';
import { MemoryDirectory } from '../../../sandbox/memory-directory.ts';
import { directorySource, simTenantTarget } from '../../../sandbox/entra-connect/adapters.ts';
import { EntraConnectSimulator } from '../../../sandbox/entra-connect/simulator.ts';

export const BASE = 'DC=corp,DC=contoso,DC=com';
export const STAFF = `OU=Staff,${BASE}`;
export const PARKING = `OU=Parking,${BASE}`;
export const EXCLUDED = `OU=Service,${STAFF}`;

export interface World {
  readonly tenant: SimTenant;
  readonly directory: MemoryDirectory;
  readonly sim: EntraConnectSimulator;
  readonly cycleErrors: unknown[];
}

export const createWorld = (
  options: { cycleMs?: number; sourceAnchor?: SourceAnchor; stagingMode?: boolean } = {},
): World => {
  const tenant = new SimTenant({ seed: 7 });
  tenant.addDomain({ id: 'contoso.com' });
  const directory = new MemoryDirectory({ baseDn: BASE });
  directory.seed({ ous: [STAFF, PARKING, EXCLUDED], users: [] });
  const cycleErrors: unknown[] = [];
  const sim = new EntraConnectSimulator({
    cloud: simTenantTarget(tenant),
    ad: directorySource(directory),
    scope: { inclusions: [STAFF], exclusions: [EXCLUDED], groupFilteringGroupDn: null },
    sourceAnchor: options.sourceAnchor ?? 'objectGUID',
    cycleMs: options.cycleMs ?? 0,
    stagingMode: options.stagingMode ?? false,
    adConnectorName: 'corp.contoso.com',
    aadConnectorName: 'contoso.onmicrosoft.com - AAD',
    onCycleError: (e) => cycleErrors.push(e),
  });
  return { tenant, directory, sim, cycleErrors };
};

let counter = 0;
/** Adds an AD user in `ou` and returns it with its objectGUID-based ImmutableID. */
export const addAdUser = (
  world: World,
  sam: string,
  ou = STAFF,
  extra: { mail?: string; upn?: string } = {},
) => {
  counter++;
  const objectGuid = `0000${String(counter).padStart(4, '0')}-bb11-cc22-dd33-44ee44ee44ee`;
  const upn = extra.upn ?? `${sam}@contoso.com`;
  const mail = extra.mail ?? upn;
  const user = world.directory.addUser({
    dn: `CN=${sam},${ou}`,
    samAccountName: sam,
    objectGuid,
    userPrincipalName: upn,
    mail,
    proxyAddresses: [`SMTP:${mail}`],
    displayName: sam,
  });
  return { user, immutableId: guidToImmutableId(objectGuid) };
};

/** Runs one delta cycle through the runner interface and waits for its changes to land. */
export const deltaSync = async (world: World) => {
  const start = await world.sim.run('delta-sync', {}, { requestId: 'test' });
  await world.sim.idle();
  return start;
};
