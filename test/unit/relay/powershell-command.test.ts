// The PowerShell runner never puts caller-supplied text on a command line or into script text: it
// travels only as the JSON document on stdin, which the fixed scripts read as data.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operationParams, OPERATION_NAMES, type OperationName } from '../../../relay/operations.ts';
import { buildInvocation, interpretOutput, SCRIPTS_DIR } from '../../../relay/powershell-runner.ts';

const EVIL_DN = 'CN=x"; Remove-Item C:\\ -Recurse; ",OU=Staff,DC=corp,DC=contoso,DC=com';
const options = {
  powershellPath: 'powershell.exe',
  timeoutMs: 1000,
  env: {
    PATH: 'C:\\Windows',
    HM_RELAY_KEY: 'secret-secret-secret-secret-secret-12',
    RELAY_KEY: 'other-secret',
  },
};

const sampleParams: { [N in OperationName]: unknown } = {
  'delta-sync': {},
  'initial-sync': { confirm: true },
  'scheduler-status': {},
  'wait-until-idle': { timeoutMs: 1000, pollMs: 100 },
  'run-results': { count: 3 },
  'single-object-sync': { distinguishedName: EVIL_DN },
  'sync-scope': {},
  'restart-service': {},
  'server-info': {},
  'sync-credential': {},
};

describe('server-info', () => {
  it('reads the Connect version and the server clock from the script’s answer; null when the setting is absent', () => {
    const line = (v: unknown) => JSON.stringify({ ok: true, result: v });
    expect(
      interpretOutput(
        'server-info',
        {},
        line({ connectVersion: '2.5.79.0', serverTimeUtc: '2026-11-22T01:00:00.0000000Z' }),
        '',
        0,
      ),
    ).toEqual({ connectVersion: '2.5.79.0', serverTimeUtc: '2026-11-22T01:00:00.0000000Z' });
    expect(
      interpretOutput('server-info', {}, line({ connectVersion: null, serverTimeUtc: 'x' }), '', 0)
        .connectVersion,
    ).toBeNull();
    expect(() => interpretOutput('server-info', {}, line({ serverTimeUtc: 1 }), '', 0)).toThrow(
      /unexpected shape/,
    );
  });
});

describe('sync-credential', () => {
  const line = (v: unknown) => JSON.stringify({ ok: true, result: v });
  const answer = {
    identityType: 'Application',
    applicationId: '7f1e0d2c-3b4a-4c5d-8e6f-a1b2c3d4e5f6',
    certificateNotAfter: '2027-03-01T00:00:00.0000000Z',
    eventLogRead: true,
    lastCertificateEvent: { id: 1011, timeUtc: '2026-12-08T01:00:00.0000000Z' },
  };
  it('reads what the script found; what it could not find is null', () => {
    expect(interpretOutput('sync-credential', {}, line(answer), '', 0)).toEqual(answer);
    const bare = {
      identityType: null,
      applicationId: null,
      certificateNotAfter: null,
      eventLogRead: false,
      lastCertificateEvent: null,
    };
    expect(interpretOutput('sync-credential', {}, line(bare), '', 0)).toEqual(bare);
  });
  it('refuses an identity or an event id the script never writes', () => {
    expect(() =>
      interpretOutput('sync-credential', {}, line({ ...answer, identityType: 'Password' }), '', 0),
    ).toThrow(/unexpected shape/);
    expect(() =>
      interpretOutput(
        'sync-credential',
        {},
        line({ ...answer, lastCertificateEvent: { id: 4624, timeUtc: 'x' } }),
        '',
        0,
      ),
    ).toThrow(/unexpected shape/);
  });
});

