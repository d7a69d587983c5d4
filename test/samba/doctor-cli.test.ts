/**
 * `hardmatch doctor` as an admin runs it: the real binary in its own process, against a real AD (the
 * Samba DC, over LDAPS), the Graph simulator and the relay agent with the Entra Connect simulator - in
 * the tenant shapes a new install meets: the sandbox's (P2, features readable app-only), a tenant
 * without P2, one that refuses the sync features app-only and has no /beta, and an app registration
 * missing permissions (a real token from the token-endpoint simulator, checked by Graph's rules).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { guidToImmutableId } from '../../core/immutable-id.ts';
import { createTestPki, type TestPki } from '../../sandbox/identity/pki.ts';
import { startTokenEndpoint, type TokenEndpoint } from '../../sandbox/identity/token-endpoint.ts';
import { SYNCED_OUS, scenarioAdSeed } from '../../sandbox/scenarios-data.ts';
import { captureCli } from '../support/cli.ts';
import { startDoctorWorld, type DoctorWorld } from '../support/doctor-world.ts';
import { ldapCliEnv } from './dc.ts';
import { seedWithGuids } from './seed.ts';

const dc = inject('samba');
/** A user migrated from another forest: Entra Connect anchors on its mS-DS-ConsistencyGuid, not its objectGUID. */
const MIGRATED = {
  dn: `CN=Mira Grant,${SYNCED_OUS[0]}`,
  samAccountName: 'mira.grant',
  objectGuid: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  consistencyGuid: guidToImmutableId('7b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e'),
  userPrincipalName: 'mira.grant@contoso.com',
};
const BIN = join(import.meta.dirname, '../../cli/hardmatch.ts');

interface DoctorJson {
  checks: { id: string; status: 'pass' | 'warn' | 'fail'; detail: string; fix?: string }[];
  passed: number;
  warnings: number;
  failed: number;
}

/** The real binary, as a process (async: the simulators live in this process's event loop). */
const doctorProcess = async (
  env: Record<string, string>,
): Promise<{ code: number; json: DoctorJson; stderr: string }> => {
  const run = promisify(execFile)(process.execPath, [BIN, 'doctor', '--json'], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8',
  });
  try {
    const { stdout, stderr } = await run;
    return { code: 0, json: JSON.parse(stdout) as DoctorJson, stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: x.code ?? -1, json: JSON.parse(x.stdout ?? '{}') as DoctorJson, stderr: x.stderr ?? '' };
  }
};

const status = (j: DoctorJson, id: string) => j.checks.find((c) => c.id === id);
const notPassing = (j: DoctorJson) => j.checks.filter((c) => c.status !== 'pass').map((c) => c.id);

let worlds: DoctorWorld[] = [];
const world = async (o: Parameters<typeof startDoctorWorld>[0] = {}) => {
  const w = await startDoctorWorld(o);
  worlds.push(w);
  return { ...w.env, ...ldapCliEnv(dc) };
};

beforeAll(async () => {
  // The synced OUs' users carry mS-DS-ConsistencyGuid as Entra Connect writes it at its first export when
  // it anchors on it: this AD has been processed by Connect (the sandbox's scenarios are real states).
  const seed = scenarioAdSeed();
  const synced = (dn: string) => SYNCED_OUS.some((ou) => dn.endsWith(ou));
  await seedWithGuids({ url: dc.ldapUrl, bindDn: dc.bindDn, password: dc.password }, dc.dcDir, {
    ous: seed.ous,
    users: [
      ...seed.users.map((u) => ({
        ...u,
        consistencyGuid: synced(u.dn) ? guidToImmutableId(u.objectGuid) : null,
      })),
      MIGRATED,
    ],
  });
});
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
  worlds = [];
});

