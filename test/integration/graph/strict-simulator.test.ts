// The Graph simulator is a contract: strict where Graph is strict, over real HTTP. Each rule here is
// one the connector relies on being enforced (sources in sandbox/graph/*.ts comments).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE } from '../../../sandbox/graph/tenant-types.ts';
import { startHarness, TOKEN, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

interface GraphBody {
  readonly value?: Record<string, unknown>[];
  readonly '@odata.count'?: number;
  readonly '@odata.nextLink'?: string;
  readonly error?: {
    code: string;
    message: string;
    details?: { code: string; target: string }[];
    innerError: Record<string, string>;
  };
  readonly [key: string]: unknown;
}

const get = async (
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: GraphBody; requestId: string | null }> => {
  const res = await fetch(`${h.sim.url}${path}`, {
    headers: { Authorization: `Bearer ${TOKEN}`, ...headers },
  });
  return {
    status: res.status,
    body: (await res.json()) as GraphBody,
    requestId: res.headers.get('request-id'),
  };
};
const EVENTUAL = { ConsistencyLevel: 'eventual' };
const frank = () => h.scenarios['object-identifier-set'].cloudUser;

describe('v1.0 and beta have their own property sets', () => {
  it('onPremisesObjectIdentifier: refused on v1.0, served on beta (selected and by default)', async () => {
    const v1 = await get(`/v1.0/users/${frank().id}?$select=id,onPremisesObjectIdentifier`);
    expect(v1.status).toBe(400);
    expect(v1.body.error?.message).toBe(
      "Could not find a property named 'onPremisesObjectIdentifier' on type 'microsoft.graph.user'.",
    );
    const beta = await get(`/beta/users/${frank().id}?$select=onPremisesObjectIdentifier`);
    expect(beta.status).toBe(200);
    expect(beta.body['onPremisesObjectIdentifier']).toBe(
      h.scenarios['object-identifier-set'].adUser.objectGuid,
    );
    expect((await get(`/beta/users/${frank().id}`)).body['onPremisesObjectIdentifier']).toBeDefined();
    expect('onPremisesObjectIdentifier' in (await get(`/v1.0/users/${frank().id}`)).body).toBe(false);
  });

  it('UNCONFIRMED switch: v1.0 may ignore a beta-only property instead (then it is absent)', async () => {
    h.sim.faults.set({ betaOnlyOnV1: 'ignored' });
    try {
      const v1 = await get(`/v1.0/users/${frank().id}?$select=id,onPremisesObjectIdentifier`);
      expect(v1.status).toBe(200);
      expect('onPremisesObjectIdentifier' in v1.body).toBe(false);
      // A property no surface knows is refused either way.
      expect((await get(`/v1.0/users/${frank().id}?$select=noSuchProperty`)).status).toBe(400);
    } finally {
      h.sim.faults.set({ betaOnlyOnV1: 'refused' });
    }
  });

  it('onPremisesLastPasswordSyncDateTime of the organization is beta only', async () => {
    expect((await get('/v1.0/organization?$select=onPremisesLastPasswordSyncDateTime')).status).toBe(400);
    const beta = await get('/beta/organization?$select=onPremisesLastPasswordSyncDateTime');
    expect(beta.status).toBe(200);
    expect(typeof beta.body.value?.[0]?.['onPremisesLastPasswordSyncDateTime']).toBe('string');
  });

  it('/beta can be switched off (a gateway that serves v1.0 only)', async () => {
    h.sim.faults.set({ beta: 'unavailable' });
    try {
      expect((await get(`/beta/users/${frank().id}`)).status).toBe(400);
      expect((await get(`/v1.0/users/${frank().id}`)).status).toBe(200);
    } finally {
      h.sim.faults.set({ beta: 'available' });
    }
  });
});

describe('advanced queries need ConsistencyLevel: eventual and $count=true', () => {
  const roles = () =>
    `/v1.0/users/${h.scenarios['admin-role'].cloudUser.id}/transitiveMemberOf/microsoft.graph.directoryRole`;

  it('an OData cast on a transitive list is refused without them, answered with both', async () => {
    const bare = await get(roles());
    expect(bare.status).toBe(400);
    expect(bare.body.error?.code).toBe('Request_UnsupportedQuery');
    expect((await get(roles(), EVENTUAL)).status).toBe(400);
    expect((await get(`${roles()}?$count=true`)).status).toBe(400);
    const ok = await get(`${roles()}?$count=true`, EVENTUAL);
    expect(ok.status).toBe(200);
    expect(ok.body['@odata.count']).toBe(1);
    expect(ok.body.value?.[0]).toMatchObject({ roleTemplateId: ROLE.globalAdministrator });
  });

  it('ne, not and endsWith are refused without them, with the documented text', async () => {
    for (const filter of ["displayName ne 'x'", "not(displayName eq 'x')", "endsWith(mail,'@contoso.com')"]) {
      const r = await get(`/v1.0/users?$filter=${encodeURIComponent(filter)}`);
      expect(r.status).toBe(400);
      expect(r.body.error?.code).toBe('Request_UnsupportedQuery');
      expect(r.body.error?.message).toMatch(
        /^Operator '(ne|not|endsWith)' is not supported because the required parameters might be missing\. Try adding \$count=true query parameter and ConsistencyLevel:eventual header\./,
      );
    }
    const ok = await get(
      `/v1.0/users?$count=true&$filter=${encodeURIComponent("endsWith(mail,'@fabrikam.com')")}`,
      EVENTUAL,
    );
    expect(ok.status).toBe(200);
    expect(ok.body.value?.map((u) => u['userPrincipalName'])).toContain('dirk.smit@fabrikam.com');
  });

  it('$search needs the header (documented text); a bare $count=true is silently ignored', async () => {
    const search = await get('/v1.0/users?$search=%22displayName:Carla%22');
    expect(search.body.error).toMatchObject({
      code: 'Request_UnsupportedQuery',
      message:
        "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    });
    const found = await get('/v1.0/users?$search=%22displayName:Carla%22', EVENTUAL);
    expect(found.body.value?.map((u) => u['displayName'])).toEqual(["Carla O'Brien"]);
    const count = await get('/v1.0/users?$count=true&$top=1');
    expect(count.status).toBe(200);
    expect('@odata.count' in count.body).toBe(false);
  });

  it('deleted items: the $filter is an advanced query by default (UNCONFIRMED switch)', async () => {
    const anchor = encodeURIComponent(
      `onPremisesImmutableId eq '${h.scenarios['guide-002-deleted-holder'].immutableId}'`,
    );
    const path = `/v1.0/directory/deletedItems/microsoft.graph.user?$filter=${anchor}`;
    expect((await get(path)).body.error?.code).toBe('Request_UnsupportedQuery');
    expect((await get(`${path}&$count=true`, EVENTUAL)).body.value).toHaveLength(1);
  });
});

describe('Entra ID P2 and PIM', () => {
  it('the sandbox tenant has P2: eligibility schedules answer, by user and by role-assignable group', async () => {
    const eva = h.scenarios['admin-role'].cloudUser;
    const r = await get(
      `/v1.0/roleManagement/directory/roleEligibilitySchedules?$filter=${encodeURIComponent(`principalId eq '${eva.id}'`)}`,
    );
    expect(r.status).toBe(200);
    expect(r.body.value?.map((s) => s['roleDefinitionId'])).toEqual([ROLE.userAdministrator]);
  });

  it('without P2: 400 AadPremiumLicenseRequired with Microsoft’s text; eligibility cannot be assigned; active roles still read', async () => {
    h.tenant.setEntraIdP2(false);
    try {
      const r = await get('/v1.0/roleManagement/directory/roleEligibilitySchedules');
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({
        code: 'AadPremiumLicenseRequired',
        message: 'The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license.',
      });
      const carla = h.scenarios['guide-004-simple'].cloudUser;
      expect(() => h.tenant.assignRole(carla.id, ROLE.userAdministrator, 'eligible')).toThrow(
        /Microsoft Entra ID P2/,
      );
      expect((await get('/v1.0/roleManagement/directory/roleAssignments')).status).toBe(200);
    } finally {
      h.tenant.setEntraIdP2(true);
    }
  });

  it('a role assigned to a role-assignable group shows in its members’ transitive roles', async () => {
    const gina = h.scenarios['already-synced'].cloudUser;
    const group = h.tenant.createGroup('Tier-0 admins', undefined, { isAssignableToRole: true });
    h.tenant.addGroupMember(group.id, gina.id);
    h.tenant.assignRole(group.id, ROLE.exchangeAdministrator, 'active');
    const r = await get(
      `/v1.0/users/${gina.id}/transitiveMemberOf/microsoft.graph.directoryRole?$count=true`,
      EVENTUAL,
    );
    expect(r.body.value?.map((x) => x['roleTemplateId'])).toEqual([ROLE.exchangeAdministrator]);
    expect(h.tenant.hasPrivilegedRole(gina.id)).toBe(true);
    const plain = h.tenant.createGroup('Not role-assignable');
    expect(() => h.tenant.assignRole(plain.id, ROLE.globalAdministrator, 'active')).toThrow(
      /not role-assignable/,
    );
  });
});

describe('error bodies and paging as Graph sends them', () => {
  it('error.code, message and innerError with the request id and date', async () => {
    const r = await get('/v1.0/users/00000000-0000-4000-8000-00000000dead');
    expect(r.status).toBe(404);
    expect(r.body.error?.code).toBe('Request_ResourceNotFound');
    expect(r.body.error?.innerError['request-id']).toBe(r.requestId);
    expect(r.body.error?.innerError['date']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });

  it('an ImmutableID conflict is a Request_BadRequest with ObjectConflict and ConflictingObjects User_<id>', async () => {
    const s = h.scenarios['guide-000-synced-duplicate'];
    const res = await fetch(`${h.sim.url}/v1.0/users/${s.cloudUser.id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ onPremisesImmutableId: s.immutableId }),
    });
    const body = (await res.json()) as GraphBody;
    expect(res.status).toBe(400);
    expect(body.error?.code).toBe('Request_BadRequest');
    expect(body.error?.details).toEqual([
      expect.objectContaining({ code: 'ObjectConflict', target: 'onPremisesImmutableId' }),
      expect.objectContaining({
        code: 'ConflictingObjects',
        target: `User_${s.others['syncedDuplicate']!.id}`,
      }),
    ]);
  });

  it('the page size cap pages every list through @odata.nextLink, whatever $top asked', async () => {
    h.sim.faults.set({ pageSize: 2 });
    try {
      const first = await get('/v1.0/domains?$top=999');
      expect(first.body.value).toHaveLength(2);
      expect(first.body['@odata.nextLink']).toMatch(/\/v1\.0\/domains\?.*\$skiptoken=/);
      const rest = await fetch(first.body['@odata.nextLink']!, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      expect(((await rest.json()) as GraphBody).value).toHaveLength(1);
    } finally {
      h.sim.faults.set({ pageSize: undefined });
    }
  });

  it('app-only reads of the sync features: refused by default, as documented (UNCONFIRMED switch)', async () => {
    const bare = await startHarness({ faults: { featuresAppOnly: 'refused' } });
    try {
      const res = await fetch(`${bare.sim.url}/v1.0/directory/onPremisesSynchronization`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      expect(res.status).toBe(403);
      expect(((await res.json()) as GraphBody).error?.code).toBe('Authorization_RequestDenied');
    } finally {
      await bare.close();
    }
  });
});
