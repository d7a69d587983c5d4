import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejection, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const lastRequestId = (): string => h.sim.faults.stats.recent.at(-1)!.requestId;

describe('Graph connector writes against the simulator', () => {
  it('deleted holder: the ImmutableID held by a deleted user conflicts until the holder is hard-deleted', async () => {
    const s = h.scenarios['guide-002-deleted-holder'];
    const holder = s.others['deletedHolder']!;
    const e = await rejection(h.dir.setImmutableId(s.cloudUser.id, s.immutableId));
    expect(e.code).toBe('LINK.IMMUTABLE_ID_IN_USE');
    expect(e.details.holderId).toBe(holder.id);
    expect(e.requestId).toBe(lastRequestId());

    const deleted = await h.dir.permanentlyDeleteUser(holder.id);
    expect(deleted.requestId).toBe(lastRequestId());
    expect(h.tenant.getDeletedUser(holder.id)).toBeUndefined();

    const set = await h.dir.setImmutableId(s.cloudUser.id, s.immutableId);
    expect(set.requestId).toBe(lastRequestId());
    expect(h.tenant.getUser(s.cloudUser.id)?.onPremisesImmutableId).toBe('SV+BWQuSnU6tbIK1OqTBAg==');
  });

  it('clearing sends JSON null (not an empty string) and leaves the user without an ImmutableID', async () => {
    const s = h.scenarios['guide-004-simple'];
    await h.dir.setImmutableId(s.cloudUser.id, s.immutableId);
    await h.dir.setImmutableId(s.cloudUser.id, null);
    expect(h.tenant.getUser(s.cloudUser.id)?.onPremisesImmutableId).toBeNull();
    expect(h.tenant.findByImmutableId(s.immutableId).active).toEqual([]);
  });

  it('a synced user cannot be changed in the cloud: LINK.ON_PREM_MASTERED with the request id', async () => {
    const s = h.scenarios['already-synced'];
    const e = await rejection(
      h.dir.setImmutableId(s.cloudUser.id, h.scenarios['guide-004-simple'].immutableId),
    );
    expect(e.code).toBe('LINK.ON_PREM_MASTERED');
    expect(e.details.graphMessage).toContain('on-premises mastered Directory Sync objects');
    expect(e.requestId).toBe(lastRequestId());
  });

  it('federated UPN: refused directly, allowed with the UPN round trip (ImmutableID set in the same PATCH)', async () => {
    const s = h.scenarios['federated-upn'];
    const e = await rejection(h.dir.setImmutableId(s.cloudUser.id, s.immutableId));
    expect(e.code).toBe('CLOUD.BAD_REQUEST');
    await h.dir.setUserPrincipalName(s.cloudUser.id, 'dirk.smit@contoso.onmicrosoft.com');
    const r = await h.dir.setUserPrincipalName(s.cloudUser.id, 'dirk.smit@fabrikam.com', s.immutableId);
    expect(r.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.tenant.getUser(s.cloudUser.id)).toMatchObject({
      userPrincipalName: 'dirk.smit@fabrikam.com',
      onPremisesImmutableId: s.immutableId,
    });
  });

  it('a UPN already taken is a conflict naming the holder, not an ImmutableID conflict', async () => {
    const s = h.scenarios['guide-004-simple'];
    const other = h.scenarios['admin-role'].cloudUser;
    const e = await rejection(h.dir.setUserPrincipalName(s.cloudUser.id, other.userPrincipalName));
    expect(e.code).toBe('CLOUD.BAD_REQUEST');
    expect(e.details).toMatchObject({ property: 'userPrincipalName', holderId: other.id });
  });

  it('404s map to CLOUD.NOT_FOUND with the request id', async () => {
    const e = await rejection(h.dir.permanentlyDeleteUser('00000000-0000-4000-8000-000000000000'));
    expect(e.code).toBe('CLOUD.NOT_FOUND');
    expect(e.requestId).toBe(lastRequestId());
    const e2 = await rejection(h.dir.setImmutableId('ghost@contoso.com', null));
    expect(e2.code).toBe('CLOUD.NOT_FOUND');
  });

  it('refuses a malformed ImmutableID or UPN before writing anything', async () => {
    const s = h.scenarios['guide-004-simple'];
    const before = h.sim.faults.stats.httpRequests;
    await expect(h.dir.setImmutableId(s.cloudUser.id, '')).rejects.toMatchObject({
      code: 'IMMUTABLE_ID.INVALID',
    });
    await expect(h.dir.setUserPrincipalName(s.cloudUser.id, 'no-at-sign')).rejects.toMatchObject({
      code: 'INPUT.INVALID',
    });
    expect(h.sim.faults.stats.httpRequests).toBe(before);
  });

  it('a DELETE whose answer was lost is retried and counts as done when the user is already gone', async () => {
    const holder = h.scenarios['guide-002-deleted-holder'].others['deletedHolder']!;
    h.sim.faults.enqueue({ kind: 'drop-after', path: '/directory/deletedItems/' });
    const r = await h.dir.permanentlyDeleteUser(holder.id);
    expect(r.requestId).toBe(lastRequestId());
    expect(h.tenant.getDeletedUser(holder.id)).toBeUndefined();
    expect(h.sleeps.length).toBe(1);
  });

  it('a PATCH whose answer was lost is retried idempotently', async () => {
    const s = h.scenarios['guide-004-simple'];
    h.sim.faults.enqueue({ kind: 'drop-after', path: '/users/' });
    await h.dir.setImmutableId(s.cloudUser.id, s.immutableId);
    expect(h.tenant.getUser(s.cloudUser.id)?.onPremisesImmutableId).toBe(s.immutableId);
  });
});

