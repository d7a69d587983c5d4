/**
 * Issue 12, finding 8, at the entry points themselves: the bot (`node bot/main.ts`), the relay agent
 * (`node relay/main.ts`) and the CLI stop on a bad configuration with exit status 2, every bad key
 * named, no stack trace - and an agent whose log file cannot be written does not start without a log.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'hm-entry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const KEY = 'k'.repeat(40);

/** Runs an entry point with exactly `env` (plus PATH), as an operator would. */
const run = (file: string, env: Record<string, string>) => {
  const r = spawnSync(process.execPath, [file], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
};

const expectNoStack = (output: string) => {
  expect(output).not.toMatch(/\n\s+at \S/);
  expect(output).not.toMatch(/"stack"/);
};

describe('a bad configuration stops every entry point with exit 2 and the keys named', () => {
  it('the bot', () => {
    const bad = {
      MICROSOFT_APP_ID: 'my-bot',
      MICROSOFT_APP_TENANT_ID: 'contoso',
      PORT: '0x10',
      LOG_LEVEL: 'bogus',
      GRAPH_AUTHORITY_HOST: 'http://login.microsoftonline.com',
      HM_SYNC_NOW_INTERVAL_SECONDS: ' ',
      AZURE_STORAGE_CONNECTION_STRING: 'garbage',
      RELAY_URL: 'https://bot:Relay-Pass-123@relay.corp.example',
    };
    const r = run('bot/main.ts', bad);
    expect(r.code).toBe(2);
    for (const key of Object.keys(bad)) expect(r.output).toContain(`${key}: `);
    expect(r.output).toContain('CONFIG.INVALID');
    expect(r.output).not.toContain('Relay-Pass-123');
    expectNoStack(r.output);
  });

  it('the relay agent', () => {
    const bad = {
      HM_RELAY_KEY: 'short',
      HM_RELAY_PORT: '99999',
      HM_RELAY_CLOCK_SKEW_SEC: '1e3',
      LOG_LEVEL: 'bogus',
    };
    const r = run('relay/main.ts', bad);
    expect(r.code).toBe(2);
    for (const key of Object.keys(bad)) expect(r.output).toContain(`${key}: `);
    expect(r.output.trim().split('\n')).toHaveLength(1);
    expectNoStack(r.output);
  });

  it('the CLI', async () => {
    const r = await captureCli(['tenant'], { GRAPH_BASE_URL: 'file:///etc/passwd', GRAPH_MAX_RETRIES: ' ' });
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/GRAPH_BASE_URL: .*GRAPH_MAX_RETRIES: /);
  });
});

describe('an unwritable relay log file stops the agent (exit 2) instead of leaving it running with no log', () => {
  const agent = (logFile: string) =>
    run('relay/main.ts', {
      HM_RELAY_MODE: 'simulator',
      HM_RELAY_PORT: '0',
      HM_RELAY_KEY: KEY,
      HM_RELAY_NONCE_FILE: join(dir, 'nonces.log'),
      HM_RELAY_LOG_FILE: logFile,
    });

  it('a folder', () => {
    const r = agent(dir);
    expect(r.code).toBe(2);
    expect(r.output).toMatch(/HM_RELAY_LOG_FILE: .*is not a file/);
    expectNoStack(r.output);
  });

  it('a path under a file', () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, '');
    const r = agent(join(file, 'relay.log'));
    expect(r.code).toBe(2);
    expect(r.output).toMatch(/HM_RELAY_LOG_FILE: /);
  });

  it('a name the file system refuses', () => {
    const r = agent(join(dir, `${'x'.repeat(300)}.log`));
    expect(r.code).toBe(2);
    expect(r.output).toMatch(/HM_RELAY_LOG_FILE: .*cannot be written \(ENAMETOOLONG\)/);
    expectNoStack(r.output);
  });

  it('hardmatch relay serve says the same', async () => {
    const r = await captureCli(['relay', 'serve'], {
      HM_RELAY_MODE: 'simulator',
      HM_RELAY_PORT: '0',
      HM_RELAY_KEY: KEY,
      HM_RELAY_LOG_FILE: dir,
    });
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/HM_RELAY_LOG_FILE: /);
  });
});
