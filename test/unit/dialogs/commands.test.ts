import { describe, expect, it } from 'vitest';
import { normaliseText, parseCommand, tokenise } from '../../../dialogs/commands.ts';
import { onPremKeyOf } from '../../../dialogs/user-keys.ts';

describe('parseCommand', () => {
  it.each([
    ['help', { kind: 'help' }],
    ['  HELP ', { kind: 'help' }],
    ['link', { kind: 'link', ad: null, cloud: null }],
    ['match jdoe', { kind: 'link', ad: 'jdoe', cloud: null }],
    ['link jdoe jane@contoso.com', { kind: 'link', ad: 'jdoe', cloud: 'jane@contoso.com' }],
    [
      'link "CN=Jane Doe,OU=Staff,DC=contoso,DC=com" jane@contoso.com',
      { kind: 'link', ad: 'CN=Jane Doe,OU=Staff,DC=contoso,DC=com', cloud: 'jane@contoso.com' },
    ],
    ['status jane@contoso.com', { kind: 'status', user: 'jane@contoso.com' }],
    ['errors', { kind: 'errors' }],
    ['sync status', { kind: 'sync-status' }],
    ['Sync Status', { kind: 'sync-status' }],
    [
      'convert AA 00 AA 00 11 BB 22 CC DD 33 44 EE 44 EE 44 EE',
      { kind: 'convert', value: 'AA 00 AA 00 11 BB 22 CC DD 33 44 EE 44 EE 44 EE' },
    ],
    ['<at>Hard Match</at> errors', { kind: 'errors' }],
    ['<p>help</p>', { kind: 'help' }],
  ])('%s', (text, expected) => expect(parseCommand(text)).toEqual(expected));

  it.each([
    ['', ''],
    ['status', /status needs one user/],
    ['status a b', /status needs one user/],
    ['link a b c', /at most two users/],
    ['sync', /sync status/],
    ['errors now', /no arguments/],
    ['convert', /convert needs a value/],
    ['drop table users', /I don't know "drop"/],
    [`status ${'x'.repeat(300)}`, /not allowed, or is too long/],
    ['x'.repeat(700), /too long/],
  ])('refuses %j with a reason', (text, reason) => {
    const c = parseCommand(text);
    expect(c.kind).toBe('unknown');
    if (c.kind === 'unknown') expect(c.reason).toMatch(reason);
  });

  it('treats filter metacharacters as data', () => {
    expect(parseCommand('status *)(uid=*')).toEqual({ kind: 'status', user: '*)(uid=*' });
  });

  it('normalises Teams HTML and tokenises quotes', () => {
    expect(normaliseText('a&nbsp;&amp;&nbsp;b')).toBe('a & b');
    expect(tokenise('x "a b" c')).toEqual(['x', 'a b', 'c']);
  });
});

describe('onPremKeyOf', () => {
  it.each([
    [
      '{1F0E9D8C-7B6A-4958-A7B6-C5D4E3F2A1B0}',
      { kind: 'guid', value: '1f0e9d8c-7b6a-4958-a7b6-c5d4e3f2a1b0' },
    ],
    ['CN=Jane,OU=Staff,DC=contoso,DC=com', { kind: 'dn', value: 'CN=Jane,OU=Staff,DC=contoso,DC=com' }],
    ['jane@contoso.com', { kind: 'upn', value: 'jane@contoso.com' }],
    ['CONTOSO\\jdoe', { kind: 'sam', value: 'jdoe' }],
    ['jdoe', { kind: 'sam', value: 'jdoe' }],
  ])('%s', (text, key) => expect(onPremKeyOf(text)).toEqual(key));
});
