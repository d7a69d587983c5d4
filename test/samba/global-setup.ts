/**
 * Global setup of the `samba` vitest project: start (installing and provisioning when needed) the test
 * DC with scripts/samba/start-dc.sh, load the contract fixture, hand the connection settings to the
 * tests (`inject('samba')`), and stop the DC by its PID file afterwards if this run started it.
 */
import type { TestProject } from 'vitest/node';
import { PAGING_USERS, directoryFixture } from '../contract/directory-fixture.ts';
import { TEST_DC, isDcRunning, startDc, stopDc, type SambaDc } from './dc.ts';
import { seedFixture } from './seed.ts';

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
  const conn = { url: dc.ldapUrl, bindDn: dc.bindDn, password: dc.password };
  const { added } = await seedFixture(conn, fixture, PAGING_USERS);
  process.stderr.write(
    `[samba] fixture ready (${added} users added) in ${Math.round(performance.now() - t0)} ms\n`,
  );
  project.provide('samba', dc);
  return () => {
    if (!wasRunning) stopDc(TEST_DC);
  };
}
