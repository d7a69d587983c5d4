// `hardmatch sync ...` and `hardmatch relay serve` through the real CLI frame, against the agent on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import { captureCli } from '../../support/cli.ts';
import { runRelayAgent } from '../../../relay/run-agent.ts';
import { standaloneSimulatorRunner } from '../../../sandbox/entra-connect/standalone.ts';
import { addAdUser, createWorld, STAFF, type World } from './world.ts';
import { AGENT_ID, KEY, startHarness, type Harness } from './harness.ts';

let world: World;
let h: Harness;
afterEach(async () => {
  world?.sim.close();
  await h?.close();
});

const cli = captureCli;

describe('hardmatch sync', () => {
  it('runs delta --wait, status, errors and scope through the relay', async () => {
    world = createWorld({ cycleMs: 100 });
    h = await startHarness(world.sim);
    const env = { RELAY_URL: h.agent.url, RELAY_AGENT_ID: AGENT_ID, RELAY_KEY: KEY };
    world.tenant.createCloudUser({
      userPrincipalName: 'quinn@contoso.com',
      onPremisesImmutableId: 'AAAAAAAAAAAAAAAAAAAAAA==',
    });
    addAdUser(world, 'quinn');

    const delta = await cli(['sync', 'delta', '--wait', '--timeout', '10'], env);
    expect(delta.code).toBe(0);
    expect(delta.out.join('\n')).toMatch(/Delta sync started; waiting[\s\S]*Sync cycle finished/);

    const status = await cli(['sync', 'status', '--json'], env);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.out[0]!)).toMatchObject({
      syncCycleInProgress: false,
      stagingModeEnabled: false,
    });

    const errors = await cli(['sync', 'errors', '--count', '3'], env);
    expect(errors.code).toBe(0);
    expect(errors.out.join('\n')).toContain('InvalidSoftMatch');
    expect(errors.out.join('\n')).toContain(`CN=quinn,${STAFF}`);

    const scope = await cli(['sync', 'scope'], env);
    expect(scope.out).toContain(`  ${STAFF}`);
  });

  it('exits 1 with the code when the relay refuses (staging mode), 2 on bad input or missing config', async () => {
    world = createWorld({ stagingMode: true });
    h = await startHarness(world.sim);
    const env = { RELAY_URL: h.agent.url, RELAY_AGENT_ID: AGENT_ID, RELAY_KEY: KEY };
    const staging = await cli(['sync', 'delta'], env);
    expect(staging.code).toBe(1);
    expect(staging.err[0]).toMatch(/staging mode.*\[RELAY\.STAGING_MODE\].*request id cli-/);
    expect((await cli(['sync', 'explode'], env)).code).toBe(2);
    expect((await cli(['sync'], env)).code).toBe(2);
    expect((await cli(['sync', 'errors', '--count', '0'], env)).code).toBe(2);
    expect((await cli(['sync', 'status', '--bogus'], env)).code).toBe(2);
    const unconfigured = await cli(['sync', 'status'], {});
    expect(unconfigured.code).toBe(2);
    expect(unconfigured.err[0]).toContain('RELAY_URL');
    expect(world.sim.calls.map((c) => c.operation)).toEqual(['delta-sync']);
    const help = await cli(['sync', '--help']);
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toContain('Usage: hardmatch sync <delta|status|errors|scope>');
  });
});

describe('hardmatch relay serve', () => {
  it('refuses a bad configuration with exit 2, naming the keys', async () => {
    const bad = await cli(['relay', 'serve'], { HM_RELAY_KEY: 'short', HM_RELAY_PORT: 'x' });
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toMatch(/HM_RELAY_KEY.*HM_RELAY_PORT|HM_RELAY_PORT.*HM_RELAY_KEY/);
    expect((await cli(['relay', 'start'])).code).toBe(2);
  });

  it('the relay service itself refuses simulator mode: only the sandbox entry points inject it', async () => {
    const env = { HM_RELAY_MODE: 'simulator', HM_RELAY_PORT: '0', HM_RELAY_KEY: KEY, LOG_LEVEL: 'silent' };
    await expect(runRelayAgent(env)).rejects.toMatchObject({ code: 'CONFIG.INVALID' });
  });

  it('starts the agent in simulator mode (the same function the hardmatch-relay bin runs)', async () => {
    const agent = await runRelayAgent(
      { HM_RELAY_MODE: 'simulator', HM_RELAY_PORT: '0', HM_RELAY_KEY: KEY, LOG_LEVEL: 'silent' },
      { simulator: standaloneSimulatorRunner },
    );
    try {
      const status = await cli(['sync', 'status', '--json'], {
        RELAY_URL: agent.url,
        RELAY_AGENT_ID: 'bot',
        RELAY_KEY: KEY,
      });
      expect(status.code).toBe(0);
      expect(JSON.parse(status.out[0]!)).toMatchObject({ syncCycleEnabled: true });
    } finally {
      await agent.close();
    }
  });
});
