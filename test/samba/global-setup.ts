/**
 * Global setup of the `samba` vitest project: start (installing and provisioning when needed) the test
 * DC with scripts/samba/start-dc.sh, load the contract fixture, hand the connection settings to the
 * tests (`inject('samba')`), and stop the DC by its PID file afterwards if this run started it.
 */
import type { TestProject } from 'vitest/node';
import { directoryFixture } from '../contract/directory-fixture.ts';
import { TEST_DC, isDcRunning, startDc, stopDc, type SambaDc } from './dc.ts';
import { seedOverLdap } from './seed.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    samba: SambaDc;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const wasRunning = isDcRunning(TEST_DC);
  const dc = startDc(TEST_DC);
  const fixture = directoryFixture(dc.baseDn);
  const t0 = performance.now();
  await seedOverLdap({ url: dc.ldapUrl, bindDn: dc.bindDn, password: dc.password }, fixture.root, fixture);
  process.stderr.write(
    `[samba] seeded ${fixture.users.length} users in ${Math.round(performance.now() - t0)} ms\n`,
  );
  project.provide('samba', dc);
  return () => {
    if (!wasRunning) stopDc(TEST_DC);
  };
}
