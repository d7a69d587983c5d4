// The README's permission table is exactly what the product uses (connectors/graph/permissions.ts), each
// with why: a permission added in code without the README, or the other way round, fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_PERMISSIONS, OBJECT_IDENTIFIER_RECOVERY } from '../../../connectors/graph/permissions.ts';

const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');

describe('README permissions', () => {
  it('lists exactly the permissions the connector uses, in the same order, with the same reasons', () => {
    const rows = [...readme.matchAll(/^ {3}\| `([A-Za-z.-]+)` \| (.+) \|$/gm)].map((m) => ({
      permission: m[1],
      why: m[2]!.replace(/`/g, ''),
    }));
    expect(rows).toEqual(APP_PERMISSIONS.map((p) => ({ permission: p.permission, why: p.why })));
  });

  it('names the recovery permission the app does not get', () => {
    expect(readme).toContain(`\`${OBJECT_IDENTIFIER_RECOVERY.permission}\``);
  });
});
