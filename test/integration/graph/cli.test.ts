import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureCli } from '../../support/cli.ts';
import { startHarness, TOKEN, type Harness } from './harness.ts';

let h: Harness;
let env: Record<string, string>;
beforeAll(async () => {
  h = await startHarness();
  env = { GRAPH_BASE_URL: h.sim.url, GRAPH_STATIC_TOKEN: TOKEN, GRAPH_MAX_RETRIES: '0' };
});
afterAll(() => h.close());

const run = (argv: string[], extraEnv: Record<string, string> = {}) =>
  captureCli(argv, { ...env, ...extraEnv });

describe('hardmatch cloud commands against the simulator', () => {
  it('cloud-user shows the on-premises attributes and --json round-trips', async () => {
    const s = h.scenarios['already-synced'];
    const text = await run(['cloud-user', s.cloudUser.userPrincipalName]);
    expect(text.code).toBe(0);
    expect(text.out.join('\n')).toMatch(/ImmutableID\s+0cm35UovbEuNDh86XH6bIQ==/);
    expect(text.out.join('\n')).toMatch(/Sync state\s+synced/);
    const json = await run(['cloud-user', s.cloudUser.id, '--json']);
    expect(JSON.parse(json.out[0]!)).toMatchObject({
      id: s.cloudUser.id,
      onPremisesSamAccountName: 'gina.bakker',
    });
  });

  it('cloud-user finds a soft-deleted user by id, and exits 1 for nobody', async () => {
    const holder = h.scenarios['guide-002-deleted-holder'].others['deletedHolder']!;
    const r = await run(['cloud-user', holder.id]);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toContain(`Deleted                    ${holder.deletedDateTime}`);
    const none = await run(['cloud-user', 'nobody@contoso.com']);
    expect(none).toMatchObject({ code: 1, out: [] });
    expect(none.err[0]).toContain("no cloud user 'nobody@contoso.com'");
  });

  it('holders accepts a GUID and lists the deleted holder', async () => {
    const s = h.scenarios['guide-002-deleted-holder'];
    const r = await run(['holders', s.adUser.objectGuid]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('ImmutableID SV+BWQuSnU6tbIK1OqTBAg== is held by 1 user(s):');
    expect(r.out[2]).toMatch(/^deleted\s+\S+\s+bram\.devries@contoso\.com\s+synced/);
    const json = JSON.parse((await run(['holders', 'SV+BWQuSnU6tbIK1OqTBAg==', '--json'])).out[0]!);
    expect(json.deleted).toHaveLength(1);
    expect(json.active).toEqual([]);
  });

  it('errors lists the synced duplicate’s conflicts', async () => {
    const r = await run(['errors']);
    expect(r.code).toBe(0);
    expect(
      r.out.some((l) =>
        /anna\.berg@contoso\.onmicrosoft\.com\s+UserPrincipalName\s+anna\.berg@contoso\.com/.test(l),
      ),
    ).toBe(true);
    expect(r.out.at(-1)).toBe('1 user(s) with provisioning errors.');
  });

  it('tenant shows sync status, features and domains; features null when forbidden', async () => {
    const r = await run(['tenant']);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/fabrikam\.com\s+Federated/);
    h.sim.faults.set({ featuresAppOnly: 'refused' });
    try {
      const json = JSON.parse((await run(['tenant', '--json'])).out[0]!);
      expect(json.features).toBeNull();
      expect(json.sync.onPremisesSyncEnabled).toBe(true);
    } finally {
      h.sim.faults.set({ featuresAppOnly: 'allowed' });
    }
  });

  it('beta-only values: read from /beta, and "unknown" - never "-" or "never" - when /beta cannot be read', async () => {
    const frank = h.scenarios['object-identifier-set'];
    const shown = await run(['cloud-user', frank.cloudUser.userPrincipalName]);
    expect(shown.out.join('\n')).toMatch(
      new RegExp(`On-prem object identifier\\s+${frank.adUser.objectGuid}`),
    );
    expect((await run(['tenant'])).out.join('\n')).toMatch(/Last password sync\s+\d{4}-/);
    h.sim.faults.set({ beta: 'unavailable' });
    try {
      const blind = await run(['cloud-user', frank.cloudUser.userPrincipalName]);
      expect(blind.out.join('\n')).toMatch(/On-prem object identifier\s+unknown \(beta read failed: /);
      expect((await run(['tenant'])).out.join('\n')).toMatch(/Last password sync\s+unknown \(Graph beta: /);
      const json = JSON.parse((await run(['cloud-user', frank.cloudUser.id, '--json'])).out[0]!);
      expect(json.onPremisesObjectIdentifier).toBeNull();
      expect(json.objectIdentifierUnread.code).toBe('CLOUD.BAD_REQUEST');
    } finally {
      h.sim.faults.set({ beta: 'available' });
    }
  });

  it('bad input is one line and exit 2; a Graph failure is exit 1 with its code and request id', async () => {
    const bad = await run(['holders', 'not-an-anchor!']);
    expect(bad.code).toBe(2);
    expect(bad.err).toHaveLength(1);
    expect((await run(['cloud-user'])).code).toBe(2);
    expect((await run(['errors', 'extra'])).code).toBe(2);
    expect((await run(['tenant'], { GRAPH_BASE_URL: 'https://graph.microsoft.com' })).code).toBe(2);
    h.sim.faults.enqueue({ kind: 503, path: '/organization' });
    const down = await run(['tenant']);
    expect(down.code).toBe(1);
    expect(down.err[0]).toMatch(/\[CLOUD\.UNAVAILABLE\] \(request id [0-9a-f-]{36}\)$/);
  });

  it('--help prints usage and exits 0', async () => {
    for (const name of ['cloud-user', 'holders', 'errors', 'tenant']) {
      const r = await run([name, '--help']);
      expect(r.code).toBe(0);
      expect(r.out[0]).toMatch(new RegExp(`^Usage: hardmatch ${name}`));
    }
  });

  it('the real binary works as a process against the simulator', async () => {
    // Async on purpose: spawnSync would block this process's event loop, and with it the simulator.
    const bin = join(import.meta.dirname, '../../../cli/hardmatch.ts');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [bin, 'holders', 'qgCqABG7IszdM0TuRO5E7g==', '--json'],
      {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(stdout).active[0].userPrincipalName).toBe('anna.berg@contoso.onmicrosoft.com');
  });
});