describe('hardmatch doctor, the real binary', { timeout: 60_000 }, () => {
  it('the sandbox tenant: every check passes, exit 0', async () => {
    const r = await doctorProcess(await world());
    expect(r.stderr).toBe('');
    expect(notPassing(r.json)).toEqual([]);
    expect(r.code).toBe(0);
    expect(status(r.json, 'graph.p2')?.detail).toMatch(/P2 \(PIM\) present/);
    expect(status(r.json, 'ad.source-anchor')?.detail).toMatch(
      /^8 of 8 sampled users have mS-DS-ConsistencyGuid set \(1 differ from their objectGUID\)/,
    );
    expect(status(r.json, 'ad.parking-ou')?.detail).toMatch(/exists and is outside the sync scope/);
    expect(status(r.json, 'ad.new-user-ou')?.detail).toMatch(/exists and is inside the sync scope/);
    expect(status(r.json, 'relay.connect-version')?.detail).toBe(
      'Entra Connect 2.6.92.0: supported, current.',
    );
    expect(status(r.json, 'alerts.watcher')?.detail).toBe(
      'The sync-health watcher looks every 300 s and posts to 19:ops@thread.tacv2.',
    );
  });

  it('the sync-health watcher off: a warning that says how to turn it on, exit 0', async () => {
    const env = await world();
    delete env['HM_ALERTS_CONVERSATION_ID'];
    const r = await doctorProcess(env);
    expect(notPassing(r.json)).toEqual(['alerts.watcher']);
    expect(r.code).toBe(0);
    expect(status(r.json, 'alerts.watcher')?.fix).toMatch(/HM_ALERTS_CONVERSATION_ID/);
  });

  it('a tenant without P2: says so, and passes the rest, exit 0', async () => {
    const r = await doctorProcess(await world({ entraIdP2: false }));
    expect(notPassing(r.json)).toEqual([]);
    expect(r.code).toBe(0);
    expect(status(r.json, 'graph.p2')?.detail).toMatch(
      /^No Microsoft Entra ID P2 or ID Governance in this tenant \(AadPremiumLicenseRequired\)/,
    );
    expect(status(r.json, 'graph.p2')?.detail).toContain('none, no P2');
  });

  it('sync features refused app-only and no /beta: two warnings that say what follows and what to do, exit 0', async () => {
    const r = await doctorProcess(
      await world({ faults: { featuresAppOnly: 'refused', beta: 'unavailable' } }),
    );
    expect(notPassing(r.json)).toEqual(['graph.beta', 'graph.sync-features']);
    expect(r.code).toBe(0);
    expect(status(r.json, 'graph.sync-features')).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/Refused app-only .*Microsoft documents no app-only support/),
      fix: expect.stringContaining('Get-EntraDirSyncFeature'),
    });
    expect(status(r.json, 'graph.beta')?.fix).toMatch(/^Allow http:\/\/127\.0\.0\.1:\d+\/beta\//);
  });

  describe('an app registration missing permissions (a real token from Entra, Graph checking its roles)', () => {
    let pki: TestPki;
    let tokens: TokenEndpoint;
    let caDir: string;
    const APP = '44444444-dddd-4ddd-8ddd-000000000004';
    const SECRET = 'Doctor~Secret.Value_0123456789abcdef';
    beforeAll(() => {
      pki = createTestPki();
      caDir = mkdtempSync(join(tmpdir(), 'hm-doctor-ca-'));
      writeFileSync(join(caDir, 'ca.pem'), pki.tls.caPem);
    });
    afterAll(async () => {
      await tokens?.close();
      pki?.dispose();
      rmSync(caDir, { recursive: true, force: true });
    });

    it('names each missing permission exactly, with how to grant it, exit 1', async () => {
      // The tenant id is the simulated tenant's: start a world once to learn it, then issue for it.
      const probe = await startDoctorWorld();
      const tenantId = probe.tenant.getOrganization().id;
      await probe.close();
      tokens = await startTokenEndpoint({
        tls: pki.tls,
        tenants: [
          {
            tenantId,
            apps: [
              {
                clientId: APP,
                secrets: [SECRET],
                roles: [
                  'User.ReadWrite.All',
                  'GroupMember.Read.All',
                  'Domain.Read.All',
                  'Organization.Read.All',
                ],
              },
            ],
          },
        ],
      });
      const env = await world({ trustedIssuer: { publicKey: tokens.issuer.publicKey, tenantId } });
      // The world's tenant is a fresh one of the same seed: same organization id.
      expect(worlds.at(-1)!.tenant.getOrganization().id).toBe(tenantId);
      const r = await doctorProcess({
        ...env,
        GRAPH_AUTHORITY_HOST: tokens.authorityHost,
        AZURE_TENANT_ID: tenantId,
        AZURE_CLIENT_ID: APP,
        AZURE_CLIENT_SECRET: SECRET,
        NODE_EXTRA_CA_CERTS: join(caDir, 'ca.pem'),
      });
      expect(r.code).toBe(1);
      expect(r.stderr).not.toContain(SECRET);
      expect(JSON.stringify(r.json)).not.toContain(SECRET);
      expect(status(r.json, 'graph.token')?.detail).toMatch(
        new RegExp(`^App ${APP} in tenant ${tenantId}, cloud custom endpoint`),
      );
      // User.Read.All is not granted, but User.ReadWrite.All includes reading: its line passes, as in Graph.
      expect(status(r.json, 'graph.permission.User.Read.All')?.status).toBe('pass');
      for (const missing of ['RoleManagement.Read.Directory', 'User.DeleteRestore.All'])
        expect(status(r.json, `graph.permission.${missing}`)).toMatchObject({
          status: 'fail',
          fix: expect.stringContaining(
            `the Microsoft Graph application permission ${missing} and grant admin consent`,
          ),
        });
      expect(status(r.json, 'graph.permission.User.ReadWrite.All')?.status).toBe('pass');
      expect(status(r.json, 'graph.sync-features')).toMatchObject({
        status: 'warn',
        detail: expect.stringContaining('OnPremDirectorySynchronization.Read.All is not granted'),
      });
    });
  });
});

