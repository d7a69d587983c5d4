import { describe, expect, it } from 'vitest';
import { adviceFor } from '../../../app/status.ts';
import { FakeRelay } from '../../fakes/fake-relay.ts';
import { cloudUser, onPremUser } from '../../fakes/users.ts';

const scheduler = { ok: true as const, value: new FakeRelay().scheduler };
const ad = onPremUser({ samAccountName: 'jdoe', objectGuid: '1f0e9d8c-7b6a-4958-a7b6-c5d4e3f2a1b0' });
const base = cloudUser({ id: 'c1', userPrincipalName: 'jane@contoso.com' });

describe('status advice', () => {
  it('cloud-only: link it', () => {
    expect(adviceFor(base, { ok: true, value: null }, scheduler)[0]).toMatch(
      /^Cloud-only\. .*link ‹ad user› jane@contoso\.com/,
    );
  });
  it('an ImmutableID that points to no AD user', () => {
    const u = { ...base, onPremisesImmutableId: 'AAAAAAAAAAAAAAAAAAAAAA==' };
    expect(adviceFor(u, { ok: true, value: null }, scheduler)).toEqual([
      expect.stringMatching(/points to no AD user/),
    ]);
  });
  it('an ImmutableID that points to an AD user that has not synced yet', () => {
    const u = { ...base, onPremisesImmutableId: 'AAAAAAAAAAAAAAAAAAAAAA==' };
    expect(adviceFor(u, { ok: true, value: ad }, scheduler)[0]).toMatch(
      /points to jdoe, but it is not synced yet/,
    );
  });
  it('synced without errors: nothing to do; staging mode and an unreachable relay are added', () => {
    const u = { ...base, onPremisesSyncEnabled: true, onPremisesImmutableId: 'AAAAAAAAAAAAAAAAAAAAAA==' };
    expect(adviceFor(u, { ok: true, value: ad }, scheduler)).toEqual([
      'Nothing to do: this user is synced from AD.',
    ]);
    const staging = { ok: true as const, value: { ...scheduler.value, stagingModeEnabled: true } };
    expect(adviceFor(u, { ok: true, value: ad }, staging)[1]).toMatch(/staging mode/);
    expect(adviceFor(u, { ok: true, value: ad }, { ok: false, reason: 'down' })[1]).toMatch(
      /could not be reached/,
    );
  });
  it('sync errors come first', () => {
    const u = {
      ...base,
      onPremisesSyncEnabled: true,
      onPremisesProvisioningErrors: [
        {
          category: 'PropertyConflict',
          occurredDateTime: null,
          propertyCausingError: 'ProxyAddress',
          value: 'x',
        },
      ],
    };
    expect(adviceFor(u, { ok: true, value: ad }, scheduler)[0]).toMatch(/Sync reports a conflict/);
  });
});
