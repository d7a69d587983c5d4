/**
 * Type-ahead latency of the LDAP connector against a Samba DC holding 20,000 users: p50/p95 of
 * searchUsers(prefix, 10) by prefix length, over one warm connection, as the AD picker uses it.
 * Uses its own DC (/tmp/hardmatch-samba/bench on 127.0.0.12); the seeded directory is kept and reused
 * (seeding takes about a minute and a half), marked complete by a description on the bench OU.
 * Samba has no substring index, so every prefix search scans all users (about 0.3 s at 20,000 on a
 * 2-core machine) whatever the prefix; Windows AD answers initial-substring filters from its indexes.
 */
import { Attribute, Change, Client } from 'ldapts';
import { createLdapDirectory } from '../../connectors/ldap/ldap-directory.ts';
import type { MemoryUserSeed } from '../../sandbox/memory-directory.ts';
import { isDcRunning, startDc, stopDc, type SambaDc, type SambaDcSettings } from '../samba/dc.ts';
import { seedOverLdap } from '../samba/seed.ts';

const USERS = Number(process.env['HM_BENCH_USERS'] ?? 20_000);
const SETTINGS: SambaDcSettings = {
  dir: process.env['HM_BENCH_DC_DIR'] ?? '/tmp/hardmatch-samba/bench',
  ip: process.env['HM_BENCH_DC_IP'] ?? '127.0.0.12',
};
const MARK = `hardmatch bench: ${USERS} users`;

const FIRST = [
  'Aaron',
  'Beatriz',
  'Chen',
  'Dmitri',
  'Elif',
  'Fatima',
  'Gustav',
  'Hana',
  'Ivan',
  'Jamal',
  'Kirsten',
  'Lukas',
  'Maya',
  'Noor',
  'Oskar',
  'Priya',
  'Quentin',
  'Rosa',
  'Sven',
  'Tomás',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoë',
];
const LAST = [
  'Andersen',
  'Becker',
  'Costa',
  'Dubois',
  'Eriksson',
  'Fischer',
  'García',
  'Hoffmann',
  'Ito',
  'Jansen',
  'Kowalski',
  'López',
  'Müller',
  'Nakamura',
  'Olsen',
  'Petrov',
  'Quinn',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Ueda',
  'Vargas',
  'Weber',
  'Xu',
  'Yilmaz',
  'Zimmermann',
];

const benchUsers = (ou: string): MemoryUserSeed[] =>
  Array.from({ length: USERS }, (_, i) => {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const sam = `${first[0]}${last}${i}`
      .normalize('NFD')
      .replace(/[^A-Za-z0-9]/g, '')
      .toLowerCase()
      .slice(0, 20);
    return {
      dn: `CN=${first} ${last} ${i},${ou}`,
      samAccountName: sam,
      userPrincipalName: `${sam}@corp.example.test`,
      displayName: `${first} ${last} ${i}`,
      mail: `${sam}@contoso.test`,
      enabled: false,
    };
  });

const isSeeded = async (dc: SambaDc, ou: string): Promise<boolean> => {
  const c = new Client({ url: dc.ldapUrl, timeout: 10_000 });
  try {
    await c.bind(dc.bindDn, dc.password);
    const r = await c.search(ou, { scope: 'base', attributes: ['description'] });
    return r.searchEntries[0]?.['description'] === MARK;
  } catch {
    return false;
  } finally {
    await c.unbind().catch(() => undefined);
  }
};

const markSeeded = async (dc: SambaDc, ou: string): Promise<void> => {
  const c = new Client({ url: dc.ldapUrl, timeout: 10_000 });
  await c.bind(dc.bindDn, dc.password);
  await c.modify(
    ou,
    new Change({
      operation: 'replace',
      modification: new Attribute({ type: 'description', values: [MARK] }),
    }),
  );
  await c.unbind();
};

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

const wasRunning = isDcRunning(SETTINGS);
const dc = startDc(SETTINGS);
const ou = `OU=Bench,${dc.baseDn}`;
try {
  if (await isSeeded(dc, ou)) console.log(`reusing ${USERS} seeded users in ${SETTINGS.dir}`);
  else {
    const t0 = performance.now();
    await seedOverLdap({ url: dc.ldapUrl, bindDn: dc.bindDn, password: dc.password }, ou, {
      ous: [ou],
      users: benchUsers(ou),
    });
    await markSeeded(dc, ou);
    console.log(`seeded ${USERS} users in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const directory = createLdapDirectory({
    url: dc.ldapsUrl,
    caFile: dc.caFile,
    baseDn: dc.baseDn,
    bindDn: dc.bindDn,
    bindPassword: dc.password,
    startTls: false,
    timeoutMs: 10_000,
  });
  await directory.searchUsers('warm', 10);
  const words = [...FIRST, ...LAST, 'aandersen', 'zoe', 'mmuller', 'x', 'q'];
  const rows: string[][] = [['prefix length', 'queries', 'hits (avg)', 'p50 ms', 'p95 ms', 'max ms']];
  for (const len of [1, 2, 3, 5, 8]) {
    const times: number[] = [];
    let hits = 0;
    for (let round = 0; round < 2; round++)
      for (const w of words) {
        const prefix = w.slice(0, len);
        const t0 = performance.now();
        hits += (await directory.searchUsers(prefix, 10)).length;
        times.push(performance.now() - t0);
      }
    times.sort((a, b) => a - b);
    rows.push([
      String(len),
      String(times.length),
      (hits / times.length).toFixed(1),
      ...[50, 95, 100].map((p) => percentile(times, p).toFixed(1)),
    ]);
  }
  await directory.close();
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log(`type-ahead over ${USERS} users, Samba LDAPS, searchUsers(prefix, 10)`);
  for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i]!)).join('  '));
} finally {
  if (!wasRunning) stopDc(SETTINGS);
}