describe('restoring a deleted user (POST /directory/deletedItems/{id}/restore)', () => {
  it('a soft-deleted synced user comes back cloud-only with the same id and its ImmutableID', async () => {
    const s = h.scenarios['already-synced'];
    const before = h.tenant.getUser(s.cloudUser.id)!;
    expect(before.onPremisesSyncEnabled).toBe(true);
    h.tenant.softDeleteUser(s.cloudUser.id);
    const r = await h.dir.restoreDeletedUser(s.cloudUser.id);
    expect(r.requestId).toBe(lastRequestId());
    expect(h.tenant.getDeletedUser(s.cloudUser.id)).toBeUndefined();
    expect(await h.dir.getUser(s.cloudUser.id)).toMatchObject({
      id: s.cloudUser.id,
      userPrincipalName: before.userPrincipalName,
      onPremisesSyncEnabled: false,
      onPremisesImmutableId: before.onPremisesImmutableId,
    });
    // Now cloud-only: its ImmutableID can be changed from the cloud again.
    await h.dir.setImmutableId(s.cloudUser.id, null);
    expect(h.tenant.getUser(s.cloudUser.id)?.onPremisesImmutableId).toBeNull();
    const again = await rejection(h.dir.restoreDeletedUser(s.cloudUser.id));
    expect(again.code).toBe('CLOUD.NOT_FOUND');
  });

  it('a UPN or proxy address taken meanwhile: CLOUD.RESTORE_CONFLICT naming the property, nothing restored', async () => {
    const domain = h.scenarios['guide-004-simple'].cloudUser.userPrincipalName.split('@')[1]!;
    const upnUser = h.tenant.createCloudUser({ userPrincipalName: `rose.tan@${domain}` });
    h.tenant.softDeleteUser(upnUser.id);
    h.tenant.createCloudUser({ userPrincipalName: `rose.tan@${domain}` });
    const e = await rejection(h.dir.restoreDeletedUser(upnUser.id));
    expect(e.code).toBe('CLOUD.RESTORE_CONFLICT');
    expect(e.details.property).toBe('userPrincipalName');
    expect(e.message).toContain(upnUser.id);
    expect(e.requestId).toBe(lastRequestId());
    expect(h.tenant.getDeletedUser(upnUser.id)).toBeDefined();

    const proxyUser = h.tenant.createCloudUser({
      userPrincipalName: `ivo.berg@${domain}`,
      proxyAddresses: [`SMTP:ivo.berg@${domain}`],
    });
    h.tenant.softDeleteUser(proxyUser.id);
    h.tenant.createCloudUser({
      userPrincipalName: `ivo.other@${domain}`,
      proxyAddresses: [`smtp:ivo.berg@${domain}`],
    });
    const p = await rejection(h.dir.restoreDeletedUser(proxyUser.id));
    expect(p.code).toBe('CLOUD.RESTORE_CONFLICT');
    expect(p.details.property).toBe('proxyAddresses');
    expect(h.tenant.getDeletedUser(proxyUser.id)).toBeDefined();
  });
});