describe('PowerShell command line', () => {
  it.each(OPERATION_NAMES)('%s: fixed argv, parameters only on stdin, agent secrets not inherited', (op) => {
    const params = operationParams[op].parse(sampleParams[op]);
    const inv = buildInvocation(op, params as never, options);
    expect(inv.command).toBe('powershell.exe');
    expect(inv.args.slice(0, 5)).toEqual([
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-File',
    ]);
    expect(inv.args).toHaveLength(6);
    expect(inv.args[5]).toBe(join(SCRIPTS_DIR, `${op}.ps1`));
    expect(JSON.parse(inv.stdin)).toEqual(params);
    expect(inv.env).toEqual({ PATH: 'C:\\Windows' });
  });

  it('keeps a hostile DN out of argv, env and script text: it appears only in the stdin JSON', () => {
    const params = operationParams['single-object-sync'].parse({ distinguishedName: EVIL_DN });
    const inv = buildInvocation('single-object-sync', params, options);
    for (const arg of inv.args) {
      expect(arg).not.toContain('Remove-Item');
      expect(arg).not.toContain('CN=x');
    }
    for (const v of Object.values(inv.env)) expect(v).not.toContain('Remove-Item');
    const script = readFileSync(inv.args[5]!, 'utf8');
    expect(script).not.toContain('Remove-Item');
    expect(inv.stdin).toContain('Remove-Item');
    expect((JSON.parse(inv.stdin) as { distinguishedName: string }).distinguishedName).toBe(EVIL_DN);
  });

  it('has one fixed script per operation and none that evaluates text as code', () => {
    const files = readdirSync(SCRIPTS_DIR).filter((f) => f.endsWith('.ps1'));
    expect(files.sort()).toEqual([...OPERATION_NAMES.map((o) => `${o}.ps1`), 'common.ps1'].sort());
    for (const f of files) {
      const text = readFileSync(join(SCRIPTS_DIR, f), 'utf8');
      expect(text, f).not.toMatch(
        /Invoke-Expression|\biex\b|\[scriptblock\]::Create|AddScript|-EncodedCommand/i,
      );
      if (f !== 'common.ps1') expect(text, f).toContain('. "$PSScriptRoot\\common.ps1"');
    }
    // The DN is bound as a parameter value read from the JSON, never concatenated into a command string.
    const single = readFileSync(join(SCRIPTS_DIR, 'single-object-sync.ps1'), 'utf8');
    expect(single).toContain('$dn = [string]$p.distinguishedName');
    expect(single).toContain('Invoke-ADSyncSingleObjectSync -DistinguishedName $dn -NoHtmlReport');
  });
});

describe('PowerShell answer interpretation', () => {
  const ok = (result: unknown) => JSON.stringify({ ok: true, result });
  const fail = (kind: string, message: string) => JSON.stringify({ ok: false, error: { kind, message } });

  it('maps busy, staging and failures to RELAY codes', () => {
    expect(() => interpretOutput('delta-sync', {}, fail('busy', 'AAD is busy'), '', 3)).toThrow(
      expect.objectContaining({ code: 'RELAY.BUSY', retryable: true }),
    );
    expect(() => interpretOutput('delta-sync', {}, fail('staging', 'staging'), '', 3)).toThrow(
      expect.objectContaining({ code: 'RELAY.STAGING_MODE' }),
    );
    expect(() => interpretOutput('restart-service', {}, fail('failed', 'Access denied'), '', 3)).toThrow(
      expect.objectContaining({ code: 'RELAY.FAILED', message: 'Access denied' }),
    );
    expect(() => interpretOutput('scheduler-status', {}, 'WARNING: something\n', 'boom', 1)).toThrow(
      expect.objectContaining({ code: 'RELAY.FAILED' }),
    );
    expect(() => interpretOutput('scheduler-status', {}, ok({ syncCycleEnabled: 'yes' }), '', 0)).toThrow(
      /unexpected shape/,
    );
  });

  it('reads the last line, and restores a one-element run-results array PowerShell 5.1 flattened', () => {
    const one = {
      connectorName: 'c',
      runProfileName: 'Export',
      result: 'success',
      startDate: 's',
      endDate: null,
      steps: [],
      exportErrors: [],
    };
    const out = interpretOutput('run-results', { count: 1 }, `noise\n${ok(one)}\r\n`, '', 0);
    expect(out).toEqual([one]);
  });

  it('reduces single-object sync JSON to steps and scope', () => {
    const raw = {
      ProvisioningSteps: [
        { Name: 'Scoping', Status: 'Success', Description: 'in scope' },
        { Name: 'Export', Status: 'Failure', Description: 'InvalidSoftMatch' },
      ],
    };
    const out = interpretOutput('single-object-sync', { distinguishedName: 'CN=a,DC=b' }, ok({ raw }), '', 0);
    expect(out).toMatchObject({
      distinguishedName: 'CN=a,DC=b',
      inScope: true,
      steps: [{ name: 'Scoping' }, { status: 'failure', detail: 'InvalidSoftMatch' }],
    });
  });
});
