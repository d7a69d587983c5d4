import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/run-cli.ts';
import { createSqliteStorage } from '../../../connectors/store/create-storage.ts';

const dir = mkdtempSync(join(tmpdir(), 'hm-audit-cli-'));
const file = join(dir, 'hm.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['audit', ...argv], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { HM_SQLITE_PATH: file },
  });
  return { code, out, err };
};

describe('hardmatch audit', () => {
  it('says so when the log is empty', async () => {
    expect(await run()).toMatchObject({ code: 0, out: ['No audit entries yet.'] });
  });

  it('prints newest first as a table, JSON lines or CSV, honouring --limit', async () => {
    const s = createSqliteStorage(file);
    for (const [i, target] of ['a@contoso.com', '=cmd|calc', 'c@contoso.com'].entries()) {
      await s.audit.append({
        action: 'cloud.set-immutable-id',
        actor: 'runner',
        requestId: `r${i}`,
        target,
        before: { immutableId: null },
        after: { immutableId: 'qgCqABG7IszdM0TuRO5E7g==' },
        vendorRequestId: `v"${i}`,
        outcome: 'ok',
      });
    }
    s.close();
    const plain = await run('--limit', '2');
    expect(plain.code).toBe(0);
    expect(plain.out).toHaveLength(3);
    expect(plain.out[1]).toContain('c@contoso.com');
    expect(plain.out[2]).toContain('=cmd|calc');

    const json = await run('--json');
    expect(json.out.map((l) => (JSON.parse(l) as { requestId: string }).requestId)).toEqual([
      'r2',
      'r1',
      'r0',
    ]);

    const csv = await run('--csv', '--limit', '3');
    expect(csv.out[0]).toBe('at,action,outcome,actor,target,requestId,vendorRequestId,message,before,after');
    expect(csv.out[2]).toContain(`"'=cmd|calc"`);
    expect(csv.out[1]).toContain('"v""2"');
    expect(csv.out[1]).toContain('"{""immutableId"":null}"');
  });

  it('refuses a bad --limit and both formats with exit code 2', async () => {
    expect((await run('--limit', '0')).code).toBe(2);
    expect((await run('--limit', 'ten')).code).toBe(2);
    expect((await run('--json', '--csv')).code).toBe(2);
  });
});
