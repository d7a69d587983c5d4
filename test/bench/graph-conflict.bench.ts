// One full conflict check (getMatchContext: user, active + deleted holders, roles, domains, features,
// soft-match candidates) against a 100,000-user simulated tenant with 20 ms per HTTP request, compared
// with what the old scripts did: page through every user and every deleted user and filter locally.
// Real Graph SDK, real HTTP on loopback. Usage: node test/bench/graph-conflict.bench.ts [users] [latencyMs]
import { createGraphDirectory, type GraphDirectory } from '../../connectors/graph/graph-directory.ts';
import { buildQuery } from '../../connectors/graph/odata.ts';
import { createScenarioTenant } from '../../sandbox/graph/scenarios.ts';
import { seedTenant } from '../../sandbox/graph/seed.ts';
import { startGraphSimulator, type GraphSimulator } from '../../sandbox/graph/server.ts';

const USERS = Number(process.argv[2] ?? 100_000);
const LATENCY_MS = Number(process.argv[3] ?? 20);
const TOKEN = 'bench-token';

const t0 = performance.now();
const { tenant, scenarios } = createScenarioTenant({ seed: 7 });
seedTenant({ users: USERS, seed: 7, tenant });
console.log(
  `tenant: ${tenant.userCount} active + ${tenant.deletedUserCount} deleted users, seeded in ${Math.round(performance.now() - t0)} ms; latency ${LATENCY_MS} ms per request`,
);

const sim: GraphSimulator = await startGraphSimulator({
  tenant,
  token: TOKEN,
  faults: { latencyMs: LATENCY_MS },
});
const connector = (): GraphDirectory =>
  createGraphDirectory({
    baseUrl: sim.url,
    authorityHost: 'https://login.microsoftonline.com',
    maxRetries: 4,
    auth: { kind: 'static-token', token: TOKEN },
  });

const s = scenarios['guide-002-deleted-holder'];
const match = { userPrincipalName: s.adUser.userPrincipalName, primarySmtp: s.adUser.mail };

interface Row {
  readonly approach: string;
  readonly roundTrips: number;
  readonly batchItems: number;
  readonly ms: number;
  readonly holders: string;
}
const rows: Row[] = [];

const measure = async (
  approach: string,
  fn: () => Promise<{ active: number; deleted: number }>,
): Promise<void> => {
  sim.faults.resetStats();
  const start = performance.now();
  const found = await fn();
  rows.push({
    approach,
    roundTrips: sim.faults.stats.httpRequests,
    batchItems: sim.faults.stats.batchItems,
    ms: Math.round(performance.now() - start),
    holders: `${found.active} active, ${found.deleted} deleted`,
  });
};

const context = async (dir: GraphDirectory, key: string) => {
  const ctx = await dir.getMatchContext(key, s.immutableId, match);
  return { active: ctx.holders.active.length, deleted: ctx.holders.deleted.length };
};

// Warm-up: connection pool, JIT and the simulator's first scans should not count against either side.
await connector().getMatchContext(s.cloudUser.id, s.immutableId, match);

await measure('getMatchContext, cloud user by id', () => context(connector(), s.cloudUser.id));
await measure('getMatchContext, cloud user by UPN', () =>
  context(connector(), s.cloudUser.userPrincipalName),
);
sim.faults.set({ deletedItemsFilter: 'unsupported' });
await measure('getMatchContext, deleted $filter unsupported (fallback)', () =>
  context(connector(), s.cloudUser.id),
);
sim.faults.set({ deletedItemsFilter: 'supported' });

// The old scripts: Get-MgUser -All / Get-MgDirectoryDeletedItemAsUser -All, then Where-Object locally.
const naive = async (top: number | undefined) => {
  const http = connector().http;
  const select = ['id', 'userPrincipalName', 'onPremisesImmutableId', 'proxyAddresses'];
  const active = await http.all<{ onPremisesImmutableId?: string }>(
    `/users${buildQuery({ $select: select, $top: top })}`,
  );
  const deleted = await http.all<{ onPremisesImmutableId?: string }>(
    `/directory/deletedItems/microsoft.graph.user${buildQuery({ $select: select, $top: top })}`,
  );
  return {
    active: active.filter((u) => u.onPremisesImmutableId === s.immutableId).length,
    deleted: deleted.filter((u) => u.onPremisesImmutableId === s.immutableId).length,
  };
};
await measure('naive: page all users + deleted ($top=999)', () => naive(999));
await measure('naive: page all users + deleted (default 100/page)', () => naive(undefined));

await sim.close();

const header = ['approach', 'round trips', '$batch items', 'time (ms)', 'holders found'];
const table = [
  header,
  ...rows.map((r) => [r.approach, String(r.roundTrips), String(r.batchItems), String(r.ms), r.holders]),
];
const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
for (const row of table)
  console.log(
    row.map((c, i) => (i === 4 ? c : i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '),
  );
const best = rows[0]!;
const worst = rows.at(-1)!;
console.log(
  `\nspeed-up of one conflict check over the naive scan: ${(worst.ms / best.ms).toFixed(0)}x (${worst.roundTrips} -> ${best.roundTrips} round trips)`,
);
