// The runner's process plumbing, with a stand-in executable in place of powershell.exe (a Node script
// that answers like the fixed scripts do): stdin carries the parameters, the last stdout line is read,
// a hung script is killed with RELAY.TIMEOUT and a missing executable is RELAY.UNAVAILABLE.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PowerShellRunner } from '../../../relay/powershell-runner.ts';

const dir = mkdtempSync(join(tmpdir(), 'hm-fake-ps-'));
const fake = join(dir, 'fake-powershell');
writeFileSync(
  fake,
  `#!${process.execPath}
const script = process.argv.at(-1);
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  if (script.endsWith('wait-until-idle.ps1')) return setTimeout(() => {}, 60_000);
  const p = JSON.parse(input);
  const raw = { provisioningSteps: [{ name: 'Scoping', status: 'Success', description: p.distinguishedName }] };
  process.stdout.write('some progress text\\n' + JSON.stringify({ ok: true, result: { raw, distinguishedName: p.distinguishedName } }) + '\\n');
});
`,
);
chmodSync(fake, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PowerShellRunner process handling', () => {
  it('sends the parameters on stdin and parses the answer', async () => {
    const runner = new PowerShellRunner({ powershellPath: fake, timeoutMs: 10_000 });
    const dn = 'CN=x"; Remove-Item C:\\ -Recurse; ",DC=corp';
    const out = await runner.run('single-object-sync', { distinguishedName: dn }, { requestId: 'r' });
    expect(out.steps[0]).toEqual({ name: 'Scoping', status: 'success', detail: dn });
  });

  it('kills a script that runs past the timeout', async () => {
    const runner = new PowerShellRunner({ powershellPath: fake, timeoutMs: 300 });
    await expect(
      runner.run('wait-until-idle', { timeoutMs: 0, pollMs: 100 }, { requestId: 'r' }),
    ).rejects.toMatchObject({ code: 'RELAY.TIMEOUT' });
  });

  it('reports a missing PowerShell as RELAY.UNAVAILABLE', async () => {
    const runner = new PowerShellRunner({ powershellPath: join(dir, 'no-such-powershell'), timeoutMs: 1000 });
    await expect(runner.run('scheduler-status', {}, { requestId: 'r' })).rejects.toMatchObject({
      code: 'RELAY.UNAVAILABLE',
    });
  });
});
