// DN helpers and user-value readings the checks rely on.
import { describe, expect, it } from 'vitest';
import { isUnderOrEqual, movedDn, normaliseDn, parentDn, rdnOf, sameDn, splitDn } from '../../../core/dn.ts';
import { domainOf, primarySmtp, smtpAddresses, sourceAnchorOf } from '../../../core/user-values.ts';
import * as S from '../../fixtures/scenarios.ts';

describe('DNs', () => {
  it.each([
    ['CN=Jane Doe,OU=Staff,DC=corp,DC=example', ['CN=Jane Doe', 'OU=Staff', 'DC=corp', 'DC=example']],
    ['CN=Doe\\, Jane , OU=Staff', ['CN=Doe\\, Jane', 'OU=Staff']],
    ['', []],
  ])('splitDn(%s)', (dn, parts) => {
    expect(splitDn(dn)).toEqual(parts);
  });
  it('normalises case and spaces around separators only', () => {
    expect(normaliseDn(' CN = Jane Doe , OU=Staff,DC=Corp ')).toBe('cn=jane doe,ou=staff,dc=corp');
    expect(sameDn('CN=Jane Doe,OU=Staff', 'cn=jane doe, ou=STAFF')).toBe(true);
    expect(sameDn('CN=Jane Doe,OU=Staff', 'CN=JaneDoe,OU=Staff')).toBe(false);
    expect(sameDn(null, 'CN=x')).toBe(false);
  });
  it('containment is by whole RDNs', () => {
    expect(isUnderOrEqual('CN=a,OU=Staff,DC=corp', 'OU=Staff,DC=corp')).toBe(true);
    expect(isUnderOrEqual('OU=Staff,DC=corp', 'ou=staff, dc=corp')).toBe(true);
    expect(isUnderOrEqual('CN=a,OU=MyStaff,DC=corp', 'OU=Staff,DC=corp')).toBe(false);
    expect(isUnderOrEqual('CN=a,DC=corp', '')).toBe(false);
  });
  it('moves keep the RDN as written', () => {
    expect(rdnOf(S.JANE_DN)).toBe('CN=Jane Doe');
    expect(parentDn(S.JANE_DN)).toBe(S.STAFF_OU);
    expect(movedDn('CN=Doe\\, Jane,OU=Staff,DC=corp', ' OU=Park,DC=corp ')).toBe(
      'CN=Doe\\, Jane,OU=Park,DC=corp',
    );
  });
});

describe('user values', () => {
  it.each<[string, string[], string | null, string | null]>([
    ['SMTP: prefix wins over mail', ['smtp:b@x.com', 'SMTP:A@X.com'], 'c@x.com', 'a@x.com'],
    ['no primary: mail', ['smtp:b@x.com'], 'C@x.com', 'c@x.com'],
    ['nothing', ['X500:/o=x'], null, null],
    ['blank mail', [], '  ', null],
  ])('primarySmtp: %s', (_n, proxies, mail, expected) => {
    expect(primarySmtp(proxies, mail)).toBe(expected);
  });
  it('smtpAddresses keeps SMTP entries only, lower-cased', () => {
    expect(smtpAddresses(['SMTP:A@x.com', 'smtp:b@X.com', 'SIP:a@x.com', 'x500:/o=x'])).toEqual([
      'a@x.com',
      'b@x.com',
    ]);
  });
  it('domainOf', () => {
    expect(domainOf('Jane@Contoso.COM')).toBe('contoso.com');
    expect(domainOf('jane')).toBeNull();
  });
  it.each<[string, string | null, 'objectGUID' | 'mS-DS-ConsistencyGuid', string]>([
    ['objectGUID anchor ignores ConsistencyGuid', S.OTHER_IMMUTABLE_ID, 'objectGUID', S.JANE_IMMUTABLE_ID],
    ['ConsistencyGuid when set', S.OTHER_IMMUTABLE_ID, 'mS-DS-ConsistencyGuid', S.OTHER_IMMUTABLE_ID],
    ['objectGUID when ConsistencyGuid is empty', null, 'mS-DS-ConsistencyGuid', S.JANE_IMMUTABLE_ID],
  ])('sourceAnchorOf: %s', (_n, consistencyGuid, anchor, expected) => {
    expect(sourceAnchorOf({ objectGuid: S.JANE_GUID, consistencyGuid }, anchor)).toBe(expected);
  });
});
