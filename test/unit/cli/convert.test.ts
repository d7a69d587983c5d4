import { describe, expect, it } from 'vitest';
import { captureCli } from '../../support/cli.ts';

const run = (...argv: string[]) => captureCli(argv);

const JANE = '00aa00aa-bb11-cc22-dd33-44ee44ee44ee';
const JANE_ID = 'qgCqABG7IszdM0TuRO5E7g==';

describe('hardmatch convert', () => {
  it.each([
    ['GUID', JANE, 'GUID'],
    ['GUID with braces, upper case', `{${JANE.toUpperCase()}}`, 'GUID'],
    ['GUID without dashes', JANE.replace(/-/g, ''), 'GUID'],
    ['ImmutableID', JANE_ID, 'ImmutableID'],
    ['hex bytes', 'AA 00 AA 00 11 BB 22 CC DD 33 44 EE 44 EE 44 EE', 'hex bytes'],
    ['LDAP escapes', '\\aa\\00\\aa\\00\\11\\bb\\22\\cc\\dd\\33\\44\\ee\\44\\ee\\44\\ee', 'hex bytes'],
    ['connector-space DN', 'CN={716743714142473749737A644D305475524F354537673D3D}', 'connector-space DN'],
  ])('%s -> exit 0 and every form', async (_n, input, form) => {
    const r = await run('convert', input);
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.out[0]).toBe(`Input read as: ${form}`);
    expect(r.out.slice(1).map((l) => l.split(/\s{2,}/))).toEqual([
      ['GUID', JANE],
      ['ImmutableID', JANE_ID],
      ['hex', 'AA 00 AA 00 11 BB 22 CC DD 33 44 EE 44 EE 44 EE'],
      ['LDAP escaped', '\\aa\\00\\aa\\00\\11\\bb\\22\\cc\\dd\\33\\44\\ee\\44\\ee\\44\\ee'],
      ['connector-space DN', 'CN={716743714142473749737A644D305475524F354537673D3D}'],
    ]);
  });

  it('--json prints one JSON object', async () => {
    const r = await run('convert', 'SV+BWQuSnU6tbIK1OqTBAg==', '--json');
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1);
    expect(JSON.parse(r.out[0]!)).toEqual({
      detectedForm: 'immutableId',
      guid: '59815f49-920b-4e9d-ad6c-82b53aa4c102',
      immutableId: 'SV+BWQuSnU6tbIK1OqTBAg==',
      hex: '49 5F 81 59 0B 92 9D 4E AD 6C 82 B5 3A A4 C1 02',
      ldapEscaped: '\\49\\5f\\81\\59\\0b\\92\\9d\\4e\\ad\\6c\\82\\b5\\3a\\a4\\c1\\02',
      connectorSpaceDn: 'CN={53562B42575175536E55367462494B314F71544241673D3D}',
    });
  });

  it.each([
    [
      'bad character',
      ['convert', 'qgCqABG7IszdM0Tu$O5E7g=='],
      "hardmatch convert: Not a GUID or ImmutableID: '$' is not a base64 character (allowed: A-Z a-z 0-9 + / =) [IMMUTABLE_ID.INVALID]",
    ],
    [
      'wrong length',
      ['convert', `${JANE}0`],
      'hardmatch convert: Not a GUID or ImmutableID: 33 hex digits: a GUID has 32 [IMMUTABLE_ID.INVALID]',
    ],
    [
      'empty',
      ['convert', ''],
      'hardmatch convert: Not a GUID or ImmutableID: the value is empty [IMMUTABLE_ID.INVALID]',
    ],
    [
      'no value',
      ['convert'],
      'hardmatch convert: expected exactly one value, got 0 (quote values containing spaces) [INPUT.INVALID]',
    ],
    [
      'two values',
      ['convert', 'AA', '00'],
      'hardmatch convert: expected exactly one value, got 2 (quote values containing spaces) [INPUT.INVALID]',
    ],
    [
      '10 KB of junk',
      ['convert', 'x'.repeat(10_240)],
      'hardmatch convert: Not a GUID or ImmutableID: input is too long (10240 characters) [IMMUTABLE_ID.INVALID]',
    ],
  ])('%s -> exit 2 with one line', async (_n, argv, line) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toEqual([line]);
  });

  it('an unknown option -> exit 2 with one line', async () => {
    const r = await run('convert', JANE, '--frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/^hardmatch convert: .*frobnicate.* \(try 'hardmatch convert --help'\)$/);
  });

  it('--help shows the usage and exits 0', async () => {
    const r = await run('convert', '--help');
    expect(r.code).toBe(0);
    expect(r.out.join('\n').split('\n')[0]).toBe('Usage: hardmatch convert <value> [--json]');
    expect(r.out.join('\n')).toContain('Exit status: 0 converted, 2 the value is not in any known form.');
  });
});

describe('hardmatch (top level)', () => {
  it('--help lists the commands and exits 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe(
      'hardmatch - repair hybrid identity links between Active Directory and Microsoft Entra ID',
    );
    expect(r.out.some((l) => /^\s+convert\s+Show a GUID/.test(l))).toBe(true);
  });
  it('no command shows the help and exits 2', async () => {
    const r = await run();
    expect(r.code).toBe(2);
    expect(r.out[2]).toBe('Usage: hardmatch <command> [arguments] [--json] [--help]');
  });
  it('an unknown command -> exit 2 with one line', async () => {
    const r = await run('frobnicate');
    expect(r).toEqual({
      code: 2,
      out: [],
      err: ["hardmatch: unknown command 'frobnicate' (try 'hardmatch --help')"],
    });
  });
});