describe('hardmatch doctor: the relay and AD lines', { timeout: 60_000 }, () => {
  const run = async (env: Record<string, string>) => {
    const r = await captureCli(['doctor', '--json'], env);
    return { code: r.code, json: JSON.parse(r.out[0]!) as DoctorJson };
  };

  it('an unsupported Entra Connect, a clock two minutes off, and a wrong relay key', async () => {
    const old = await run(await world({ connectVersion: '2.4.131.0', clockOffsetMs: 120_000 }));
    expect(old.code).toBe(1);
    expect(status(old.json, 'relay.connect-version')).toMatchObject({
      status: 'fail',
      detail:
        'Entra Connect 2.4.131.0 is unsupported: versions below 2.5.79.0 stopped syncing after 2026-09-30.',
    });
    expect(status(old.json, 'relay.clock')).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/12\d s ahead/),
    });
    const env = await world();
    const wrong = await run({ ...env, RELAY_KEY: `${env['RELAY_KEY']!.slice(0, -4)}AAAA` });
    expect(status(wrong.json, 'relay.key')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('RELAY_KEY'),
    });
  });

  it('a parking OU inside the sync scope, a missing new-user OU, and a source anchor the tenant contradicts', async () => {
    // The migrated user is synced with its ConsistencyGuid as ImmutableID: Connect anchors on that.
    const env = await world({
      tenant: (t) =>
        void t.createSyncedUser({
          immutableId: MIGRATED.consistencyGuid,
          distinguishedName: MIGRATED.dn,
          samAccountName: MIGRATED.samAccountName,
          userPrincipalName: MIGRATED.userPrincipalName,
        }),
    });
    const r = await run({
      ...env,
      HM_PARKING_OU: SYNCED_OUS[0],
      HM_NEW_USER_OU: `OU=Nowhere,${dc.baseDn}`,
      HM_SOURCE_ANCHOR: 'objectGUID',
    });
    expect(r.code).toBe(1);
    expect(status(r.json, 'ad.parking-ou')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('is inside'),
    });
    expect(status(r.json, 'ad.new-user-ou')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('does not exist'),
    });
    expect(status(r.json, 'ad.source-anchor')).toMatchObject({
      status: 'fail',
      fix: 'Set HM_SOURCE_ANCHOR=mS-DS-ConsistencyGuid (a wrong anchor would set ImmutableIDs no AD user has).',
    });
    // The right setting is confirmed by the same users.
    const right = await run(env);
    expect(status(right.json, 'ad.source-anchor')?.detail).toMatch(
      /confirm HM_SOURCE_ANCHOR=mS-DS-ConsistencyGuid/,
    );
  });
});
