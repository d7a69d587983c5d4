/**
 * Driving the project's Samba harness (scripts/samba/start-dc.sh, stop-dc.sh) from TypeScript: start or
 * reuse a DC and read the connection settings it prints; stop it by its PID file.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LdapConfig } from '../../config/config.ts';

const SCRIPTS = join(import.meta.dirname, '..', '..', 'scripts', 'samba');

/** What start-dc.sh prints (KEY=value lines). */
export interface SambaDc {
  readonly ldapUrl: string;
  readonly ldapsUrl: string;
  readonly baseDn: string;
  readonly bindDn: string;
  readonly password: string;
  readonly caFile: string;
  readonly dcDir: string;
  readonly pid: number;
  readonly ip: string;
}

export interface SambaDcSettings {
  readonly dir: string;
  readonly ip: string;
}

/** The samba project's DC: its own directory and loopback address (override with SAMBA_DC_DIR/IP). */
export const TEST_DC: SambaDcSettings = {
  dir: process.env['SAMBA_DC_DIR'] ?? '/tmp/hardmatch-samba/test',
  ip: process.env['SAMBA_DC_IP'] ?? '127.0.0.11',
};

const scriptEnv = (s: SambaDcSettings) => ({ ...process.env, SAMBA_DC_DIR: s.dir, SAMBA_DC_IP: s.ip });

/** Whether the DC of `s` runs now (its PID file names a live samba process). */
export const isDcRunning = (s: SambaDcSettings): boolean => {
  try {
    const pid = readFileSync(join(s.dir, 'run', 'samba.pid'), 'utf8').trim();
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'samba';
  } catch {
    return false;
  }
};

/** Install/provision/start as needed (idempotent) and return the connection settings. */
export const startDc = (s: SambaDcSettings): SambaDc => {
  const out = execFileSync('bash', [join(SCRIPTS, 'start-dc.sh')], {
    env: scriptEnv(s),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 600_000,
  });
  const vars = new Map<string, string>();
  for (const line of out.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) vars.set(line.slice(0, i), line.slice(i + 1));
  }
  const need = (k: string): string => {
    const v = vars.get(k);
    if (v === undefined) throw new Error(`start-dc.sh did not print ${k}`);
    return v;
  };
  return {
    ldapUrl: need('LDAP_URL'),
    ldapsUrl: need('LDAPS_URL'),
    baseDn: need('LDAP_BASE_DN'),
    bindDn: need('LDAP_BIND_DN'),
    password: need('LDAP_BIND_PASSWORD'),
    caFile: need('LDAP_CA_FILE'),
    dcDir: need('SAMBA_DC_DIR'),
    pid: Number(need('SAMBA_DC_PID')),
    ip: s.ip,
  };
};

/** Stop the DC of `s` by its PID file (stop-dc.sh). */
export const stopDc = (s: SambaDcSettings): void => {
  execFileSync('bash', [join(SCRIPTS, 'stop-dc.sh')], {
    env: scriptEnv(s),
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 60_000,
  });
};

/** The CLI's LDAP configuration for this DC, over LDAPS with its CA, logging nothing. */
export const ldapCliEnv = (dc: SambaDc): Record<string, string> => ({
  LDAP_URL: dc.ldapsUrl,
  LDAP_CA_FILE: dc.caFile,
  LDAP_BASE_DN: dc.baseDn,
  LDAP_BIND_DN: dc.bindDn,
  LDAP_BIND_PASSWORD: dc.password,
  LOG_LEVEL: 'silent',
});

/** The LDAP connector's configuration for this DC: plain LDAP on 389 unless `over` says otherwise. */
export const ldapConfig = (dc: SambaDc, over: Partial<LdapConfig> = {}): LdapConfig => ({
  url: dc.ldapUrl,
  baseDn: dc.baseDn,
  bindDn: dc.bindDn,
  bindPassword: dc.password,
  caFile: undefined,
  startTls: false,
  timeoutMs: 5_000,
  ...over,
});
