import { describe, expect, it } from 'vitest';
import {
  escapeDnValue,
  formatDn,
  isDnWithin,
  normaliseDn,
  parentDn,
  parseDn,
} from '../../../../connectors/ldap/dn.ts';

describe('RFC 4514 DN handling', () => {
  it('escapes the special characters of a value', () => {
    expect(escapeDnValue('Smith, John')).toBe('Smith\\, John');
    expect(escapeDnValue('a+b=c<d>e;f"g\\h')).toBe('a\\+b\\=c\\<d\\>e\\;f\\"g\\\\h');
    expect(escapeDnValue(' #lead and trail ')).toBe('\\ #lead and trail\\ ');
    expect(escapeDnValue('#x')).toBe('\\#x');
    expect(escapeDnValue('nul\u0000cr\r')).toBe('nul\\00cr\\0d');
    expect(escapeDnValue('Zoë Ångström')).toBe('Zoë Ångström');
  });

  it('parses what it formats, for hostile values too', () => {
    for (const value of ['Smith, John', '*)(uid=*', 'a\\b', ' x ', '#1', 'Zoë', 'a\u0000b', '😀'])
      expect(parseDn(`CN=${escapeDnValue(value)},OU=T,DC=x`)[0]).toEqual({ type: 'CN', value });
  });

  it('reads hex escapes as UTF-8 bytes and ignores spaces around separators', () => {
    expect(parseDn('CN=Zo\\c3\\ab , OU=T')).toEqual([
      { type: 'CN', value: 'Zoë' },
      { type: 'OU', value: 'T' },
    ]);
  });

  it('refuses what is not a DN', () => {
    for (const bad of ['', 'no equals', 'CN=', 'CN=a,', 'CN=a+UID=b', 'CN=<GUID>', '1bad=x', 'CN=trailing\\'])
      expect(() => parseDn(bad), bad).toThrow(/distinguished name/);
    expect(() => parseDn(`CN=${'x'.repeat(5000)}`)).toThrow(/at most/);
  });

  it('compares DNs as AD does and knows parents and subtrees', () => {
    expect(normaliseDn('cn=Smith\\, John , ou=Staff,DC=Corp')).toBe(
      normaliseDn('CN=smith\\2c john,OU=STAFF,dc=corp'),
    );
    expect(parentDn('CN=a,OU=b,DC=c')).toBe('OU=b,DC=c');
    expect(parentDn('DC=c')).toBeNull();
    expect(isDnWithin('CN=a,OU=Sub,OU=Staff,DC=c', 'ou=staff,dc=c')).toBe(true);
    expect(isDnWithin('OU=Staff,DC=c', 'OU=Staff,DC=c')).toBe(true);
    expect(isDnWithin('CN=a,OU=NotStaff,DC=c', 'OU=Staff,DC=c')).toBe(false);
    expect(
      formatDn([
        { type: 'CN', value: 'a,b' },
        { type: 'DC', value: 'c' },
      ]),
    ).toBe('CN=a\\,b,DC=c');
  });
});
